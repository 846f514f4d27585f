"""What the daily run finds due: deadline reminders, overdue notices, escalations - and gates
that opened without a decision of ours (an AVG registration that became "Geregistreerd").

Each is keyed by the action, its deadline and the recipient, so running twice a day (or
after a restart) queues nothing new; a moved deadline is a new deadline and reminds again.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app

from models import Opvolgactie, Project
from models.mailbericht import Mailbericht
from models.opvolgactie import AFGEROND
from portal import process
from portal.extensions import db, use_case
from portal.notifications import kinds
from portal.notifications.outbox import Notification, gate_items, projectleiders, write
from portal.notifications.outbox import staff as outbox_staff


def _config(today: dt.date | None) -> tuple[dt.date, int, int]:
    cfg = current_app.config
    return (
        today or dt.date.today(),
        int(cfg.get("REMINDER_DAYS_BEFORE", 3)),
        int(cfg.get("ESCALATION_DAYS", 7)),
    )


def due(today: dt.date | None = None) -> list[Notification]:
    """Every reminder, overdue notice, escalation and open gate that is due ``today`` -
    whether or not it was queued before (``write`` and ``not_queued`` tell)."""
    today, before, escalate_after = _config(today)
    running = sa.select(Project.id).where(Project.fase.not_in(process.ENDED))
    actions = db.session.scalars(
        sa.select(Opvolgactie)
        .where(
            Opvolgactie.status != AFGEROND,
            Opvolgactie.project_id.in_(running),
            Opvolgactie.deadline <= today + dt.timedelta(days=before),
        )
        .order_by(Opvolgactie.deadline, Opvolgactie.id)
    ).all()
    out: list[Notification] = []
    leaders: dict[int, list[int]] = {}
    for a in actions:
        deadline = a.deadline.isoformat()
        data = {"deadline": deadline}
        if a.eigenaar_id is not None:
            soort = kinds.VERLOPEN if a.deadline < today else kinds.HERINNERING
            out.append(
                Notification(
                    a.eigenaar_id,
                    soort,
                    "opvolgactie",
                    a.id,
                    a.project_id,
                    f"{soort}:{a.id}:{deadline}:{a.eigenaar_id}",
                    data,
                )
            )
        late = (today - a.deadline).days
        if late >= escalate_after:
            if a.project_id not in leaders:
                leaders[a.project_id] = projectleiders(db.session.get(Project, a.project_id))
            for user in leaders[a.project_id]:
                out.append(
                    Notification(
                        user,
                        kinds.ESCALATIE,
                        "opvolgactie",
                        a.id,
                        a.project_id,
                        f"{kinds.ESCALATIE}:{a.id}:{deadline}:{user}",
                        {**data, "dagen": late},
                    )
                )
    for project in db.session.scalars(
        sa.select(Project).where(Project.id.in_(running)).order_by(Project.id)
    ):
        out.extend(gate_items(project, None))
    return out


def not_queued(items: list[Notification]) -> list[Notification]:
    """The ones whose key is not in the outbox yet (for a dry run, which writes nothing)."""
    keys = [i.sleutel for i in items]
    known: set[str] = set()
    for start in range(0, len(keys), 500):
        known |= set(
            db.session.scalars(
                sa.select(Mailbericht.sleutel).where(
                    Mailbericht.sleutel.in_(keys[start : start + 500])
                )
            )
        )
    return [i for i in items if i.sleutel not in known]


@use_case
def queue_due_reminders(today: dt.date | None = None) -> list[Notification]:
    """Queue what is due today; returns only what was new. Idempotent."""
    return write(due(today))


def deadline_warnings(today: dt.date | None = None) -> list[Notification]:
    """The eindrapportage due within ``deadlines.SOON_DAYS`` or late (seed 001: three months
    after the operational phase): the project staff hear it once when it comes near and once
    when it has passed - for that deadline; a moved deadline warns again."""
    from portal import deadlines

    today = today or dt.date.today()
    out: list[Notification] = []
    for d in deadlines.for_projects(today=today):
        if d.soort != "eindrapportage" or d.status not in (deadlines.SOON, deadlines.OVERDUE):
            continue
        project = db.session.get(Project, d.project_id)
        state = "te_laat" if d.status == deadlines.OVERDUE else "binnenkort"
        for user in outbox_staff(project):
            out.append(
                Notification(
                    user,
                    kinds.TERMIJN,
                    "project",
                    project.id,
                    project.id,
                    f"{kinds.TERMIJN}:{project.id}:eindrapportage:{d.datum.isoformat()}:{state}:{user}",
                    {"deadline": d.datum.isoformat(), "te_laat": state == "te_laat"},
                )
            )
    return out


@use_case
def queue_deadline_warnings(today: dt.date | None = None) -> list[Notification]:
    """Queue the eindrapportage warnings due today; returns only what was new. Idempotent."""
    return write(deadline_warnings(today))
