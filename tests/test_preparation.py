"""The preparation phase (issue #18 parts 2, 3, 8): the uitvraag plan and its 8-week rules,
the O&A intake required for the projectvoorstel, theme projects (completeness without
postcodes, the signal scope of their gemeenten, results per theme), rights and bad input."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from docx import Document as Docx

from portal import access, roles

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
D = dt.date


def _text(data: bytes) -> str:
    doc = Docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _project(app, **values) -> int:
    """A project of the demo projectleider's gemeente Oirschot (he may edit it)."""
    from models import Gemeente, Project, Regio
    from portal.extensions import db

    with app.app_context():
        p = Project(
            code=f"PREP-{uuid.uuid4().hex[:6]}",
            naam="Uitvraagplan-test",
            regio=db.session.scalar(sa.select(Regio).where(Regio.code == "ZOB")),
            gemeenten=[db.session.scalar(sa.select(Gemeente).where(Gemeente.naam == "Oirschot"))],
            fase="Verkenning",
            **values,
        )
        db.session.add(p)
        db.session.commit()
        return p.id


def _item(pid: int, **values):
    from models import Uitvraagitem
    from models.uitvraagitem import LANDELIJK, VIA_DATAMANAGER
    from portal.extensions import db

    item = Uitvraagitem(
        project_id=pid,
        **{"bron_soort": LANDELIJK, "bron": "UWV", "leveringsroute": VIA_DATAMANAGER, **values},
    )
    db.session.add(item)
    db.session.commit()
    return item


# --- the 8-week rules --------------------------------------------------------------------


def test_meeting_and_national_request_deadlines_are_exact(app):
    from models import Project
    from models.uitvraagitem import GEMEENTELIJK, VERVALLEN, VIA_SYSTEEMBEHEERDER
    from portal import deadlines
    from portal.extensions import db

    pid = _project(app, datum_start_analyse=D(2026, 7, 1))
    with app.app_context():
        p = db.session.get(Project, pid)

        def of(today):
            return [d for d in deadlines.for_project(p, today)]

        items = {d.soort: d for d in of(D(2026, 6, 1))}
        # Meeting: at least 8 weeks before the analysis starts (1 July -> 6 May).
        assert items["bijeenkomst"].datum == D(2026, 5, 6)
        assert items["bijeenkomst"].status == deadlines.OVERDUE
        # Without agreed deliveries: the national request counts from the start as well.
        assert items["uitvraag"].datum == D(2026, 5, 6)
        assert "8 weken" in items["uitvraag"].regel

        p.datum_bijeenkomst_systeembeheerders = D(2026, 5, 7)  # one day late
        db.session.commit()
        assert {d.soort: d for d in of(D(2026, 6, 1))}["bijeenkomst"].status == (deadlines.OVERDUE)
        p.datum_bijeenkomst_systeembeheerders = D(2026, 5, 6)  # on the last day
        db.session.commit()
        assert {d.soort: d for d in of(D(2026, 6, 1))}["bijeenkomst"].status == deadlines.DONE

        national = _item(pid, afgesproken_levering=D(2026, 9, 1))
        _item(
            pid,
            bron_soort=GEMEENTELIJK,
            bron="BRP",
            leveringsroute=VIA_SYSTEEMBEHEERDER,
            afgesproken_levering=D(2026, 8, 3),
        )
        _item(pid, bron="SVB", afgesproken_levering=D(2026, 8, 1), status=VERVALLEN)
        found = of(D(2026, 6, 1))
        requests = [d for d in found if d.soort == "uitvraag"]
        # The item's own rule replaces the fallback: 1 September - 8 weeks = 7 July.
        assert [(d.omschrijving, d.datum) for d in requests] == [
            ("Landelijke uitvraag: UWV", D(2026, 7, 7))
        ]
        assert requests[0].status == deadlines.OPEN
        deliveries = sorted((d.datum, d.omschrijving) for d in found if d.soort == "levering")
        assert deliveries == [
            (D(2026, 8, 3), "Levering van gegevens: BRP"),
            (D(2026, 9, 1), "Levering van gegevens: UWV"),
        ]  # the cancelled SVB set has no deadlines
        national.uitgevraagd_op = D(2026, 7, 8)  # a day too late stays late
        db.session.commit()
        late = next(d for d in of(D(2026, 7, 10)) if d.soort == "uitvraag")
        assert late.status == deadlines.OVERDUE
        national.uitgevraagd_op = D(2026, 7, 7)
        db.session.commit()
        assert next(d for d in of(D(2026, 7, 10)) if d.soort == "uitvraag").status == (
            deadlines.DONE
        )


