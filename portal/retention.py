"""AVG retention: after a project is closed or stopped and its term has passed, its personal
data is deleted or anonymised; aggregate results, decisions and document metadata stay.

Each feature registers what personal data it holds (``register_purger``); this module decides
*when* and keeps the record of what was removed (audit entries with counts per kind).

Copies go too: this module scrubs the personal values out of the project's generated
documents (first, while the values are still there to look for) and drops the values of
personal fields from its audit records (last, after every feature's purger). Which fields are
personal is what the models say (``models.base.PERSONAL``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask import current_app

from models import Document, Fasetransitie, Project, ProjectPartner
from portal import audit, process
from portal.deadlines import add_months
from portal.extensions import db, use_case

ENDED = process.ENDED


@dataclass(frozen=True)
class Purger:
    kind: str
    count: Callable[[int], int]
    purge: Callable[[int], int]
    last: bool = False  # runs after the others (removes copies the others leave behind)


PURGERS: list[Purger] = []
# Run before anything is removed, to freeze aggregate figures (e.g. the results snapshot).
BEFORE_PURGE: list[Callable[[int], None]] = []


def register_purger(
    kind: str, count: Callable[[int], int], purge: Callable[[int], int], *, last: bool = False
) -> None:
    """``count(project_id)`` says how much is there (0 once purged), ``purge(project_id)``
    removes it in the caller's transaction (no commit) and returns how much it removed."""
    if all(p.kind != kind for p in PURGERS):
        PURGERS.append(Purger(kind, count, purge, last))


def _in_order() -> list[Purger]:
    return sorted(PURGERS, key=lambda p: p.last)


def term_months(project: Project) -> int:
    cfg = current_app.config
    default = int(cfg.get("RETENTION_MONTHS", 6))
    if project.bewaartermijn_maanden is None:
        return default
    return max(
        int(cfg.get("RETENTION_MIN_MONTHS", 0)),
        min(int(cfg.get("RETENTION_MAX_MONTHS", 24)), project.bewaartermijn_maanden),
    )


def ended_on(project_id: int) -> dt.date | None:
    op = db.session.scalar(
        sa.select(sa.func.max(Fasetransitie.op)).where(
            Fasetransitie.project_id == project_id, Fasetransitie.naar.in_(ENDED)
        )
    )
    return op.date() if op else None


@dataclass
class Due:
    project: Project
    ended: dt.date
    expires: dt.date
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "project": self.project.code,
            "beeindigd": self.ended.isoformat(),
            "verloopt": self.expires.isoformat(),
            "aantallen": self.counts,
        }


def due(today: dt.date | None = None) -> list[Due]:
    """Ended projects whose retention term has passed and whose data is still there."""
    today = today or dt.date.today()
    out = []
    for project in db.session.scalars(
        sa.select(Project)
        .where(Project.fase.in_(ENDED), Project.persoonsgegevens_verwijderd_op.is_(None))
        .order_by(Project.code)
    ):
        ended = ended_on(project.id)
        if ended is None:
            continue
        expires = add_months(ended, term_months(project))
        if expires <= today:
            counts = {p.kind: p.count(project.id) for p in _in_order()}
            out.append(Due(project, ended, expires, counts))
    return out


def apply(items: list[Due], today: dt.date | None = None) -> list[Due]:
    """Remove the personal data of each due project in its own transaction."""
    today = today or dt.date.today()
    done = []
    for item in items:
        _purge(item, today)
        done.append(item)
    return done


@use_case
def purge_later(user_id: int | None):
    """The purge as a job (portal/jobs/kinds.py ``bewaartermijn``), as the schedule runs it."""
    from portal import jobs

    return jobs.submit("bewaartermijn", user_id=user_id)


@use_case
def _purge(item: Due, today: dt.date) -> None:
    pid = item.project.id
    for freeze in BEFORE_PURGE:
        freeze(pid)
    item.counts = {p.kind: p.purge(pid) for p in _in_order()}
    item.project.persoonsgegevens_verwijderd_op = today
    audit.record_event(
        db.session,
        "project",
        str(pid),
        "retentie",
        {"verwijderd": item.counts, "termijn_verlopen": item.expires.isoformat()},
        project_id=pid,
    )


