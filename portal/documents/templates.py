"""Template versions: the active one per type, and validation of an uploaded .docx."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.exceptions import SecurityError

from models import DocumentTemplate
from portal.documents.catalogue import top_level_names
from portal.documents.layout import TEMPLATE_DIR
from portal.extensions import db

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


def validate(data: bytes) -> Validation:
    """Syntax (with the surrounding text), unknown fields and sandbox escapes; never renders
    user data with an unchecked template."""
    from portal.documents.render import environment

    result = Validation()
    env = environment()
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        result.errors.append(f"Dit is geen geldig Word-bestand (.docx): {e}")
        return result
    try:
        names = tpl.get_undeclared_template_variables(jinja_env=env)
    except TemplateSyntaxError as e:
        context = getattr(e, "docx_context", None) or ""
        if isinstance(context, list):
            context = " ".join(context)
        result.errors.append(f"Syntaxfout in het sjabloon: {e.message}. Bij: …{context}…")
        return result
    for tag in _TAG.findall(_template_text(data)):
        if _FORBIDDEN.search(tag):
            result.errors.append(f"Niet toegestaan in een sjabloon: {tag.strip()}")
    result.unknown_fields = sorted(set(names) - top_level_names())
    if result.ok:
        from portal.documents.context import sample_context
        from portal.documents.render import render

        try:
            render(data, sample_context())
        except SecurityError as e:
            result.errors.append(f"Het sjabloon probeert iets dat niet mag: {e}")
        except Exception as e:  # noqa: BLE001 - any failure on sample data rejects the upload
            result.errors.append(f"Het sjabloon werkt niet met voorbeeldgegevens: {e}")
    return result


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
    db.session.commit()
    return row


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
    db.session.commit()
