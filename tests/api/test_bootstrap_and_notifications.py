from __future__ import annotations

from chalicelib import bootstrap
from chalicelib.store.models import OrganizationItem
from chalicelib.store.organizations import find_provider
from tests.api.conftest import ADMIN_EMAIL, PASSWORD


def test_bootstrap_is_idempotent(api):
    assert bootstrap.ensure_provider_admin(ADMIN_EMAIL, PASSWORD).startswith("created")
    again = bootstrap.ensure_provider_admin(ADMIN_EMAIL, "Something-Else-1!")
    assert "already exists" in again
    assert bootstrap.create_tables() == []
    provider = find_provider()
    assert provider.type == "provider" and provider.path == f"/{provider.id}/"
    assert OrganizationItem.count() == 1
    assert api.login(ADMIN_EMAIL, PASSWORD), "re-running never changes the password"


def test_bootstrap_cli_reads_the_password_from_the_environment(api, monkeypatch, capsys):
    monkeypatch.setenv("CONSOLE_ADMIN_PASSWORD", PASSWORD)
    bootstrap.main(["ops@example.com"])
    assert "created ops@example.com" in capsys.readouterr().out
