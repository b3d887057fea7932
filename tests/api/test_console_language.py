"""The console speaks the browser's language (German or English), with ``<html lang>`` set;
API answers stay English."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tests.api.conftest import ADMIN_EMAIL, PASSWORD


def page(api, path: str, language: str | None) -> str:
    headers = {"Accept-Language": language} if language else {}
    reply = api.client.http.get(path, headers=headers)
    assert reply.status_code == 200
    return reply.body.decode()


def test_the_login_page_in_german_and_english(api):
    german = page(api, "/console/login", "de-CH,de;q=0.9,en;q=0.5")
    assert '<html lang="de">' in german
    assert "<h1>Anmelden</h1>" in german and "Passwort" in german
    english = page(api, "/console/login", "fr-FR,en;q=0.5")
    assert '<html lang="en">' in english and "<h1>Log in</h1>" in english
    assert '<html lang="en">' in page(api, "/console/login", None)


def test_api_messages_stay_english(api):
    reply = api.client.http.get("/v1/me", headers={"Accept-Language": "de-DE"})
    assert reply.status_code == 401
    assert "Authorization header is missing" in reply.body.decode()


def test_a_person_stores_their_language_and_the_console_uses_it_before_the_browser(
    api, provider_admin
):
    from tests.api.test_console import cookies_of, post_form

    assert api.get("/v1/me").json["user"]["locale"] is None
    reply = api.patch("/v1/me", {"locale": "de"})
    assert reply.status == 200 and reply.json["user"]["locale"] == "de"
    assert api.get("/v1/me").json["user"]["locale"] == "de"

    login = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    cookie = cookies_of(login)["pc_session"].split(";")[0]
    headers = {"Cookie": cookie, "Accept-Language": "en-US"}
    html = api.client.http.get("/console/profile", headers=headers).body.decode()
    assert '<html lang="de">' in html and "<h1>Profil</h1>" in html
    assert '<option value="de" selected>Deutsch</option>' in html

    # the Profile's choice: back to English, then to the browser's language
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)
    saved = post_form(api, "/console/profile/language", f"csrf={token}&locale=en", cookie)
    assert saved.status_code == 303
    assert unquote(cookies_of(saved)["pc_flash"]).find("Your language was saved.") > 0
    html = api.client.http.get("/console/profile", headers=headers).body.decode()
    assert '<html lang="en">' in html and "<h1>Profile</h1>" in html
    post_form(api, "/console/profile/language", f"csrf={token}&locale=", cookie)
    assert api.get("/v1/me").json["user"]["locale"] is None
    german_browser = {"Cookie": cookie, "Accept-Language": "de-DE,de;q=0.9"}
    html = api.client.http.get("/console/profile", headers=german_browser).body.decode()
    assert '<html lang="de">' in html and "Die Sprache des Browsers" in html


def test_only_de_en_or_null_and_only_a_person(api, provider_admin):
    for wrong in ({"locale": "fr"}, {"locale": "DE"}, {"locale": 1}, {}):
        reply = api.patch("/v1/me", wrong)
        assert reply.status == 400, wrong
        assert reply.json["details"][0]["field"] == "locale"
        assert "locale" in reply.json["message"]
    from tests.api.test_api_keys import create_key

    key = create_key(api, role="viewer").json["key"]
    refused = api.patch("/v1/me", {"locale": "de"}, token=key)
    assert refused.status == 403
    assert api.get("/v1/me").json["user"]["locale"] is None


def test_every_page_of_the_provider_renders_in_german(api, provider_admin):
    from tests.api.test_console import cookies_of, post_form

    login = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    cookie = cookies_of(login)["pc_session"].split(";")[0]
    headers = {"Cookie": cookie, "Accept-Language": "de-DE"}
    pages = {
        "/console/partners": "Partner",
        "/console/distributors": "Distributoren",
        "/console/direct-partners": "Direkte Partner",
        "/console/contracts": "Verträge",
        "/console/deals": "Deals",
        "/console/exports": "Exporte",
        "/console/alerts": "Warnmeldungen",
        "/console/team": "Teammitglieder",
        "/console/api-keys": "API-Schlüssel",
        "/console/audit": "Audit-Protokoll",
        "/console/profile": "Profil",
        "/console/profile/security": "Sicherheit",
        "/console/settings/security": "Anmeldesicherheit von",
    }
    for path, heading in pages.items():
        reply = api.client.http.get(path, headers=headers)
        html = reply.body.decode()
        assert reply.status_code == 200, (path, html[-500:])
        assert '<html lang="de">' in html and f"<h1>{heading}" in html, path
