"""The PDF of a document version: made once and kept with the version (it never changes).

With a broker the LibreOffice converters live in the worker processes only, so a web
process never starts one: it hands the conversion to a job. The embedded default converts in
the web process itself (a resident converter takes about 0.2 s per PDF)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from models import Document, Taak
from portal import jobs
from portal.documents import pdf
from portal.errors import RuleViolation
from portal.extensions import db, use_case

KIND = "pdf"


@dataclass
class Pdf:
    data: bytes | None = None  # ready now
    taak: Taak | None = None  # or being made by a job


def by_worker() -> bool:
    return "celery" in current_app.extensions


def stored(doc_id: int) -> bytes | None:
    return db.session.scalar(sa.select(Document.pdf).where(Document.id == doc_id))


@use_case
def make(doc_id: int) -> bytes:
    """Convert and keep (raises PdfUnavailable when LibreOffice is missing or refuses)."""
    doc = db.session.get(Document, doc_id)
    if doc is None:
        raise RuleViolation({"document": [str(_l("Dit document bestaat niet meer."))]})
    if doc.pdf is None:
        doc.pdf = pdf.to_pdf(doc.inhoud)
    return doc.pdf


@use_case
def request_pdf(doc: Document, user_id: int | None) -> Pdf:
    """The PDF now if it is there or can be made here; else a job that makes it."""
    data = stored(doc.id)
    if data is not None:
        return Pdf(data=data)
    if not by_worker():
        return Pdf(data=make(doc.id))
    return Pdf(
        taak=jobs.submit(KIND, project_id=doc.project_id, user_id=user_id, document_id=doc.id)
    )
