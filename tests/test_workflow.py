"""Phase gates, decisions by the right people, the LSI queue and deadline arithmetic."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import uuid

import pytest
import sqlalchemy as sa

from models import (
    AvgRegistratie,
    Besluit,
    Brainstorm,
    Document,
    Fasetransitie,
    IvtAanvraag,
    Project,
    Projectfase,
)
from portal import access, deadlines, roles, workflow
from portal.casework.scope import SYSTEM
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
D0 = dt.date(2026, 1, 5)
_counter = itertools.count(1)


def _project(app, fase: str) -> int:
    with app.app_context():
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        p = Project(
            code=f"WF-{uuid.uuid4().hex[:8]}",
            naam="Workflow-test",
            regio_id=kempen.regio_id,
            gemeenten=list(kempen.gemeenten),
            fase=fase,
        )
        db.session.add(p)
        db.session.commit()
        return p.id


def _doc(project_id: int, soort: str, status: str = "Concept") -> Document:
    versie = (
        db.session.scalar(
            sa.select(sa.func.max(Document.versie)).where(
                Document.project_id == project_id, Document.soort == soort
            )
        )
        or 0
    ) + 1
    body = f"{soort}-{versie}-{next(_counter)}".encode()
    doc = Document(
        project_id=project_id,
        soort=soort,
        versie=versie,
        status=status,
        bestandsnaam=f"{soort}-v{versie}.docx",
        inhoud=body,
        sha256=hashlib.sha256(body).hexdigest(),
        ingediend_op=dt.datetime(2026, 1, 1) if status != "Concept" else None,
    )
    db.session.add(doc)
    db.session.flush()
    return doc


def _decide(
    doc: Document,
    orgaan: str,
    uitkomst: str = "Akkoord",
    day: int = 0,
    corrigeert: Besluit | None = None,
) -> Besluit:
    onderwerp = doc.soort.capitalize()
    b = Besluit(
        project_id=doc.project_id,
        orgaan=orgaan,
        onderwerp=onderwerp,
        datum=D0 + dt.timedelta(days=day),
        uitkomst=uitkomst,
        document_id=doc.id,
        corrigeert_id=corrigeert.id if corrigeert else None,
    )
    db.session.add(b)
    db.session.flush()
    return b


# Each prerequisite is a function that makes it true for the project.
def _brainstorm(pid):
    db.session.add(
        Brainstorm(
            project_id=pid,
            datum=D0 - dt.timedelta(days=30),
            deelnemers="Gemeente, UWV, politie",
            methode="Zes denkhoeden",
            uitkomst="Overbewoning en brandgevaar",
        )
    )


def _probleemdefinitie(pid):
    p = db.session.get(Project, pid)
    p.probleem_leefbaarheid, p.probleem_veiligheid = "Overbewoning", "Brandgevaar"
    b = db.session.scalar(sa.select(Brainstorm).where(Brainstorm.project_id == pid))
    if b is None:  # the brainstorm itself is skipped in this case
        b = Brainstorm(project_id=pid)
        db.session.add(b)
    b.teruggekoppeld_op = D0 - dt.timedelta(days=20)


def _go(pid):
    # Written directly: the rule that a GO needs its preconditions has its own test.
    db.session.add(
        Besluit(
            project_id=pid,
            orgaan="Projectgroep",
            onderwerp="Probleemdefinitie",
            datum=D0 - dt.timedelta(days=10),
            uitkomst="Akkoord",
        )
    )


def _ivt(pid):
    db.session.add(IvtAanvraag(project_id=pid, status="Ingericht", ingericht_op=D0, contact_op=D0))


def _problem_defined(pid):
    """The Verkenning's records and GO before the document routes (seed 001 §2.4)."""
    _brainstorm(pid)
    _probleemdefinitie(pid)
    _go(pid)


def _college(pid):
    _decide(_doc(pid, "collegebesluit"), "College B&W", day=0)


def _pv_rpf(pid):
    _decide(_doc(pid, "projectvoorstel", "Ingediend bij RPF"), "RPF", day=1)


def _pv_lsi(pid):
    doc = workflow.latest_document(pid, "projectvoorstel") or _doc(pid, "projectvoorstel")
    doc.status = "Ingediend bij LSI"
    _decide(doc, "LSI", day=2)


