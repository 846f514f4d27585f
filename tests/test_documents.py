"""Documents: rendering from stored data, safety of data and templates, versions and roles."""

from __future__ import annotations

import io
import os
import re
import shutil
import uuid
import zipfile

import pytest
import sqlalchemy as sa
from docx import Document as Docx
from lxml import etree

from models import Document, Project
from portal import access, review, roles
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
        for pp in project.partners:
            assert pp.ketenpartner.naam in text
        for d in project.doelstellingen:
            assert d.doel in text
        assert "{{" not in text and "{%" not in text
        if code == "GRN-OOST-2026":
            assert "[nog in te vullen:" in text  # the small project has gaps: markers, no crash
            if soort == "eindrapportage":  # an empty list is a sentence, not a bare table
                assert "Er zijn nog geen faseovergangen vastgelegd." in text
                assert "Er zijn nog geen besluiten vastgelegd." in text


def test_dutch_dates_numbers_and_markers(app, ids):
    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        text = _text(
            render(templates.active("projectplan").inhoud, build_context(project, "projectplan", 3))
        )
        assert "1 september 2018" in text
        assert "900 uur" in text and "4.200 uur" in text
        assert "Versie 3" in text
        assert "nog niet begonnen" in text  # the actual period of a phase not started


def test_collegebesluit_and_eindrapportage_carry_their_own_fields(app, ids):
    with app.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        cb = _text(
            render(
                templates.active("collegebesluit").inhoud,
                build_context(project, "collegebesluit", 1),
            )
        )
        assert "Registratienummer\nZ/18/041275" in cb
        er = _text(
            render(
                templates.active("eindrapportage").inhoud,
                build_context(project, "eindrapportage", 1),
            )
        )
        assert "Knelpunten: Overtredingen die tijdens controles" in er
        assert "Aanbevelingen: Leg per bevinding vast wie opvolgt" in er
        assert "Controles gehouden\n3" in er  # the case-work results of the demo
        project.evaluatie_aanbevelingen = None
        from portal.documents import completeness

        labels = [m.label for m in completeness.missing(project, "eindrapportage")]
        assert "Evaluatie (knelpunten en aanbevelingen)" in labels
        db.session.rollback()


def test_eindrapportage_without_results_says_so(app, ids):
    with app.app_context():
        project = load_project(ids.project("GRN-OOST-2026"))
        ctx = build_context(project, "eindrapportage", 1)
        ctx["resultaten"] = None
        text = _text(render(templates.active("eindrapportage").inhoud, ctx))
        assert "Er zijn nog geen resultaten vastgelegd." in text


def _fill_text_columns(obj, text: str) -> None:
    """Every free-text column of a record (not keys, codes or choice lists) gets ``text``."""
    for col in type(obj).__table__.columns:
        kind = col.type
        if col.primary_key or col.foreign_keys or col.key == "code" or isinstance(kind, sa.Enum):
            continue
        if isinstance(kind, sa.String) and (kind.length is None or kind.length >= len(text)):
            if col.key != "projectgebied":  # a postcode area, validated as such
                setattr(obj, col.key, text)


def test_hostile_text_survives_literally_and_never_executes(app, ids):
    from models import (
        Activiteit,
        AvgPartnerrecht,
        AvgRegistratie,
        Doelstelling,
        Ketenpartner,
        ProjectPartner,
        Risico,
    )

    with app.app_context():
        kempen = db.session.get(Project, ids.project("KEMPEN-HAM"))
        uid = uuid.uuid4().hex[:6]
        p = Project(code=f"HOST-{uid}", regio_id=kempen.regio_id, gemeenten=list(kempen.gemeenten))
        _fill_text_columns(p, HOSTILE)
        partner = Ketenpartner(code=f"H{uid}", type="Overig")
        _fill_text_columns(partner, HOSTILE)
        partner.naam = f"{HOSTILE} {uid}"
        children = [
            ProjectPartner(ketenpartner=partner, capaciteit_uren=10),
            Doelstelling(),
            Activiteit(ketenpartner=partner),
            Risico(),
        ]
        for child in children:
            _fill_text_columns(child, HOSTILE)
        p.partners, p.doelstellingen = [children[0]], [children[1]]
        p.activiteiten, p.risicos = [children[2]], [children[3]]
        p.avg_registratie = AvgRegistratie(
            rechten=[AvgPartnerrecht(ketenpartner=partner, mag_leveren=True)]
        )
        _fill_text_columns(p.avg_registratie, HOSTILE)
        db.session.add(p)
        db.session.commit()
        for soort in SOORTEN:
            data = service.generate(p.id, soort, None, ADMIN).inhoud
            text = _text(data)
            assert text.count(HOSTILE) >= 5, soort  # name, partner, goal and the rest
            assert "49" not in text.replace(p.code, "").replace(uid, "")  # uid: random hex
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    if name.endswith(".xml") or name.endswith(".rels"):
                        etree.fromstring(z.read(name), etree.XMLParser(recover=False))
        projectplan = _text(service.generate(p.id, "projectplan", None, ADMIN).inhoud)
        assert f"{HOSTILE} ({p.code})" in projectplan  # section "Projectnaam"
        assert f"{HOSTILE} {uid}" in projectplan  # the partner, in its tables
        # aanleiding, werkwijze, gegevensverwerking, belang, doel, indicator, activiteit,
        # risico, beheersmaatregel and the AVG fields: each one literal
        assert projectplan.count(HOSTILE) >= 20


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
        lines = [f"Alinea {i}" for i in range(40)]
        lines[25] = "Inleiding van het plan {{ project.naam "
        result = templates.validate(_docx_with(*lines))
        assert not result.ok
        message = result.errors[0]
        assert message.startswith("Syntaxfout in het sjabloon")
        assert "Alinea 24" in message and "Inleiding van het plan" in message
        assert "Alinea 3 " not in message  # the text around the error, not the start


