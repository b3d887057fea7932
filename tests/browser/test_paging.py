"""Console tables that read one page of their index: followed by their pager at phone width,
with the keyboard only."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import World, axe_check, login, make_user, unique

#: The team page shows this many people a page (``console.pages.organization.PAGE_SIZE``).
TEAM_PAGE = 50


@pytest.fixture(scope="module")
def big_team(world: World) -> str:
    """A distributor with a viewer and 51 more people: two pages of team members."""
    org = {"type": "distributor", "name": unique("Paging Distribution ")}
    org_id = world.provider.call("POST", "/v1/organizations", org, 201)["id"]
    viewer = make_user(world.provider, org_id, "viewer")
    for _ in range(TEAM_PAGE + 1):
        make_user(world.provider, org_id, "staff")
    return viewer


def overflow(page) -> int:
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def emails(page) -> list[str]:
    cells = page.locator("main tbody tr td:first-child").all_inner_texts()
    return [re.split(r"\s", c.strip())[0] for c in cells]


def tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the link ``name`` has the focus (the keyboard's way there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_team_pager_at_phone_width_with_the_keyboard(browser, stack, world, big_team):
    viewer = big_team
    context = browser.new_context(
        base_url=stack.base_url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        bypass_csp=True,  # axe is injected (the CSP itself: test_small_screens)
    )
    page = context.new_page()
    try:
        login(page, world, "distributor_viewer", email=viewer)
        page.goto("/console/team")
        expect(page.get_by_role("heading", name="Team members", level=1)).to_be_visible()
        pager = page.get_by_role("navigation", name="Pages")
        expect(pager).to_contain_text("Page 1")
        expect(pager.get_by_role("link", name="Previous page")).to_have_count(0)
        first = emails(page)
        assert len(first) == TEAM_PAGE and first == sorted(first)
        assert overflow(page) == 0
        axe_check(page, "team page 1 (phone)")

        page.locator("main .table-scroll").first.focus()
        tab_to(page, "Next page")
        page.keyboard.press("Enter")
        expect(pager).to_contain_text("Page 2")
        second = emails(page)
        assert len(second) == 2 and not {*first} & {*second}
        assert second[0] > first[-1]  # e-mail order continues
        expect(pager.get_by_role("link", name="Next page")).to_have_count(0)
        assert overflow(page) == 0

        page.locator("main .table-scroll").first.focus()
        tab_to(page, "Previous page")
        page.keyboard.press("Enter")
        expect(pager).to_contain_text("Page 1")
        assert emails(page) == first
    finally:
        context.close()
