"""The flow of the screens: the project page (edit button, summary, sections, child tables,
completeness links), logging a decision (blank outcome, today, back where one came from),
people's names and choice lists scoped to the user's own gemeenten."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid

import pytest
import sqlalchemy as sa

from models import Besluit, Document, Gemeente, Project, Regio
from portal import workflow
from portal.extensions import db

PROJECTLEIDER_GEMEENTEN = {"Bladel", "Eersel", "Oirschot", "Reusel-De Mierden"}


def _new_project(app, fase: str = "Verkenning", **values) -> int:
    """A project of region Noord-Nederland without gemeenten: only the roles that read every
    project (and the LSI secretary, once it has a document before the LSI) see it, so the
    lists of the other tests' users stay as they were."""
    with app.app_context():
        nn = db.session.scalar(sa.select(Regio).where(Regio.code == "NN"))
        p = Project(
            code=f"FL-{uuid.uuid4().hex[:8]}", naam="Flow-test", regio=nn, fase=fase, **values
        )
        db.session.add(p)
        db.session.commit()
        return p.id


def _document(app, pid: int, status: str, submitter: str | None = None) -> int:
    with app.app_context():
        user = app.appbuilder.sm.find_user(username=submitter) if submitter else None
        body = uuid.uuid4().bytes
        doc = Document(
            project_id=pid,
            soort="projectvoorstel",
            versie=1,
            status=status,
            bestandsnaam="projectvoorstel-v1.docx",
            inhoud=body,
            sha256=hashlib.sha256(body).hexdigest(),
            ingediend_op=dt.datetime(2026, 1, 2, 10, 0) if status != "Concept" else None,
            ingediend_door_id=user.id if user else None,
        )
        db.session.add(doc)
        db.session.commit()
        return doc.id


def _section(html: str, anchor: str) -> str:
    start = html.index(f'<section class="project-section" id="{anchor}"')
    return html[start : html.index("</section>", html.index(f'id="kop-{anchor}"'))]


def _headers(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", h).strip()
        for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    ]


# --- the project page ----------------------------------------------------------------------------


def test_project_page_has_an_edit_button_for_editors_only(login, ids):
    pid = ids.project("KEMPEN-HAM")
    for user in ("projectleider", "rcf", "beheerder"):
        html = login(user).get(f"/projectview/show/{pid}").get_data(as_text=True)
        assert f'id="edit-project" href="/projectview/edit/{pid}"' in re.sub(r"\s+", " ", html)
    # The privacy officer reads every project but edits none of them.
    html = login("privacy").get(f"/projectview/show/{pid}").get_data(as_text=True)
    assert 'id="project-page"' in html and 'id="edit-project"' not in html
    html = login("partner-uwv").get(f"/partnerproject/show/{pid}").get_data(as_text=True)
    assert 'id="project-page"' in html and 'id="edit-project"' not in html


def test_project_page_sections_and_navigation(login, ids):
    pid = ids.project("KEMPEN-HAM")
    html = login("projectleider").get(f"/projectview/show/{pid}").get_data(as_text=True)
    nav = html[
        html.index('id="project-nav"') : html.index("</nav>", html.index('id="project-nav"'))
    ]
    anchors = re.findall(r'href="#([\w-]+)"', nav)
    for anchor in ("gegevens", "partners", "doelstellingen", "activiteiten", "risicos"):
        assert anchor in anchors
    for anchor in ("besluiten", "documenten", "signalen", "casuswerk"):
        assert anchor in anchors
    # Every link in the navigation has its section on the page.
    for anchor in anchors:
        assert f'<section class="project-section" id="{anchor}"' in html
    assert anchors.index("gegevens") < anchors.index("partners") < anchors.index("documenten")
    # The partner's view lists only what the partner may see of the project.
    partner = login("partner-uwv").get(f"/partnerproject/show/{pid}").get_data(as_text=True)
    assert 'id="project-nav"' in partner and 'href="#risicos"' not in partner


def test_child_tables_under_the_project_have_no_project_column(login, ids):
    pid = ids.project("KEMPEN-HAM")
    html = login("projectleider").get(f"/projectview/show/{pid}").get_data(as_text=True)
    partners = _section(html, "partners")
    assert "Uitvoeringsinstituut Werknemersverzekeringen" in partners or "UWV" in partners
    for anchor in ("partners", "doelstellingen", "activiteiten", "risicos", "planning"):
        headers = _headers(_section(html, anchor))
        assert headers, anchor
        assert "Project" not in headers, (anchor, headers)
    # The list of their own keeps the column (there rows of many projects stand together).
    own = login("projectleider").get("/projectpartnerview/list/").get_data(as_text=True)
    assert "Project" in _headers(own)


