import json

import pytest

from chalicelib.errors import ConfigurationError
from chalicelib.settings import get_settings


def test_settings_follow_the_environment_at_call_time(monkeypatch):
    monkeypatch.setenv("TABLE_PREFIX", "first-")
    assert get_settings().table_name("users") == "first-users"
    monkeypatch.setenv("TABLE_PREFIX", "second-")
    assert get_settings().table_name("users") == "second-users"


def test_regions_are_parsed_from_json(monkeypatch):
    monkeypatch.setenv(
        "REGIONS",
        json.dumps([{"name": "r1", "s3_url": "s", "iam_url": "i", "sts_url": "t"}]),
    )
    (region,) = get_settings().regions
    assert (region.name, region.s3_url, region.iam_url, region.sts_url) == ("r1", "s", "i", "t")


@pytest.mark.parametrize("raw", ["not json", '[{"name": "x"}]', '{"a": 1}'])
def test_malformed_regions_are_a_configuration_error(monkeypatch, raw):
    monkeypatch.setenv("REGIONS", raw)
    with pytest.raises(ConfigurationError, match="REGIONS"):
        get_settings()


def test_integer_settings_name_the_bad_variable(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "soon")
    with pytest.raises(ConfigurationError, match="SESSION_IDLE_MINUTES"):
        get_settings()


def test_importing_the_app_reads_no_environment():
    """Settings are lazy: importing every module with a broken environment must still work.
    In a fresh interpreter, so this process keeps its one ``app`` and one route registry (a
    re-import would leave a second registry behind for whichever test runs next)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "SESSION_IDLE_MINUTES": "broken"}
    code = (
        "import app, sys; assert 'chalicelib.api.http' in sys.modules; print(len(app.app.routes))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50


def test_storage_account_settings_have_defaults_and_are_checked(monkeypatch):
    settings = get_settings()
    assert (settings.storage_backend, settings.deletion_grace_days) == ("s3iam", 30)
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    assert get_settings().deletion_grace_days == 0
    monkeypatch.setenv("DELETION_GRACE_DAYS", "a month")
    with pytest.raises(ConfigurationError, match="DELETION_GRACE_DAYS"):
        get_settings()
