"""The Alerts page through the app (forms, CSRF, roles); the browser walk is in
tests/browser/test_alerts.py."""

from __future__ import annotations

import re

from tests.api.test_console import post_form, session  # noqa: F401 - the session fixture


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_alerts_page_rules_and_endpoint_forms(api, session):  # noqa: F811
    page = api.client.http.get("/console/alerts", headers={"Cookie": session})
    assert page.status_code == 200, page.body
    html = page.body.decode()
    assert "No alert rules yet" in html and "Alert at 80, 90 and 100 %" in html
    token = csrf_of(html)
    reply = post_form(
        api, "/console/alerts/rules/defaults", f"csrf={token}&targetType=partner", session
    )
    assert reply.status_code == 303
    assert len(api.get("/v1/alert-rules").json) == 3
    refused = post_form(
        api,
        "/console/alerts/rules",
        f"csrf={token}&targetType=partner&thresholdPercent=1001&emailRecipients=a%40b.example",
        session,
    )
    assert refused.status_code == 400
    text = refused.body.decode()
    assert 'aria-invalid="true"' in text and 'value="a@b.example"' in text
    created = post_form(
        api,
        "/console/alerts/endpoints",
        f"csrf={token}&url=http%3A%2F%2F127.0.0.1%3A9%2Fh&type%3A%2A=true",
        session,
    )
    assert created.status_code == 201
    assert "whsec_" in created.body.decode()
    again = api.client.http.get("/console/alerts", headers={"Cookie": session}).body.decode()
    assert "whsec_" not in again and "http://127.0.0.1:9/h" in again
    no_csrf = post_form(api, "/console/alerts/rules/defaults", "targetType=partner", session)
    assert no_csrf.status_code == 403
