"""A projectleider builds a project through the screens; another municipality cannot see it."""

from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.browser


def _choose(page, name: str, *values: str) -> None:
    """Select option(s) of a (select2-enhanced) <select name=...> by visible text."""
    found = page.eval_on_selector(
        f"select[name='{name}']",
        """(el, wanted) => {
            let n = 0;
            for (const o of el.options) {
                o.selected = wanted.some(w => o.text.trim() === w);
                n += o.selected ? 1 : 0;
            }
            el.dispatchEvent(new Event('change', {bubbles: true}));
            return n;
        }""",
        list(values),
    )
    assert found == len(values), (name, values)


def _submit(page) -> None:
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_load_state("networkidle")


def _errors(page) -> list[str]:
    # Flashed errors, and the form's error summary and messages under its fields.
    found = page.locator(".alert-danger, .utrecht-alert--error, .utrecht-form-field-error-message")
    return [t.strip() for t in found.all_inner_texts() if t.strip()]


def _related_add(page, view: str) -> None:
    """Click the related list's "add" button on the project page (it sits in a tab)."""
    link = page.locator(f"a[href*='/{view}/add?_flt_0_project=']").first
    href = link.get_attribute("href")
    assert href, f"no add button for {view} on the project page"
    link.evaluate("el => el.click()")  # the tab may be collapsed; a DOM click still follows
    page.wait_for_load_state("networkidle")
    assert f"/{view}/add" in page.url, page.url


def test_projectleider_creates_project_and_projectleider2_does_not_see_it(login_as, live_url):
    code = f"BR-{uuid.uuid4().hex[:6].upper()}"
    page = login_as("projectleider")
    page.goto(f"{live_url}/projectview/list/")
    page.goto(f"{live_url}/projectview/add")
    page.fill("input[name=code]", code)
    page.fill("input[name=naam]", "Browserproject Oirschot")
    _choose(page, "regio", "Zuidoost-Brabant")
    _choose(page, "gemeenten", "Oirschot")
    page.fill("textarea[name=projectgebied]", "5688 aa-5688 zz")
    page.fill("textarea[name=aanleiding]", "Signalen over overbewoning.")
    _submit(page)
    assert _errors(page) == []

    page.goto(f"{live_url}/projectview/list/?_flt_0_code={code}")
    assert code in page.content()
    href = page.locator("a[href*='/projectview/show/']").first.get_attribute("href")
    project_id = re.search(r"/show/(\d+)", href).group(1)
    show_url = f"{live_url}/projectview/show/{project_id}"

    page.goto(show_url)
    assert code in page.content()
    assert "5688AA-5688ZZ" in page.content()  # normalised on save
    _related_add(page, "projectpartnerview")
    _choose(page, "ketenpartner", "Uitvoeringsinstituut Werknemersverzekeringen")
    page.fill("textarea[name=belang]", "Uitkeringsfraude")
    page.fill("input[name=capaciteit_uren]", "120")
    _submit(page)
    assert _errors(page) == []

    page.goto(show_url)
    _related_add(page, "doelstellingview")
    page.fill("textarea[name=doel]", "Overbewoning terugdringen")
    page.fill("input[name=indicator]", "Aantal overbewoonde panden")
    page.fill("input[name=nulmeting]", "12")
    _submit(page)
    assert _errors(page) == []

    page.goto(show_url)
    content = page.content()
    assert "Uitvoeringsinstituut Werknemersverzekeringen" in content
    assert "Overbewoning terugdringen" in content
    page.goto(f"{live_url}/projectview/list/")
    assert code in page.content()

    other = login_as("projectleider2")
    other.goto(f"{live_url}/projectview/list/?_flt_0_code={code}")
    # (the search box echoes the filter value in the page's script, so look at the rows)
    assert other.locator(f"a[href*='/projectview/show/{project_id}']").count() == 0
    assert code not in " ".join(other.locator("table").all_inner_texts())
    other.goto(f"{live_url}/projectview/list/")
    assert "GRN-OOST-2026" in other.content() and code not in other.content()
    response = other.goto(show_url)
    assert response.status in (403, 404)
    assert "Overbewoning terugdringen" not in other.content()