@pytest.mark.parametrize(
    "line, unknown",
    [
        ("{{ project.naam }} {{ geheim.veld }}", ["geheim.veld"]),
        ("{{ project.nam }}", ["project.nam"]),  # a typo inside a known object
        ("{% for pt in partners %}{{ pt.naam }} {{ pt.bsn }}{% endfor %}", ["partners[].bsn"]),
        ("{% if resultaten %}{{ resultaten.geheim }}{% endif %}", ["resultaten.geheim"]),
        (
            "{% if resultaten %}{% for g in resultaten.grafieken %}{{ g.titel }}{{ loop.index }}"
            "{% endfor %}{% endif %}",
            [],
        ),
        ("{{ project.naam.upper() }} {% set n = project.code %}{{ n }}", []),
    ],
)
def test_unknown_fields_are_listed_by_their_full_name(app, line, unknown):
    with app.app_context():
        result = templates.validate(_docx_with(line))
        assert result.unknown_fields == unknown
        assert result.ok is (not unknown), result.errors


def test_results_used_without_asking_whether_there_are_any_is_refused(app):
    """A project without results has ``resultaten`` empty: the template must say what then."""
    with app.app_context():
        result = templates.validate(_docx_with("{{ resultaten.controles }} controles"))
        assert result.unknown_fields == []
        assert not result.ok and "voorbeeldgegevens" in result.errors[0]


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
    assert "Onbekend veld: fout.veld" in r.get_data(as_text=True)
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
        for answer in review.start(doc.id, None, ADMIN).reviews:  # partners reviewed it (#18)
            answer.oordeel = "Akkoord"
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
def test_cli_renders_pdf_and_explains_when_libreoffice_is_missing(app, tmp_path, monkeypatch):
    _needs_libreoffice()
    runner = app.test_cli_runner()
    args = ["lsi", "render", "--project", "KEMPEN-HAM", "--document", "projectplan", "--pdf"]
    r = runner.invoke(args=[*args, "--out", str(tmp_path / "pp.docx")])
    assert r.exit_code == 0, r.output
    assert "Projectplan" in " ".join(_pdf_text((tmp_path / "pp.pdf").read_bytes()))
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    r = runner.invoke(args=["lsi", "render", "--all", "--pdf", "--out-dir", str(tmp_path / "x")])
    assert r.exit_code == 1 and "libreoffice-writer-nogui" in r.output


def _pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def _needs_libreoffice():
    from portal.documents import pdf

    if pdf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    return pdf


def _needs_uno_bridge():
    pdf = _needs_libreoffice()
    if pdf.uno_python() is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno) is missing; .ci/run installs it")
    return pdf


@pytest.fixture
def own_pool(monkeypatch):
    """A converter pool of the test's own, closed afterwards (no converter leaks)."""
    from portal.documents import pdf

    pool = pdf._Pool()
    monkeypatch.setattr(pdf, "_POOL", pool)
    yield pool
    pool.close()


@pytest.mark.pdf
@pytest.mark.parametrize("code", ["KEMPEN-HAM", "GRN-OOST-2026"])
@pytest.mark.parametrize("soort", SOORTEN)
def test_libreoffice_converts_every_document_to_pdf(app, ids, code, soort):
    pdf = _needs_libreoffice()
    with app.app_context():
        project = load_project(ids.project(code))
        data = pdf.to_pdf(render(templates.active(soort).inhoud, build_context(project, soort, 1)))
        name = re.sub(r"\s+", " ", project.naam)
    pages = _pdf_text(data)
    assert name in " ".join(pages)
    assert len(pages) >= 2 and f"pagina 2 van {len(pages)}" in pages[1]


