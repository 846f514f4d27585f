"""Resource limits of templates and Word packages (issue #13, class 4).

Every hostile template is refused on upload and, stored anyway (an older validation let it
through), refused when a document is generated from it - with a clear message, within the
time budget, never a 200 MB document or a dead worker. Every hostile package is refused by
every path that opens a .docx (upload validation, render, PDF conversion) before anything
unpacks or parses it. The limits are set small here so that the refusals are quick.
"""

from __future__ import annotations

import html
import io
import re
import struct
import time
import zipfile

import pytest
import sqlalchemy as sa

from models import Document, DocumentTemplate
from portal.documents import limits, pdf, templates
from portal.documents.catalogue import SOORTEN
from portal.documents.context import build_context, load_project
from portal.documents.render import render
from portal.extensions import db
from tests.test_documents import _docx_with

SMALL = {
    "TEMPLATE_VALIDATE_SECONDS": 1,
    "DOCUMENT_RENDER_SECONDS": 1,
    "DOCUMENT_MAX_LENGTH": 300_000,
    "DOCUMENT_MAX_OUTPUT": 30_000_000,
    "DOCX_MAX_UNPACKED_MB": 20,
    "DOCX_MAX_MEMBERS": 100,
}
# Well under what the same templates take without limits (minutes, or the worker's death),
# with room for a loaded test machine: the budget above plus one normal validation.
QUICK = 10.0

# Each passes the field check (only catalogue fields), so the test renders do run.
HOSTILE = {
    "multiplication": "{{ 'A' * 200000000 }}",
    "data multiplied": "{{ project.naam * 100000000 }}",
    "list multiplied, printed": "{{ ['x' * 100000] * 100000 }}",
    "nested loops": (
        "{% for i in 'x' * 100000 %}{% for j in 'x' * 100000 %}{% endfor %}{% endfor %}"
    ),
    "nested loops writing": (
        "{% for i in 'x' * 100000 %}{% for j in 'x' * 100000 %}{{ project.naam }}"
        "{% endfor %}{% endfor %}"
    ),
    "output in a loop": "{% for i in 'x' * 1000 %}{{ 'y' * 200000 }}{% endfor %}",
    "concatenation growth": "{% set s = 'AAAAAAAAAA' %}"
    + "{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}" * 7
    + "{{ s }}",
    "addition growth": "{% set s = 'AAAAAAAAAA' %}"
    + "{% set s = s + s + s + s + s + s + s + s + s + s %}" * 7
    + "{{ s }}",
    "huge join filter": "{{ (['x' * 100000] * 10000)|join }}",
    "huge str.join": "{{ ','.join(['abc' * 30000] * 1000) }}",
    "join of characters": "{{ ('x' * 200000)|list|join('yyyyyyyyyy') }}",
    "printf width": "{{ '%999999999s' % 'a' }}",
    "format width": "{{ '{:>999999999}'.format('a') }}",
    "format width argument": "{{ '{:{w}}'.format('a', w=999999999) }}",
    "format filter": "{{ '%s'|format(['x' * 100000] * 1000) }}",
    "center filter": "{{ 'a'|center(999999999) }}",
    "ljust": "{{ 'a'.ljust(999999999) }}",
    "replace filter": "{{ ('a' * 200000)|replace('a', 'aaaaaaaaaa') }}",
    "replace method": "{{ ('a' * 200000).replace('a', 'aaaaaaaaaa') }}",
    "indent filter": "{{ ('x\\n' * 100000)|indent(1000) }}",
    "batch filler": "{{ [1]|batch(999999999, 'x')|list }}",
    "list doubling": "{% set l = ['x' * 100000] %}" + "{{ l.extend(l) }}" * 6,
    "power": "{{ 9 ** 999999 }}",
}
# Macros are not catalogue fields: validation refuses them for that already, so these are
# checked where they would do harm, in the render of a stored template.
RECURSIVE = {
    "endless recursion": "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "doubling recursion": (
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(40) }}"
    ),
    "range loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
}
_LIMIT_MESSAGES = re.compile(
    r"Het sjabloon (maakt een tekst of lijst|maakt samen meer dan|doet er langer dan"
    r"|rekent met te grote getallen|roept zichzelf te diep aan)"
)


@pytest.fixture
def small(app, monkeypatch):
    for key, value in SMALL.items():
        monkeypatch.setitem(app.config, key, value)
    return app


# -- hostile packages -----------------------------------------------------------------


