"""Writing notifications to the outbox (``mailbericht``) in the transaction that causes them.

Each event function is called by the service that makes the change (documents.service.submit,
workflow.log_decision, workflow.transition) - or, for an action's owner, by a flush listener,
because FAB's generic API edits the owner without a service of ours. A row is inserted with
Core and ``ON CONFLICT DO NOTHING`` on its key: the second time the same event is queued
nothing happens, and nothing is audited (the row holds no domain data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from flask_appbuilder.security.sqla.models import Role, User
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import Besluit, Document, Fasetransitie, Gebruikerskoppeling, Opvolgactie, Project
from models.gebruikerskoppeling import koppeling_gemeente
from models.mailbericht import WACHTRIJ, Mailbericht
from models.project import project_gemeente
from portal import process, roles
from portal.extensions import db
from portal.notifications import kinds


@dataclass(frozen=True)
class Notification:
    """One mail to one person, as it goes into the outbox."""

    ontvanger_id: int
    soort: str
    onderwerp_type: str
    onderwerp_id: int
    project_id: int | None
    sleutel: str
    gegevens: dict[str, Any] = field(default_factory=dict)

    def values(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "ontvanger_id": self.ontvanger_id,
            "soort": self.soort,
            "onderwerp_type": self.onderwerp_type,
            "onderwerp_id": self.onderwerp_id,
            "project_id": self.project_id,
            "sleutel": self.sleutel,
            "gegevens": self.gegevens,
            "status": WACHTRIJ,
            "aangemaakt_op": now,
        }


def _insert(dialect: str):
    table = Mailbericht.__table__
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(dialect)  # the portal runs on these two


def write(
    items: Iterable[Notification], session: Session | None = None, now: dt.datetime | None = None
) -> list[Notification]:
    """Insert into the current transaction; returns the ones that were new (not queued before)."""
    session = session or db.session()
    conn = session.connection()
    now = now or dt.datetime.now(dt.UTC)
    stmt = _insert(conn.dialect.name).on_conflict_do_nothing(index_elements=["sleutel"])
    new = []
    for item in items:
        if conn.execute(stmt.values(**item.values(now))).rowcount:
            new.append(item)
    return new


def _actor(actor_id: int | None) -> int | None:
    """Who made the change: nobody is mailed about what he did himself."""
    if actor_id is not None:
        return actor_id
    user = getattr(g, "user", None) if has_request_context() else None
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


def _unique(ids: Iterable[int | None]) -> list[int]:
    out: list[int] = []
    for i in ids:
        if i is not None and i not in out:
            out.append(i)
    return out


def _without(ids: Iterable[int | None], actor_id: int | None) -> list[int]:
    actor = _actor(actor_id)
    return [i for i in _unique(ids) if i != actor]


# --- who ---------------------------------------------------------------------------------


def _with_role(role: str) -> sa.ColumnElement[bool]:
    return sa.and_(User.active.is_(True), User.roles.any(Role.name == role))


def rcf_of_region(project: Project) -> list[int]:
    """The RCF adviseurs of the project's region (they serve its RPF), the named one first."""
    found = db.session.scalars(
        sa.select(User.id)
        .join(Gebruikerskoppeling, Gebruikerskoppeling.user_id == User.id)
        .where(_with_role(roles.RCF), Gebruikerskoppeling.regio_id == project.regio_id)
        .order_by(User.id)
    ).all()
    return _unique([project.rcf_adviseur_id, *found])


def secretaries() -> list[int]:
    return list(db.session.scalars(sa.select(User.id).where(_with_role(roles.SECRETARIS))))


def projectleiders(project: Project) -> list[int]:
    """The project's own projectleider; without one, the projectleiders of its gemeenten (the
    people ``portal.access`` lets edit it)."""
    if project.projectleider_id is not None:
        return [project.projectleider_id]
    gemeenten = sa.select(project_gemeente.c.gemeente_id).where(
        project_gemeente.c.project_id == project.id
    )
    linked = sa.select(Gebruikerskoppeling.user_id).where(
        Gebruikerskoppeling.id.in_(
            sa.select(koppeling_gemeente.c.gebruikerskoppeling_id).where(
                koppeling_gemeente.c.gemeente_id.in_(gemeenten)
            )
        )
    )
    return list(
        db.session.scalars(
            sa.select(User.id)
            .where(_with_role(roles.PROJECTLEIDER), User.id.in_(linked))
            .order_by(User.id)
        )
    )


