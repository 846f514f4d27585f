"""No choice, picker, filter or metadata shows a project outside the user's scope.

A second, complete project lives in a region and gemeente of its own, with its own people;
every text it holds carries a marker (``ZQXMARK``; its addresses use the postcode 4381ZQ).
Then every GET endpoint of the URL map (screens and the API of /api/v1/_openapi: lists with
their search widgets, add and edit forms, ``_info``, detail pages) is requested as every
demo role, once with the ids of the marker project's rows and once with the ids of the
role's own rows. A role whose scope excludes the marker project must never get a marker
back; the marker project's own people (and the Beheerder and the privacy officer, who read
everything) must get them - so the walk is not vacuous.

The app and its database are this module's own: the marker project changes no other test.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal import roles
from tests.conftest import DEMO_PASSWORD, Client, own_app
from tests.test_rbac_matrix import _PARAM_VALUES, CHECKS_INSIDE, PUBLIC, expected_allowed

MARK = "ZQXMARK"
POSTCODE = "4381ZQ"  # marker addresses: a postcode no demo project uses
# Screens show an address as people write it (portal.addresses.display): "4381 ZQ 9871".
MARKERS = (MARK, POSTCODE, f"{POSTCODE[:4]} {POSTCODE[4:]}")

# Roles whose scope excludes the marker project -> (role, own project code).
OUTSIDE = {
    "projectleider": (roles.PROJECTLEIDER, "KEMPEN-HAM"),
    "projectleider2": (roles.PROJECTLEIDER, "GRN-OOST-2026"),
    "rcf": (roles.RCF, "KEMPEN-HAM"),
    "secretaris": (roles.SECRETARIS, "KEMPEN-HAM"),
    "partner-uwv": (roles.KETENPARTNER, "KEMPEN-HAM"),
    "partner-politie": (roles.KETENPARTNER, "KEMPEN-HAM"),
}
# Roles that see the marker project: the positive controls.
INSIDE = {
    "zqxmark-pl": roles.PROJECTLEIDER,  # its own projectleider
    "beheerder": roles.BEHEERDER,
    "privacy": roles.PRIVACY,
}
# Master data the marker project uses stays visible to all; it carries no marker.
MASTER = {"gemeente", "regio", "ketenpartner", "convenantartikel", "bevindingcategorie"}
# URL parameter -> the table whose row id fills it.
_PARAM_TABLE = {
    "project_id": "project",
    "casus_id": "casus",
    "control_id": "controle",
    "meeting_id": "casustafel",
    "doc_id": "document",
    "levering_id": "signaallevering",
    "rij_id": "project",
}
_PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _m(n: int) -> str:
    return f"{MARK}-{n}"


def _marker_project() -> None:
    """The marker project with children of every kind, built through the services."""
    from flask import current_app

    from models import (
        Activiteit,
        AvgPartnerrecht,
        AvgRegistratie,
        Besluit,
        BevindingCategorie,
        Document,
        Doelstelling,
        Gebruikerskoppeling,
        Gemeente,
        Ketenpartner,
        Project,
        Projectfase,
        ProjectPartner,
        Regio,
        Risico,
    )
    from portal.casework import cases, controls, followup, journal, meetings
    from portal.casework import scope as cscope
    from portal.extensions import db
    from tests import casework_fixtures as fx
    from tests import signals_fixtures as sx

    sm = current_app.appbuilder.sm
    regio = Regio(naam="Zeeland", code="ZLD")
    gemeente = Gemeente(naam="Vlissingen", regio=regio)
    db.session.add_all([regio, gemeente])
    db.session.flush()
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    people = {}
    for n, (username, role, link) in enumerate(
        [
            ("zqxmark-pl", roles.PROJECTLEIDER, {"gemeenten": [gemeente]}),
            ("zqxmark-rcf", roles.RCF, {"regio": regio}),
            ("zqxmark-ind", roles.KETENPARTNER, {"ketenpartner": kp["IND"]}),
        ]
    ):
        user = sm.add_user(
            username,
            _m(100 + n),
            _m(110 + n),
            f"{username}@marker.example",
            sm.find_role(role),
            password=DEMO_PASSWORD,
        )
        db.session.add(Gebruikerskoppeling(user_id=user.id, **link))
        people[username] = user
    texts = {
        col: _m(i)
        for i, col in enumerate(
            [
                "aanleiding",
                "probleem_leefbaarheid",
                "probleem_veiligheid",
                "werkwijze",
                "gegevensverwerking",
                "communicatie",
                "analist",
                "bestuurlijk_verantwoordelijke",
                "registratienummer",
                "evaluatie_knelpunten",
            ],
            start=10,
        )
    }
    p = Project(
        code=_m(1),
        naam=f"{_m(2)} Vlissingen-Oost",
        regio=regio,
        gemeenten=[gemeente],
        projectgebied="4381",
        initiatiefnemer="Gemeente",
        projectleider=people["zqxmark-pl"],
        rcf_adviseur=people["zqxmark-rcf"],
        fase="Uitvoering",
        begroting=Decimal("1000"),
        **texts,
    )
    p.partners = [
        ProjectPartner(ketenpartner=kp[c], belang=_m(30 + i), contactpersoon=_m(35 + i))
        for i, c in enumerate(("IND", "IB"))
    ]
    p.doelstellingen = [Doelstelling(doel=_m(40), indicator=_m(41), eenheid="panden")]
    p.activiteiten = [Activiteit(ketenpartner=kp["IND"], omschrijving=_m(42))]
    p.risicos = [Risico(risico=_m(43), beheersmaatregel=_m(44))]
    p.fasen = [
        Projectfase(
            fase="Uitvoering", gepland_start=dt.date(2026, 1, 1), gepland_eind=dt.date(2026, 12, 1)
        )
    ]
    reg = AvgRegistratie(
        verwerkingsverantwoordelijken=_m(50),
        doeleinden=_m(51),
        referentie=_m(52),
        status="Concept",
    )
    reg.rechten = [
        AvgPartnerrecht(ketenpartner=kp[c], mag_leveren=True, mag_inzien=True)
        for c in ("IND", "IB")
    ]
    p.avg_registratie = reg
    db.session.add(p)
    db.session.commit()
    pid = p.id
    # Signals through the real import, then case work on the delivered addresses.
    keys = [f"{POSTCODE}|{9871 + i}||" for i in range(2)]
    for code in ("IND", "IB"):
        sx.deliver(
            pid, code, *[f"{POSTCODE};{9871 + i};;;{_m(60)} {code};{_m(61)};" for i in (0, 1)]
        )
    ind, ib = fx.partner_id("IND"), fx.partner_id("IB")
    with cscope.acting_as_system():
        for key in keys:
            fx.select_address(pid, key)
        casus = [cases.create_case(pid, key, [ind, ib]) for key in keys]
        tafel = meetings.create_meeting(pid, dt.date(2026, 3, 2), [ind, ib], [c.id for c in casus])
        tafel.locatie, tafel.opmerkingen = _m(70), _m(71)
        for item in tafel.agenda:
            meetings.record_outcome(
                item,
                [
                    meetings.PartnerOutcome(ind, True, True),
                    meetings.PartnerOutcome(ib, True, False),
                ],
                True,
                _m(72),
                _m(73),
                _m(74),
                _m(75),
            )
        control = controls.create_control(
            pid,
            dt.date(2026, 3, 10),
            "Actieavond",
            [casus[0].id],
            [(ind, "Leiding")],
            2,
            acties_ter_plaatse=_m(76),
        )
        cat = db.session.scalars(sa.select(BevindingCategorie)).first()
        finding = controls.add_finding(control, cat.id, casus[0].id, ind, _m(77))
        followup.add_action(finding, ind, _m(78), dt.date(2099, 1, 1), people["zqxmark-ind"].id)
        journal.add_manual(casus[0], _m(79))
    db.session.add(
        Besluit(
            project_id=pid,
            orgaan="College B&W",
            onderwerp="Overig",
            datum=dt.date(2026, 1, 5),
            uitkomst="Advies",
            opmerkingen=_m(80),
            referentie=_m(81),
        )
    )
    from models import Brainstorm, IvtAanvraag  # the gates' records (issue #18 part 5)

    db.session.add(Brainstorm(project_id=pid, deelnemers=_m(90), methode=_m(91), uitkomst=_m(92)))
    db.session.add(IvtAanvraag(project_id=pid, contactpersoon=_m(93), velden=_m(94)))
    db.session.add(
        Document(
            project_id=pid,
            soort="projectplan",
            versie=1,
            bestandsnaam=f"{_m(82)}.docx",
            inhoud=b"x",
            sha256="0" * 64,
        )
    )
    db.session.commit()


def _rows_of(project_code: str) -> dict[str, int]:
    """One row id per table of a project's rows (the first), for filling URLs."""
    from models import AvgPartnerrecht, AvgRegistratie, Project
    from models.base import Model
    from portal.extensions import db

    pid = db.session.scalar(sa.select(Project.id).where(Project.code == project_code))
    out = {"project": pid}
    for mapper in Model.registry.mappers:
        model = mapper.class_
        table = getattr(model, "__tablename__", None)
        if table in out or "id" not in model.__table__.c:
            continue
        if model is AvgPartnerrecht:
            q = sa.select(model.id).join(AvgRegistratie).where(AvgRegistratie.project_id == pid)
        elif "project_id" in model.__table__.c:
            q = sa.select(model.id).where(model.project_id == pid)
        else:
            continue
        found = db.session.scalar(q.order_by(model.id).limit(1))
        if found is not None:
            out[table] = found
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with own_app(tmp_path_factory.mktemp("markerdb"), WTF_CSRF_ENABLED=False) as app:
        with app.app_context():
            _marker_project()
            rows = {code: _rows_of(code) for code in ("KEMPEN-HAM", "GRN-OOST-2026", _m(1))}
        yield app, rows