def _avg(pid):
    db.session.add(AvgRegistratie(project_id=pid, status="Geregistreerd", referentie="AVG-1"))


def _pp_rpf(pid):
    _decide(_doc(pid, "projectplan", "Ingediend bij RPF"), "RPF", day=1)


def _pp_lsi(pid):
    doc = workflow.latest_document(pid, "projectplan") or _doc(pid, "projectplan")
    doc.status = "Ingediend bij LSI"
    _decide(doc, "LSI", day=2)


def _er_rpf(pid):
    _decide(_doc(pid, "eindrapportage", "Ingediend bij RPF"), "RPF", day=1)


def _er_vbg(pid):
    doc = workflow.latest_document(pid, "eindrapportage") or _doc(pid, "eindrapportage")
    doc.status = "Ingediend bij LSI"
    _decide(doc, "Voorbereidingsgroep LSI", "Advies", day=2)


def _er_lsi(pid):
    doc = workflow.latest_document(pid, "eindrapportage") or _doc(pid, "eindrapportage")
    doc.status = "Ingediend bij LSI"
    _decide(doc, "LSI", day=3)


GATES = {
    ("Verkenning", "Voorbereiding"): [
        ("brainstorm", _brainstorm),
        ("probleemdefinitie", _probleemdefinitie),
        ("go", _go),
        ("college", _college),
        ("pv_rpf", _pv_rpf),
        ("pv_lsi", _pv_lsi),
    ],
    ("Voorbereiding", "Uitvoering"): [
        ("avg", _avg),
        ("ivt", _ivt),
        ("pp_rpf", _pp_rpf),
        ("pp_lsi", _pp_lsi),
    ],
    ("Afronding", "Afgesloten"): [("er_rpf", _er_rpf), ("er_vbg", _er_vbg), ("er_lsi", _er_lsi)],
}
CASES = [
    (van, naar, skipped)
    for (van, naar), prereqs in GATES.items()
    for skipped in [None, *[name for name, _ in prereqs]]
]


@pytest.mark.parametrize(
    ("van", "naar", "skipped"),
    CASES,
    ids=[f"{v}->{n}-without-{s or 'nothing'}" for v, n, s in CASES],
)
def test_gate_table(app, van, naar, skipped):
    pid = _project(app, van)
    with app.app_context():
        for name, make in GATES[(van, naar)]:
            if name != skipped:
                make(pid)
        db.session.commit()
        project = db.session.get(Project, pid)
        g = workflow.gate(project, naar)
        if skipped is None:
            assert g.open, [r.label for r in g.missing]
            workflow.transition(project, naar, None, scope=ADMIN, today=dt.date(2026, 2, 1))
            assert db.session.get(Project, pid).fase == naar
        else:
            assert not g.open
            assert len(g.missing) >= 1
            with pytest.raises(workflow.GateClosed) as exc:
                workflow.transition(project, naar, None, scope=ADMIN)
            db.session.rollback()
            assert db.session.get(Project, pid).fase == van
            assert exc.value.gate.missing


@pytest.mark.parametrize("van,naar", [("Initiatief", "Verkenning"), ("Uitvoering", "Afronding")])
def test_ungated_steps_and_phase_dates(app, van, naar):
    pid = _project(app, van)
    with app.app_context():
        project = db.session.get(Project, pid)
        workflow.transition(project, naar, None, scope=ADMIN, today=dt.date(2026, 3, 1))
        steps = db.session.scalars(
            sa.select(Fasetransitie).where(Fasetransitie.project_id == pid)
        ).all()
        assert [(s.van, s.naar) for s in steps] == [(van, naar)]
        rows = {
            f.fase: f
            for f in db.session.scalars(sa.select(Projectfase).where(Projectfase.project_id == pid))
        }
        assert rows[naar].werkelijk_start == dt.date(2026, 3, 1)
        assert rows[van].werkelijk_eind == dt.date(2026, 3, 1)


