"""The README's pictures of the console: the local stack with ``DEMO=1`` (a living channel),
logged in as the demo distributor admin, in Debian's Chromium.

    .venv/bin/python -m tools.screenshot              # docs/partners-page.png
    .venv/bin/python -m tools.screenshot --languages  # docs/console-<page>-<en|de>.png

``--languages`` shows the main pages (login, Partners, a partner, its storage accounts,
Exports) in English and in German, each as a browser with that language sees them (the
viewport only, so the files stay small).
"""

from __future__ import annotations

import sys
from pathlib import Path

from devstack.process import start_stack

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
#: The browser language and the words the pages use in it (to wait for each page).
LANGUAGES = {
    "en": {"locale": "en-US", "email": "Email", "password": "Password", "login": "Log in",
           "partners": "Partners", "accounts": "Storage accounts of", "exports": "Exports"},
    "de": {"locale": "de-DE", "email": "E-Mail", "password": "Passwort", "login": "Anmelden",
           "partners": "Partner", "accounts": "Speicherkonten von", "exports": "Exporte"},
}  # fmt: skip


def _partners_page(browser, base_url: str) -> None:
    from devstack import demo

    page = browser.new_page(base_url=base_url, viewport={"width": 1280, "height": 900})
    page.goto("/console/login")
    page.get_by_label("Email").fill(demo.DISTRIBUTOR_EMAIL)
    page.get_by_label("Password").fill(demo.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Partners", level=1).wait_for()
    page.goto("/console/partners")  # without the welcome toast
    page.get_by_role("heading", name="Partners", level=1).wait_for()
    page.screenshot(path=str(ROOT / "docs" / "partners-page.png"), full_page=True)


def _languages(browser, base_url: str) -> None:
    from devstack import demo

    for lang, words in LANGUAGES.items():
        context = browser.new_context(
            base_url=base_url, locale=words["locale"], viewport={"width": 1100, "height": 720}
        )
        page = context.new_page()

        def shot(name: str, lang: str = lang, page=page) -> None:
            page.screenshot(path=str(ROOT / "docs" / f"console-{name}-{lang}.png"))

        page.goto("/console/login")
        shot("login")
        page.get_by_label(words["email"]).fill(demo.DISTRIBUTOR_EMAIL)
        page.get_by_label(words["password"]).fill(demo.PASSWORD)
        page.get_by_role("button", name=words["login"]).click()
        page.get_by_role("heading", name=words["partners"], level=1).wait_for()
        page.goto("/console/partners")  # without the welcome toast
        page.get_by_role("heading", name=words["partners"], level=1).wait_for()
        shot("partners")
        page.locator("tbody tr a").first.click()
        page.locator("#main h1").wait_for()
        page.wait_for_load_state("networkidle")
        shot("partner")
        page.goto(page.url.split("?")[0] + "/storage-accounts")
        page.get_by_role("heading", name=words["accounts"]).wait_for()
        shot("storage-accounts")
        page.goto("/console/exports")
        page.get_by_role("heading", name=words["exports"], level=1).wait_for()
        shot("exports")
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    stack = start_stack(extra_env={"DEMO": "1"}, timeout=600)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--disable-dev-shm-usage"]
            )
            if "--languages" in sys.argv[1:]:
                _languages(browser, stack.base_url)
            else:
                _partners_page(browser, stack.base_url)
            browser.close()
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