def staff(project: Project) -> list[int]:
    """The project staff: projectleider(s) and the RCF adviseur (or the region's RCF)."""
    rcf = [project.rcf_adviseur_id] if project.rcf_adviseur_id else rcf_of_region(project)
    return _unique([*projectleiders(project), *rcf])


# --- events ------------------------------------------------------------------------------


def owner_assigned(action: Opvolgactie, session: Session | None = None) -> list[Notification]:
    """The new owner of an action gets a mail (once per action and owner)."""
    owner = action.eigenaar_id
    if owner is None or owner == _actor(None):
        return []
    item = Notification(
        owner,
        kinds.TOEGEWEZEN,
        "opvolgactie",
        action.id,
        action.project_id,
        f"{kinds.TOEGEWEZEN}:{action.id}:{owner}",
        {"deadline": action.deadline.isoformat() if action.deadline else None},
    )
    return write([item], session)


def document_submitted(doc: Document, target: str, actor_id: int | None) -> list[Notification]:
    """A version put before the RPF goes to the region's RCF; before the LSI to its secretaries."""
    project = doc.project or db.session.get(Project, doc.project_id)
    to = secretaries() if target == process.LSI else rcf_of_region(project)
    data = {"soort": doc.soort, "versie": doc.versie, "orgaan": target}
    return write(
        Notification(
            user,
            kinds.INGEDIEND,
            "document",
            doc.id,
            doc.project_id,
            f"{kinds.INGEDIEND}:{doc.id}:{target}:{user}",
            data,
        )
        for user in _without(to, actor_id)
    )


def decision_logged(besluit: Besluit, actor_id: int | None) -> list[Notification]:
    """The project staff hear of every decision; then the gate it may have opened."""
    project = besluit.project or db.session.get(Project, besluit.project_id)
    data = {
        "orgaan": besluit.orgaan,
        "onderwerp": besluit.onderwerp,
        "uitkomst": besluit.uitkomst,
        "datum": besluit.datum.isoformat(),
    }
    out = write(
        Notification(
            user,
            kinds.BESLUIT,
            "besluit",
            besluit.id,
            project.id,
            f"{kinds.BESLUIT}:{besluit.id}:{user}",
            data,
        )
        for user in _without(staff(project), actor_id)
    )
    return out + gate_opened(project, actor_id)


def gate_opened(project: Project, actor_id: int | None = None) -> list[Notification]:
    """When every requirement of the gate to the next phase is met, the staff hear it once per
    set of document versions that opened it (a newer version needs new decisions, and when
    those open the gate again, that is news again)."""
    return write(gate_items(project, actor_id))


def gate_items(project: Project, actor_id: int | None = None) -> list[Notification]:
    from portal import workflow  # workflow calls this module

    if project.fase in process.ENDED:
        return []
    naar = process.next_phase(project.fase)
    if naar is None:
        return []
    gate = workflow.gate(project, naar)
    if not gate.requirements or not gate.open:
        return []  # a gate without requirements opens nothing worth a mail
    versions = [
        str(doc.id)
        for route in process.routes_into(naar)
        if (doc := workflow.latest_document(project.id, route.soort)) is not None
    ]
    marker = "-".join(versions) or "0"
    return [
        Notification(
            user,
            kinds.POORT,
            "project",
            project.id,
            project.id,
            f"{kinds.POORT}:{project.id}:{naar}:{marker}:{user}",
            {"van": project.fase, "naar": naar},
        )
        for user in _without(staff(project), actor_id)
    ]


def phase_entered(step: Fasetransitie, actor_id: int | None) -> list[Notification]:
    project = db.session.get(Project, step.project_id)
    return write(
        Notification(
            user,
            kinds.FASE,
            "project",
            project.id,
            project.id,
            f"{kinds.FASE}:{step.id}:{user}",
            {"van": step.van, "naar": step.naar},
        )
        for user in _without(staff(project), actor_id)
    )


# --- the owner of an action, however it is set -------------------------------------------


def _owner_changes(session: Session, _ctx) -> None:
    """After a flush: every action whose owner was set or changed (screen, API, service)."""
    changed = []
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, Opvolgactie) or obj.eigenaar_id is None:
            continue
        attrs = sa.inspect(obj).attrs
        # FAB sets the relationship, services the column: either one's history tells.
        if obj in session.new or attrs.eigenaar_id.history.added or attrs.eigenaar.history.added:
            changed.append(obj)
    with session.no_autoflush:
        for action in changed:
            owner_assigned(action, session)


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    sa.event.listen(Session, "after_flush", _owner_changes)
    _installed = True
