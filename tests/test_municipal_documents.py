"""Documents in the municipal format and honest documents (issue #18 parts 1 and 9).

The collegebesluit and the raadsinformatiebrief follow a municipal college proposal (seed
002's "Informatienota raad", seed 001 par. 2.7) from stored fields; a version is complete only
when nothing required is missing and its text has no "[nog in te vullen: ...]"; the
eindrapportage before Afronding is a concept with a summary written from the data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid

import pytest
import sqlalchemy as sa
from docx import Document as Docx
from docx.oxml.ns import qn

from models import Document, Project
from portal import access, roles
from portal.documents import catalogue, completeness, layout, service, templates
from portal.documents.context import OPTIONAL_FIELDS, build_context, load_project
from portal.documents.render import render
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
SOORTEN = list(catalogue.SOORTEN)
MUNICIPAL = ("collegebesluit", "raadsinformatiebrief")
MARKER = re.compile(r"\[nog in te vullen: [^\]]*\]")


def _paragraphs(data: bytes) -> list[str]:
    """Every paragraph a reader sees: body, table cells (nested too), headers, footers."""
    doc = Docx(io.BytesIO(data))
    out = []
    roots = [doc.element.body]
    for section in doc.sections:
        roots += [section.header._element, section.footer._element]
    for root in roots:
        for p in root.iter(qn("w:p")):
            out.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return out


def _text(data: bytes) -> str:
    return "\n".join(_paragraphs(data))


def _header_rows(data: bytes) -> dict[str, str]:
    """The municipal header block: the first table, label -> value."""
    table = Docx(io.BytesIO(data)).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def _render(project_id: int, soort: str, today: dt.date | None = None) -> bytes:
    project = load_project(project_id)
    return render(templates.active(soort).inhoud, build_context(project, soort, 1, today))


# --- 1. the collegebesluit and the raadsinformatiebrief --------------------------------------


def test_collegebesluit_has_the_municipal_header_decision_points_and_signatures(app, ids):
    from models import Project
    from portal.extensions import db

    with app.app_context():
        data = _render(ids.project("KEMPEN-HAM"), "collegebesluit", today=dt.date(2031, 3, 4))
        # other tests of the suite edit the demo project's free texts; read what is stored
        communicatie = db.session.get(Project, ids.project("KEMPEN-HAM")).communicatie
    header = _header_rows(data)
    assert header["Organisatieonderdeel"] == "Gemeente Oirschot, team Openbare Orde en Veiligheid"
    assert header["Steller"] == "Pieter van de Kempen"
    assert header["Portefeuillehouder"] == "Burgemeesters van Oirschot en Reusel-De Mierden"
    assert header["Voor vragen: telefoon"] == "14 0499"
    assert header["Voor vragen: e-mail"] == "interventieteam@kempengemeenten.example"
    # The date of the B&W meeting, not the day the document was rendered.
    assert header["Datum B en W"] == "12 juni 2018"
    assert "4 maart 2031" not in "".join(header.values())
    assert header["Registratienummer"] == "Z/18/041275"

    text = _text(data)
    headings = [p.text for p in Docx(io.BytesIO(data)).paragraphs if p.style.name == "Heading 1"]
    assert headings == layout.headings("collegebesluit")
    for title in (
        "Beslispunten",
        "Inleiding",
        "Kernboodschap",
        "Beoogd resultaat",
        "Beoogde voordelen",
        "Kosten en dekking",
        "Communicatie en samenspraak",
        "Vervolg",
        "Bijlagen",
    ):
        assert any(h.endswith(f". {title}") for h in headings), title
    # The LSI conditions of seed 001 par. 2.7, each a decision point.
    beslispunten = text.split("1. Beslispunten", 1)[1].split("2. Inleiding", 1)[0]
    for condition in (
        "het project bestuurlijk te dragen",  # support of the board
        "doorzettingsmacht",
        "de middelen voor het project vrij te maken: € 45.000,00",
        "personeel en administratieve ondersteuning vrij te maken: Een kartrekker",
        "Pieter van de Kempen aan te wijzen als gemeentelijk projectleider",
        "gemeentelijke gegevens te verstrekken",
        "IVT-applicatie",
        "RCF-adviseur Rik Coördinator namens de gemeente aan te wijzen als mede-projectleider",
        "(back-office): Dossiers uit het project",
        f"de afspraken over de communicatie: {communicatie.split(';')[0]}",
    ):
        assert condition in beslispunten, condition
    assert ".;" not in beslispunten  # inline texts lose their own full stop
    assert "Aldus besloten in de vergadering van 12 juni 2018." in text
    assert "de secretaris," in text and "A. Jansen" in text
    assert "de burgemeester," in text and "M. de Vries" in text
    assert not MARKER.search(text)


def test_raadsinformatiebrief_informs_the_council_in_the_same_format(app, ids):
    with app.app_context():
        data = _render(ids.project("KEMPEN-HAM"), "raadsinformatiebrief", dt.date(2031, 3, 4))
    header = _header_rows(data)
    assert header["Datum B en W"] == "12 juni 2018"
    assert header["Datum raadsinformatiebrief"] == "19 juni 2018"
    assert header["Voor vragen: telefoon"] == "14 0499"
    text = _text(data)
    running = Docx(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    assert running.endswith("De Kempen – Raadsinformatiebrief")
    assert text.splitlines()[0] == "Raadsinformatiebrief"  # its title
    assert "Raadsinformatiebrief" in text
    kennis = text.split("1. Kennisnemen van", 1)[1].split("2. Inleiding", 1)[0]
    assert "Het besluit van het college van 12 juni 2018" in kennis
    assert "Pieter van de Kempen als gemeentelijk projectleider" in kennis
    assert "1. Collegebesluit van 12 juni 2018 (registratienummer Z/18/041275)." in text
    assert "Het college van burgemeester en wethouders," in text and "M. de Vries" in text
    assert not MARKER.search(text)


def test_the_rcf_decision_point_follows_the_stored_choice(app, ids):
    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        assert project.rcf_mede_projectleider is True
        chosen = build_context(project, "collegebesluit", 1)["project"]["rcf_rol"]
        project.rcf_mede_projectleider = False
        adviser = build_context(project, "collegebesluit", 1)["project"]["rcf_rol"]
        db.session.rollback()
    assert "aan te wijzen als mede-projectleider" in chosen
    assert "als adviseur bij het project te betrekken" in adviser
    assert "mede-projectleider" not in adviser


def test_completeness_of_the_municipal_documents(app, ids):
    with app.app_context():
        kempen = load_project(ids.project("KEMPEN-HAM"))
        small = load_project(ids.project("GRN-OOST-2026"))
        for soort in MUNICIPAL:
            assert completeness.missing(kempen, soort) == [], soort
        college = {m.label for m in completeness.missing(small, "collegebesluit")}
        brief = {m.label for m in completeness.missing(small, "raadsinformatiebrief")}
        # Where to fill it in: the project's form at the field.
        where = {m.label: m for m in completeness.missing(small, "collegebesluit")}
    for label in (
        "Organisatieonderdeel",
        "Voor vragen: telefoonnummer",
        "Voor vragen: e-mailadres",
        "Datum B&W-vergadering",
        "Kernboodschap",
        "Beoogd resultaat",
        "Beoogde voordelen",
        "Vervolg",
        "Gemeentesecretaris (ondertekening)",
        "Burgemeester (ondertekening)",
    ):
        assert label in college and label in brief, label
    assert {"Personeel en administratieve ondersteuning", "Prioriteit back-office"} <= college
    assert "Datum raadsinformatiebrief" in brief and "Datum raadsinformatiebrief" not in college
    assert where["Kernboodschap"].endpoint == "ProjectView.edit"
    assert where["Kernboodschap"].args["_anchor"] == "kernboodschap"


def test_the_fields_are_on_the_project_form_and_in_the_api(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    page = login("projectleider").get(f"/projectview/edit/{pid}").get_data(as_text=True)
    assert "Collegebesluit en raadsinformatiebrief" in page
    for field in ("organisatieonderdeel", "datum_college", "kernboodschap", "burgemeester"):
        assert f'id="{field}"' in page, field
    r = login("projectleider").api("GET", f"/api/v1/project/{pid}")
    assert r.status_code == 200, r.data
    assert r.json["result"]["kernboodschap"].startswith("De acht Kempengemeenten")
    assert r.json["result"]["datum_college"] == "2018-06-12"


# --- the raadsinformatiebrief: rights, versions, templates -----------------------------------

# user: may generate the raadsinformatiebrief of KEMPEN-HAM. The projectleider drafts it (the
# municipality's letter to its council); the Beheerder may, to repair; the RCF co-edits the
# project but does not write the municipality's letters; the rest cannot edit the project.
RIB_RIGHTS = {
    "projectleider": True,
    "beheerder": True,
    "rcf": False,
    "secretaris": False,
    "privacy": False,
    "partner-uwv": False,
    "partner-politie": False,
    "projectleider2": False,  # not his project
}


@pytest.mark.parametrize("user", list(RIB_RIGHTS))
def test_who_may_generate_the_raadsinformatiebrief(app, login, ids, user):
    pid = ids.project("KEMPEN-HAM")
    client = login(user)
    r = client.api("POST", f"/api/v1/documenten/project/{pid}/raadsinformatiebrief")
    assert (r.status_code == 201) is RIB_RIGHTS[user], (user, r.status_code)
    if r.status_code == 201:
        assert r.json["result"]["soort"] == "raadsinformatiebrief"
        assert r.json["result"]["compleet"] is True
    page = client.get(f"/documenten/project/{pid}")
    if page.status_code == 200:
        html = page.get_data(as_text=True)
        assert ('id="generate-raadsinformatiebrief"' in html) is RIB_RIGHTS[user], user

    # The screen's POST is held to the same rule: a version only for those who may.
    def count() -> int:
        with app.app_context():
            return db.session.scalar(
                sa.select(sa.func.count(Document.id)).where(
                    Document.project_id == pid, Document.soort == "raadsinformatiebrief"
                )
            )

    before = count()
    screen = client.post(
        f"/documenten/project/{pid}/genereer", data={"soort": "raadsinformatiebrief"}
    )
    assert count() == before + (1 if RIB_RIGHTS[user] else 0), (user, screen.status_code)
    if user == "rcf":  # may edit the project, not draft this letter
        assert screen.status_code == 403


def test_rcf_may_still_generate_the_collegebesluit_and_skips_the_brief_in_alle(app, ids):
    with app.app_context():
        from flask_appbuilder.security.sqla.models import User

        rcf = db.session.scalar(sa.select(User).where(User.username == "rcf"))
        scope = access.scope_for(rcf)
        pid = ids.project("KEMPEN-HAM")
        allowed = service.generatable(pid, scope)
        assert "collegebesluit" in allowed and "raadsinformatiebrief" not in allowed
        pl = db.session.scalar(sa.select(User).where(User.username == "projectleider"))
        assert service.generatable(pid, access.scope_for(pl)) == SOORTEN


def test_raadsinformatiebrief_versions_and_no_submission(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    pl = login("projectleider")
    first = pl.api("POST", f"/api/v1/documenten/project/{pid}/raadsinformatiebrief")
    second = pl.api("POST", f"/api/v1/documenten/project/{pid}/raadsinformatiebrief")
    assert first.status_code == 201 and second.status_code == 201
    assert second.json["result"]["versie"] == first.json["result"]["versie"] + 1
    doc_id = second.json["result"]["id"]
    listed = pl.api("GET", f"/api/v1/documenten/project/{pid}").json
    assert "raadsinformatiebrief" in listed["ontbreekt"]
    assert any(d["id"] == doc_id for d in listed["result"])
    # It goes to no body of the LSI route: the RCF cannot submit it, nor does the screen offer it.
    r = login("rcf").api("POST", f"/api/v1/documenten/{doc_id}/indienen", json={"bij": "RPF"})
    assert r.status_code == 422, r.data
    html = login("rcf").get(f"/documenten/project/{pid}").get_data(as_text=True)
    row = html.split(f'id="doc-{doc_id}"', 1)[1].split("</tr>", 1)[0]
    assert "submit-doc" not in row
    assert pl.api("GET", f"/api/v1/documenten/{doc_id}/docx").data[:2] == b"PK"


def test_administrators_replace_the_municipal_templates(app, login):
    admin = login("beheerder")
    for soort in MUNICIPAL:
        with app.app_context():
            assert templates.validate(templates.active(soort).inhoud).ok, soort
        buf = io.BytesIO()
        layout.build(soort).save(buf)
        r = admin.post(
            "/sjablonen/upload",
            data={"soort": soort, "bestand": (io.BytesIO(buf.getvalue()), f"{soort}.docx")},
            content_type="multipart/form-data",
        )
        assert r.status_code == 302, r.status_code
        with app.app_context():
            assert templates.active(soort).versie != templates.SHIPPED
            templates.activate(None, soort)
            assert templates.active(soort).versie == templates.SHIPPED
    page = admin.get("/sjablonen/").get_data(as_text=True)
    assert "Raadsinformatiebrief" in page


def test_the_new_fields_are_in_the_catalogue():
    for name in (
        "project.organisatieonderdeel",
        "project.voor_vragen_telefoon",
        "project.voor_vragen_email",
        "project.datum_college",
        "project.datum_raadsinformatiebrief",
        "project.kernboodschap",
        "project.beoogd_resultaat",
        "project.beoogde_voordelen",
        "project.inzet_gemeente",
        "project.prioriteit_backoffice",
        "project.rcf_rol",
        "project.vervolg",
        "project.gemeentesecretaris",
        "project.burgemeester",
        "document.concept",
        "samenvatting[].tekst",
    ):
        assert name in catalogue.FIELDS, name
    assert catalogue.SOORTEN["raadsinformatiebrief"] == "Raadsinformatiebrief"
    assert "`project.datum_college`" in catalogue.markdown()


# --- 9. honest documents ----------------------------------------------------------------------


@pytest.fixture
def minimal_project(app, ids):
    """A project with nothing but its code, name and region."""
    with app.app_context():
        kempen = db.session.get(Project, ids.project("KEMPEN-HAM"))
        p = Project(
            code=f"MIN-{uuid.uuid4().hex[:6]}", naam="Minimaal project", regio_id=kempen.regio_id
        )
        db.session.add(p)
        db.session.commit()
        pid = p.id
    yield pid
    with app.app_context():
        db.session.execute(sa.delete(Document).where(Document.project_id == pid))
        db.session.delete(db.session.get(Project, pid))
        db.session.commit()


@pytest.mark.parametrize("soort", SOORTEN)
def test_a_complete_version_never_contains_a_marker(app, ids, minimal_project, soort):
    """The class: every type, the demo projects and a minimal one - complete implies no
    "[nog in te vullen: ...]" in any paragraph or table cell, and incomplete says why."""
    with app.app_context():
        for pid in (ids.project("KEMPEN-HAM"), ids.project("GRN-OOST-2026"), minimal_project):
            doc = service.generate(pid, soort, None, ADMIN)
            markers = MARKER.findall(_text(doc.inhoud))
            missing = completeness.missing(load_project(pid), soort)
            assert doc.compleet is (not missing and not markers), (pid, soort, missing, markers)
            if doc.compleet:
                assert markers == [], (pid, soort)
            assert sorted(set(service.markers_in(doc.inhoud))) == sorted(set(markers))
        minimal = db.session.scalar(
            sa.select(Document)
            .where(Document.project_id == minimal_project, Document.soort == soort)
            .order_by(Document.versie.desc())
        )
        assert minimal.compleet is False


@pytest.mark.parametrize("soort", MUNICIPAL)
def test_the_demo_collegebesluit_and_raadsinformatiebrief_are_complete(app, ids, soort):
    with app.app_context():
        doc = service.generate(ids.project("KEMPEN-HAM"), soort, None, ADMIN)
        assert doc.compleet is True
        assert not MARKER.search(_text(doc.inhoud))


def test_a_marker_in_an_uploaded_template_makes_the_version_incomplete(app, ids):
    """An administrator's template may print a field no rule requires: still honest."""
    with app.app_context():
        pid = ids.project("KEMPEN-HAM")
        buf = io.BytesIO()
        doc = layout.build("collegebesluit")
        doc.add_paragraph("Extra: {{ partners[0].naam }} - [nog in te vullen: iets]")
        doc.save(buf)
        row = templates.upload("collegebesluit", "extra.docx", buf.getvalue(), None)
        try:
            version = service.generate(pid, "collegebesluit", None, ADMIN)
            assert completeness.missing(load_project(pid), "collegebesluit") == []
            assert version.compleet is False
            assert service.markers_in(version.inhoud) == ["[nog in te vullen: iets]"]
        finally:
            templates.activate(None, "collegebesluit")
        assert row.id