def _table_of(rule, view_function, param: str) -> str | None:
    if param == "pk":
        datamodel = getattr(view_function.__self__, "datamodel", None)
        return datamodel.obj.__tablename__ if datamodel is not None else None
    return _PARAM_TABLE.get(param)


def _fill(rule, view_function, rows: dict[str, int]) -> str | None:
    """The rule's URL with its ids taken from ``rows``; None when a needed row is absent."""
    missing = []

    def fill(m):
        name = m.group(2)
        if name in _PARAM_VALUES:
            return _PARAM_VALUES[name]
        if name == "tabel":
            return "project"
        if name == "soort":
            return "agenda"
        table = _table_of(rule, view_function, name)
        if table is None or table not in rows:
            missing.append(name)
            return "0"
        return str(rows[table])

    url = _PARAM.sub(fill, rule.rule)
    return None if missing else url


def _add_filter(view_function, rows: dict[str, int]) -> str:
    """The add form of a project part is opened from its project (or AVG registration)."""
    related = getattr(view_function.__self__, "related_column", None)
    if related is None:
        return ""
    table = "avg_registratie" if related == "avg_registratie" else "project"
    return f"?_flt_0_{related}={rows.get(table, 0)}"


# The role's own rows matter where choices are offered (forms, lists, _info, feature pages);
# a plain record view or a download of one's own row offers none.
_OWN_SKIP = (".show", ".get", "download", "export", "fouten", "meeting_document")