def test_no_skipping_and_no_going_back(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        project = db.session.get(Project, pid)
        for target in ("Uitvoering", "Initiatief", "Afgesloten"):
            with pytest.raises(workflow.RuleViolation):
                workflow.transition(project, target, None, scope=ADMIN)


def test_stop_needs_a_reason_and_is_final(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        project = db.session.get(Project, pid)
        with pytest.raises(workflow.RuleViolation):
            workflow.transition(project, "Gestopt", None, "  ", scope=ADMIN)
        doc = _doc(pid, "projectvoorstel", "Ingediend bij RPF")
        _decide(doc, "RPF", "Afgewezen")
        db.session.commit()
        assert workflow.stop_suggested(project) is not None
        workflow.transition(project, "Gestopt", None, "RPF wees het voorstel af", scope=ADMIN)
        assert project.fase == "Gestopt"
        assert workflow.allowed_targets(project) == []


def test_decision_on_old_version_does_not_open_gate(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        _problem_defined(pid)
        _college(pid)
        _pv_rpf(pid)
        _pv_lsi(pid)
        db.session.commit()
        project = db.session.get(Project, pid)
        assert workflow.gate(project, "Voorbereiding").open
        _doc(pid, "projectvoorstel")  # a newer version after the akkoord
        db.session.commit()
        g = workflow.gate(project, "Voorbereiding")
        assert not g.open
        assert any("nieuw besluit" in r.hint for r in g.missing)


def test_aangehouden_keeps_gate_closed_and_lsi_must_follow_rpf(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        _problem_defined(pid)
        _college(pid)
        doc = _doc(pid, "projectvoorstel", "Ingediend bij LSI")
        _decide(doc, "RPF", day=5)
        _decide(doc, "LSI", "Aangehouden", day=6)
        db.session.commit()
        project = db.session.get(Project, pid)
        assert not workflow.gate(project, "Voorbereiding").open
        _decide(doc, "LSI", "Akkoord", day=4)  # before the RPF: does not count as "then"
        db.session.commit()
        g = workflow.gate(project, "Voorbereiding")
        assert not g.open
        _decide(doc, "LSI", "Akkoord", day=7)
        db.session.commit()
        assert workflow.gate(project, "Voorbereiding").open


def test_correction_replaces_the_corrected_decision(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        _problem_defined(pid)
        _pv_rpf(pid)
        _pv_lsi(pid)
        wrong = _decide(_doc(pid, "collegebesluit"), "College B&W", "Afgewezen")
        db.session.commit()
        project = db.session.get(Project, pid)
        assert not workflow.gate(project, "Voorbereiding").open
        _decide(wrong.document, "College B&W", "Akkoord", corrigeert=wrong)
        db.session.commit()
        assert workflow.gate(project, "Voorbereiding").open


def _lsi_decision(pid: int, uitkomst: str = "Akkoord") -> Besluit:
    doc = workflow.latest_document(pid, "eindrapportage")
    return Besluit(
        project_id=pid,
        orgaan="LSI",
        onderwerp="Eindrapportage",
        datum=D0 + dt.timedelta(days=3),
        uitkomst=uitkomst,
        document_id=doc.id,
    )


def test_lsi_akkoord_establishes_the_eindrapportage(app):
    pid = _project(app, "Afronding")
    with app.app_context():
        _er_rpf(pid)
        _er_vbg(pid)
        db.session.commit()
        workflow.log_decision(_lsi_decision(pid), None, SYSTEM)
        db.session.expire_all()
        assert workflow.latest_document(pid, "eindrapportage").status == "Vastgesteld"
        assert workflow.gate(db.session.get(Project, pid), "Afgesloten").open


def test_a_failing_consequence_leaves_no_half_logged_decision(app, monkeypatch):
    from portal import process

    pid = _project(app, "Afronding")
    with app.app_context():
        _er_rpf(pid)
        _er_vbg(pid)
        db.session.commit()

        def broken(*_a):
            raise RuntimeError("consequence failed")

        monkeypatch.setattr(process, "status_after", broken)
        with pytest.raises(RuntimeError):
            workflow.log_decision(_lsi_decision(pid), None, SYSTEM)
        db.session.expire_all()
        n = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Besluit)
            .where(Besluit.project_id == pid, Besluit.orgaan == "LSI")
        )
        assert n == 0
        assert workflow.latest_document(pid, "eindrapportage").status == "Ingediend bij LSI"


# --- decisions by role and body, through the API and the screen -----------------------------

BODIES = ["College B&W", "Gemeenteraad", "RPF", "Voorbereidingsgroep LSI", "LSI", "Projectgroep"]
MAY_LOG = {
    "beheerder": set(BODIES),
    "projectleider": {"College B&W", "Gemeenteraad", "Projectgroep"},
    "rcf": {"RPF", "Projectgroep"},
    "secretaris": {"Voorbereidingsgroep LSI", "LSI"},
    "privacy": set(),
    "partner-uwv": set(),
}


@pytest.fixture(scope="module")
def submitted_project(app):
    """A KEMPEN-region project with a projectvoorstel submitted to the LSI."""
    pid = _project(app, "Verkenning")
    with app.app_context():
        doc = _doc(pid, "projectvoorstel", "Ingediend bij LSI")
        db.session.commit()
        return pid, doc.id


@pytest.mark.parametrize("username", list(MAY_LOG))
@pytest.mark.parametrize("orgaan", BODIES)
def test_decision_rights_by_api(login, submitted_project, username, orgaan):
    pid, doc_id = submitted_project
    client = login(username)
    r = client.api(
        "POST",
        "/api/v1/besluit/",
        json={
            "project": pid,
            "orgaan": orgaan,
            "onderwerp": "Projectvoorstel",
            "document": doc_id,
            "datum": "2026-01-10",
            "uitkomst": "Aangehouden",
            "opmerkingen": "test",
        },
    )
    if orgaan in MAY_LOG[username]:
        assert r.status_code == 201, r.json
    else:
        assert r.status_code in (403, 404, 422), r.json
        if r.status_code == 422:
            assert "orgaan" in r.json["errors"]


def test_decision_rights_by_screen(login, submitted_project, app):
    pid, doc_id = submitted_project
    form = {
        "orgaan": "RPF",
        "onderwerp": "Projectvoorstel",
        "document": str(doc_id),
        "datum": "2026-01-11",
        "uitkomst": "Akkoord",
        "opmerkingen": "screen",
        "referentie": "",
        "corrigeert": "",
    }
    before = _count_decisions(app, pid)
    r = login("projectleider").post(
        f"/besluitview/add?_flt_0_project={pid}", data=form, follow_redirects=True
    )
    assert "U mag geen besluiten van RPF vastleggen" in r.get_data(as_text=True)
    assert _count_decisions(app, pid) == before
    r = login("rcf").post(
        f"/besluitview/add?_flt_0_project={pid}", data=form, follow_redirects=True
    )
    assert r.status_code == 200
    assert _count_decisions(app, pid) == before + 1


def _count_decisions(app, pid):
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(Besluit).where(Besluit.project_id == pid)
        )


def test_decision_needs_the_document_version_and_cannot_be_edited(login, submitted_project):
    pid, doc_id = submitted_project
    client = login("secretaris")
    r = client.api(
        "POST",
        "/api/v1/besluit/",
        json={
            "project": pid,
            "orgaan": "LSI",
            "onderwerp": "Projectvoorstel",
            "datum": "2026-01-10",
            "uitkomst": "Akkoord",
        },
    )
    assert r.status_code == 422
    assert "document" in r.json["errors"]
    r = client.api(
        "POST",
        "/api/v1/besluit/",
        json={
            "project": pid,
            "orgaan": "LSI",
            "onderwerp": "Projectvoorstel",
            "document": doc_id,
            "datum": "2026-01-10",
            "uitkomst": "Akkoord",
        },
    )
    assert r.status_code == 201
    new_id = r.json["id"]
    assert client.api(
        "PUT", f"/api/v1/besluit/{new_id}", json={"uitkomst": "Afgewezen"}
    ).status_code in (403, 405)
    assert client.api("DELETE", f"/api/v1/besluit/{new_id}").status_code in (403, 405)
    assert login("beheerder").get(f"/besluitview/edit/{new_id}").status_code in (403, 404, 405)


def test_rpf_cannot_decide_on_unsubmitted_version(login, app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        doc = _doc(pid, "projectvoorstel")
        db.session.commit()
        doc_id = doc.id
    r = login("rcf").api(
        "POST",
        "/api/v1/besluit/",
        json={
            "project": pid,
            "orgaan": "RPF",
            "onderwerp": "Projectvoorstel",
            "document": doc_id,
            "datum": "2026-01-10",
            "uitkomst": "Akkoord",
        },
    )
    assert r.status_code == 422
    assert "nog niet ingediend" in str(r.json["errors"])


# --- queue, transitions through the API and the screen --------------------------------------


def test_queue_shows_lsi_submissions_to_the_secretary_only(login, submitted_project):
    pid, doc_id = submitted_project
    r = login("secretaris").api("GET", "/api/v1/wachtrij/")
    assert r.status_code == 200
    assert any(i["document_id"] == doc_id for i in r.json["result"]) or _decided_by_lsi(
        r.json["result"], doc_id
    )
    page = login("secretaris").get("/wachtrij/")
    assert page.status_code == 200
    for user in ("projectleider", "rcf", "partner-uwv", "privacy"):
        assert login(user).api("GET", "/api/v1/wachtrij/").status_code == 403


def _decided_by_lsi(result, doc_id):
    return all(i["document_id"] != doc_id for i in result)


def test_secretary_sees_only_projects_before_the_lsi(login, ids, submitted_project):
    pid, _ = submitted_project
    client = login("secretaris")
    assert client.get(f"/projectview/show/{pid}").status_code == 200
    assert client.get(f"/projectview/show/{ids.project('GRN-OOST-2026')}").status_code == 404
    assert client.get(f"/projectview/edit/{pid}").status_code == 403


def test_transition_api_reports_what_is_missing(login, app):
    pid = _project(app, "Verkenning")
    r = login("projectleider").api(
        "POST", f"/api/v1/fasering/project/{pid}/overgang", json={"naar": "Voorbereiding"}
    )
    assert r.status_code == 422
    missing = r.json["errors"]["ontbreekt"]
    assert any("Collegebesluit" in m for m in missing)
    assert any("LSI" in m for m in missing)
    status = login("projectleider").api("GET", f"/api/v1/fasering/project/{pid}")
    assert status.status_code == 200
    assert status.json["fase"] == "Verkenning"
    assert login("projectleider2").api("GET", f"/api/v1/fasering/project/{pid}").status_code == 404
    assert (
        login("secretaris")
        .api(
            "POST",
            f"/api/v1/fasering/project/{pid}/overgang",
            json={"naar": "Gestopt", "reden": "x"},
        )
        .status_code
        == 403
    )


def test_transition_screen_shows_missing_and_timeline(login, app):
    pid = _project(app, "Initiatief")
    client = login("projectleider")
    r = client.post(
        f"/fasering/project/{pid}/overgang", data={"naar": "Verkenning"}, follow_redirects=True
    )
    text = r.get_data(as_text=True)
    assert "Verkenning" in text and 'id="timeline"' in text
    r = client.post(
        f"/fasering/project/{pid}/overgang", data={"naar": "Voorbereiding"}, follow_redirects=True
    )
    text = r.get_data(as_text=True)
    assert "niet mogelijk" in text
    assert "Collegebesluit: akkoord van College B&amp;W" in text


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (dt.date(2026, 5, 31), dt.date(2026, 8, 31)),
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),
        (dt.date(2022, 11, 30), dt.date(2023, 2, 28)),
        (dt.date(2026, 1, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 15), dt.date(2027, 3, 15)),
    ],
)
def test_month_arithmetic(start, expected):
    assert deadlines.add_months(start, 3) == expected


