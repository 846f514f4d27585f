"""Accessible documents: every .docx the portal renders declares Dutch (nl-NL) and names
itself (title, author), and every PDF made from it is tagged, Dutch and titled.

The document types are walked from their registries (the project documents of
`portal/documents/catalogue.py` and the casustafel documents of casework), so a new type
is covered without touching this file.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import sqlalchemy as sa
from docx import Document as Docx
from docx.oxml.ns import qn
from lxml import etree

from portal import access, roles
from portal.casework import meetings
from portal.documents import catalogue, properties, service, templates
from portal.documents.context import build_context, load_project
from portal.documents.render import render
from portal.extensions import db

ADMIN = access.Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
PROJECT = "KEMPEN-HAM"
LANG_TAGS = (qn("w:lang"), qn("w:themeFontLang"))


def _project_documents(app, ids) -> list[tuple[str, str, bytes]]:
    """(type title, project code, .docx) for every project document type (version 2)."""
    out = []
    with app.app_context():
        project = load_project(ids.project(PROJECT))
        for soort, titel in catalogue.SOORTEN.items():
            data = render(templates.active(soort).inhoud, build_context(project, soort, 2))
            out.append((titel, project.code, data))
    return out


def _meeting_documents(app, ids) -> list[tuple[str, str, bytes]]:
    from models import Casustafel

    out = []
    with app.app_context():
        meeting = db.session.scalar(
            sa.select(Casustafel)
            .where(Casustafel.project_id == ids.project(PROJECT))
            .order_by(Casustafel.datum)
            .limit(1)
        )
        assert meeting is not None, "the demo has casustafels"
        for soort, titel in meetings.TITELS.items():
            _, data = meetings.render_document(meeting, soort)
            out.append((titel, PROJECT, data))
    return out


@pytest.fixture(scope="module")
def documents(app):
    """Rendered once for the module (the PDF test converts each of them)."""
    from models import Project

    class _Ids:
        def project(self, code: str) -> int:
            with app.app_context():
                return db.session.scalar(sa.select(Project.id).where(Project.code == code))

    return _project_documents(app, _Ids()) + _meeting_documents(app, _Ids())


def _languages(data: bytes) -> dict[str, list[dict[str, str]]]:
    """Per XML part of the package: the attributes of every language mark in it."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            marks = [
                {etree.QName(k).localname: v for k, v in el.attrib.items()}
                for tag in LANG_TAGS
                for el in root.iter(tag)
            ]
            if marks:
                found[name] = marks
    return found


def _default_language(data: bytes) -> str | None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else lang.get(qn("w:val"))


def _assert_dutch(data: bytes) -> None:
    assert _default_language(data) == "nl-NL"
    marks = _languages(data)
    assert "word/styles.xml" in marks
    for part, attrs in marks.items():
        for mark in attrs:
            assert mark.get("val", "nl-NL") == "nl-NL", (part, mark)
            assert not any(v.lower().startswith("en") for v in mark.values()), (part, mark)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for part in ("word/styles.xml", "word/document.xml"):
            assert b"en-US" not in z.read(part), part


def test_the_registries_are_walked(documents):
    """Every project and casustafel document type is in the set the tests below check."""
    titles = {titel for titel, _, _ in documents}
    assert titles == {*catalogue.SOORTEN.values(), *meetings.TITELS.values()}


def test_every_docx_declares_dutch(documents):
    for titel, _, data in documents:
        try:
            _assert_dutch(data)
        except AssertionError as e:
            raise AssertionError(f"{titel}: {e}") from e


def test_every_docx_names_its_type_project_and_author(documents):
    for titel, code, data in documents:
        core = Docx(io.BytesIO(data)).core_properties
        assert titel in core.title and code in core.title, core.title
        assert core.author and "python-docx" not in core.author, core.author
        assert "python-docx" not in (core.comments or "") + (core.last_modified_by or "")
        assert core.language == "nl-NL"
        assert core.created is not None and core.created.year >= 2025


def test_project_document_title_carries_name_and_version(app, ids):
    with app.app_context():
        project = load_project(ids.project(PROJECT))
        data = render(
            templates.active("projectvoorstel").inhoud,
            build_context(project, "projectvoorstel", 2),
        )
        name = project.naam
    core = Docx(io.BytesIO(data)).core_properties
    assert core.title == f"Projectvoorstel {PROJECT} – {name} (versie 2)"
    assert core.author == properties.PORTAL  # no user: the portal itself
    assert core.revision == 2


def test_generated_version_names_the_user_who_generated_it(app, ids):
    from flask_appbuilder.security.sqla.models import User

    from models import Document

    with app.app_context():
        rcf = db.session.scalar(sa.select(User).where(User.username == "rcf"))
        expected = f"{rcf.first_name} {rcf.last_name}"
        doc_id = service.generate(ids.project(PROJECT), "projectplan", rcf.id, ADMIN).id
        doc = db.session.get(Document, doc_id)
        versie, data = doc.versie, doc.inhoud
    core = Docx(io.BytesIO(data)).core_properties
    assert core.author == expected and core.last_modified_by == expected
    assert f"(versie {versie})" in core.title


