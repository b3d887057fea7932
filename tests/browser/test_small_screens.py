"""Every page at phone width (390 x 844) under the real Content-Security-Policy: no sideways
scroll (measured) and no CSP violation (a listener on ``securitypolicyviolation`` plus the
browser console), with the dialogs and the chart opened."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import World, login, shoot
from tests.browser.test_pages import pages_of

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
    (e.sourceFile || "") + ":" + (e.lineNumber || 0));
});
"""

#: Figures for the report: (role, pages walked, CSP violations, widest page in px).
FIGURES: list[tuple[str, int, int, int]] = []


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no sideways scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("role", ["distributor_admin", "partner_admin", "provider_admin"])
def test_phone_width_without_sideways_scroll_or_csp_violation(browser, world: World, stack, role):
    context = browser.new_context(
        base_url=stack.base_url, viewport={"width": 390, "height": 844}, is_mobile=True
    )  # bypass_csp off: the policy is enforced as in production
    context.add_init_script(LISTEN)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    login(page, world, role)
    # the navigation collapses behind "Menu"
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Exports")).to_be_hidden()
    nav.get_by_role("button", name="Menu").click()
    expect(nav.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Exports")).to_be_visible()
    too_wide: list[str] = []
    violations: list[str] = []
    widest = 0
    walked = pages_of(world, role)
    for name, path, heading in walked:
        page.goto(path)
        expect(page.get_by_role("heading", level=1).first).to_contain_text(heading)
        for opener in page.locator("main [data-open]").all()[:1]:
            opener.click()
            expect(page.locator("dialog[open]")).to_have_count(1)
            extra = overflow(page)
            if extra > 0:
                too_wide.append(f"{name} with its dialog open: {extra} px too wide")
            page.keyboard.press("Escape")
        extra = overflow(page)
        widest = max(widest, 390 + extra)
        if extra > 0:
            too_wide.append(f"{name}: {extra} px too wide")
            shoot(page, f"too-wide-{role}-{name}")
        violations += [f"{name}: {v}" for v in page.evaluate("window.__csp")]
    violations += console
    FIGURES.append((role, len(walked), len(violations), widest))
    context.close()
    assert not too_wide, too_wide
    assert not violations, violations
