"""Template versions: the active one per type, and validation of an uploaded .docx."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from lxml.etree import XMLSyntaxError

from models import DocumentTemplate
from portal.documents import limits
from portal.documents.catalogue import EXTRA_FIELDS, FIELDS
from portal.documents.context import sample_context
from portal.documents.render import environment, render
from portal.extensions import db, use_case

# The shipped templates (built from portal/documents/layout.py by `flask lsi build-templates`);
# an administrator's upload takes over from them per document type.
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "doc_templates"

SHIPPED = "standaard"
# Names and attribute patterns that only serve to escape the sandbox (SSTI payloads).
_FORBIDDEN = re.compile(
    r"__\w+__|\b(?:cycler|joiner|namespace|lipsum|self|config|request|url_for|"
    r"get_flashed_messages|session|os|popen|subprocess|import|mro|globals|builtins)\b"
)
_TAG = re.compile(r"({{.*?}}|{%.*?%})", re.S)


@dataclass
class ActiveTemplate:
    soort: str
    versie: str
    inhoud: bytes
    sha256: str


@dataclass
class Validation:
    errors: list[str] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unknown_fields


def active(soort: str) -> ActiveTemplate:
    row = db.session.scalar(
        sa.select(DocumentTemplate).where(
            DocumentTemplate.soort == soort, DocumentTemplate.actief.is_(True)
        )
    )
    if row is not None:
        return ActiveTemplate(soort, str(row.versie), row.inhoud, row.sha256)
    data = (TEMPLATE_DIR / f"{soort}.docx").read_bytes()
    return ActiveTemplate(soort, SHIPPED, data, hashlib.sha256(data).hexdigest())


def _template_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [
            n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*)\.xml", n)
        ]
        return "".join(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8")) for n in parts)


def _jinja_source(tpl: DocxTemplate) -> str:
    """The Jinja text docxtpl renders: body, headers and footers after its clean-up, one
    paragraph per line as docxtpl parses it (so an error's line number finds its text)."""
    doc = tpl.docx  # parsed by init_docx()
    xml = tpl.patch_xml(tpl.xml_to_string(doc._element.body))
    for rel in doc.part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
            xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _path(node: nodes.Node, aliases: dict[str, str]) -> str | None:
    """``project.naam`` for ``project.naam``; ``partners[].naam`` for ``pt.naam`` inside
    ``for pt in partners``; None for anything that is not a plain field reference."""
    if isinstance(node, nodes.Name):
        return aliases.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, aliases)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _path(node.node, aliases)
        return f"{base}.{node.arg.value}" if base and isinstance(node.arg.value, str) else None
    return None


def _used_fields(node: nodes.Node, aliases: dict[str, str], found: set[str]) -> None:
    if isinstance(node, nodes.For):
        _used_fields(node.iter, aliases, found)
        inner = dict(aliases)
        iterated = _path(node.iter, aliases)
        targets = [node.target, *node.target.find_all(nodes.Name)]
        for target in (t for t in targets if isinstance(t, nodes.Name)):
            inner[target.name] = f"{iterated}[]" if iterated else "loop"
        inner["loop"] = "loop"
        for child in (*node.body, *([node.test] if node.test else [])):
            _used_fields(child, inner, found)
        for child in node.else_:
            _used_fields(child, aliases, found)
        return
    if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
        _used_fields(node.node, aliases, found)
        aliases[node.target.name] = _path(node.node, aliases) or "loop"  # {% set x = ... %}
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
        path = _path(node, aliases)
        if path is not None:
            found.add(path)
            return
    for child in node.iter_child_nodes():
        _used_fields(child, aliases, found)


