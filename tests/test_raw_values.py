"""No raw Python values on any screen (issue #15, section 3), in Dutch and in English.

Walks every list page of every FAB ModelView the app registered (and the show pages of up to
three of its rows) and every GET page of the portal's own screens (the URL map, ids filled in
from the demo data), as several roles and in both languages, and fails on anything in the
visible text that is a value as Python or the database writes it: ``None``, ``True``,
``False``, list brackets, ISO dates, microsecond timestamps, decimals with a point, FAB's
``__None`` and the coupling's internal address keys. In English, the portal's own vocabulary
(phases, statuses, roles) must be English too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask_appbuilder import ModelView

from tests.conftest import Client
from tests.test_rbac_matrix import _endpoints

USERS = ("beheerder", "projectleider", "rcf", "partner-uwv")
LOCALES = ("nl", "en")
SHOWS_PER_VIEW = 3

RAW = {
    "None": re.compile(r"\bNone\b"),
    "True/False": re.compile(r"\b(?:True|False)\b"),
    "list brackets": re.compile(r"\[(?:<|'|\"|[A-Za-z0-9])"),
    "microseconds": re.compile(r"\d{2}:\d{2}:\d{2}\.\d+"),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "decimal point": re.compile(r"(?<![\d.,])\d+\.\d{2}\b(?![.,]\d)"),
    "__None": re.compile(r"__None"),
    "address key": re.compile(r"\d{4}[A-Z]{2}\|"),
}
# Dutch vocabulary the label map (portal/formatting.py) translates: none of it may show in the
# English interface as a whole word.
DUTCH_VOCABULARY = re.compile(
    r"\b(?:Verkenning|Voorbereiding|Uitvoering|Afronding|Afgesloten|Gestopt|Ingediend|"
    r"Geregistreerd|Vastgesteld|Aangehouden|Afgewezen|Aangemeld|Besproken|Gecontroleerd|"
    r"In onderzoek|In behandeling|Ter controle|Verwerkt|Geannuleerd|Ingetrokken|"
    r"Akkoord met voorwaarden|Actiedag|Actieavond|Projectleider|Ketenpartner)\b"
)

# Pages that are not screens of values: language switch, logout, redirects, FAB's own
# security/statistics pages outside ModelViews, file downloads.
_SKIP_ENDPOINTS = {
    "LocaleView.index",
    "AuthDBView.logout",
    "AuthDBView.login",
    "UtilView.back",
    "SwaggerView.show",
}
_SKIP_SUFFIXES = (".csv", ".docx", ".pdf", "/docx", "/pdf")


DUTCH = "\x00nl\x00"  # marks text inside lang="nl": stored Dutch text (a journal entry)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _VisibleText(HTMLParser):
    """The text a reader sees: no <script>/<style>, no attribute values. Text inside an
    element with lang="nl" (other than <html>) is stored Dutch, marked as such."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._dutch: list[str] = []  # open elements with lang="nl"
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag in _VOID:
            return
        self._open.append(tag)
        if tag != "html" and dict(attrs).get("lang") == "nl":
            self._dutch.append(len(self._open))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
        if tag in self._open:
            while self._open:
                depth = len(self._open)
                if self._dutch and self._dutch[-1] == depth:
                    self._dutch.pop()
                if self._open.pop() == tag:
                    break

    def handle_data(self, data):
        if not self._hidden and data.strip():
            # every line of the text: a paragraph of the guide spans several
            mark = DUTCH if self._dutch else ""
            self.parts.extend(mark + line.strip() for line in data.strip().splitlines())


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def raw_values(text: str, locale: str) -> list[str]:
    hits = []
    for line in text.splitlines():
        dutch = line.startswith(DUTCH)
        line = line.removeprefix(DUTCH)
        for name, pattern in RAW.items():
            for m in pattern.finditer(line):
                hits.append(f"{name}: {m.group(0)!r} in {line[:120]!r}")
        if locale == "en" and not dutch:
            for m in DUTCH_VOCABULARY.finditer(line):
                hits.append(f"Dutch in English: {m.group(0)!r} in {line[:120]!r}")
    return hits


