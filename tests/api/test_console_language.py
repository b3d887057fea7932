"""The console speaks the browser's language (German or English), with ``<html lang>`` set;
API answers stay English."""

from __future__ import annotations


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
