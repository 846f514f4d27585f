"""The page frame in a real browser (issue #15, section 2, keyboard): the skip link is the
first thing Tab reaches, shows itself and moves the focus to <main>; every focused control
draws a visible outline; the menu's drop-downs open and close by keyboard; and the strict CSP
lets the bundle load without a single violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUS_STYLE = """el => {
    const s = getComputedStyle(el);
    return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor};
}"""


def _active(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, id: el.id, text: el.textContent.trim(),
                    href: el.getAttribute('href')};
        }"""
    )


def test_skip_link_is_first_shows_on_focus_and_moves_focus_to_main(login_as, live_url):
    page = login_as("projectleider")
    page.goto(f"{live_url}/projectview/list/")
    link = page.locator("a.portal-skip-link")
    box = link.bounding_box()
    assert box["y"] + box["height"] <= 0, box  # off screen until focused
    page.keyboard.press("Tab")
    assert _active(page) == {
        "tag": "A",
        "id": "",
        "text": "Naar de inhoud",
        "href": "#content",
    }
    box = link.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24, box  # now in view
    page.keyboard.press("Enter")
    assert _active(page)["tag"] == "MAIN" and _active(page)["id"] == "content"
    # The next Tab continues inside the content, not back in the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize(
    "url, selector",
    [
        ("/", "a.portal-skip-link"),
        ("/", "nav summary"),
        ("/", "#user-menu summary"),
        ("/", "main a"),
        ("/projectview/list/", "main a"),
        ("/projectview/edit/{pid}", "main input[type=text], main input:not([type])"),
        ("/projectview/edit/{pid}", "main button[type=submit], main input[type=submit]"),
    ],
)
def test_focused_controls_draw_a_visible_outline(login_as, live_url, ids, url, selector):
    page = login_as("projectleider")
    page.goto(live_url + url.format(pid=ids.project("KEMPEN-HAM")))
    control = page.locator(selector).locator("visible=true").first
    control.focus()
    # Keyboard focus (:focus-visible), as Tab gives it: back one control and forward again.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert control.evaluate("el => el === document.activeElement"), selector
    outline = control.evaluate(FOCUS_STYLE)
    assert outline["style"] not in ("none", "hidden"), (selector, outline)
    assert outline["width"] >= 2, (selector, outline)


def test_menu_drop_down_by_keyboard(login_as, live_url):
    page = login_as("projectleider")
    page.goto(f"{live_url}/")
    summary = page.locator("nav details.portal-menu__dropdown > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    details = page.locator("nav details.portal-menu__dropdown").first
    assert details.evaluate("d => d.open")
    page.keyboard.press("Tab")
    first_link = details.locator("a").first
    assert first_link.evaluate("a => a === document.activeElement")
    assert first_link.is_visible()
    page.keyboard.press("Escape")
    assert not details.evaluate("d => d.open")
    assert summary.evaluate("s => s === document.activeElement")
    # Enter on a link in the drop-down follows it.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    href = first_link.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)


def test_language_link_keeps_lang_and_the_bundle_loads_under_the_csp(login_as, live_url):
    page = login_as("projectleider")
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{live_url}/")
    assert page.locator("html").get_attribute("lang") == "nl"
    # The bundle applied: the menu bar has the token colour, the body the token font.
    colour = page.locator("nav.portal-nav").evaluate("n => getComputedStyle(n).backgroundColor")
    token = page.evaluate(
        """() => {
            const probe = document.createElement('div');
            probe.style.backgroundColor = 'var(--utrecht-color-blue-35)';
            document.body.append(probe);
            const value = getComputedStyle(probe).backgroundColor;
            probe.remove();
            return value;
        }"""
    )
    assert colour == token and token.startswith("rgb("), (colour, token)
    english = page.locator("a[lang=en]")
    assert english.inner_text() == "English"
    assert violations == [] and failed == [], (violations, failed)
