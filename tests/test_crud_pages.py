"""FAB's generated pages (list, show, add, edit) in the portal's look, for every ModelView the
app registered - a new view is covered without touching this test.

As the beheerder and as a projectleider: each page answers 200 (or an honest 403/404, or a
redirect away from a page the user may not open), carries none of FAB's JavaScript widgets
(select2, datepicker) or icon fonts, none of FAB's English texts, and every form control has a
label. The search form, the Ja/Nee filter and the delete form are exercised once for real.
"""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask_appbuilder import ModelView

USERS = ("beheerder", "projectleider")
# FAB's widgets and icons: class names and file names in the markup.
WIDGET_MARKUP = re.compile(r"select2|datepicker|class=\"[^\"]*\bfa-|\bfa fa-", re.IGNORECASE)
# FAB's English texts, in what a user reads or hears (text, labels, titles, confirmations).
ENGLISH = re.compile(
    r"Select Value|Are you sure|Add a new record|Edit record|Record Count|No records found|"
    r"\b(?:Delete|Search|Actions|Save|Back|Show)\b"
)
ENGLISH_MARKUP = (">Show<", 'sr-only">Show')
SPOKEN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm", "value")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    """What a user perceives of a page, its form controls and the labels for them."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._skip = 0
        self._in_label = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        for name in SPOKEN_ATTRIBUTES:
            if a.get(name) and not (name == "value" and a.get("type") in ("hidden", None)):
                self.text.append(a[name])
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self.forms.append({**a, "inputs": {}})
        if tag in ("input", "select", "textarea"):
            self.controls.append({**a, "_tag": tag, "_in_label": str(bool(self._in_label))})
            if self.forms and tag == "input" and a.get("name"):
                self.forms[-1]["inputs"][a["name"]] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "label" and self._in_label:
            self._in_label -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.text.append(data.strip())


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def check_page(url: str, html: str, problems: list[str]) -> _Page:
    """The checks every generated page must pass (what fails goes to ``problems``)."""
    page = _parse(html)
    found = WIDGET_MARKUP.search(html)
    if found:
        problems.append(f"{url}: FAB widget or icon markup {found.group(0)!r}")
    for marker in ENGLISH_MARKUP:
        if marker in html:
            problems.append(f"{url}: English {marker!r}")
    english = [t for t in page.text if ENGLISH.search(t)]
    if english:
        problems.append(f"{url}: English text {english[:3]}")
    for c in page.controls:
        if c["_tag"] == "input" and c.get("type", "text") in UNLABELLED_TYPES:
            continue
        named = (
            c.get("id") in page.label_for
            or c.get("aria-label")
            or c.get("aria-labelledby")
            or c["_in_label"] == "True"
        )
        if not named:
            problems.append(f"{url}: <{c['_tag']} name={c.get('name')!r}> has no label")
    return page


def _model_views(app):
    return [v for v in app.appbuilder.baseviews if isinstance(v, ModelView)]


def _endpoint(app, view, method: str) -> str | None:
    name = f"{view.__class__.__name__}.{method}"
    return name if name in app.view_functions else None


def _get(client, url: str):
    r = client.get(url)
    assert r.status_code in (200, 302, 403, 404), (url, r.status_code)
    return r


def _add_url(app, view, pk) -> str:
    """The add page; a child view is added under its parent (e.g. ?_flt_0_project=<id>)."""
    base = f"{view.route_base}/add"
    column = getattr(view, "related_column", None)
    if not column or pk is None:
        return base
    with app.app_context():
        item = view.datamodel.get(pk)
        parent = getattr(item, column, None) if item is not None else None
        return f"{base}?_flt_0_{column}={parent.id}" if parent is not None else base


@pytest.mark.parametrize("username", USERS)
def test_every_generated_page_is_dutch_native_and_labelled(app, login, username):
    client = login(username)
    seen = 0
    problems: list[str] = []
    for view in _model_views(app):
        if not _endpoint(app, view, "list"):
            continue
        url = f"{view.route_base}/list/"
        r = _get(client, url)
        if r.status_code != 200:
            continue  # not this user's screen: refused, not broken
        seen += 1
        page = check_page(url, r.get_data(as_text=True), problems)
        shows = [h for h in page.links if re.match(rf"{re.escape(view.route_base)}/show/[^/?]+", h)]
        pk = shows[0].split("/show/")[1].split("?")[0] if shows else None
        urls = []
        if pk is not None and _endpoint(app, view, "show"):
            urls.append(shows[0])
        if _endpoint(app, view, "add"):
            urls.append(_add_url(app, view, pk))
        if pk is not None and _endpoint(app, view, "edit"):
            urls.append(f"{view.route_base}/edit/{pk}")
        for other in urls:
            r = _get(client, other)
            if r.status_code == 200:
                check_page(other, r.get_data(as_text=True), problems)
    assert seen >= 5, f"{username} reached only {seen} generated list pages"
    assert not problems, "\n".join(problems)


