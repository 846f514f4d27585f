"""One journey by keyboard only: Tab, Shift+Tab, Enter and typing - no clicks, no fill().

A projectleider logs in, uses the skip link, opens the project list from the menu, opens the
demo project, its edit form, changes a field, saves and sees the new value. Every element
that gets the focus on the way must be visible and show that it has the focus.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

MAX_TABS = 120
# Inputs whose focus sits on an inner part that the browser marks, not on the box.
_SEGMENTED = {"date", "time", "datetime-local", "month", "week"}
# What the focused element is, where it is and whether it shows the focus.
_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type') || '',
        name: el.getAttribute('name') || '',
        href: el.getAttribute('href') || '',
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
        width: r.width,
        height: r.height,
        outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0,
        shadow: cs.boxShadow !== 'none',
        inMain: !!el.closest('main, [role=main]'),
    };
}"""


def focused(page) -> dict | None:
    return page.evaluate(_FOCUSED)


def assert_focus_visible(info: dict | None) -> None:
    assert info is not None, "the focus went nowhere (document.body)"
    assert info["width"] > 0 and info["height"] > 0, f"focused element is not visible: {info}"
    if info["tag"] == "input" and info["type"] in _SEGMENTED:
        return  # Chromium highlights the focused part (day, month, year) itself
    assert info["outline"] or info["shadow"], f"focused element shows no focus ring: {info}"


def tab_to(page, matches, what: str, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; every stop on the way
    must show the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        info = focused(page)
        assert_focus_visible(info)
        if matches(info):
            return info
    raise AssertionError(f"{what}: not reached with {MAX_TABS} presses of Tab")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


@pytest.fixture
def kempen(app):
    """The demo project's id; its analyst's name is put back after the test."""
    from models import Project
    from portal.extensions import db

    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        pid, before = project.id, project.analist
    yield pid
    with app.app_context():
        project = db.session.get(Project, pid)
        project.analist = before
        db.session.commit()


def test_projectleider_edits_a_project_by_keyboard_only(page, live_url, kempen, app):
    page.goto(f"{live_url}/login/")
    tab_to(page, lambda f: f["name"] == "username", "user name field")
    page.keyboard.type("projectleider")
    tab_to(page, lambda f: f["name"] == "password", "password field")
    page.keyboard.type(DEMO_PASSWORD)
    press_enter_and_wait(page)
    assert not page.url.removeprefix(live_url).startswith("/login"), "login by keyboard failed"

    # The first Tab on a page reaches the skip link; Enter moves on to the content.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert_focus_visible(skip)
    assert skip["tag"] == "a" and skip["href"].startswith("#"), f"no skip link first: {skip}"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after_skip = focused(page)
    assert_focus_visible(after_skip)
    assert after_skip["inMain"], f"the skip link did not lead to the content: {after_skip}"

    # The menu, before the content: back up with Shift+Tab to "Projecten".
    tab_to(page, lambda f: f["text"] == "Projecten", "menu item Projecten", key="Shift+Tab")
    list_link = re.compile(r"/projectview/list/?(\?|$)")
    if not list_link.search(focused(page)["href"]):
        page.keyboard.press("Enter")  # a menu button opens its submenu
        tab_to(page, lambda f: bool(list_link.search(f["href"])), "link to the project list")
    press_enter_and_wait(page)
    assert "/projectview/list" in page.url

    show = re.compile(rf"/projectview/show/{kempen}(\?|$)")
    tab_to(page, lambda f: bool(show.search(f["href"])), "the demo project in the list")
    press_enter_and_wait(page)
    assert re.search(rf"/projectview/show/{kempen}\b", page.url)

    edit = re.compile(rf"/projectview/edit/{kempen}(\?|$)")
    tab_to(page, lambda f: bool(edit.search(f["href"])), "the project's edit button")
    press_enter_and_wait(page)
    assert re.search(rf"/projectview/edit/{kempen}\b", page.url)

    new_value = "Analist via het toetsenbord"
    tab_to(page, lambda f: f["name"] == "analist", "field Analist")
    page.keyboard.press("Control+a")
    page.keyboard.type(new_value)
    tab_to(
        page,
        lambda f: f["tag"] in ("button", "input") and f["type"] == "submit",
        "the save button",
    )
    press_enter_and_wait(page)
    assert re.search(rf"/projectview/(show|edit)/{kempen}\b|/projectview/list", page.url)
    page.goto(f"{live_url}/projectview/show/{kempen}")
    assert new_value in page.locator("main").inner_text()
    from models import Project
    from portal.extensions import db

    with app.app_context():
        assert db.session.get(Project, kempen).analist == new_value
