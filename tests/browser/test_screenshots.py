"""The screenshots of the user guide (docs/gebruikershandleiding.md), taken anew on every run
so the guide shows the portal as it is. 1280x800, the visible part of each page.

Each entry: role's demo user, file name, the page (``{demo}``/``{queued}`` are project ids)
and optionally a link on that page to follow first (a casustafel, the decision form...).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from tests.browser.screens import project_ids  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZE = {"width": 1280, "height": 800}
SHOTS: dict[str, list[tuple[str, str, str | None]]] = {
    "projectleider": [
        ("home-projectleider", "/", None),
        ("projecten", "/projectview/list/", None),
        ("project", "/projectview/show/{demo}", None),
        ("project-bewerken", "/projectview/edit/{demo}", None),
        ("fasering", "/fasering/project/{demo}", None),
        ("signalen", "/signalen/project/{demo}", None),
        ("koppeling", "/koppeling/project/{demo}", None),
        ("casuswerk", "/casuswerk/project/{demo}", None),
        ("casustafel", "/casuswerk/project/{demo}", r"/casuswerk/casustafel/\d+"),
        ("controle", "/casuswerk/project/{demo}", r"/casuswerk/controle/\d+"),
        ("resultaten", "/resultaten/project/{demo}", None),
    ],
    "rcf": [
        ("home-rcf", "/", None),
        ("documenten", "/documenten/project/{demo}", None),
    ],
    "secretaris": [
        ("home-secretaris", "/", None),
        ("wachtrij", "/wachtrij/", None),
        ("besluit-vastleggen", "/wachtrij/", r"/besluitview/add\?"),
    ],
    "partner-uwv": [
        ("home-ketenpartner", "/", None),
        ("signalen-aanleveren", "/signalen/project/{demo}", None),
        ("mijn-acties", "/opvolging/mijn-acties", None),
    ],
    "privacy": [
        ("home-privacy", "/", None),
        ("avg-registratie", "/projectview/show/{demo}", r"/avgregistratieview/show/\d+"),
        ("bewaartermijnen", "/bewaartermijnen/", None),
    ],
    "beheerder": [
        ("home-beheerder", "/", None),
        ("koppelingen", "/gebruikerskoppelingview/list/", None),
        ("sjablonen", "/sjablonen/", None),
        ("gebruikers", "/users/list/", None),
    ],
}


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR)."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("username", list(SHOTS))
def test_guide_screenshots(login_as, live_url, project_ids, username):  # noqa: F811
    page = login_as(username)
    page.set_viewport_size(SIZE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path, follow in SHOTS[username]:
        response = page.goto(live_url + path.format(**project_ids))
        assert response.status == 200, (name, path, response.status)
        if follow:
            links = [
                h
                for h in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
                if re.search(follow, h)
            ]
            assert links, f"{name}: no link matching {follow} on {path}"
            response = page.goto(links[0])
            assert response.status == 200, (name, links[0], response.status)
        target = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(target))
        assert png_size(target) == (SIZE["width"], SIZE["height"]), name


def test_help_page_shows_the_guide_and_its_screenshots(login_as, live_url):
    """Help is in every role's menu; the guide's images load from the help view."""
    guide = (SCREENSHOTS.parent / "gebruikershandleiding.md").read_text(encoding="utf-8")
    embedded = set(re.findall(r"\(screenshots/([\w-]+\.png)\)", guide))
    taken = {f"{name}.png" for shots in SHOTS.values() for name, _, _ in shots}
    assert embedded and embedded <= taken, (
        f"the guide embeds images no test takes: {embedded - taken}"
    )
    page = login_as("partner-uwv")
    page.locator("nav a", has_text="Help").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith("/help")
    assert page.locator("#help-guide h1").inner_text() == "Gebruikershandleiding Interventieportaal"
    images = page.eval_on_selector_all(
        "#help-guide img", "imgs => imgs.map(i => [i.getAttribute('src'), i.naturalWidth])"
    )
    assert {src.rsplit("/", 1)[1] for src, _ in images} == embedded
    assert all(width == SIZE["width"] for _, width in images), images
