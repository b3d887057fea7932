"""The RGW backend's settings: admin keys from the environment or, deployed, from the Secrets
Manager secret ``RGW_ADMIN_SECRET_ARN`` names; what is missing or malformed is a configuration
error that names the setting (never the secret). And errors from the gateway as 502/503."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from chalicelib.errors import BackendFailed, BackendUnavailable, ConfigurationError
from chalicelib.store import rgw
from chalicelib.store.backend import get_backend


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    for name in ("RGW_ADMIN_ACCESS_KEY", "RGW_ADMIN_SECRET_KEY", "RGW_ADMIN_SECRET_ARN"):
        monkeypatch.delenv(name, raising=False)
    rgw._admin_keys_from_secrets_manager.cache_clear()
    yield
    rgw._admin_keys_from_secrets_manager.cache_clear()


def test_keys_from_the_environment(monkeypatch):
    monkeypatch.setenv("RGW_ADMIN_ACCESS_KEY", "AK")
    monkeypatch.setenv("RGW_ADMIN_SECRET_KEY", "SK")
    assert rgw.admin_keys() == ("AK", "SK")


def test_keys_from_secrets_manager(monkeypatch):
    with mock_aws():
        sm = boto3.client("secretsmanager", region_name="eu-central-1")
        arn = sm.create_secret(
            Name="rgw-admin", SecretString=json.dumps({"accessKey": "AK2", "secretKey": "SK2"})
        )["ARN"]
        monkeypatch.setenv("RGW_ADMIN_SECRET_ARN", arn)
        assert rgw.admin_keys() == ("AK2", "SK2")
        bad = sm.create_secret(Name="rgw-bad", SecretString="not json with s3cr3t")["ARN"]
        monkeypatch.setenv("RGW_ADMIN_SECRET_ARN", bad)
        with pytest.raises(ConfigurationError) as caught:
            rgw.admin_keys()
        assert "accessKey" in caught.value.message and "s3cr3t" not in caught.value.message


def test_missing_keys_and_endpoint_are_configuration_errors(monkeypatch):
    with pytest.raises(ConfigurationError, match="RGW_ADMIN_ACCESS_KEY"):
        rgw.admin_keys()
    monkeypatch.setenv("STORAGE_BACKEND", "rgw")
    monkeypatch.setenv("RGW_ENDPOINT", "")
    with pytest.raises(ConfigurationError, match="RGW_ENDPOINT"):
        get_backend()
    monkeypatch.setenv("RGW_ENDPOINT", "http://127.0.0.1:9/")
    backend = get_backend()
    assert isinstance(backend, rgw.RgwBackend) and backend.endpoint == "http://127.0.0.1:9"


def test_names_of_an_account_on_rgw():
    backend = rgw.RgwBackend("pcs", "http://rgw.example")
    assert backend.tenant("123456789012") == "pcs123456789012"
    assert backend.uid("123456789012") == "pcs123456789012$pcs-123456789012"
    assert backend.root_access_key_id("123456789012") == "PCS123456789012"
    key = rgw.new_access_key("pcs")
    assert len(key.access_key_id) == 20 and key.access_key_id.startswith("PCS")
    assert len(key.secret_access_key) == 40 and key.secret_access_key not in repr(key)


class _Reply:
    def __init__(self, status: int, body: bytes) -> None:
        self.status, self.data = status, body


@pytest.mark.parametrize(
    ("status", "body", "error", "code_in_message"),
    [
        (403, b'{"Code": "AccessDenied"}', BackendFailed, "AccessDenied"),
        (409, b'{"Code": "KeyExists"}', BackendFailed, "KeyExists"),
        (503, b'{"Code": "ServiceUnavailable"}', BackendUnavailable, None),
        (500, b"<html>oops</html>", BackendUnavailable, None),
        (429, b"", BackendUnavailable, None),
    ],
)
def test_gateway_errors_are_502_or_503_without_secrets(
    monkeypatch, status, body, error, code_in_message
):
    monkeypatch.setenv("RGW_ADMIN_ACCESS_KEY", "AK")
    monkeypatch.setenv("RGW_ADMIN_SECRET_KEY", "SK")

    class Pool:
        def request(self, *args, **kwargs):
            return _Reply(status, body)

    monkeypatch.setattr(rgw, "_pool", lambda: Pool())
    backend = rgw.RgwBackend("pcs", "http://rgw.example")
    with pytest.raises(BackendFailed) as caught:
        backend.set_password("123456789012", "Blue-Harbor-42")
    assert type(caught.value) is error
    assert "Blue-Harbor-42" not in caught.value.message and "SK" not in caught.value.message
    if code_in_message:
        assert code_in_message in caught.value.message
