"""The Alerts page in Chromium: the 80/90/100 % shortcut, a refused rule kept as typed, a
webhook endpoint to a receiver on loopback (secret once, test ping in the delivery log,
replay, disable/enable, rotate), recent events, and what a viewer is not offered."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from tests.api.notification_helpers import Receiver
from tests.browser.conftest import World, axe_check, login, shoot


def _open_alerts(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", name="Alerts", level=1)).to_be_visible()


def test_alerts_story(page, world: World):
    page.on("dialog", lambda d: d.accept())
    receiver = Receiver().start()
    try:
        login(page, world, "distributor_admin")
        _open_alerts(page)
        rules = page.get_by_role("region", name="Alert rules")
        page.get_by_role("button", name="Alert at 80, 90 and 100 %").click()
        expect(page.get_by_role("status")).to_contain_text("80, 90 and 100 %")
        for percent in ("80 %", "90 %", "100 %"):
            expect(page.get_by_role("cell", name=percent, exact=True)).to_be_visible()

        form = page.get_by_role("form", name="Add a rule")
        form.get_by_label("Threshold (%)").fill("75")
        form.get_by_label("E-mail recipients (optional)").fill("capacity-at-northwind")
        form.get_by_role("button", name="Add rule").click()
        form = page.get_by_role("form", name="Add a rule")
        recipients = form.get_by_label("E-mail recipients (optional)")
        expect(recipients).to_have_attribute("aria-invalid", "true")
        expect(form.locator(".field-error")).to_contain_text("email")
        expect(form.get_by_label("Threshold (%)")).to_have_value("75")  # kept as typed
        recipients.fill("capacity@northwind.example")
        form.get_by_role("button", name="Add rule").click()
        expect(page.get_by_role("cell", name="75 %", exact=True)).to_be_visible()
        expect(rules).to_contain_text("capacity@northwind.example")

        page.get_by_role("button", name="Add endpoint").click()
        dialog = page.get_by_role("dialog", name="Add webhook endpoint")
        dialog.get_by_label("URL").fill("http://169.254.169.254/latest")
        dialog.get_by_role("button", name="Add endpoint").click()
        dialog = page.get_by_role("dialog", name="Add webhook endpoint")
        expect(dialog.locator(".field-error")).to_contain_text("metadata")
        expect(dialog.get_by_label("URL")).to_have_value("http://169.254.169.254/latest")
        dialog.get_by_label("URL").fill(receiver.url)
        dialog.get_by_role("button", name="Add endpoint").click()
        secret = page.get_by_role("textbox", name="Signing secret")
        expect(secret).to_be_visible()
        secret_value = secret.input_value()
        assert secret_value.startswith("whsec_")
        axe_check(page, "alerts-secret")

        _open_alerts(page)
        expect(page.get_by_role("textbox", name="Signing secret")).to_have_count(0)  # shown once
        page.get_by_role("button", name=f"Test {receiver.url}").click()
        deadline = time.monotonic() + 20
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        assert receiver.requests, "the local worker did not deliver the ping"
        page.reload()
        log = page.get_by_role("table").filter(has_text="Attempt")
        expect(log).to_contain_text("HTTP 200")
        expect(log).to_contain_text("ping")
        log.get_by_role("button", name="Replay event").first.click()
        expect(page.get_by_role("status")).to_contain_text("queued again")
        deadline = time.monotonic() + 20
        while len(receiver.requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        ids = {r["headers"]["webhook-id"] for r in receiver.requests}
        assert len(receiver.requests) == 2 and len(ids) == 1  # the same webhook-id

        page.get_by_role("button", name=f"Disable {receiver.url}").click()
        expect(page.get_by_role("cell", name="disabled")).to_be_visible()
        page.get_by_role("button", name=f"Enable {receiver.url}").click()
        # Wait for the enable to land before rotating: clicked at once, the enable's redirect could
        # arrive after the rotation's answer and replace the page that shows the new secret.
        expect(page.get_by_role("button", name=f"Disable {receiver.url}")).to_be_visible()
        page.get_by_role("button", name=f"Rotate secret of {receiver.url}").click()
        rotated = page.get_by_role("textbox", name="Signing secret")
        expect(rotated).to_be_visible()
        assert rotated.input_value().startswith("whsec_")
        assert rotated.input_value() != secret_value  # a new secret, shown once
        _open_alerts(page)
        events = page.get_by_role("region", name="Recent events")
        expect(events).to_contain_text("ping")
        page.set_viewport_size({"width": 390, "height": 844})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"horizontal scroll at phone width: {width}px"
        page.set_viewport_size({"width": 1280, "height": 900})
        shoot(page, "alerts")
        axe_check(page, "alerts")
    finally:
        receiver.stop()


def test_a_viewer_reads_but_is_not_offered_changes(page, world: World):
    login(page, world, "distributor_viewer")
    _open_alerts(page)
    expect(page.get_by_role("heading", name="Alert rules")).to_be_visible()
    expect(page.get_by_role("button", name="Alert at 80, 90 and 100 %")).to_have_count(0)
    expect(page.get_by_role("button", name="Add endpoint")).to_have_count(0)
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
