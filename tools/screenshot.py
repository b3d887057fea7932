"""The README's picture of the Partners page: the local stack with ``DEMO=1`` (a living channel),
logged in as the demo distributor admin, in Debian's Chromium.

    .venv/bin/python -m tools.screenshot      # writes docs/partners-page.png
"""

from __future__ import annotations

from pathlib import Path

from devstack.process import start_stack

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    from playwright.sync_api import sync_playwright

    from devstack import demo

    stack = start_stack(extra_env={"DEMO": "1"}, timeout=600)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--disable-dev-shm-usage"]
            )
            page = browser.new_page(
                base_url=stack.base_url, viewport={"width": 1280, "height": 900}
            )
            page.goto("/console/login")
            page.get_by_label("Email").fill(demo.DISTRIBUTOR_EMAIL)
            page.get_by_label("Password").fill(demo.PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.get_by_role("heading", name="Partners", level=1).wait_for()
            page.goto("/console/partners")  # without the welcome toast
            page.get_by_role("heading", name="Partners", level=1).wait_for()
            page.screenshot(path=str(ROOT / "docs" / "partners-page.png"), full_page=True)
            browser.close()
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