def _unknown_fields(source: str, env) -> list[str]:
    """Fields used in the template that the catalogue does not know. Reading further into a
    known value (``project.naam.upper()``) is allowed; ``loop`` is Jinja's own."""
    names = {*FIELDS, *EXTRA_FIELDS}
    containers = {name[:i] for name in names for i, ch in enumerate(name) if ch in ".["}
    leaves = names - containers
    found: set[str] = set()
    _used_fields(env.parse(source), {}, found)
    unknown = set()
    for path in found:
        parts = path.split(".")
        prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
        if parts[0] == "loop" or any(p in leaves for p in prefixes):
            continue
        if path not in containers:
            unknown.add(path)
    return sorted(unknown)


def validate(data: bytes) -> Validation:
    """The package's limits, syntax (with the surrounding text), unknown fields and sandbox
    escapes, then test renders within the resource limits; never renders user data with an
    unchecked template."""

    result = Validation()
    env = environment()
    try:
        limits.check_docx(data)  # before anything unpacks or parses it
    except limits.TemplateRefused as e:
        result.errors.append(e.message)
        return result
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as e:
        result.errors.append(f"Dit is geen geldig Word-bestand (.docx): {e}")
        return result
    try:
        source = _jinja_source(tpl)
        env.parse(source)
    except TemplateSyntaxError as e:
        context = _around(source, e.lineno)
        result.errors.append(f"Syntaxfout in het sjabloon: {e.message}. Bij: …{context}…")
        return result
    for tag in _TAG.findall(_template_text(data)):
        if _FORBIDDEN.search(tag):
            result.errors.append(f"Niet toegestaan in een sjabloon: {tag.strip()}")
    result.unknown_fields = _unknown_fields(source, env)
    if result.ok:
        # Once with results and once without: both branches of the eindrapportage run, the
        # two together within the validation's time.
        full = sample_context()
        with limits.budget(limits.setting("TEMPLATE_VALIDATE_SECONDS")):
            for sample in (full, {**full, "resultaten": None}):
                try:
                    render(data, sample)
                except limits.TemplateRefused as e:
                    result.errors.append(e.message)
                    break
                except SecurityError as e:
                    result.errors.append(f"Het sjabloon probeert iets dat niet mag: {e}")
                    break
                except Exception as e:  # noqa: BLE001 - any failure on sample data rejects it
                    result.errors.append(f"Het sjabloon werkt niet met voorbeeldgegevens: {e}")
                    break
    return result


def _around(source: str, lineno: int | None) -> str:
    """The text of the paragraphs around a syntax error, as docxtpl's ``docx_context``
    gives it when the error happens during a render (three before, three after)."""
    if not lineno:
        return ""
    start = max(lineno - 4, 0)
    lines = (re.sub(r"<[^>]+>", "", line).strip() for line in source.splitlines()[start:][:7])
    return " ".join(line for line in lines if line)[:300]


@use_case
def upload(soort: str, filename: str, data: bytes, user_id: int | None) -> DocumentTemplate:
    """Store a validated template as the new active version (earlier versions are kept)."""
    last = (
        db.session.scalar(
            sa.select(sa.func.max(DocumentTemplate.versie)).where(DocumentTemplate.soort == soort)
        )
        or 0
    )
    db.session.execute(
        sa.update(DocumentTemplate).where(DocumentTemplate.soort == soort).values(actief=False)
    )
    row = DocumentTemplate(
        soort=soort,
        versie=last + 1,
        bestandsnaam=Path(filename).name[:200],
        inhoud=data,
        sha256=hashlib.sha256(data).hexdigest(),
        actief=True,
        geupload_door_id=user_id,
    )
    db.session.add(row)
    return row


@use_case
def activate(template_id: int | None, soort: str) -> None:
    """Make one uploaded version active; None returns to the shipped template."""
    db.session.execute(
        sa.update(DocumentTemplate).where(DocumentTemplate.soort == soort).values(actief=False)
    )
    if template_id is not None:
        db.session.execute(
            sa.update(DocumentTemplate)
            .where(DocumentTemplate.id == template_id, DocumentTemplate.soort == soort)
            .values(actief=True)
        )