def _count_contacts(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ProjectPartner)
            .where(
                ProjectPartner.project_id == project_id, ProjectPartner.contactpersoon.is_not(None)
            )
        )
        or 0
    )


def _purge_contacts(project_id: int) -> int:
    result = db.session.execute(
        sa.update(ProjectPartner)
        .where(ProjectPartner.project_id == project_id, ProjectPartner.contactpersoon.is_not(None))
        .values(contactpersoon=None, lock_version=ProjectPartner.lock_version + 1)
    )
    return result.rowcount or 0


# --- copies: generated documents and the audit trail ----------------------------------------

# Address keys of signals and the coupling are never printed in a document, and a project may
# have a million of them: not worth looking for.
_NOT_IN_DOCUMENTS = frozenset({"signaal", "adreskoppeling"})


def _personal_values(project_id: int) -> list[str]:
    """The project's personal text values, longest first (a short one may be part of a long
    one). Values under 4 characters (a house letter) would match anywhere."""
    values: set[str] = set()
    for table in db.metadata.sorted_tables:
        if table.name in _NOT_IN_DOCUMENTS or "project_id" not in table.c:
            continue
        for col in table.columns:
            if col.info.get("persoonsgegeven") and isinstance(col.type, sa.String):
                values.update(
                    v
                    for v in db.session.scalars(
                        sa.select(col).where(table.c.project_id == project_id).distinct()
                    )
                    if v and len(v) >= 4 and v != audit.REDACTED
                )
    return sorted(values, key=len, reverse=True)


def _scrubbed(data: bytes, values: list[str]) -> bytes | None:
    """The document with every value replaced (in each XML part of a .docx), or None if it
    holds none of them."""

    def scrub(text: str) -> str:
        for v in values:
            text = text.replace(escape(v), escape(audit.REDACTED))
        return text

    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        new = scrub(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
        return new if new != data else None
    out, changed = io.BytesIO(), False
    with zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if info.filename.endswith((".xml", ".rels")):
                new = scrub(part.decode("utf-8")).encode("utf-8")
                changed |= new != part
                part = new
            zout.writestr(info, part)
    return out.getvalue() if changed else None


def _documents_with(project_id: int) -> list[tuple[int, bytes]]:
    values = _personal_values(project_id)
    if not values:
        return []
    out = []
    for doc_id, data in db.session.execute(
        sa.select(Document.id, Document.inhoud).where(Document.project_id == project_id)
    ):
        new = _scrubbed(data, values)
        if new is not None:
            out.append((doc_id, new))
    return out


def _count_documents(project_id: int) -> int:
    return len(_documents_with(project_id))


def _scrub_documents(project_id: int) -> int:
    """Generated documents keep their place in the decision route (version, status, who and
    when) but lose the personal values they were rendered with; the checksum is of the new
    bytes."""
    changed = _documents_with(project_id)
    for doc_id, data in changed:
        db.session.execute(
            sa.update(Document.__table__)
            .where(Document.__table__.c.id == doc_id)
            # The PDF made of the old bytes is a copy too: it goes; a new one is made on demand.
            .values(inhoud=data, sha256=hashlib.sha256(data).hexdigest(), pdf=None)
        )
    return len(changed)


def _count_audit(project_id: int) -> int:
    return audit.redact(db.session, project_id, dry_run=True)


def _redact_audit(project_id: int) -> int:
    return audit.redact(db.session, project_id)


# Documents first, while the values to look for are still there; the audit trail last, after
# every feature's purger.
register_purger("persoonsgegevens in documenten", _count_documents, _scrub_documents)
register_purger("contactpersonen partners", _count_contacts, _purge_contacts)
register_purger(
    "waarden van persoonsgegevens in de audittrail", _count_audit, _redact_audit, last=True
)