def test_list_page_is_a_table_with_dutch_row_actions(login):
    # Filtered by name: projects other tests add would push KEMPEN-HAM off the first page.
    html = login("beheerder").get("/projectview/list/?_flt_2_naam=Kempen").get_data(as_text=True)
    assert 'class="utrecht-table' in html and "<caption" in html
    assert ">Bekijken<" in html and ">Wijzigen<" in html and ">Toevoegen<" in html
    # Each action says which row it is for (hidden text with the row's code).
    assert re.search(r'>Bekijken<span class="visually-hidden"> KEMPEN-HAM</span>', html)
    assert 'data-confirm="Weet u zeker dat u dit wilt verwijderen?' in html
    assert 'aria-label="Paginering"' not in html or "Vorige" in html or "Volgende" in html
    sorted_html = login("beheerder").get(
        "/projectview/list/?_oc_ProjectView=code&_od_ProjectView=asc"
    )
    assert 'aria-sort="ascending"' in sorted_html.get_data(as_text=True)


def test_search_form_filters_and_shows_what_is_active(login):
    c = login("beheerder")
    html = c.get("/projectview/list/?_flt_2_naam=Kempen").get_data(as_text=True)
    assert 'name="_flt_2_naam"' in html and 'value="Kempen"' in html  # the active value stays
    assert "KEMPEN-HAM" in html and "GRN-OOST-2026" not in html
    assert '<details class="crud-search" open' in html
    # A filter the form has no control for (a link's "begins with") stays visible and is
    # carried along as a hidden field.
    html = c.get("/projectview/list/?_flt_0_code=GRN").get_data(as_text=True)
    assert "GRN-OOST-2026" in html and "KEMPEN-HAM" not in html
    assert 'type="hidden" name="_flt_0_code" value="GRN"' in html
    assert "Ook actief" in html


def test_boolean_filter_nee_means_false(app, login):
    from models import Ketenpartner
    from portal.extensions import db

    c = login("beheerder")
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Ketenpartner))
        ja = db.session.scalar(
            sa.select(sa.func.count()).where(Ketenpartner.convenantpartner.is_(True))
        )

    def rows(value: str) -> int:
        html = c.get(
            f"/ketenpartnerview/list/?_flt_0_convenantpartner={value}&psize_KetenpartnerView=100"
        ).get_data(as_text=True)
        return html.count('class="utrecht-link utrecht-link--html-a crud-show"')

    assert rows("y") == ja
    assert rows("n") == total - ja
    assert total - ja > 0 or ja > 0


def test_delete_form_posts_to_fab_and_removes_the_row(app, login):
    from models import Regio
    from portal.extensions import db

    c = login("beheerder")
    naam = f"Regio-{uuid.uuid4().hex[:6]}"
    r = c.post("/regioview/add", data={"naam": naam, "code": naam[-6:].upper()})
    assert r.status_code == 302
    html = c.get(f"/regioview/list/?_flt_2_naam={naam}").get_data(as_text=True)
    page = _parse(html)
    deletes = [f for f in page.forms if "/regioview/delete/" in f.get("action", "")]
    assert len(deletes) == 1, deletes
    form = deletes[0]
    assert form["method"].lower() == "post" and "csrf_token" in form["inputs"]
    assert form["data-confirm"].startswith("Weet u zeker dat u dit wilt verwijderen?")
    r = c.post(form["action"], data=form["inputs"])
    assert r.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Regio).where(Regio.naam == naam)) is None


def test_form_fields_have_labels_required_marks_and_an_error_summary(login, ids):
    c = login("projectleider")
    html = c.post("/projectview/add", data={"code": "", "naam": ""}).get_data(as_text=True)
    assert 'id="error-summary"' in html and 'href="#code"' in html
    assert re.search(r'<label class="utrecht-form-label " for="code">\s*Code\s*<span', html)
    assert "(verplicht)" in html
    code = re.search(r'<input [^>]*id="code"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in code and "code-error-1" in code  # the message is linked
    assert ">Opslaan<" in html and ">Annuleren<" in html
    pid = ids.project("KEMPEN-HAM")
    html = c.get(f"/projectfaseview/add?_flt_0_project={pid}").get_data(as_text=True)
    assert 'type="date"' in html and 'name="gepland_start"' in html
    edit = c.get(f"/projectview/edit/{pid}").get_data(as_text=True)
    assert re.search(r'name="lock_token" type="hidden" value="\d+"', edit)
    assert "<fieldset" in edit and "multiple" in edit and "Ctrl" in edit
    assert "__None" not in edit.replace('value="__None"', "")
