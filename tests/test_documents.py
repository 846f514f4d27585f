"""Documents: rendering from stored data, safety of data and templates, versions and roles."""

from __future__ import annotations

import io
import re
import shutil
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from docx import Document as Docx
from lxml import etree

from models import Document, Project
from portal import access, roles
from portal.documents import catalogue, layout, service, templates
from portal.documents.context import build_context, load_project
from portal.documents.render import render
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
HOSTILE = "A&B <x> \"q\" 'r' {{ 7*7 }} {% if 1 %}ja{% endif %}"
SOORTEN = list(catalogue.SOORTEN)


def _text(docx_bytes: bytes) -> str:
    doc = Docx(io.BytesIO(docx_bytes))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def _headings(docx_bytes: bytes) -> list[str]:
    doc = Docx(io.BytesIO(docx_bytes))
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


@pytest.mark.parametrize("code", ["KEMPEN-HAM", "GRN-OOST-2026"])
@pytest.mark.parametrize("soort", SOORTEN)
def test_every_template_renders_for_both_demo_projects(app, ids, code, soort):
    with app.app_context():
        project = load_project(ids.project(code))
        data = render(templates.active(soort).inhoud, build_context(project, soort, 1))
        text = _text(data)
        assert _headings(data) == layout.headings(soort)
        assert project.naam in text
        if soort != "collegebesluit":
            for pp in project.partners:
                assert pp.ketenpartner.naam in text
        for d in project.doelstellingen:
            assert d.doel in text
        assert "{{" not in text and "{%" not in text
        if code == "GRN-OOST-2026":
            assert "[nog in te vullen:" in text  # the small project has gaps: markers, no crash


def test_dutch_dates_numbers_and_markers(app, ids):
    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        text = _text(
            render(templates.active("projectplan").inhoud, build_context(project, "projectplan", 3))
        )
        assert "1 september 2018" in text
        assert "900 uur" in text and "4.200 uur" in text
        assert "Versie 3" in text


def test_eindrapportage_without_results_says_so(app, ids):
    with app.app_context():
        project = load_project(ids.project("GRN-OOST-2026"))
        ctx = build_context(project, "eindrapportage", 1)
        ctx["resultaten"] = None
        text = _text(render(templates.active("eindrapportage").inhoud, ctx))
        assert "Er zijn nog geen resultaten vastgelegd." in text


def test_hostile_text_survives_literally_and_never_executes(app, ids):
    with app.app_context():
        kempen = db.session.get(Project, ids.project("KEMPEN-HAM"))
        p = Project(
            code=f"HOST-{uuid.uuid4().hex[:6]}",
            naam=HOSTILE,
            regio_id=kempen.regio_id,
            gemeenten=list(kempen.gemeenten),
        )
        for col in Project.__table__.columns:
            if isinstance(col.type, sa.Text) and col.key != "projectgebied":
                setattr(p, col.key, HOSTILE)
        p.themas = HOSTILE
        db.session.add(p)
        db.session.commit()
        for soort in SOORTEN:
            data = service.generate(p.id, soort, None, ADMIN).inhoud
            text = _text(data)
            assert HOSTILE in text, soort
            assert "49" not in text.replace(p.code, "")
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    if name.endswith(".xml") or name.endswith(".rels"):
                        etree.fromstring(z.read(name), etree.XMLParser(recover=False))


def test_shipped_templates_use_only_catalogue_fields(app):
    with app.app_context():
        for soort in SOORTEN:
            result = templates.validate(templates.active(soort).inhoud)
            assert result.ok, (soort, result.errors, result.unknown_fields)


def test_template_fields_doc_is_current():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "docs" / "template-fields.md"
    assert path.read_text() == catalogue.markdown()


def _docx_with(*lines: str) -> bytes:
    doc = Docx()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ self._TemplateReference__context }}",
        "{{ project.__class__ }}",
        "{{ lipsum.__globals__['os'] }}",
    ],
)
def test_ssti_payloads_are_rejected(app, payload):
    with app.app_context():
        result = templates.validate(_docx_with("{{ project.naam }}", payload))
        assert not result.ok
        assert result.errors


def test_syntax_error_is_reported_with_surrounding_text(app):
    with app.app_context():
        result = templates.validate(
            _docx_with("Inleiding van het plan", "{{ project.naam ", "Slot")
        )
        assert not result.ok
        assert "Syntaxfout" in result.errors[0]


def test_unknown_field_is_listed(app):
    with app.app_context():
        result = templates.validate(_docx_with("{{ project.naam }} {{ geheim.veld }}"))
        assert result.unknown_fields == ["geheim"]


