"""The OpenAPI document is valid, complete, and the Swagger UI works without a network."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

import app as application
from chalicelib.api.http import load_all
from chalicelib.api.openapi import error_statuses


def test_document_is_valid_openapi_3_1(api):
    reply = api.get("/v1/openapi.json", token=None)
    assert reply.status == 200
    document = reply.json
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_route_is_documented_with_schemas_and_errors(api):
    document = api.get("/v1/openapi.json", token=None).json
    routes = {
        (path, method) for path, methods in application.app.routes.items() for method in methods
    }
    from chalicelib.console import web  # console pages are HTML, not part of the API

    routes -= set(web.load_all())
    registry = load_all()
    assert routes == set(registry), "every chalice route must be registered through Router"
    for path, method in routes:
        spec = registry[(path, method)]
        operation = document["paths"][path][method.lower()]
        assert operation["summary"]
        assert set(re.findall(r"{([^}]+)}", path)) == {
            p["name"] for p in operation["parameters"] if p["in"] == "path"
        }
        if spec.body is not None:
            assert "$ref" in operation["requestBody"]["content"]["application/json"]["schema"]
        success = operation["responses"][str(spec.status)]
        if spec.response is not None:
            assert "content" in success, (method, path)
        for status in error_statuses(spec):
            error = operation["responses"][str(status)]["content"]["application/json"]["schema"]
            assert error["$ref"].endswith("/ErrorOut")
        if not spec.public:
            assert "401" in operation["responses"]
        if spec.paginated:
            names = {p["name"] for p in operation["parameters"]}
            assert {"limit", "cursor"} <= names
            assert "Link" in success["headers"]


def deployed(monkeypatch):
    """Settings as on a deployed stage (the test client re-applies the local stage's STAGE
    variable during each call, so the stage is replaced where the links are built)."""
    from dataclasses import replace

    from chalicelib.api import http
    from chalicelib.settings import get_settings

    monkeypatch.setattr(http, "get_settings", lambda: replace(get_settings(), stage="prod"))


def test_servers_come_from_configuration_not_from_request_headers(api, monkeypatch):
    def servers(**headers):
        return api.get("/v1/openapi.json", token=None, headers=headers).json["servers"]

    # Locally, the Host a person typed (a plain host[:port]) and always http.
    assert servers(Host="console.test:8000") == [{"url": "http://console.test:8000"}]
    forged = servers(Host="evil.test/phish?", **{"X-Forwarded-Proto": "javascript"})
    assert forged == [{"url": "/"}]
    # Deployed: PUBLIC_BASE_URL, or links relative to the API's root; headers are ignored.
    deployed(monkeypatch)
    assert servers(Host="evil.test", **{"X-Forwarded-Proto": "https"}) == [{"url": "/"}]
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://console.example.com/api/")
    assert servers(Host="evil.test") == [{"url": "https://console.example.com/api"}]


def test_next_links_ignore_forged_headers(api, provider_admin, monkeypatch):
    for name in ("first", "second"):
        api.post("/v1/organizations", {"type": "distributor", "name": name})
    deployed(monkeypatch)
    reply = api.get(
        "/v1/organizations?limit=1",
        headers={"Host": "evil.test", "X-Forwarded-Proto": "https"},
    )
    assert reply.header("Link").startswith("</v1/organizations?"), reply.header("Link")


def test_swagger_ui_page_and_assets_are_served_by_the_app(api):
    page = api.get("/v1/swagger/", token=None)
    assert page.status == 200
    assert page.header("Content-Type").startswith("text/html")
    html = page.body.decode()
    assert "http" not in html.replace("http-equiv", ""), "the page must not load anything remote"
    for asset in re.findall(r'(?:src|href)="(/v1/swagger/[^"]+)"', html):
        reply = api.get(asset, token=None)
        assert reply.status == 200
        assert len(reply.body) > 10_000
    assert api.get("/v1/swagger/evil.js", token=None).status == 404


def test_documented_errors_come_from_what_the_code_can_raise(api):
    """An id in a body or query that is not found is a 404 the document must show, although
    the path has no parameter; derived from the code, so it cannot drift."""
    document = api.get("/v1/openapi.json", token=None).json
    for path, method in [
        ("/v1/partner", "post"),
        ("/v1/contracts", "post"),
        ("/v1/organizations", "post"),
        ("/v1/organizations", "get"),
    ]:
        assert "404" in document["paths"][path][method]["responses"], (method, path)
    login = document["paths"]["/v1/auth/login"]["post"]["responses"]
    assert {"400", "401", "429"} <= set(login)
    assert "404" not in document["paths"]["/v1/integration/regions/list"]["get"]["responses"]


def test_raise_analysis_follows_calls_callbacks_and_helpers():
    from chalicelib.api import raises
    from tests.api import raising_samples

    ours = ("chalicelib", "tests")
    assert raises.statuses_raised(raising_samples.view, ours) == {403, 404, 409, 429}
    assert raises.statuses_raised(raising_samples.quiet, ours) == frozenset()


def test_operation_ids_are_unique_identifiers_and_every_operation_documents_a_4xx(api):
    document = api.get("/v1/openapi.json", token=None).json
    assert document["servers"][0]["url"]
    ids = []
    for methods in document["paths"].values():
        for operation in methods.values():
            ids.append(operation["operationId"])
            assert re.fullmatch(r"[a-z][a-z0-9_]*", operation["operationId"])
            assert any(code.startswith("4") for code in operation["responses"]), operation
    assert len(ids) == len(set(ids))
    assert "request_export" in ids and "auth_login" in ids