def _repack(data: bytes, change, extra: dict[str, bytes] | None = None) -> bytes:
    """The .docx with each part passed through change(name, bytes), plus extra parts."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, change(info.filename, src.read(info)))
        for name, blob in (extra or {}).items():
            z.writestr(name, blob)
    return out.getvalue()


def _with_dtd(dtd: bytes, use: bytes, encoding: str = "utf-8") -> bytes:
    def change(name: str, blob: bytes) -> bytes:
        if name != "word/document.xml":
            return blob
        head, rest = blob.split(b"?>", 1)
        xml = head + b"?>" + dtd + rest.replace(b"MARK", use)
        if encoding != "utf-8":
            xml = xml.decode().replace("UTF-8", encoding.upper()).encode(encoding)
        return xml

    return _repack(_docx_with("MARK {{ project.naam }}"), change)


_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def _zip_bomb(mb: int) -> bytes:
    """A .docx with one part of `mb` megabytes of zeros (packed to a few kilobytes)."""
    out = io.BytesIO(_docx_with("{{ project.naam }}"))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/bom.bin", "w") as f:
        chunk = bytes(1024 * 1024)
        for _ in range(mb):
            f.write(chunk)
    return out.getvalue()


def _lying_sizes() -> bytes:
    """A part whose central directory claims 10 bytes but that unpacks to 5 MB."""
    data = bytearray(_zip_bomb(5))
    at = data.rindex(b"PK\x01\x02")  # the last central directory entry: word/bom.bin
    data[at + 24 : at + 28] = struct.pack("<I", 10)
    return bytes(data)


def _many_parts(n: int) -> bytes:
    return _repack(
        _docx_with("{{ project.naam }}"),
        lambda name, blob: blob,
        {f"customXml/extra{i}.xml": b"<a/>" for i in range(n)},
    )


PACKAGES = {
    "billion laughs": (lambda: _with_dtd(_LAUGHS, b"&lol9;"), "DTD of entiteitsdefinitie"),
    "external entity": (
        lambda: _with_dtd(b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', b"&xxe;"),
        "DTD of entiteitsdefinitie",
    ),
    "external DTD": (
        lambda: _with_dtd(b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">', b"x"),
        "DTD of entiteitsdefinitie",
    ),
    "billion laughs in UTF-16": (
        lambda: _with_dtd(_LAUGHS, b"&lol9;", "utf-16"),
        "DTD of entiteitsdefinitie",
    ),
    "zip bomb (size)": (lambda: _zip_bomb(30), "uitgepakt 30 MB groot"),
    "zip bomb (ratio)": (lambda: _zip_bomb(12), "zip-bom"),
    "lying sizes": (_lying_sizes, "geen geldig Word-bestand"),
    "too many parts": (lambda: _many_parts(150), "onderdelen"),
    "no zip at all": (lambda: b"PK\x03\x04 niets", "geen geldig Word-bestand"),
}


@pytest.mark.parametrize("name", PACKAGES)
def test_hostile_package_is_refused_by_every_path_that_opens_a_docx(small, name):
    make, message = PACKAGES[name]
    data = make()
    with small.app_context():
        t = time.monotonic()
        result = templates.validate(data)
        assert not result.ok and message in result.errors[0], result.errors
        with pytest.raises(limits.TemplateRefused, match=re.escape(message)):
            render(data, build_context(_kempen(), "projectplan", 1))
        if pdf.soffice() is not None:  # without LibreOffice there is no conversion to guard
            with pytest.raises(pdf.PdfUnavailable, match=re.escape(message)):
                pdf.to_pdf(data)
        assert time.monotonic() - t < QUICK


def test_entity_in_an_image_is_refused_but_a_doctype_there_is_not(small):
    """Word and python-docx do not parse images; an SVG may carry a DOCTYPE, not entities."""
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    base = _docx_with("{{ project.naam }}")
    with small.app_context():
        limits.check_docx(_repack(base, lambda n, b: b, {"word/media/image9.svg": svg}))
        bomb = svg.replace(b"<svg/>", b"").replace(b'"x">', b'"x" [<!ENTITY a "b">]><svg/>')
        with pytest.raises(limits.TemplateRefused, match="entiteitsdefinitie"):
            limits.check_docx(_repack(base, lambda n, b: b, {"word/media/image9.svg": bomb}))


# -- hostile templates ----------------------------------------------------------------


def _kempen():
    pid = db.session.scalar(sa.text("select id from project where code = 'KEMPEN-HAM'"))
    return load_project(pid)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_template_is_refused_on_upload_quickly(small, name):
    with small.app_context():
        t = time.monotonic()
        result = templates.validate(_docx_with("{{ project.naam }}", HOSTILE[name]))
        elapsed = time.monotonic() - t
    assert result.unknown_fields == []
    assert not result.ok and _LIMIT_MESSAGES.match(result.errors[0]), result.errors
    assert elapsed < QUICK


@pytest.mark.parametrize(
    "name, data",
    [(f"template: {n}", lambda n=n: _docx_with(HOSTILE[n])) for n in list(HOSTILE)[::4]]
    + [(f"package: {n}", make) for n, (make, _m) in PACKAGES.items()],
)
def test_upload_screen_refuses_with_the_reason_and_stores_nothing(small, login, name, data):
    with small.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(DocumentTemplate))
    r = login("beheerder").post(
        "/sjablonen/upload",
        data={"soort": "collegebesluit", "bestand": (io.BytesIO(data()), "x.docx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    page = html.unescape(r.get_data(as_text=True))
    assert re.search(r"Het sjabloon|Het Word-bestand|geen geldig Word-bestand", page)
    with small.app_context():
        after = db.session.scalar(sa.select(sa.func.count()).select_from(DocumentTemplate))
        assert after == before
        assert templates.active("collegebesluit").versie == templates.SHIPPED


@pytest.fixture
def stored(small):
    """Store a template as the active projectplan without validation (as an older portal
    may have), and return to the shipped one afterwards."""
    made = []

    def _store(data: bytes) -> None:
        with small.app_context():
            made.append(templates.upload("projectplan", "oud.docx", data, None).id)

    yield _store
    with small.app_context():
        templates.activate(None, "projectplan")
        db.session.execute(sa.delete(DocumentTemplate).where(DocumentTemplate.id.in_(made)))
        db.session.commit()


def _documents(app, pid: int) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(Document).where(Document.project_id == pid)
        )


@pytest.mark.parametrize(
    "name, data",
    [(n, lambda t=t: _docx_with(t)) for n, t in {**HOSTILE, **RECURSIVE}.items()]
    + [(f"package: {n}", make) for n, (make, _m) in list(PACKAGES.items())[:5]],
)
def test_generating_from_a_stored_hostile_template_is_refused(
    small, stored, login, ids, name, data
):
    pid = ids.project("KEMPEN-HAM")
    stored(data())
    before = _documents(small, pid)
    client = login("rcf")
    t = time.monotonic()
    r = client.api("POST", f"/api/v1/documenten/project/{pid}/projectplan")
    assert time.monotonic() - t < QUICK
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    (message,) = r.json["errors"]["sjabloon"]
    assert _LIMIT_MESSAGES.match(message) or "Word-bestand" in message
    assert _documents(small, pid) == before


@pytest.mark.parametrize(
    "text",
    ["{{ project.naam.__class__.__mro__ }}", "{{ nergens.gevonden.veld }}", "{{ 1 // 0 }}"],
)
def test_a_stored_template_that_fails_in_jinja_is_refused_not_a_500(
    small, stored, login, ids, text
):
    """Sandbox escapes, unknown fields and errors a template raises while rendering (an
    older template that passed an older validation) reach the user as the same 422."""
    pid = ids.project("KEMPEN-HAM")
    stored(_docx_with(text))
    before = _documents(small, pid)
    r = login("rcf").api("POST", f"/api/v1/documenten/project/{pid}/projectplan")
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    (message,) = r.json["errors"]["sjabloon"]
    assert "Het actieve sjabloon voor projectplan kan niet worden gebruikt" in message
    assert _documents(small, pid) == before


@pytest.mark.parametrize(
    "data",
    [
        lambda: _docx_with(HOSTILE["multiplication"]),
        lambda: _docx_with(RECURSIVE["doubling recursion"]),
        PACKAGES["billion laughs"][0],
    ],
)
def test_generate_screen_shows_the_refusal(small, stored, login, ids, data):
    """The screen answers the same refusal as the API, as a message on the project's
    documents page (the same RuleViolation, so one sample of each kind suffices)."""
    pid = ids.project("KEMPEN-HAM")
    stored(data())
    before = _documents(small, pid)
    client = login("rcf")
    r = client.post(f"/documenten/project/{pid}/genereer", data={"soort": "projectplan"})
    assert r.status_code == 302
    page = html.unescape(client.get(r.headers["Location"]).get_data(as_text=True))
    assert _LIMIT_MESSAGES.search(page) or "Het Word-bestand bevat een DTD" in page
    assert _documents(small, pid) == before


def test_normal_templates_are_unchanged_under_small_limits(small, ids, monkeypatch):
    """The limits leave room for real documents: every shipped template validates and
    renders for the demo project with the small size limits of these tests too (the time
    is the default here: a loaded test machine is no measure of it)."""
    monkeypatch.setitem(small.config, "TEMPLATE_VALIDATE_SECONDS", 60)
    monkeypatch.setitem(small.config, "DOCUMENT_RENDER_SECONDS", 60)
    with small.app_context():
        project = load_project(ids.project("KEMPEN-HAM"))
        for soort in SOORTEN:
            data = templates.active(soort).inhoud
            assert templates.validate(data).ok, soort
            out = render(data, build_context(project, soort, 1))
            assert out[:2] == b"PK"
            limits.check_docx(out)  # a generated document passes the check for PDF input


def test_a_budget_covers_all_parts_and_ends_with_the_render(small):
    """The time budget of a validation covers both test renders; outside a render the
    sandbox still bounds sizes (a template rendered by other code)."""
    with small.app_context():
        with limits.budget(5) as outer, limits.budget(60) as inner:
            assert inner.deadline == outer.deadline
        assert limits.current().deadline == float("inf")
        env = limits.LimitedSandbox()
        with pytest.raises(limits.LimitExceeded):
            env.from_string("{{ 'A' * 200000000 }}").render()