# Optional fields (no rule of the type asks for them) that the documents print.
_BLANKABLE = [
    "initiatiefnemer",
    "prioritering_draagvlak",
    "prioritering_flankerend_beleid",
    "prioritering_actualiteit",
    "analist",
    "nulmeting",
    "eenmeting",
    "communicatie",
    "begroting",
    "begroting_toelichting",
]


@pytest.mark.parametrize("soort", SOORTEN)
def test_completeness_and_template_agree_on_optional_fields(app, ids, soort):
    """Every field a template prints as a marker is required by completeness: blank each
    optional field of the complete demo project and the document stays complete and
    marker-free; blank a required one and completeness names it."""
    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        try:
            for d in project.doelstellingen:  # the demo has no 1-meting yet
                d.eenmeting = d.nulmeting
            assert completeness.missing(project, soort) == []
            blanked = []
            for name in _BLANKABLE:
                before = getattr(project, name)
                setattr(project, name, None)
                if completeness.missing(project, soort):
                    setattr(project, name, before)  # required here: its marker is right
                else:
                    blanked.append(name)
            for pt in project.partners:
                pt.belang = None
            for d in project.doelstellingen:
                d.streefwaarde = None
            assert blanked, soort
            data = render(templates.active(soort).inhoud, build_context(project, soort, 1))
            assert MARKER.findall(_text(data)) == [], (soort, blanked)
        finally:
            db.session.rollback()
    for name, (sentence, required_in) in OPTIONAL_FIELDS.items():
        assert sentence and not MARKER.search(sentence), name
        assert set(required_in) <= set(SOORTEN), name