def test_deadline_rules(app):
    pid = _project(app, "Uitvoering")
    today = dt.date(2026, 6, 1)
    with app.app_context():
        p = db.session.get(Project, pid)
        p.datum_eerste_uitvraag = dt.date(2026, 6, 10)
        p.datum_start_analyse = dt.date(2026, 7, 1)
        db.session.add(
            Projectfase(project_id=pid, fase="Uitvoering", gepland_eind=dt.date(2026, 5, 31))
        )
        db.session.commit()
        items = {d.soort: d for d in deadlines.for_project(p, today)}
        assert items["avg"].datum == dt.date(2026, 6, 10)
        assert items["avg"].status == deadlines.SOON
        assert items["uitvraag"].datum == dt.date(2026, 5, 6)
        assert items["uitvraag"].status == deadlines.OVERDUE
        assert items["eindrapportage"].datum == dt.date(2026, 8, 31)
        assert items["eindrapportage"].status == deadlines.OPEN
        assert all(d.regel for d in items.values())
        p.datum_landelijke_uitvraag = dt.date(2026, 5, 1)
        db.session.add(AvgRegistratie(project_id=pid, status="Geregistreerd", referentie="X"))
        db.session.commit()
        items = {d.soort: d for d in deadlines.for_project(p, today)}
        assert items["uitvraag"].status == deadlines.DONE
        assert items["avg"].status == deadlines.DONE