def test_the_rule_lives_in_one_place():
    from portal.preparation import uitvraag

    assert uitvraag.WEKEN_VOORAF == 8
    assert uitvraag.national_request_deadline(D(2026, 3, 2)) == D(2026, 1, 5)
    assert uitvraag.meeting_deadline(D(2026, 3, 2)) == D(2026, 1, 5)
    source = open("portal/deadlines.py", encoding="utf-8").read()
    assert "weeks=8" not in source


def test_demo_plan_shows_one_late_national_request(app):
    from models import Project
    from portal import deadlines
    from portal.extensions import db

    with app.app_context():
        p = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        found = deadlines.for_project(p, D(2026, 12, 1))
        late = [d for d in found if d.status == deadlines.OVERDUE and d.soort == "uitvraag"]
        assert [d.omschrijving for d in late] == ["Landelijke uitvraag: Belastingdienst"]
        assert late[0].datum == D(2018, 9, 6)
        kinds = {i.bron_soort for i in p.uitvraag}
        assert kinds == {"Landelijk", "Gemeentelijk", "Extern"}
        assert len(p.uitvraag) >= 9


# --- documents ---------------------------------------------------------------------------


def test_projectplan_prints_the_plan_with_its_dates(app):
    from models import Project
    from portal.documents import service
    from portal.extensions import db

    with app.app_context():
        pid = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        text = _text(service.generate(pid, "projectplan", None, ADMIN).inhoud)
    assert "Uitvraagplan per bron" in text
    assert "Landelijk: Belastingdienst" in text and "Liaison Belastingdienst" in text
    # Agreed delivery, the computed last day of the request, and the request itself.
    assert "1 november 2018" in text
    assert "uiterlijk 6 september 2018; gedaan 20 september 2018" in text
    assert "Gemeentelijk: BRP" in text and "Extern: Woningcorporatie" in text
    assert (
        "Bijeenkomst met de systeembeheerders van de gemeentelijke bronnen: 4 september 2018"
        in (text)
    )
    assert "Start van de analyse: 1 november 2018" in text


def test_projectplan_without_plan_says_so(app):
    from portal.documents import service
    from portal.extensions import db

    pid = _project(app)
    with app.app_context():
        text = _text(service.generate(pid, "projectplan", None, ADMIN).inhoud)
        db.session.rollback()
    assert "Er is nog geen uitvraagplan" in text
    assert (
        "Start van de analyse: nog niet gepland." in text
        and "[nog in te vullen: geplande" not in text
    )


def test_intake_is_required_for_a_complete_projectvoorstel(app):
    from models import OaIntake, Project
    from portal.documents import completeness, service
    from portal.extensions import db

    pid = _project(app)
    with app.app_context():
        p = db.session.get(Project, pid)
        labels = [m.label for m in completeness.missing(p, "projectvoorstel")]
        assert "Intake Onderzoek & Analyse" in labels
        where = next(m for m in completeness.missing(p, "projectvoorstel") if "Intake" in m.label)
        assert where.endpoint == "OaIntakeView.add" and where.args["_flt_0_project"] == pid
        p.oa_intake = OaIntake(analist_uren=40, tijdpad="Q3", aard_omvang="Groot")
        db.session.commit()
        where = next(m for m in completeness.missing(p, "projectvoorstel") if "Intake" in m.label)
        assert where.endpoint == "OaIntakeView.edit" and where.args["_anchor"] == "indicatoren"
        p.oa_intake.indicatoren = "Overbewoning"
        p.oa_intake.bronnen = "BRP"
        p.oa_intake.planning_analist = "8 uur per week"
        db.session.commit()
        labels = [m.label for m in completeness.missing(p, "projectvoorstel")]
        assert "Intake Onderzoek & Analyse" not in labels
        # Other documents do not ask for it.
        assert all("Intake" not in m.label for m in completeness.missing(p, "projectplan"))
        kempen = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        text = _text(service.generate(kempen, "projectvoorstel", None, ADMIN).inhoud)
    assert "Capaciteit analyse | 320 uur" in text
    assert "Datum intake | 10 juli 2018" in text
    assert "Bronnen voor de analyse | BRP, WOZ" in text
    # The intake report is the project's "Intakerapport" attachment (portal.attachments).
    assert "bijlage Intakerapport O&A" in text


