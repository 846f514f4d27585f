"""WCAG 2.1 AA (axe-core's wcag2a/wcag2aa/wcag21a/wcag21aa rules) on every page, as every role.

Each role's pages are found by walking links (tests/browser/a11y_walk.py): the menu, the
demo project's page and everything it links to (panels, casustafels, add and edit forms), so
a new page is checked as soon as a menu item or the project page links to it. The login page
(nobody logged in) and a page in English are checked too.
"""

from __future__ import annotations

import pytest

from tests.browser import a11y_walk
from tests.browser.screens import project_ids  # noqa: F401 - a fixture
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seeds(project_ids) -> dict[str, list[str]]:  # noqa: F811 - the imported fixture
    """Per role the project page to start from: the demo project, or for the secretary (who
    sees only projects before the LSI) the one with a document in the queue."""
    return a11y_walk.seeds_for(project_ids["demo"], project_ids["queued"])


# Pages each walk must reach (so a broken link or menu cannot shrink the walk unnoticed).
MUST_REACH = {
    "Projectleider": {
        "/projectview/edit/{id}",
        "/projectpartnerview/add",
        "/koppeling/project/{id}",
        "/casuswerk/casustafel/{id}",
        "/casuswerk/controle/{id}",
        "/signalen/project/{id}",
    },
    "RCF": {"/documenten/project/{id}", "/projectview/edit/{id}"},
    "Secretaris LSI": {"/wachtrij", "/besluitview/add"},
    "Ketenpartner": {"/signalen/project/{id}", "/opvolging/mijn-acties"},
    "Privacyfunctionaris": {"/bewaartermijnen", "/avgregistratieview/edit/{id}"},
    "Beheerder": {"/sjablonen", "/gebruikerskoppelingview/add", "/users/list"},
}


@pytest.mark.parametrize("role", list(a11y_walk.ROLE_USERS))
def test_every_page_of_a_role_meets_wcag_21_aa(login_as, live_url, seeds, role):
    page = login_as(a11y_walk.ROLE_USERS[role])
    walk = a11y_walk.walk_role(page, live_url, role, seeds=seeds[role])
    print(f"\naxe: {role}: {len(walk.pages)} pages checked")
    assert len(walk.pages) >= 8, f"the walk found too few pages: {sorted(walk.pages)}"
    assert seeds[role][0].rsplit("/", 1)[0] + "/{id}" in walk.pages, "project page not checked"
    missing = {"/help", "/meldingen", *MUST_REACH[role]} - walk.pages.keys()
    assert missing == set(), f"the walk did not reach {missing}: {sorted(walk.pages)}"
    # Not WCAG, but the same walk: a role is shown no link that it cannot follow (a 403 or
    # 404 behind a link is a dead end), and no link leads to a server error.
    assert walk.errors == [], "links that did not lead to a page:\n  " + "\n  ".join(walk.errors)
    assert walk.violations == [], (
        f"{len(walk.violations)} WCAG violations as {role}:\n" + a11y_walk.report(walk.violations)
    )


def test_login_page_and_english_meet_wcag_21_aa(page, live_url):
    walk = a11y_walk.anonymous_and_english(page, live_url, "projectleider", DEMO_PASSWORD)
    print(f"\naxe: anonymous and English: {len(walk.pages)} pages checked")
    assert set(walk.pages) == {"/login (anoniem)", "/ (English)", "/projectview/list (English)"}
    assert walk.langs == {
        "/login (anoniem)": "nl",
        "/ (English)": "en",
        "/projectview/list (English)": "en",
    }
    assert walk.violations == [], a11y_walk.report(walk.violations)