def _requests(app, role: str, marker: dict[str, int], own: dict[str, int] | None = None):
    """(endpoint, url) of every GET endpoint this role may call, filled with the marker
    project's row ids and (where choices are offered) with the role's own."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in PUBLIC:
            continue
        if CHECKS_INSIDE.match(rule.endpoint) or rule.endpoint.endswith(("static", ".delete")):
            continue  # a GET on delete would delete (and shows nothing)
        vf = app.view_functions[rule.endpoint]
        view = getattr(vf, "__self__", None)
        if not hasattr(view, "base_permissions") or not expected_allowed(role, vf):
            continue  # refused by the permission check before anything is read
        if view.__module__.startswith("flask_appbuilder"):
            continue  # FAB's own screens (users, roles, one's own account): no project data
        if rule.endpoint.endswith("download_pdf"):
            continue  # a LibreOffice conversion; the docx download covers the same check
        parametrised = "<" in rule.rule or rule.endpoint.endswith(".add")
        sets = [marker]
        if own is not None and parametrised and not rule.endpoint.endswith(_OWN_SKIP):
            sets.append(own)
        for rows in sets:
            url = _fill(rule, vf, rows)
            if url is None:
                continue
            if rule.endpoint.endswith(".add"):
                url += _add_filter(vf, rows)
            yield rule.endpoint, url
        datamodel = getattr(view, "datamodel", None)
        if rule.endpoint.endswith(".list") and datamodel and datamodel.is_relation("project"):
            # The list filtered on the marker project: the search widget shows that value.
            yield rule.endpoint, f"{rule.rule}?_flt_0_project={marker['project']}"


def _walk(app, username: str, role: str, marker: dict, own: dict | None = None, only=None):
    """{url: (endpoint, status, markers seen)} of the requests that showed a marker, the
    requests answered with a 5xx, and how many requests were sent."""
    client = Client(app, username)
    seen, errors, count = {}, [], 0
    for endpoint, url in _requests(app, role, marker, own):
        if only is not None and not endpoint.endswith(only):
            continue
        r = client.api("GET", url) if url.startswith("/api/") else client.get(url)
        count += 1
        if r.status_code >= 500:
            errors.append(f"{url} -> {r.status_code}")
        body = r.get_data().decode("utf-8", "replace")  # downloads are bytes
        found = sorted({m for m in MARKERS if m in body})
        if found:
            seen[url] = (endpoint, r.status_code, found)
    return seen, errors, count


@pytest.mark.parametrize("username", list(OUTSIDE))
def test_no_marker_reaches_a_role_outside_the_project(world, username):
    app, rows = world
    role, own = OUTSIDE[username]
    seen, errors, count = _walk(app, username, role, rows[_m(1)], rows[own])
    assert count > 40, count
    assert errors == []
    assert seen == {}, "the marker project leaks to " + username


def _info_endpoints_with_project_choices(app, role: str) -> set[str]:
    """The ``_info`` endpoints this role may call whose add/edit choices come from project
    rows or people (not only from master data)."""
    out = set()
    with app.app_context():
        for view in app.appbuilder.baseviews:
            if not hasattr(view, "add_model_schema") or view.datamodel is None:
                continue
            endpoint = f"{type(view).__name__}.info"
            if not expected_allowed(role, app.view_functions[endpoint]):
                continue
            related = {
                view.datamodel.get_related_model(c).__tablename__
                for c in {*view.add_columns, *view.edit_columns}
                if view.datamodel.is_relation(c)
            }
            # A case's partners and a control's team show only partner names (master data).
            if related - MASTER - {"casus_partner", "controle_teamlid"}:
                out.add(endpoint)
    return out


@pytest.mark.parametrize("username", list(INSIDE))
def test_markers_reach_the_project_people(world, username):
    """Positive control: the same walk shows the markers to those who may see the project -
    in every _info with project choices, and in the pickers of forms and search widgets. The
    Beheerder and the privacy officer read everything: their walk is kept to _info."""
    app, rows = world
    role = INSIDE[username]
    full = username == "zqxmark-pl"
    seen, errors, count = _walk(app, username, role, rows[_m(1)], only=None if full else ".info")
    assert errors == []
    endpoints = {endpoint for endpoint, _status, _found in seen.values()}
    assert _info_endpoints_with_project_choices(app, role) - endpoints == set()
    if full:
        assert len(seen) > 40, (count, sorted(seen))
        # Pickers: the project in a search widget, a form's project and document choices.
        for endpoint in ("ProjectfaseView.list", "RisicoView.add", "BesluitView.add"):
            assert endpoint in endpoints, endpoint
