"""The main story in German (a browser whose language is de-DE): log in, the Partners page with
its contract selector and widgets, create a partner, its page, a partner's storage accounts,
an export to its download; German headings and labels, German numbers and dates
(``12,5 TB``, ``04.12.2026``), an axe scan of every page. The files stay English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TB, World, axe_check, shoot, unique

DAY = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")


@pytest.fixture
def german(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def test_the_main_story_in_german(german, world: World):
    page = german
    page.goto("/console/login")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    axe_check(page, "login (de)")
    page.get_by_label("E-Mail").fill(world.users["distributor_admin"])
    page.get_by_label("Passwort").fill(world.password("distributor_admin"))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Willkommen")

    # Partners: the contract selector, the widgets, the 60-minute note, German numbers
    expect(page.get_by_role("heading", name="Partner", level=1)).to_be_visible()
    select = page.get_by_role("combobox", name="Vertrag auswählen")
    expect(select).to_contain_text("Frame agreement 2026 — 100 TB")
    select.select_option(label="Frame agreement 2026 — 100 TB")
    expect(page.get_by_role("article", name="Reservierte Kapazität")).to_contain_text("100 TB")
    expect(page.get_by_text("kann bis zu 60 Minuten dauern")).to_be_visible()
    fee = page.get_by_role("article", name="Gebühr für Mehrnutzung")
    expect(fee).to_contain_text(re.compile(r"\d,\d\d EUR"))
    expect(fee).to_contain_text(re.compile(r"\d{2}\.\d{4}, Monat bis heute"))
    term = page.get_by_text(re.compile("Vertragslaufzeit"))
    expect(term).to_contain_text(DAY)
    axe_check(page, "partners (de)")

    name = unique("Rheinland Backup ")
    page.get_by_role("button", name="Partner anlegen").click()
    dialog = page.get_by_role("dialog", name="Partner anlegen")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_label("Zuteilung (TB)").fill("12.5")
    dialog.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("status")).to_contain_text(f"Der Partner {name} wurde angelegt.")
    row = page.get_by_role("row", name=re.compile(name))
    expect(row).to_contain_text("12,5 TB")
    expect(row.get_by_title("12.500.000.000.000 Bytes")).to_be_visible()
    shoot(page, "partners-de")

    # a partner's page: its widgets, a refusal next to the field
    row.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("article", name="Zugeteilte Kapazität")).to_contain_text("12,5 TB")
    page.get_by_role("button", name="Speicherzuteilung ändern").click()
    dialog = page.get_by_role("dialog", name="Speicherzuteilung ändern")
    dialog.get_by_label("Zuteilung (TB)").fill("5000")
    dialog.get_by_role("button", name="Zuteilung speichern").click()
    dialog = page.get_by_role("dialog", name="Speicherzuteilung ändern")
    expect(dialog.get_by_label("Zuteilung (TB)")).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator(".field-error")).to_be_visible()  # the API's sentence (English)
    axe_check(page, "partner (de)")
    page.keyboard.press("Escape")

    # the storage accounts of the world's partner
    page.goto(f"/console/partners/{world.partner_id}/storage-accounts")
    heading = f"Speicherkonten von {world.partner_name}"
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    account = page.get_by_role("row", name=re.compile("Backup Bakery Ltd"))
    expect(account).to_contain_text("2 TB")
    expect(account).to_contain_text("Aktiv")
    axe_check(page, "storage accounts (de)")
    shoot(page, "storage-accounts-de")

    # an export: requested in German, listed with a German date, the file stays English
    page.get_by_role("link", name="Partner", exact=True).first.click()
    page.get_by_role("combobox", name="Vertrag auswählen").select_option(
        label="Frame agreement 2026 — 100 TB"
    )
    expect(page).to_have_url(re.compile(f"contract={world.contract_a}"))
    page.get_by_role("button", name="Exportieren", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Export „Partner“ als CSV angefordert")
    expect(page.get_by_role("heading", name="Exporte", level=1)).to_be_visible()
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text("bereit", timeout=30_000)
    expect(newest).to_contain_text(DAY)
    axe_check(page, "exports (de)")
    shoot(page, "exports-de")
    rows = {r["partnerName"]: r for r in download_csv_de(page)}  # English column names
    assert rows[name]["allocatedCapacityBytes"] == str(int(12.5 * TB))


def download_csv_de(page):
    """``download_csv`` with the German link text."""
    import csv
    import io
    from pathlib import Path

    with page.expect_download() as info:
        page.locator("tbody tr").first.get_by_role("link", name="CSV herunterladen").click()
    data = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


def test_the_persons_choice_wins_over_the_browser(german, world: World):
    """The Profile's language choice, stored with the person: English in a German browser."""
    page = german
    page.goto("/console/login")
    page.get_by_label("E-Mail").fill(world.users["distributor_viewer"])
    page.get_by_label("Passwort").fill(world.password("distributor_viewer"))
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("navigation", name="Hauptmenü").get_by_role("link", name="Profil").click()
    page.get_by_role("combobox", name="Sprache der Konsole").select_option("en")
    page.get_by_role("button", name="Sprache speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Your language was saved.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Profile", level=1)).to_be_visible()

    # logging in again (a boosted form, only #page is swapped): the person's language at once
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_label("E-Mail").fill(world.users["distributor_viewer"])
    page.get_by_label("Passwort").fill(world.password("distributor_viewer"))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Partners", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.get_by_role("combobox", name="Console language").select_option("")
    page.get_by_role("button", name="Save language").click()
    expect(page.get_by_role("heading", name="Profil", level=1)).to_be_visible()
    axe_check(page, "profile (de)")
