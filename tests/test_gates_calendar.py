"""Issue #18 parts 5 and 6: the problem-definition GO/NO-GO and the IVT application as
gates (seed 001 §2.4, §3.7), and the LSI meeting calendar with its one assignment rule."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import uuid

import pytest
import sqlalchemy as sa

from models import Besluit, Brainstorm, Document, IvtAanvraag, Project, Vergadering
from portal import access, dashboard, deadlines, meetings_lsi, roles, workflow
from portal.errors import RuleViolation
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
_n = itertools.count(1)
GATE_ITEMS = (
    "Brainstormsessie vastgelegd",
    "Probleemdefinitie per hoofdthema, teruggekoppeld aan de deelnemers",
    "Probleemdefinitie: GO van Projectgroep",
)


def _project(app, fase: str = "Verkenning") -> int:
    with app.app_context():
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        p = Project(
            code=f"GC-{uuid.uuid4().hex[:8]}",
            naam="Poorten-test",
            regio_id=kempen.regio_id,
            gemeenten=list(kempen.gemeenten),
            fase=fase,
        )
        db.session.add(p)
        db.session.commit()
        return p.id


def _doc(pid: int, soort: str, status: str, ingediend: dt.datetime | None = None) -> Document:
    versie = (
        db.session.scalar(
            sa.select(sa.func.max(Document.versie)).where(
                Document.project_id == pid, Document.soort == soort
            )
        )
        or 0
    ) + 1
    body = f"{soort}-{versie}-{next(_n)}-{uuid.uuid4()}".encode()
    doc = Document(
        project_id=pid,
        soort=soort,
        versie=versie,
        status=status,
        bestandsnaam=f"{soort}-v{versie}.docx",
        inhoud=body,
        sha256=hashlib.sha256(body).hexdigest(),
        ingediend_op=ingediend,
    )
    db.session.add(doc)
    db.session.flush()
    return doc


def _brainstorm(pid: int, teruggekoppeld: bool = True) -> None:
    p = db.session.get(Project, pid)
    p.probleem_leefbaarheid, p.probleem_veiligheid = "Overbewoning", "Brandgevaar"
    db.session.add(
        Brainstorm(
            project_id=pid,
            datum=dt.date(2026, 3, 2),
            deelnemers="Gemeente, UWV, politie",
            methode="Zes denkhoeden",
            uitkomst="Overbewoning en brandgevaar",
            teruggekoppeld_op=dt.date(2026, 3, 20) if teruggekoppeld else None,
        )
    )


def _go(pid: int, uitkomst: str = "Akkoord") -> Besluit:
    return workflow.log_decision(
        Besluit(
            project_id=pid,
            orgaan="Projectgroep",
            onderwerp="Probleemdefinitie",
            datum=dt.date(2026, 4, 1),
            uitkomst=uitkomst,
        ),
        None,
        ADMIN,
    )


def _approve(pid: int, soort: str, *bodies: str) -> None:
    doc = _doc(pid, soort, "Ingediend bij LSI", dt.datetime(2026, 4, 2))
    for day, orgaan in enumerate(bodies):
        db.session.add(
            Besluit(
                project_id=pid,
                orgaan=orgaan,
                onderwerp=soort.capitalize(),
                datum=dt.date(2026, 4, 10 + day),
                uitkomst="Akkoord",
                document_id=doc.id,
            )
        )
    db.session.flush()


# --- 5. the gates ------------------------------------------------------------------------------


def test_gate_into_voorbereiding_lists_and_opens_on_the_problem_definition(app):
    pid = _project(app)
    with app.app_context():
        project = db.session.get(Project, pid)
        g = workflow.gate(project, "Voorbereiding")
        labels = [r.label for r in g.requirements]
        # Before the collegebesluit and the projectvoorstel, in the seed's order.
        assert labels[:3] == list(GATE_ITEMS)
        assert labels.index(GATE_ITEMS[2]) < labels.index("Collegebesluit: akkoord van College B&W")
        missing = {r.label: r for r in g.missing}
        assert "datum" in missing[GATE_ITEMS[0]].hint and "methode" in missing[GATE_ITEMS[0]].hint
        assert missing[GATE_ITEMS[2]].waits_on == "projectleider en RCF-adviseur"
        _brainstorm(pid)
        _go(pid)
        _approve(pid, "collegebesluit", "College B&W")
        _approve(pid, "projectvoorstel", "RPF", "LSI")
        db.session.commit()
        g = workflow.gate(db.session.get(Project, pid), "Voorbereiding")
        assert g.open, [(r.label, r.hint) for r in g.missing]
        assert any("GO op 1 april 2026" in r.hint for r in g.requirements)
        workflow.transition(db.session.get(Project, pid), "Voorbereiding", None, scope=ADMIN)
        assert db.session.get(Project, pid).fase == "Voorbereiding"


def test_the_projectvoorstel_goes_to_the_rpf_only_after_the_go(app):
    from portal.documents import service

    pid = _project(app)
    with app.app_context():
        doc = _doc(pid, "projectvoorstel", "Concept")
        doc.compleet = True
        db.session.commit()
        with pytest.raises(RuleViolation) as refused:
            service.submit(doc, "RPF", None, ADMIN)
        assert "GO-besluit" in str(refused.value.errors["document"])
        db.session.rollback()
        assert db.session.get(Document, doc.id).status == "Concept"
        _brainstorm(pid)
        _go(pid)
        service.submit(db.session.get(Document, doc.id), "RPF", None, ADMIN)
        assert db.session.get(Document, doc.id).status == "Ingediend bij RPF"


def test_a_no_go_keeps_the_gate_closed_and_suggests_stopping(app):
    pid = _project(app)
    with app.app_context():
        _brainstorm(pid)
        db.session.commit()
        _go(pid, "Afgewezen")
        project = db.session.get(Project, pid)
        req = next(
            r
            for r in workflow.gate(project, "Voorbereiding").requirements
            if r.label == GATE_ITEMS[2]
        )
        assert not req.met and "Afgewezen" in req.hint
        assert workflow.stop_suggested(project) is not None


def test_a_go_needs_the_brainstorm_and_the_fed_back_problem_definition(app):
    pid = _project(app)
    with app.app_context():
        with pytest.raises(RuleViolation) as exc:
            _go(pid)
        db.session.rollback()
        assert "Brainstormsessie vastgelegd" in " ".join(map(str, exc.value.errors["uitkomst"]))
        _brainstorm(pid, teruggekoppeld=False)
        db.session.commit()
        with pytest.raises(RuleViolation) as exc:
            _go(pid)
        db.session.rollback()
        text = " ".join(map(str, exc.value.errors["uitkomst"]))
        assert "teruggekoppeld" in text and "Brainstormsessie" not in text
        b = db.session.scalar(sa.select(Brainstorm).where(Brainstorm.project_id == pid))
        b.teruggekoppeld_op = dt.date(2026, 3, 20)
        db.session.commit()
        assert _go(pid).id
        n = db.session.scalar(
            sa.select(sa.func.count()).select_from(Besluit).where(Besluit.project_id == pid)
        )
        assert n == 1


@pytest.fixture(scope="module")
def ready_project(app):
    pid = _project(app)
    with app.app_context():
        _brainstorm(pid)
        db.session.commit()
    return pid


def _go_body(pid: int, orgaan: str = "Projectgroep", **extra) -> dict:
    return {
        "project": pid,
        "orgaan": orgaan,
        "onderwerp": "Probleemdefinitie",
        "datum": "2026-04-01",
        "uitkomst": "Aangehouden",
        **extra,
    }


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("projectleider", True),
        ("rcf", True),
        ("beheerder", True),
        ("secretaris", False),
        ("privacy", False),
        ("partner-uwv", False),
        ("projectleider2", False),
    ],
)
def test_only_the_project_staff_log_the_problem_definition_decision(
    login, ready_project, username, allowed
):
    r = login(username).api("POST", "/api/v1/besluit/", json=_go_body(ready_project))
    if allowed:
        assert r.status_code == 201, r.json
    else:
        assert r.status_code in (403, 404, 422), r.json
        if r.status_code == 422:
            assert "orgaan" in r.json["errors"]


def test_the_problem_definition_is_decided_by_the_project_group_without_document(
    login, ready_project, app
):
    client = login("projectleider")
    r = client.api("POST", "/api/v1/besluit/", json=_go_body(ready_project, "College B&W"))
    assert r.status_code == 422
    assert "Projectgroep" in " ".join(r.json["errors"]["orgaan"])
    with app.app_context():
        doc_id = _doc(ready_project, "collegebesluit", "Concept").id
        db.session.commit()
    r = client.api("POST", "/api/v1/besluit/", json=_go_body(ready_project, document=doc_id))
    assert r.status_code == 422
    assert "niet over een document" in " ".join(r.json["errors"]["document"])


def _voorbereiding_ready(app) -> int:
    pid = _project(app, "Voorbereiding")
    with app.app_context():
        from models import AvgRegistratie

        db.session.add(AvgRegistratie(project_id=pid, status="Geregistreerd"))
        _approve(pid, "projectplan", "RPF", "LSI")
        db.session.commit()
    return pid


def test_ivt_ingericht_is_required_before_uitvoering(app):
    pid = _voorbereiding_ready(app)
    label = "IVT-applicatie ingericht door het BKWI"
    with app.app_context():
        g = workflow.gate(db.session.get(Project, pid), "Uitvoering")
        assert [r.label for r in g.missing] == [label]
        assert g.missing[0].hint == "Huidige status: geen."
        with pytest.raises(workflow.GateClosed):
            workflow.transition(db.session.get(Project, pid), "Uitvoering", None, scope=ADMIN)
        db.session.rollback()
        ivt = IvtAanvraag(project_id=pid, status="Aangevraagd", contact_op=dt.date(2026, 5, 1))
        db.session.add(ivt)
        db.session.commit()
        g = workflow.gate(db.session.get(Project, pid), "Uitvoering")
        assert g.missing[0].hint == "Huidige status: Aangevraagd."
        ivt.status, ivt.ingericht_op = "Ingericht", dt.date(2026, 6, 1)
        db.session.commit()
        assert workflow.gate(db.session.get(Project, pid), "Uitvoering").open
        workflow.transition(db.session.get(Project, pid), "Uitvoering", None, scope=ADMIN)
        assert db.session.get(Project, pid).fase == "Uitvoering"


def test_ivt_application_by_api_with_dutch_rules(login, app):
    pid = _project(app, "Voorbereiding")
    client = login("projectleider")
    r = client.api(
        "POST",
        "/api/v1/ivtaanvraag/",
        json={"project": pid, "status": "Ingericht", "contact_op": "2026-05-01"},
    )
    assert r.status_code == 422
    assert "datum in waarop het BKWI" in " ".join(r.json["errors"]["ingericht_op"])
    r = client.api(
        "POST",
        "/api/v1/ivtaanvraag/",
        json={
            "project": pid,
            "status": "Ingericht",
            "contact_op": "2026-05-01",
            "ingericht_op": "2026-04-01",
        },
    )
    assert r.status_code == 422
    assert "vóór het contact" in " ".join(r.json["errors"]["ingericht_op"])
    r = client.api(
        "POST",
        "/api/v1/ivtaanvraag/",
        json={
            "project": pid,
            "status": "Aangevraagd",
            "contact_op": "2026-05-01",
            "contactpersoon": "BKWI-adviseur",
        },
    )
    assert r.status_code == 201, r.json
    assert login("secretaris").api(
        "POST", "/api/v1/ivtaanvraag/", json={"project": pid, "status": "Aangevraagd"}
    ).status_code in (403, 404)
    page = client.get(f"/projectview/show/{pid}").get_data(as_text=True)
    assert 'id="ivt-record"' in page and "Aangevraagd" in page


# --- 6. the meeting calendar -------------------------------------------------------------------


def _meeting(orgaan: str, datum: dt.date, uiterlijk: dt.date) -> Vergadering:
    m = Vergadering(orgaan=orgaan, datum=datum, indienen_uiterlijk=uiterlijk)
    db.session.add(m)
    db.session.flush()
    return m


def test_a_version_goes_to_the_first_meeting_whose_cutoff_it_makes(app):
    with app.app_context():
        first = _meeting("Voorbereidingsgroep LSI", dt.date(2031, 3, 10), dt.date(2031, 2, 17))
        second = _meeting("LSI", dt.date(2031, 4, 14), dt.date(2031, 3, 24))
        db.session.commit()
        assert meetings_lsi.meeting_for(dt.date(2031, 2, 16)).id == first.id
        assert meetings_lsi.meeting_for(dt.date(2031, 2, 17)).id == first.id  # the same day
        assert meetings_lsi.meeting_for(dt.date(2031, 2, 18)).id == second.id  # the day after
        pid = _project(app)
        late = _doc(pid, "projectvoorstel", "Ingediend bij LSI", dt.datetime(2031, 2, 17, 20, 0))
        # 23:30 UTC on 17 February is 00:30 on the 18th in the Netherlands: the day after.
        later = _doc(pid, "projectplan", "Ingediend bij LSI", dt.datetime(2031, 2, 17, 23, 30))
        assert meetings_lsi.meeting_of(late).id == first.id
        assert meetings_lsi.meeting_of(later).id == second.id
        db.session.rollback()


def test_the_queue_is_grouped_by_meeting(app, login):
    pid = _project(app)
    with app.app_context():
        m1 = _meeting("Voorbereidingsgroep LSI", dt.date(2032, 3, 9), dt.date(2032, 2, 16))
        m2 = _meeting("LSI", dt.date(2032, 4, 13), dt.date(2032, 3, 22))
        a = _doc(pid, "projectvoorstel", "Ingediend bij LSI", dt.datetime(2032, 2, 16, 9))
        b = _doc(pid, "projectplan", "Ingediend bij LSI", dt.datetime(2032, 2, 17, 9))
        c = _doc(pid, "eindrapportage", "Ingediend bij LSI", dt.datetime(2032, 6, 1, 9))
        db.session.commit()
        groups = workflow.lsi_queue_by_meeting()
        where = {
            item.document.id: (g.vergadering.id if g.vergadering else None)
            for g in groups
            for item in g.items
        }
        assert where[a.id] == m1.id and where[b.id] == m2.id and where[c.id] is None
        # Earliest meeting first, what no meeting takes last.
        order = [g.vergadering.datum if g.vergadering else None for g in groups]
        assert order[-1] is None and order[:-1] == sorted(order[:-1])
    html = login("secretaris").get("/wachtrij/").get_data(as_text=True)
    section = html[html.index(f'id="meeting-{m1.id}"') :]
    section = section[: section.index("</section>")]
    assert "Vergadering Voorbereidingsgroep LSI van 9 maart 2032" in section
    assert "Uiterste indiendatum: 16 februari 2032" in section
    assert "<caption" in section
    api = login("secretaris").api("GET", "/api/v1/wachtrij/").json["result"]
    row = next(r for r in api if r["document_id"] == b.id)
    assert row["vergadering_id"] == m2.id and row["indienen_uiterlijk"] == "2032-03-22"


def test_deadline_and_dashboard_name_the_next_cutoff_in_dutch(app):
    pid = _project(app)
    with app.app_context():
        m = _meeting("Voorbereidingsgroep LSI", dt.date(2033, 2, 24), dt.date(2033, 2, 3))
        _doc(pid, "projectvoorstel", "Concept")
        db.session.commit()
        today = dt.date(2033, 1, 10)
        items = [
            d
            for d in deadlines.for_project(db.session.get(Project, pid), today)
            if d.soort == "vergadering"
        ]
        assert len(items) == 1
        assert items[0].omschrijving == (
            "Projectvoorstel v1: indienen vóór 3 februari 2033 voor de vergadering van "
            "24 februari 2033 (Voorbereidingsgroep LSI)"
        )
        assert items[0].datum == m.indienen_uiterlijk and items[0].status == deadlines.OPEN
        assert (
            deadlines.for_project(db.session.get(Project, pid), dt.date(2033, 1, 25))[0] is not None
        )
        soon = [
            d
            for d in deadlines.for_project(db.session.get(Project, pid), dt.date(2033, 1, 25))
            if d.soort == "vergadering"
        ]
        assert soon[0].status == deadlines.SOON
        rcf = access.scope_for(app.appbuilder.sm.find_user(username="rcf"))
        texts = [t.tekst for t in dashboard.tasks(rcf, today) if t.project.id == pid]
        assert any(
            "indienen vóór 3 februari 2033 voor de vergadering van 24 februari 2033" in t
            for t in texts
        ), texts
        # Once the version is before the LSI, it no longer has a cut-off to make.
        workflow.latest_document(pid, "projectvoorstel").status = "Ingediend bij LSI"
        db.session.commit()
        assert not [
            d
            for d in deadlines.for_project(db.session.get(Project, pid), today)
            if d.soort == "vergadering"
        ]


def test_rcf_home_page_shows_the_next_demo_cutoff(login, app):
    with app.app_context():
        meeting = meetings_lsi.meeting_for(dt.date.today())
        assert meeting is not None  # the demo calendar has meetings to come
        with app.test_request_context():
            expected = meetings_lsi.submit_text(meeting)
    html = login("rcf").get("/").get_data(as_text=True)
    assert "KEMPEN-HAM" in html and expected in html


_MEETING = {
    "orgaan": "LSI",
    "datum": "2034-05-16",
    "indienen_uiterlijk": "2034-04-25",
    "locatie": "Den Haag",
}


@pytest.mark.parametrize(
    ("username", "reads", "writes"),
    [
        ("secretaris", True, True),
        ("beheerder", True, True),
        ("rcf", True, False),
        ("projectleider", True, False),
        ("privacy", True, False),
        ("partner-uwv", False, False),
    ],
)
def test_calendar_rights_per_role(login, username, reads, writes):
    client = login(username)
    assert (client.api("GET", "/api/v1/vergadering/").status_code == 200) is reads
    assert (client.get("/vergaderingview/list/").status_code == 200) is reads
    day = 1 + next(_n) % 27
    body = {**_MEETING, "datum": f"2034-06-{day:02d}", "orgaan": "Voorbereidingsgroep LSI"}
    r = client.api("POST", "/api/v1/vergadering/", json=body)
    if writes:
        assert r.status_code == 201, r.json
        pk = r.json["id"]
        assert client.api("DELETE", f"/api/v1/vergadering/{pk}").status_code == 200
    else:
        assert r.status_code in (401, 403), r.status_code


def test_a_cutoff_after_the_meeting_is_refused_in_dutch(login):
    client = login("secretaris")
    r = client.api(
        "POST",
        "/api/v1/vergadering/",
        json={**_MEETING, "indienen_uiterlijk": "2034-05-17"},
    )
    assert r.status_code == 422
    assert r.json["errors"]["indienen_uiterlijk"] == [
        "De uiterste indiendatum moet op of vóór de vergaderdatum liggen."
    ]
    page = client.get("/vergaderingview/add")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[-1]
    token = token.split('"')[0]
    r = client.post(
        "/vergaderingview/add",
        data={**_MEETING, "indienen_uiterlijk": "2034-05-17", "csrf_token": token},
    )
    assert r.status_code == 200
    assert "De uiterste indiendatum moet op of vóór de vergaderdatum liggen." in r.get_data(
        as_text=True
    )


def test_demo_has_the_gate_records_and_a_year_of_meetings(app):
    with app.app_context():
        pid = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        project = db.session.get(Project, pid)
        met = {r.label: r.met for r in workflow.gate(project, "Voorbereiding").requirements}
        assert all(met[label] for label in GATE_ITEMS), met
        ivt = workflow.gate(project, "Uitvoering").requirements
        assert next(r for r in ivt if r.label.startswith("IVT")).met
        today = dt.date.today()
        days = list(
            db.session.scalars(
                sa.select(Vergadering.datum).where(
                    Vergadering.datum.between(
                        today - dt.timedelta(days=200), today + dt.timedelta(days=250)
                    )
                )
            )
        )
        assert sum(d < today for d in days) >= 2 and sum(d >= today for d in days) >= 4
        from portal import gates_demo

        before = db.session.scalar(sa.select(sa.func.count()).select_from(Vergadering))
        gates_demo.load({}, today + dt.timedelta(days=40))
        db.session.flush()
        after = db.session.scalar(sa.select(sa.func.count()).select_from(Vergadering))
        assert before == after
        db.session.rollback()