def test_summary_says_what_the_next_gate_waits_for_and_on_whom(app, login):
    pid = _new_project(app)
    html = login("beheerder").get(f"/projectview/show/{pid}").get_data(as_text=True)
    summary = html[
        html.index('id="samenvatting"') : html.index("</section>", html.index('id="samenvatting"'))
    ]
    assert "Verkenning" in summary and "Naar Voorbereiding" in summary
    assert "Er is nog geen projectvoorstel gegenereerd." in summary
    assert "projectleider en RCF-adviseur" in summary
    with app.app_context():
        project = db.session.get(Project, pid)
        s = workflow.summary(project)
        assert s.fase == "Verkenning" and s.next_gate.naar == "Voorbereiding"
        assert not s.next_gate.open
        assert {r.waits_on for r in s.waiting} == {"projectleider en RCF-adviseur"}
    # A version not yet submitted waits on the RCF; a submitted one on the body deciding.
    _document(app, pid, "Concept")
    with app.app_context():
        waits = {
            r.label: r.waits_on for r in workflow.summary(db.session.get(Project, pid)).waiting
        }
        assert waits["Projectvoorstel: akkoord van RPF"] == "RCF-adviseur"
    with app.app_context():
        db.session.execute(
            sa.update(Document).where(Document.project_id == pid).values(status="Ingediend bij RPF")
        )
        db.session.commit()
        waits = {
            r.label: r.waits_on for r in workflow.summary(db.session.get(Project, pid)).waiting
        }
        assert waits["Projectvoorstel: akkoord van RPF"] == "RPF"
    ended = _new_project(app, fase="Afgesloten")
    with app.app_context():
        s = workflow.summary(db.session.get(Project, ended))
        assert s.next_gate is None and s.waiting == []


def test_completeness_links_go_to_the_place_to_fill_in(app, login):
    pid = _new_project(app)
    html = login("beheerder").get(f"/documenten/project/{pid}").get_data(as_text=True)
    links = set(re.findall(r'<li><a href="([^"]+)">', html))
    assert f"/projectview/edit/{pid}#aanleiding" in links
    assert f"/projectview/edit/{pid}#bestuurlijk_verantwoordelijke" in links
    assert f"/projectpartnerview/add?_flt_0_project={pid}" in links
    assert f"/activiteitview/add?_flt_0_project={pid}" in links
    assert f"/avgregistratieview/add?_flt_0_project={pid}" in links
    assert not any(link == f"/projectview/show/{pid}" for link in links)
    # A part that lacks a value: the edit form of that very row, at the field.
    from portal.documents import completeness

    with app.app_context():
        kempen = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
        partner = kempen.partners[0]
        saved, partner.capaciteit_uren = partner.capaciteit_uren, None
        try:
            where = {
                m.label: (m.endpoint, m.args) for m in completeness.missing(kempen, "projectplan")
            }
            assert where["Capaciteit per partner"] == (
                "ProjectPartnerView.edit",
                {"pk": partner.id, "_anchor": "capaciteit_uren"},
            )
        finally:
            partner.capaciteit_uren = saved
            db.session.rollback()
    # The edit form has the fields the anchors point at.
    edit = login("beheerder").get(f"/projectview/edit/{pid}")
    assert edit.status_code == 200
    assert 'id="aanleiding"' in edit.get_data(as_text=True)


# --- logging a decision --------------------------------------------------------------------------