def test_detector_finds_raw_values_in_visible_text_only():
    html = (
        "<html><head><style>a{x:1}</style><script>var a = [1, None];</script></head><body>"
        '<a title="2018-09-01 None">ok</a><td>None</td><td>True</td><td>[Bergeijk, Best]</td>'
        "<td>2026-12-01 18:35:45.473350</td><td>45000.00</td><td>5092AC|5||</td>"
        "<option>__None</option><td>€ 45.000,00</td><td>1.250</td><td>14:05</td></body></html>"
    )
    text = visible_text(html)
    assert "var a" not in text and "title" not in text
    kinds = {h.split(":")[0] for h in raw_values(text, "nl")}
    assert kinds == {
        "None",
        "True/False",
        "list brackets",
        "microseconds",
        "ISO date",
        "decimal point",
        "__None",
        "address key",
    }
    assert raw_values("€ 45.000,00 · 1.250 · 1 september 2018 14:05 · 12,5%", "nl") == []
    assert raw_values("Fase: Verkenning", "en") and not raw_values("Fase: Verkenning", "nl")
    stored = visible_text('<p>Status</p><td lang="nl">Status Aangemeld &rarr; Besproken</td>')
    assert raw_values(stored, "en") == []
    assert raw_values(visible_text("<td>Aangemeld<br>Besproken</td>"), "en")


def test_values_read_as_people_write_them(app):
    """One display function per kind of value (portal/formatting.py), Babel's Dutch."""
    import datetime as dt
    from decimal import Decimal

    from flask_babel import force_locale

    from portal import formatting as f

    with app.test_request_context():
        assert f.datum(dt.date(2018, 9, 1)) == "1 september 2018"
        assert f.datum("2019-04-30") == "30 april 2019"  # as JSON and the audit trail store it
        stored = dt.datetime(2018, 9, 1, 12, 5, 45, 473350, tzinfo=dt.UTC)
        assert f.datumtijd(stored) == "1 september 2018 14:05"  # Dutch summer time
        assert f.datumtijd(stored.replace(tzinfo=None)) == "1 september 2018 14:05"  # naive = UTC
        assert f.geld(Decimal("45000.00")) == "€\xa045.000,00"
        assert f.getal(1250) == "1.250" and f.getal(Decimal("40.00")) == "40"
        assert f.getal(Decimal("12.50")) == "12,5" and f.getal(Decimal("-14"), teken=True) == "-14"
        assert f.procent(0.125) == "12,5%"
        assert (f.janee(True), f.janee(False), f.janee(None)) == ("Ja", "Nee", "–")
        assert f.leeg(None) == f.leeg("  ") == f.datum(None) == f.geld(None) == "–"
        assert f.lijst(["Bergeijk", "Best", "Eindhoven"]) == "Bergeijk, Best en Eindhoven"
        assert f.lijst([]) == "–"
        assert f.adres("5092AC|5||") == "5092 AC 5" and f.adres("5091AB|12|A|2") == "5091 AB 12A-2"
        assert f.json_value({"status": ["Open", "Afgerond"]}) == (
            '<ul class="list-unstyled"><li><strong>status</strong>: Open → Afgerond</li></ul>'
        )
        with force_locale("en"):
            assert f.datum(dt.date(2018, 9, 1)) == "September 1, 2018"
            assert f.geld(45000) == "€45,000.00"
            assert f.lijst(["Bergeijk", "Best", "Eindhoven"]) == "Bergeijk, Best, and Eindhoven"


def test_every_stored_vocabulary_value_has_a_label():
    """Every value of every choice column, role, follow-up and deadline state is in the label
    map (shown in the user's language) or a name that reads the same everywhere."""
    import models
    from portal import deadlines, formatting, roles
    from portal.casework import followup

    values = {
        v
        for table in models.Model.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, sa.Enum)
        for v in column.type.enums
    }
    values |= set(roles.ALL_ROLES)
    values |= {followup.OP_TIJD, followup.TE_LAAT_AFGEROND, followup.LOOPT, followup.VERLOPEN}
    values |= {deadlines.OVERDUE, deadlines.SOON, deadlines.OPEN, deadlines.DONE}
    assert len(values) > 60
    missing = values - set(formatting.VALUE_LABELS) - formatting.AS_IS
    assert missing == set(), "add them to portal/formatting.py VALUE_LABELS (or AS_IS)"


def test_list_and_show_columns_get_a_formatter_from_their_type(app):
    """Derived from the mapper: a new column is covered without anyone remembering it."""
    from flask_appbuilder import ModelView

    from portal import formatting as f

    views = {type(v).__name__: v for v in app.appbuilder.baseviews if isinstance(v, ModelView)}
    project = views["ProjectView"].formatters_columns
    assert project["begroting"] is f.geld  # info=MONEY
    assert project["fase"] is f.label and project["initiatiefnemer"] is f.label
    assert project["gewijzigd_op"] is f.datumtijd and project["datum_start_analyse"] is f.datum
    assert project["projectleider"] is f.naam
    assert views["DoelstellingView"].formatters_columns["nulmeting"] is f.getal
    assert views["AuditLogView"].formatters_columns["wijzigingen"] is f.json_value
    users = views["UserDBModelView"].formatters_columns  # FAB's own screens too
    assert users["active"] is f.janee and users["last_login"] is f.datumtijd
    for name, view in views.items():
        columns = {*view.list_columns, *view.show_columns}
        assert columns <= set(view.formatters_columns), name