# --- theme projects ----------------------------------------------------------------------


def test_theme_project_is_complete_without_postcodes(app):
    from models import Project
    from models.thema import THEMAGERICHT
    from portal.documents import completeness
    from portal.documents.context import build_context, load_project
    from portal.extensions import db

    area = _project(app)
    theme = _project(app, gericht_op=THEMAGERICHT)
    with app.app_context():
        for soort in ("projectvoorstel", "projectplan", "eindrapportage"):
            assert "Projectgebied (postcodes)" in [
                m.label for m in completeness.missing(db.session.get(Project, area), soort)
            ]
            assert "Projectgebied (postcodes)" not in [
                m.label for m in completeness.missing(db.session.get(Project, theme), soort)
            ]
        ctx = build_context(load_project(theme), "projectplan", 1)
        assert "nog in te vullen" not in ctx["project"]["projectgebied"]
        assert "thema of fenomeen" in ctx["project"]["projectgebied"]


def test_signals_of_a_theme_project_lie_in_its_gemeenten(app):
    from models import Gemeente, Project
    from portal.extensions import db
    from portal.postcodes import in_area
    from portal.preparation.themes import signal_area
    from portal.signals import importer

    with app.app_context():
        taxi = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-TAXI"))
        assert taxi.projectgebied is None and {g.naam for g in taxi.gemeenten} == {
            "Oirschot",
            "Reusel-De Mierden",
        }
        area, text = signal_area(taxi)
        assert in_area("5688AB", area) and in_area("5092AC", area)  # Oirschot
        assert in_area("5541XY", area)  # Reusel-De Mierden
        assert not in_area("5501AA", area)  # Veldhoven: a Kempen gemeente, not in the project
        assert not in_area("9711AA", area)
        assert "Oirschot" in text
        # The delivery's row rules use it (portal.signals.importer).
        rules = importer._rules(SimpleNamespace(project_id=taxi.id, ketenpartner_id=None))
        assert rules.area == area
        # An area project keeps its own project area.
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        assert signal_area(kempen)[1] == kempen.projectgebied
        # A gemeente without recorded postcodes: no address is in scope (not everything).
        bare = Gemeente(naam=f"Zonder postcodes {uuid.uuid4().hex[:4]}", regio=kempen.regio)
        db.session.add(bare)
        db.session.flush()
        p = Project(
            code=f"PREP-{uuid.uuid4().hex[:6]}",
            naam="Thema zonder postcodes",
            regio=kempen.regio,
            gemeenten=[bare],
            gericht_op="Thema of fenomeen",
        )
        db.session.add(p)
        db.session.flush()
        area, text = signal_area(p)
        assert not any(in_area(pc, area) for pc in ("1011AB", "5688AB", "9999ZZ"))
        assert "geen postcodes vastgelegd" in text and bare.naam in text
        db.session.rollback()


def test_signal_row_outside_the_theme_scope_is_refused(app):
    from models import Project
    from portal.extensions import db
    from portal.signals import importer
    from portal.signals.reader import Row

    with app.app_context():
        taxi = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-TAXI"))
        rules = importer._rules(SimpleNamespace(project_id=taxi.id, ketenpartner_id=None))

        def row(postcode):
            values = {"postcode": postcode, "huisnummer": "5", "risico": "Onderbetaling"}
            return Row(2, values, {})

        assert rules.check(row("5688 AB")).ok
        refused = rules.check(row("5501 AA"))
        assert not refused.ok and "buiten het projectgebied" in " ".join(refused.errors)