def _add_form(client, pid: int, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    r = client.get(f"/besluitview/add?_flt_0_project={pid}&{query}")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_decision_form_has_no_preselected_outcome_and_today_as_date(app, login):
    pid = _new_project(app)
    html = _add_form(login("beheerder"), pid)
    select = re.search(r'<select[^>]*name="uitkomst".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option([^>]*)>", select)
    assert 'value=""' in options[0]  # a blank first choice ...
    assert not any("selected" in o for o in options[1:])  # ... and nothing chosen for you
    assert re.search(r"<select[^>]*required", select)
    datum = re.search(r'<input[^>]*name="datum"[^>]*>', html).group(0)
    assert f'value="{dt.date.today().isoformat()}"' in datum


def test_decision_without_outcome_is_refused(app, login):
    pid = _new_project(app)
    doc = _document(app, pid, "Ingediend bij RPF")
    form = {"orgaan": "RPF", "onderwerp": "Projectvoorstel", "document": str(doc)}
    form.update(datum="2026-01-10", uitkomst="", opmerkingen="", referentie="", corrigeert="")
    r = login("beheerder").post(f"/besluitview/add?_flt_0_project={pid}", data=form)
    assert r.status_code == 200  # the form again, with the error at the field
    assert 'id="uitkomst"' in r.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(sa.select(Besluit.id).where(Besluit.project_id == pid))


def test_logged_decision_goes_back_where_it_came_from(app, login):
    pid = _new_project(app)
    doc = _document(app, pid, "Ingediend bij LSI", submitter="rcf")
    sec = login("secretaris")
    queue = sec.get("/wachtrij/").get_data(as_text=True)
    link = re.search(rf'href="(/besluitview/add\?_flt_0_project={pid}[^"]*)"', queue).group(1)
    assert "next=/wachtrij/" in link
    form = {"orgaan": "LSI", "onderwerp": "Projectvoorstel", "document": str(doc)}
    form.update(datum="2026-01-10", uitkomst="Aangehouden", opmerkingen="", referentie="")
    form["corrigeert"] = ""
    r = sec.post(link.replace("&amp;", "&"), data=form)
    assert r.status_code == 302 and r.headers["Location"].endswith("/wachtrij/")
    page = sec.get("/wachtrij/").get_data(as_text=True)
    assert "Besluit vastgelegd" in page
    assert "Rij toegevoegd" not in page and "Added Row" not in page
    with app.app_context():
        assert db.session.scalar(sa.select(Besluit.uitkomst).where(Besluit.project_id == pid)) == (
            "Aangehouden"
        )


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_decision_never_redirects_off_the_portal(app, login, evil):
    pid = _new_project(app)
    _document(app, pid, "Ingediend bij LSI")
    with app.app_context():
        doc = db.session.scalar(sa.select(Document.id).where(Document.project_id == pid))
    form = {"orgaan": "LSI", "onderwerp": "Projectvoorstel", "document": str(doc)}
    form.update(datum="2026-01-10", uitkomst="Aangehouden", opmerkingen="", referentie="")
    form["corrigeert"] = ""
    r = login("secretaris").post(f"/besluitview/add?_flt_0_project={pid}&next={evil}", data=form)
    assert r.status_code == 302
    assert r.headers["Location"].endswith(f"/projectview/show/{pid}")  # the project instead


def test_queue_shows_peoples_names_not_user_names(app, login):
    pid = _new_project(app)
    _document(app, pid, "Ingediend bij LSI", submitter="rcf")
    html = login("secretaris").get("/wachtrij/").get_data(as_text=True)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f"_flt_0_project={pid}" in r)
    assert "Rik Coördinator" in row
    assert not re.search(r"<td>\s*rcf\s*</td>", row)


# --- choices scoped to the user ------------------------------------------------------------------


def _options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    texts = re.findall(r"<option[^>]*value=\"(?!__None)[^\"]+\"[^>]*>(.*?)</option>", select, re.S)
    return {t.strip() for t in texts}


def test_projectleider_is_offered_his_own_gemeenten(app, login):
    html = login("projectleider").get("/projectview/add").get_data(as_text=True)
    assert _options(html, "gemeenten") == PROJECTLEIDER_GEMEENTEN
    assert _options(html, "regio") == {"Zuidoost-Brabant"}
    with app.app_context():
        everywhere = set(db.session.scalars(sa.select(Gemeente.naam)))
    assert len(everywhere) > len(PROJECTLEIDER_GEMEENTEN)
    # The Beheerder keeps the whole country; the RCF his region's gemeenten.
    admin = login("beheerder").get("/projectview/add").get_data(as_text=True)
    assert _options(admin, "gemeenten") == everywhere
    rcf = _options(login("rcf").get("/projectview/add").get_data(as_text=True), "gemeenten")
    assert PROJECTLEIDER_GEMEENTEN <= rcf < everywhere and "Groningen" not in rcf
    # The API's field information offers the same.
    info = login("projectleider").api("GET", "/api/v1/project/_info?q=(keys:!(add_columns))")
    field = next(f for f in info.json["add_columns"] if f["name"] == "gemeenten")
    assert {v["value"] for v in field["values"]} == PROJECTLEIDER_GEMEENTEN


def test_editing_keeps_the_gemeenten_outside_the_editors_own(app, login, ids):
    """KEMPEN-HAM has eight gemeenten; its projectleider works for four of them. Editing the
    project offers the eight it has (saving must not drop four), not the rest of the country."""
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        project = db.session.get(Project, pid)
        has = {gm.naam for gm in project.gemeenten}
    html = login("projectleider").get(f"/projectview/edit/{pid}").get_data(as_text=True)
    offered = _options(html, "gemeenten")
    assert offered == has | PROJECTLEIDER_GEMEENTEN
    assert "Groningen" not in offered
    # The next request (another form) is back to his own.
    html = login("projectleider").get("/projectview/add").get_data(as_text=True)
    assert _options(html, "gemeenten") == PROJECTLEIDER_GEMEENTEN