@pytest.mark.pdf
@pytest.mark.parametrize("code", ["KEMPEN-HAM", "GRN-OOST-2026"])
@pytest.mark.parametrize("soort", [s for s in SOORTEN if layout.LAYOUT[s]["toc"]])
def test_pdf_contents_list_gives_the_page_of_every_heading(app, ids, code, soort):
    pdf = _needs_uno_bridge()
    with app.app_context():
        project = load_project(ids.project(code))
        data = pdf.to_pdf(render(templates.active(soort).inhoud, build_context(project, soort, 1)))
    pages = _pdf_text(data)
    for heading in layout.headings(soort):
        found = re.search(re.escape(heading) + r" ?\.{3,} ?(\d+)", pages[1])
        assert found, (heading, pages[1])
        assert 3 <= int(found.group(1)) <= len(pages)
        assert heading in pages[int(found.group(1)) - 1]


@pytest.mark.pdf
def test_resident_converters_are_reused_and_shared_by_concurrent_requests(own_pool, monkeypatch):
    """More requests at once than converters: each gets a correct PDF, no more converters
    start than the pool holds, and the next request reuses a warm one."""
    from concurrent.futures import ThreadPoolExecutor

    pdf = _needs_uno_bridge()
    monkeypatch.setattr(pdf, "POOL_SIZE", 2)

    def convert(i: int) -> str:
        return " ".join(_pdf_text(pdf.to_pdf(_docx_with(f"Document nummer {i}"))))

    with ThreadPoolExecutor(max_workers=5) as threads:
        texts = list(threads.map(convert, range(5)))
    assert [f"Document nummer {i}" in t for i, t in enumerate(texts)] == [True] * 5
    assert own_pool.count <= 2 and len(own_pool.idle) == own_pool.count
    warm = {r.proc.pid for r in own_pool.idle}
    assert "Document nummer 9" in convert(9)
    assert {r.proc.pid for r in own_pool.idle} <= warm  # no new converter was started


@pytest.mark.pdf
def test_a_crashed_libreoffice_is_replaced_without_the_user_noticing(own_pool):
    import signal
    import subprocess

    pdf = _needs_uno_bridge()
    pdf.to_pdf(_docx_with("eerste"))
    [resident] = own_pool.idle
    office = subprocess.run(
        ["pgrep", "-g", str(resident.proc.pid), "soffice.bin"], capture_output=True, text=True
    ).stdout.split()
    assert office, "the converter runs its own soffice in its own process group"
    for pid in office:
        os.kill(int(pid), signal.SIGKILL)
    assert "tweede" in " ".join(_pdf_text(pdf.to_pdf(_docx_with("tweede"))))
    assert [r.proc.pid for r in own_pool.idle] != [resident.proc.pid]
    assert resident.proc.poll() is not None


def _stand_in_worker(monkeypatch, tmp_path, body: str):
    """A fake uno_worker that says it is ready, then runs ``body`` (no LibreOffice needed)."""
    import sys

    from portal.documents import pdf

    script = tmp_path / "worker.py"
    script.write_text(
        "import json, sys, time\n"
        "print(json.dumps({'ready': True}), flush=True)\n"
        "sys.stdin.readline()\n" + body
    )
    monkeypatch.setattr(pdf, "WORKER", script)
    monkeypatch.setattr(pdf, "soffice", lambda: "/bin/true")
    monkeypatch.setattr(pdf, "uno_python", lambda: sys.executable)
    return pdf


def test_a_converter_that_hangs_is_killed_with_a_clear_message(own_pool, monkeypatch, tmp_path):
    pdf = _stand_in_worker(monkeypatch, tmp_path, "time.sleep(60)\n")
    with pytest.raises(pdf.PdfUnavailable, match="reageerde niet binnen 1 seconden"):
        pdf.to_pdf(_docx_with("x"), timeout=1)  # a real .docx: the package check runs first
    assert own_pool.count == 0 and own_pool.idle == []


def test_a_converter_that_quits_is_retried_once(own_pool, monkeypatch, tmp_path):
    """It exits instead of answering, as an idle one does."""
    starts = tmp_path / "starts"
    pdf = _stand_in_worker(monkeypatch, tmp_path, f"open({str(starts)!r}, 'a').write('x')\n")
    with pytest.raises(pdf.PdfUnavailable, match="onverwacht gestopt"):
        pdf.to_pdf(_docx_with("x"))
    assert starts.read_text() == "xx"  # tried a fresh converter once, then gave up
    assert own_pool.count == 0


@pytest.mark.pdf
def test_without_the_python_bridge_soffice_convert_to_still_works(monkeypatch):
    pdf = _needs_libreoffice()
    monkeypatch.setattr(pdf, "uno_python", lambda: None)
    text = " ".join(_pdf_text(pdf.to_pdf(_docx_with("Zonder brug & co"))))
    assert "Zonder brug & co" in text


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