def test_themes_are_references_and_results_are_grouped_by_theme(app, login):
    from models import Project, Thema
    from portal.extensions import db

    with app.app_context():
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        assert all(isinstance(t, Thema) for t in kempen.themas)
        assert kempen.lsi_jaarthema.naam == "Arbeidsmigratie"
        assert kempen.lsi_jaarthema.jaarthema_jaar == 2018
    page = login("rcf").get("/themaresultaten/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Huisvesting arbeidsmigranten" in body and "KEMPEN-HAM" in body
    assert "Taxibranche" in body and "KEMPEN-TAXI" in body
    # The Groningen projectleider sees no Kempen project under any theme.
    other = login("projectleider2").get("/themaresultaten/").get_data(as_text=True)
    assert "KEMPEN-HAM" not in other


def test_year_theme_must_be_a_year_theme(app):
    from models import Project, Thema
    from portal import rules
    from portal.extensions import db

    with app.app_context():
        taxi = db.session.scalar(sa.select(Thema).where(Thema.naam == "Taxibranche"))
        errors = rules.check(Project, {"lsi_jaarthema": taxi})
        assert "geen LSI-jaarthema" in errors["lsi_jaarthema"][0]
        year = db.session.scalar(sa.select(Thema).where(Thema.naam == "Arbeidsmigratie"))
        assert "lsi_jaarthema" not in rules.check(Project, {"lsi_jaarthema": year})


def test_migration_turns_free_text_into_references(tmp_path_factory):
    """Revision 0017 makes a theme of every distinct name and moves intake_oa."""
    from flask_migrate import upgrade

    from portal import create_app
    from tests.conftest import _fresh_database

    url, drop = _fresh_database(tmp_path_factory.mktemp("prep-migration"))
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            from portal.extensions import db

            upgrade(revision="0016")
            with db.engine.begin() as conn:
                conn.execute(sa.text("INSERT INTO regio (id, naam, code) VALUES (1, 'R', 'R')"))
                conn.execute(
                    sa.text(
                        "INSERT INTO project (id, code, naam, regio_id, themas, lsi_jaarthema, "
                        "intake_oa, fase, aangemaakt_op, gewijzigd_op) VALUES (1, 'X', 'X', 1, "
                        "'Adresfraude; taxibranche, Nieuw thema', 'Arbeidsmigratie', "
                        "'Verslag 3 mei', 'Initiatief', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    )
                )
            upgrade()
            with db.engine.connect() as conn:
                names = conn.execute(
                    sa.text(
                        "SELECT t.naam FROM project_thema pt JOIN thema t ON t.id = pt.thema_id "
                        "WHERE pt.project_id = 1 ORDER BY t.naam"
                    )
                ).scalars()
                assert list(names) == ["Adresfraude", "Nieuw thema", "Taxibranche"]
                year = conn.execute(
                    sa.text(
                        "SELECT t.naam FROM project p JOIN thema t ON t.id = p.lsi_jaarthema_id"
                    )
                ).scalar_one()
                assert year == "Arbeidsmigratie"
                assert (
                    conn.execute(
                        sa.text("SELECT samenvatting FROM oa_intake WHERE project_id = 1")
                    ).scalar_one()
                    == "Verslag 3 mei"
                )
                assert (
                    conn.execute(
                        sa.text("SELECT gericht_op FROM project WHERE id = 1")
                    ).scalar_one()
                    == "Gebied"
                )
            db.engine.dispose()
    finally:
        drop()


# --- rights and input --------------------------------------------------------------------


def _body(pid: int, **values) -> dict:
    return {
        "project": pid,
        "bron_soort": "Landelijk",
        "bron": "UWV",
        "leveringsroute": "Datamanager Inlichtingenbureau",
        "status": "Te doen",
        "afgesproken_levering": "2026-09-01",
        **values,
    }


def test_staff_edit_the_plan_partners_see_nothing(app, login, ids):
    pid = _project(app)
    pl = login("projectleider")
    r = pl.api("POST", "/api/v1/uitvraagitem/", json=_body(pid))
    assert r.status_code == 201, r.json
    item = r.json["id"]
    assert login("rcf").api("GET", f"/api/v1/uitvraagitem/{item}").status_code == 200
    r = login("rcf").api(
        "POST", "/api/v1/oa_intake/", json={"project": pid, "analist_uren": 80, "tijdpad": "Q4"}
    )
    assert r.status_code == 201, r.json
    # A partner has no right to project content at all, on screen or API.
    partner = login("partner-uwv")
    assert partner.api("GET", "/api/v1/uitvraagitem/").status_code in (401, 403)
    assert partner.api("GET", f"/api/v1/uitvraagitem/{item}").status_code in (401, 403)
    assert partner.get(f"/uitvraagitemview/show/{item}").status_code in (302, 403)
    kempen = ids.project("KEMPEN-HAM")
    page = partner.get(f"/partnerproject/show/{kempen}").get_data(as_text=True)
    assert "preparation-panel" not in page and "Belastingdienst" not in page
    # The privacy officer reads, but does not write.
    privacy = login("privacy")
    assert privacy.api("GET", f"/api/v1/uitvraagitem/{item}").status_code == 200
    assert privacy.api("POST", "/api/v1/uitvraagitem/", json=_body(pid)).status_code == 403
    # Another gemeente's projectleider does not find it.
    assert login("projectleider2").api("GET", f"/api/v1/uitvraagitem/{item}").status_code == 404
    assert login("projectleider2").api(
        "POST", "/api/v1/uitvraagitem/", json=_body(pid)
    ).status_code in (404, 422)
    # The project page shows the plan to the staff.
    page = pl.get(f"/projectview/show/{pid}").get_data(as_text=True)
    assert "preparation-panel" in page and "UWV" in page and "1 september 2026" in page


def test_beheerder_manages_the_theme_list(app, login):
    name = f"Thema {uuid.uuid4().hex[:6]}"
    assert (
        login("projectleider").api("POST", "/api/v1/thema/", json={"naam": name}).status_code == 403
    )
    assert login("projectleider").api("GET", "/api/v1/thema/").status_code == 200
    r = login("beheerder").api(
        "POST", "/api/v1/thema/", json={"naam": name, "soort": "Fenomeen", "jaarthema_jaar": 2026}
    )
    assert r.status_code == 201, r.json
    assert login("beheerder").get("/themaview/list/").status_code == 200
    assert name in login("beheerder").get("/themaview/list/").get_data(as_text=True)
    # Themes are switched off, never deleted.
    assert login("beheerder").api("DELETE", f"/api/v1/thema/{r.json['id']}").status_code in (
        403,
        404,
        405,
    )


@pytest.mark.parametrize(
    "values, field, words",
    [
        ({"leveringsroute": "Via gemeentelijk projectleider"}, "leveringsroute", "past niet"),
        (
            {"bron": "Belastingdienst", "leveringsroute": "Datamanager Inlichtingenbureau"},
            "leveringsroute",
            "liaison",
        ),
        ({"status": "Geleverd"}, "geleverd_op", "geleverd"),
        (
            {"uitgevraagd_op": "2026-06-01", "geleverd_op": "2026-05-01"},
            "geleverd_op",
            "vóór de uitvraag",
        ),
        ({"bron_soort": "Onbekend"}, "bron_soort", ""),
    ],
)
def test_bad_uitvraag_input_is_a_dutch_422(app, login, values, field, words):
    pid = _project(app)
    r = login("projectleider").api("POST", "/api/v1/uitvraagitem/", json=_body(pid, **values))
    assert r.status_code == 422, r.json
    messages = " ".join(r.json["errors"][field])
    assert words in messages


def test_bad_intake_and_theme_input(app, login):
    pid = _project(app)
    r = login("projectleider").api(
        "POST", "/api/v1/oa_intake/", json={"project": pid, "analist_uren": -5}
    )
    assert r.status_code == 422 and "0 of hoger" in " ".join(r.json["errors"]["analist_uren"])
    r = login("beheerder").api(
        "POST", "/api/v1/thema/", json={"naam": f"T {uuid.uuid4().hex[:5]}", "jaarthema_jaar": 1800}
    )
    assert r.status_code == 422 and "jaartal" in " ".join(r.json["errors"]["jaarthema_jaar"])
    # A second intake for the same project is refused, not a 500.
    assert (
        login("projectleider").api("POST", "/api/v1/oa_intake/", json={"project": pid}).status_code
        == 201
    )
    again = login("projectleider").api("POST", "/api/v1/oa_intake/", json={"project": pid})
    assert 400 <= again.status_code < 500


def test_gemeente_postcodes_are_checked(app):
    from models import Gemeente
    from portal import rules

    with app.app_context():
        errors = rules.check(Gemeente, {"postcodegebied": "5091-50x4"})
        assert "postcodegebied" in errors and "geen geldig" in errors["postcodegebied"][0]
        assert rules.check(Gemeente, {"postcodegebied": "5091-5094, 5527 AB"}) == {}


def test_demo_is_idempotent(app):
    from flask import current_app

    from models import OaIntake, Project, Thema, Uitvraagitem
    from portal.extensions import db
    from portal.preparation import demo

    def counts():
        return [
            db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (Thema, Uitvraagitem, OaIntake, Project)
        ]

    with app.app_context():
        before = counts()
        sm = current_app.appbuilder.sm
        users = {n: sm.find_user(username=n) for n in ("projectleider", "rcf")}
        demo.load(users)
        db.session.commit()
        assert counts() == before


def test_the_late_request_is_on_the_rcf_dashboard(login):
    html = login("rcf").get("/").get_data(as_text=True)
    assert "Landelijke uitvraag: Belastingdienst" in html
    assert "Uiterlijk 8 weken vóór de afgesproken levering (1 november 2018)." in html