def _demo_values(app) -> dict[str, str]:
    """URL parameters filled from the demo project KEMPEN-HAM (it has every kind of row)."""
    from models import Casus, Casustafel, Controle, Project, Signaallevering
    from portal.extensions import db

    with app.app_context():
        pid = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))

        def first(model):
            return db.session.scalar(
                sa.select(model.id).where(model.project_id == pid).order_by(model.id)
            )

        return {
            "project_id": str(pid),
            "casus_id": str(first(Casus)),
            "meeting_id": str(first(Casustafel)),
            "control_id": str(first(Controle)),
            "levering_id": str(first(Signaallevering)),
            "tabel": "project",
            "rij_id": str(pid),
            "group_by": "0",
        }


def _filled(rule, values: dict[str, str]) -> str | None:
    """The rule's URL with demo values (as tests/test_rbac_matrix.py's _url fills them);
    None when a parameter has no demo value."""
    missing = []

    def fill(m):
        name = m.group(2)
        if name not in values:
            missing.append(name)
            return "x"
        return values[name]

    url = re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule.rule)
    return None if missing else url


def _model_views(app) -> list[ModelView]:
    return [v for v in app.appbuilder.baseviews if isinstance(v, ModelView)]


def _own_pages(app) -> list[str]:
    """GET pages of the portal's own screens (not the ModelViews' CRUD routes, not APIs)."""
    crud = {id(v) for v in _model_views(app)}
    values = _demo_values(app)
    urls = []
    for rule, vf, methods in _endpoints(app):
        view = getattr(vf, "__self__", None)
        if (
            "GET" not in methods
            or rule.rule.startswith(("/api/", "/static"))
            or rule.endpoint in _SKIP_ENDPOINTS
            or rule.rule.endswith(_SKIP_SUFFIXES)
            or id(view) in crud
            or (view is not None and type(view).__module__.startswith("flask_appbuilder"))
        ):
            continue
        url = _filled(rule, values)
        if url is not None:
            urls.append(url)
    return sorted(set(urls))


_SHOW_LINK = re.compile(r'href="([^"?#]*/show/\d+)[^"]*"')


def _show_urls(app, view, list_html: str) -> list[str]:
    """Show pages of up to three rows: the ones the list links to, else the first rows."""
    base = view.route_base
    linked = []
    for href in _SHOW_LINK.findall(list_html):
        if href.startswith(base + "/show/") and href not in linked:
            linked.append(href)
    if linked:
        return linked[:SHOWS_PER_VIEW]
    with app.app_context():
        model = view.datamodel.obj
        pk = view.datamodel.get_pk_name()
        if not isinstance(pk, str):
            return []
        from portal.extensions import db

        ids = db.session.scalars(
            sa.select(getattr(model, pk)).order_by(getattr(model, pk)).limit(SHOWS_PER_VIEW)
        ).all()
    return [f"{base}/show/{i}" for i in ids]


def _check(http, url: str, locale: str, hits: list[str]) -> tuple[bool, str]:
    r = http.get(url)
    assert r.status_code < 500, (url, r.status_code)
    if r.status_code != 200 or not r.mimetype.startswith("text/html"):
        return False, ""
    html = r.get_data(as_text=True)
    hits.extend(f"{locale} {url}: {h}" for h in raw_values(visible_text(html), locale))
    return True, html


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("username", USERS)
def test_no_raw_values_on_any_list_show_or_own_page(app, username, locale):
    client = Client(app, username)  # its own session: the language switch stays here
    http = client.http
    assert http.get(f"/lang/{locale}").status_code == 302
    hits: list[str] = []
    checked = 0
    for view in _model_views(app):
        ok, html = _check(http, f"{view.route_base}/list/", locale, hits)
        if not ok:
            continue
        checked += 1
        for url in _show_urls(app, view, html):
            checked += _check(http, url, locale, hits)[0]
    for url in _own_pages(app):
        checked += _check(http, url, locale, hits)[0]
    print(f"{username}/{locale}: {checked} pages checked, {len(hits)} raw values")
    assert checked >= 15, checked
    assert hits == [], "\n".join(hits[:80]) + f"\n... {len(hits)} in all"
