"""API tests: the real Chalice app through ``chalice.test.Client``, moto in-process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from moto import mock_aws

ADMIN_EMAIL = "root@provider.test"
PASSWORD = "Sturdy-Passw0rd!"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class Api:
    """A thin JSON client over chalice's test client."""

    client: Any
    default_token: str | None = None
    calls: list[tuple[str, str, int]] = field(default_factory=list)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = "default",
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Content-Type": "application/json", **(headers or {})}
        token = self.default_token if token == "default" else token
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        response = self.client.http.request(method, path, headers=sent, body=payload)
        self.calls.append((method, path, response.status_code))
        return Reply(response.status_code, dict(response.headers), response.body)

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.request("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.request("PUT", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Reply:
        return self.request("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Reply:
        return self.request("DELETE", path, **kw)

    def login(self, email: str, password: str = PASSWORD) -> str:
        reply = self.post("/v1/auth/login", {"email": email, "password": password}, token=None)
        assert reply.status == 200, reply.json
        return reply.json["token"]


@pytest.fixture
def aws():
    with mock_aws():
        from chalicelib import bootstrap

        bootstrap.create_tables()
        bootstrap.ensure_exports_bucket()
        bootstrap.ensure_exports_queue()
        bootstrap.ensure_usage_queue()
        bootstrap.ensure_notifications_queue()
        bootstrap.ensure_mail_identity()
        yield


@pytest.fixture
def api(aws) -> Api:
    from chalice.test import Client

    import app as application

    with Client(application.app, stage_name="local") as client:
        yield Api(client)


@pytest.fixture
def provider_admin(api: Api) -> str:
    """Bootstraps the provider and its admin; returns the admin's session token."""
    from chalicelib import bootstrap

    bootstrap.ensure_provider_admin(ADMIN_EMAIL, PASSWORD)
    token = api.login(ADMIN_EMAIL)
    api.default_token = token
    return token


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every API test runs on a fixed date (``helpers.Clock``), whatever day the suite runs on:
    bootstrap data, sessions and audit events all take their time from it. Tests move it with
    ``clock.advance(...)``."""
    from chalicelib import clock as clock_module
    from tests.api.helpers import Clock

    fake = Clock()
    monkeypatch.setattr(clock_module, "now", fake)
    return fake