# --- the eindrapportage: concept and summary ------------------------------------------------


def test_an_eindrapportage_before_afronding_is_a_concept_with_a_written_summary(app, ids):
    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        assert project.fase != "Afronding"
        data = _render(project.id, "eindrapportage")
        doc = Docx(io.BytesIO(data))
        assert doc.paragraphs[0].text == "Concept – Eindrapportage"
        assert "Concept – Eindrapportage" in doc.sections[-1].header.paragraphs[0].text
        try:
            project.fase = "Afronding"
            final = render(
                templates.active("eindrapportage").inhoud,
                build_context(project, "eindrapportage", 2),
            )
        finally:
            db.session.rollback()
    assert Docx(io.BytesIO(final)).paragraphs[0].text == "Eindrapportage"
    paragraphs = _paragraphs(data)
    start = paragraphs.index("1. Samenvatting")
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("2. "))
    summary = [p for p in paragraphs[start + 1 : end] if p.strip()]
    assert len(summary) >= 5, summary
    joined = " ".join(summary)
    assert "liep van 1 september 2018 tot" in joined  # the period
    assert "Deelnemende partners (" in joined and "Nederlandse Arbeidsinspectie" in joined
    assert re.search(r"Het team hield \d+ controles?, bezocht \d+ adres", joined)
    assert re.search(r"Het team legde \d+ bevinding", joined)
    assert re.search(r"Opvolging: \d+ opvolgactie", joined)
    assert "1-meting" in joined or "Effect (0-meting naar 1-meting)" in joined


def test_the_summary_without_results_or_partners_says_so(app, minimal_project):
    with app.app_context():
        ctx = build_context(load_project(minimal_project), "eindrapportage", 1)
    texts = [z["tekst"] for z in ctx["samenvatting"]]
    assert len(texts) >= 2
    assert "Er zijn (nog) geen controles en bevindingen vastgelegd." in texts
    assert ctx["document"]["concept"] == "Concept – "


@pytest.mark.parametrize("soort", SOORTEN)
def test_every_document_is_dutch_with_a_real_title_and_author(app, ids, soort):
    with app.app_context():
        from flask_appbuilder.security.sqla.models import User

        pl = db.session.scalar(sa.select(User).where(User.username == "projectleider"))
        pid = ids.project("KEMPEN-HAM")
        doc = service.generate(pid, soort, pl.id, access.scope_for(pl))
        docx = Docx(io.BytesIO(doc.inhoud))
    core = docx.core_properties
    assert core.language == "nl-NL"
    assert core.title.startswith(f"{catalogue.SOORTEN[soort]} KEMPEN-HAM – ")
    assert core.author == "Pieter van de Kempen"
    lang = (
        docx.styles.element.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:lang"))
    )
    assert lang.get(qn("w:val")) == "nl-NL"