def test_an_english_word_template_becomes_dutch(app, ids):
    """An administrator's upload from an English Word: English default, styles and runs, a
    German quote. English gives way to nl-NL; the German mark stays."""
    doc = Docx()
    styles = doc.styles.element
    heading = doc.styles["Heading 1"].element.get_or_add_rPr()
    etree.SubElement(heading, qn("w:lang")).set(qn("w:val"), "en-GB")
    p = doc.add_paragraph()
    run = p.add_run("{{ project.naam }} ")
    lang = etree.SubElement(run._r.get_or_add_rPr(), qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "en-US")
    quote = p.add_run("Ordnung muss sein")
    etree.SubElement(quote._r.get_or_add_rPr(), qn("w:lang")).set(qn("w:val"), "de-DE")
    doc.core_properties.title = "Template"
    doc.core_properties.author = "Jane Admin"
    assert b"en-US" in etree.tostring(styles)
    buf = io.BytesIO()
    doc.save(buf)
    with app.app_context():
        project = load_project(ids.project(PROJECT))
        data = render(buf.getvalue(), build_context(project, "projectvoorstel", 1))
    marks = [m for attrs in _languages(data).values() for m in attrs]
    assert {"val": "de-DE"} in marks
    assert not any(v.lower().startswith("en") for m in marks for v in m.values()), marks
    assert _default_language(data) == "nl-NL"
    core = Docx(io.BytesIO(data)).core_properties
    assert core.title.startswith(f"Projectvoorstel {PROJECT}") and core.author != "Jane Admin"


def test_a_template_without_document_defaults_gets_them(app, ids):
    doc = Docx()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    doc.styles.element.remove(defaults)
    doc.add_paragraph("{{ project.code }}")
    buf = io.BytesIO()
    doc.save(buf)
    with app.app_context():
        project = load_project(ids.project(PROJECT))
        data = render(buf.getvalue(), build_context(project, "projectplan", 1))
    assert _default_language(data) == "nl-NL"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    assert styles[0].tag == qn("w:docDefaults")  # first, as the schema wants


def test_charts_have_alternative_text(app, ids):
    """The eindrapportage's charts: a figure needs its alt text (WCAG 1.1.1, PDF/UA)."""
    with app.app_context():
        project = load_project(ids.project(PROJECT))
        data = render(
            templates.active("eindrapportage").inhoud,
            build_context(project, "eindrapportage", 1),
        )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert descriptions and all(descriptions), descriptions


# --- PDF ----------------------------------------------------------------------------------


def _needs_libreoffice():
    from portal.documents import pdf

    if pdf.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    return pdf


def _structure_types(node, seen: set[str], depth: int = 0) -> None:
    node = node.get_object()
    if "/S" in node:
        seen.add(str(node["/S"]))
        if node["/S"] == "/Figure":
            assert str(node.get("/Alt", "")).strip(), "a figure without alternative text"
    kids = node.get("/K")
    if kids is None or depth > 60:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            _structure_types(kid, seen, depth + 1)


def _assert_accessible_pdf(data: bytes, title: str) -> set[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("nl")
    assert reader.metadata.title == title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    seen: set[str] = set()
    tree = root["/StructTreeRoot"].get_object()
    _structure_types(tree, seen)
    # LibreOffice names elements after their styles ("/Standard") and maps them to the
    # standard types ("/P") in the role map: the standard types are what readers use.
    roles = {str(k): str(v) for k, v in (tree.get("/RoleMap") or {}).items()}
    return {roles.get(name, name) for name in seen}


@pytest.mark.pdf
def test_every_pdf_is_tagged_dutch_and_titled(documents):
    pdf = _needs_libreoffice()
    for titel, _, data in documents:
        title = Docx(io.BytesIO(data)).core_properties.title
        seen = _assert_accessible_pdf(pdf.to_pdf(data), title)
        assert "/P" in seen, (titel, seen)  # paragraphs are in the structure tree
        if titel in catalogue.SOORTEN.values():
            assert "/H1" in seen or "/H" in seen, (titel, seen)  # headings too
        if titel == catalogue.SOORTEN["eindrapportage"]:
            assert "/Figure" in seen, seen  # the demo's charts, each with its /Alt


@pytest.mark.pdf
def test_the_one_off_conversion_exports_the_same_options(app, ids, tmp_path):
    """Without the Python bridge every conversion is `soffice --convert-to`: still tagged."""
    pdf = _needs_libreoffice()
    with app.app_context():
        project = load_project(ids.project(PROJECT))
        data = render(
            templates.active("collegebesluit").inhoud,
            build_context(project, "collegebesluit", 1),
        )
    src = tmp_path / "document.docx"
    src.write_bytes(data)
    out = pdf._convert_once(pdf.soffice(), src, tmp_path, 120).read_bytes()
    _assert_accessible_pdf(out, Docx(io.BytesIO(data)).core_properties.title)