def test_broken_upload_is_refused(app):
    with app.app_context():
        assert not templates.validate(b"geen docx").ok


def test_template_upload_screen_keeps_versions(app, login):
    client = login("beheerder")
    data = {
        "soort": "collegebesluit",
        "bestand": (io.BytesIO(_docx_with("{{ project.naam }} {{ fout.veld }}")), "x.docx"),
    }
    r = client.post("/sjablonen/upload", data=data, content_type="multipart/form-data")
    assert r.status_code == 422
    assert "Onbekend veld: fout" in r.get_data(as_text=True)
    good = layout.build("collegebesluit")
    buf = io.BytesIO()
    good.save(buf)
    r = client.post(
        "/sjablonen/upload",
        data={"soort": "collegebesluit", "bestand": (io.BytesIO(buf.getvalue()), "cb.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert r.status_code == 200 and "is nu actief" in r.get_data(as_text=True)
    with app.app_context():
        assert templates.active("collegebesluit").versie != templates.SHIPPED
        templates.activate(None, "collegebesluit")
        assert templates.active("collegebesluit").versie == templates.SHIPPED
    assert login("projectleider").get("/sjablonen/").status_code in (302, 403)


def test_regenerating_creates_versions_and_old_ones_stay(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    client = login("rcf")
    first = client.api("POST", f"/api/v1/documenten/project/{pid}/projectplan")
    second = client.api("POST", f"/api/v1/documenten/project/{pid}/projectplan")
    assert first.status_code == 201 and second.status_code == 201
    assert second.json["result"]["versie"] == first.json["result"]["versie"] + 1
    old = client.api("GET", f"/api/v1/documenten/{first.json['result']['id']}/docx")
    assert old.status_code == 200 and old.data[:2] == b"PK"


ROLE_CASES = {
    # user: (may generate, may submit, may download a concept)
    "beheerder": (True, True, True),
    "projectleider": (True, False, True),
    "rcf": (True, True, True),
    "secretaris": (False, False, False),
    "privacy": (False, False, True),
    "partner-uwv": (False, False, False),
    "projectleider2": (False, False, False),
}


@pytest.mark.parametrize("user", list(ROLE_CASES))
def test_document_rights_by_role(app, login, ids, user):
    may_generate, may_submit, may_download = ROLE_CASES[user]
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        doc = service.generate(pid, "projectvoorstel", None, ADMIN)
        doc_id = doc.id
    client = login(user)
    r = client.api("POST", f"/api/v1/documenten/project/{pid}/projectvoorstel")
    assert (r.status_code == 201) is may_generate, r.status_code
    r = client.api("GET", f"/api/v1/documenten/{doc_id}/docx")
    assert (r.status_code == 200) is may_download, r.status_code
    r = client.api("POST", f"/api/v1/documenten/{doc_id}/indienen", json={"bij": "RPF"})
    assert (r.status_code == 200) is may_submit, r.status_code
    screen = client.get(f"/documenten/{doc_id}/docx")
    assert (screen.status_code == 200) is may_download, screen.status_code


def test_secretary_downloads_only_what_went_to_the_lsi(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        doc = service.generate(pid, "projectplan", None, ADMIN)
        service.submit(doc, "RPF", None, ADMIN)
        doc_id = doc.id
    assert login("secretaris").api("GET", f"/api/v1/documenten/{doc_id}/docx").status_code == 404
    with app.app_context():
        service.submit(db.session.get(Document, doc_id), "LSI", None, ADMIN)
    assert login("secretaris").api("GET", f"/api/v1/documenten/{doc_id}/docx").status_code == 200


def test_incomplete_version_cannot_be_submitted(app, login, ids):
    pid = ids.project("GRN-OOST-2026")
    with app.app_context():
        doc = service.generate(pid, "projectvoorstel", None, ADMIN)
        assert not doc.compleet
        with pytest.raises(service.RuleViolation) as exc:
            service.submit(doc, "RPF", None, ADMIN)
        assert "mist verplichte gegevens" in str(exc.value)
    page = login("beheerder").get(f"/documenten/project/{pid}").get_data(as_text=True)
    assert "missing-list" in page and "RCF-adviseur" in page


def test_cli_render_single_and_batch(app, ids, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "pv.docx"
    r = runner.invoke(
        args=[
            "lsi",
            "render",
            "--project",
            "KEMPEN-HAM",
            "--document",
            "projectvoorstel",
            "--out",
            str(out),
        ]
    )
    assert r.exit_code == 0, r.output
    assert "Integrale controle huisvesting" in _text(out.read_bytes())
    r = runner.invoke(args=["lsi", "render", "--all", "--out-dir", str(tmp_path / "alle")])
    assert r.exit_code == 0, r.output
    assert len(list((tmp_path / "alle").glob("*.docx"))) >= 8


@pytest.mark.pdf
def test_libreoffice_converts_to_pdf(app, ids):
    from portal.documents import pdf

    if pdf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    from pypdf import PdfReader

    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        data = pdf.to_pdf(
            render(templates.active("projectplan").inhoud, build_context(project, "projectplan", 1))
        )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert re.sub(r"\s+", " ", project.naam) in re.sub(r"\s+", " ", text)
    assert "pagina 2" in text


@pytest.mark.pdf
def test_pdf_conversions_reuse_profiles_one_at_a_time_and_drop_a_failed_one(monkeypatch, tmp_path):
    """Concurrent conversions each get their own LibreOffice profile; profiles are kept for
    the next conversion; a conversion that fails does not leave its profile behind."""
    import subprocess
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from pypdf import PdfReader

    from portal.documents import pdf

    if pdf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(pdf, "POOL_SIZE", 2)
    pdf._pool_dir.cache_clear()  # a pool of this test's own, under tmp_path

    def convert(i: int) -> str:
        data = pdf.to_pdf(_docx_with(f"Document nummer {i}"))
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    with ThreadPoolExecutor(max_workers=3) as pool:  # one more than the pool holds
        texts = list(pool.map(convert, range(3)))
    assert [f"Document nummer {i}" in t for i, t in enumerate(texts)] == [True] * 3
    kept = sorted(p.parent.name for p in tmp_path.glob("interventieportaal-soffice-*/*/profile"))
    assert kept == ["profiel-0", "profiel-1"]

    def broken(*_args, **_kwargs):
        raise subprocess.TimeoutExpired("soffice", 1)

    monkeypatch.setattr(subprocess, "run", broken)
    with pytest.raises(subprocess.TimeoutExpired):
        pdf.to_pdf(_docx_with("x"))
    left = sorted(p.parent.name for p in tmp_path.glob("interventieportaal-soffice-*/*/profile"))
    assert left == ["profiel-1"]
    pdf._pool_dir.cache_clear()


def test_pdf_action_explains_when_libreoffice_is_missing(app, login, ids, monkeypatch):
    from portal.documents import pdf

    with app.app_context():
        doc = service.generate(ids.project("KEMPEN-HAM"), "projectplan", None, ADMIN)
        doc_id = doc.id
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    r = login("rcf").get(f"/documenten/{doc_id}/pdf", follow_redirects=True)
    assert r.status_code == 200
    assert "libreoffice-writer-nogui" in r.get_data(as_text=True)
    assert pdf.soffice() is None


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    ],
)
def test_sandbox_blocks_payloads_even_without_the_upload_filter(payload):
    from jinja2.exceptions import SecurityError, UndefinedError

    with pytest.raises((SecurityError, UndefinedError)):
        render(_docx_with(payload), {})


def test_kept_compilations_never_serve_another_render_or_template():
    """Compiled templates are kept per template text: outputs stay per context, and a
    changed template (a new version) is compiled afresh."""
    from concurrent.futures import ThreadPoolExecutor

    first = _docx_with("Versie een: {{ project.naam }}")
    second = _docx_with("Versie twee: {{ project.naam }}")
    names = [f"Project {i} & co" for i in range(24)]

    def go(i: int) -> str:
        template = first if i % 2 else second
        return _text(render(template, {"project": {"naam": names[i]}}))

    with ThreadPoolExecutor(max_workers=6) as pool:
        texts = list(pool.map(go, range(len(names))))
    for i, text in enumerate(texts):
        assert text.strip() == f"Versie {'een' if i % 2 else 'twee'}: {names[i]}"


def test_charts_are_drawn_once_per_figures():
    from portal import charts

    rows = [{"categorie": "BRP", "aantal": 3}, {"categorie": "Brandveiligheid", "aantal": 2}]
    png = charts.findings_per_category(rows)
    assert png.startswith(b"\x89PNG")
    assert charts.findings_per_category([dict(r) for r in rows]) is png
    other = charts.findings_per_category([{"categorie": "BRP", "aantal": 4}])
    assert other.startswith(b"\x89PNG") and other != png
    assert charts.counts([("Verkenning", 1)], "Aantal") != charts.counts(
        [("Verkenning", 2)], "Aantal"
    )