def test_pending_decision_deadline(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        doc = _doc(pid, "projectvoorstel", "Ingediend bij RPF")
        doc.ingediend_op = dt.datetime(2026, 1, 1)
        db.session.commit()
        p = db.session.get(Project, pid)
        item = next(
            d for d in deadlines.for_project(p, dt.date(2026, 3, 1)) if d.soort == "besluit"
        )
        assert item.datum == dt.date(2026, 2, 12)  # 6 weeks, the default
        assert item.status == deadlines.OVERDUE


def test_deadlines_cli_json(app):
    import json

    runner = app.test_cli_runner()
    result = runner.invoke(args=["lsi", "deadlines", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, list)
    assert all({"project_code", "datum", "regel", "status"} <= d.keys() for d in data)


def test_transition_cli_prints_missing(app):
    pid = _project(app, "Verkenning")
    with app.app_context():
        code = db.session.get(Project, pid).code
    result = app.test_cli_runner().invoke(
        args=["lsi", "transition", "--project", code, "--to", "Voorbereiding"]
    )
    assert result.exit_code == 1
    assert "Collegebesluit" in result.output
    ok = app.test_cli_runner().invoke(
        args=[
            "lsi",
            "transition",
            "--project",
            code,
            "--to",
            "Gestopt",
            "--reason",
            "geen draagvlak",
        ]
    )
    assert ok.exit_code == 0, ok.output
    assert "Gestopt" in ok.output


def test_dashboard_per_role(login):
    for user in ("projectleider", "rcf", "secretaris", "partner-uwv", "privacy", "beheerder"):
        r = login(user).get("/")
        text = r.get_data(as_text=True)
        assert r.status_code == 200
        assert 'id="my-tasks"' in text and 'id="urgent-deadlines"' in text
    chart = login("rcf").get("/").get_data(as_text=True)
    assert '<img src="data:image/png;base64,iVBOR' in chart  # projects per phase, drawn
    assert "Wacht op u" in login("secretaris").get("/").get_data(as_text=True)


def test_decision_cli_logs_through_the_use_case(app):
    """The command line logs a decision with the same rules and consequence as screen and
    API: refused before submission, then an LSI akkoord establishes the eindrapportage."""
    pid = _project(app, "Afronding")
    with app.app_context():
        code = db.session.get(Project, pid).code
        doc = _doc(pid, "eindrapportage", "Ingediend bij RPF")
        db.session.commit()
        doc_id, versie = doc.id, doc.versie
    args = ["lsi", "besluit", "--project", code, "--orgaan", "LSI"]
    args += ["--onderwerp", "Eindrapportage", "--uitkomst", "Akkoord", "--datum", "2026-01-20"]
    refused = app.test_cli_runner().invoke(args=args)
    assert refused.exit_code != 0 and "nog niet ingediend bij LSI" in refused.output
    with app.app_context():
        doc = workflow.latest_document(pid, "eindrapportage")
        doc.status = "Ingediend bij LSI"
        db.session.commit()
    ok = app.test_cli_runner().invoke(args=[*args, "--versie", str(versie)])
    assert ok.exit_code == 0, ok.output
    with app.app_context():
        assert workflow.latest_document(pid, "eindrapportage").status == "Vastgesteld"
        logged = db.session.scalar(
            sa.select(Besluit).where(Besluit.project_id == pid, Besluit.orgaan == "LSI")
        )
        assert logged.datum == dt.date(2026, 1, 20) and logged.document_id == doc_id
