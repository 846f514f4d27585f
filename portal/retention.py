"""AVG retention: after a project is closed or stopped and its term has passed, its personal
data is deleted or anonymised; aggregate results, decisions and document metadata stay.

Each feature registers what personal data it holds (``register_purger``); this module decides
*when* and keeps the record of what was removed (audit entries with counts per kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from models import Fasetransitie, Project, ProjectPartner
from portal import audit
from portal.deadlines import add_months
from portal.extensions import db

ENDED = ("Afgesloten", "Gestopt")


@dataclass(frozen=True)
class Purger:
    kind: str
    count: Callable[[int], int]
    purge: Callable[[int], int]


PURGERS: list[Purger] = []
# Run before anything is removed, to freeze aggregate figures (e.g. the results snapshot).
BEFORE_PURGE: list[Callable[[int], None]] = []


def register_purger(kind: str, count: Callable[[int], int], purge: Callable[[int], int]) -> None:
    if all(p.kind != kind for p in PURGERS):
        PURGERS.append(Purger(kind, count, purge))


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
            out.append(Due(project, ended, expires, {p.kind: p.count(project.id) for p in PURGERS}))
    return out


def apply(items: list[Due], today: dt.date | None = None) -> list[Due]:
    """Remove the personal data of each due project in its own transaction."""
    today = today or dt.date.today()
    done = []
    for item in items:
        pid = item.project.id
        for freeze in BEFORE_PURGE:
            freeze(pid)
        item.counts = {p.kind: p.purge(pid) for p in PURGERS}
        item.project.persoonsgegevens_verwijderd_op = today
        audit.record_event(
            db.session,
            "project",
            str(pid),
            "retentie",
            {"verwijderd": item.counts, "termijn_verlopen": item.expires.isoformat()},
            project_id=pid,
        )
        db.session.commit()
        done.append(item)
    return done


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


register_purger("contactpersonen partners", _count_contacts, _purge_contacts)
