"""E-mail notifications (issue #16 section 3): a transactional outbox, the daily reminders and
a sender through Flask-Mail.

- ``outbox``: the services call its event functions inside their own transaction (an action's
  owner is picked up by a flush listener, whatever edits it);
- ``reminders``: what is due on a day (deadlines, overdue, escalation, gates);
- ``sender``: direct mails and the weekly digest, each row at most once;
- ``run_reminders``: the one entry for the CLI (``flask lsi reminders``) and the scheduler.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import Flask
from flask_mail import Mail

from portal.notifications import outbox
from portal.notifications.outbox import (
    Notification,
    decision_logged,
    document_submitted,
    gate_opened,
    phase_entered,
)
from portal.notifications.reminders import (
    deadline_warnings,
    due,
    not_queued,
    queue_deadline_warnings,
    queue_due_reminders,
)
from portal.notifications.sender import MailNotConfigured, Outgoing, configured, send_pending

mail = Mail()

__all__ = [
    "MailNotConfigured",
    "Notification",
    "Outgoing",
    "Report",
    "decision_logged",
    "document_submitted",
    "gate_opened",
    "install",
    "mail",
    "phase_entered",
    "queue_due_reminders",
    "run_reminders",
    "send_pending",
]


@dataclass
class Report:
    """What one run did (or, in a dry run, would do)."""

    send: bool
    today: dt.date
    queued: list[Notification] = field(default_factory=list)  # newly found due today
    mails: list[Outgoing] = field(default_factory=list)
    configured: bool = True

    @property
    def failed(self) -> list[Outgoing]:
        return [m for m in self.mails if m.fout]

    def to_json(self) -> dict:
        return {
            "verzenden": self.send,
            "datum": self.today.isoformat(),
            "nieuw_in_wachtrij": len(self.queued),
            "mails": [m.to_json() for m in self.mails],
            "mislukt": len(self.failed),
            "mailserver_ingesteld": self.configured,
        }


# What a run looks for: the actions' reminders (with gates), or the eindrapportage warnings
# (their own schedule); each is (find, queue).
ACTIONS = (due, queue_due_reminders)
DEADLINES = (deadline_warnings, queue_deadline_warnings)


def run_reminders(
    send: bool,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    what: tuple = ACTIONS,
) -> Report:
    """Queue what is due today and send what is pending - or, with ``send=False``, list both
    without writing or sending anything. The CLI and the scheduler both call this."""
    find, queue = what
    today = today or dt.date.today()
    now = now or dt.datetime.combine(today, dt.datetime.now(dt.UTC).time(), tzinfo=dt.UTC)
    if not send:
        found = not_queued(find(today))
        return Report(
            False, today, found, send_pending(now, dry_run=True, extra=found), configured()
        )
    if not configured():
        # Queue anyway, so nothing is lost; the mails go once MAIL_SERVER is set.
        return Report(True, today, queue(today), [], False)
    queued = queue(today)
    return Report(True, today, queued, send_pending(now))


def install(app: Flask) -> None:
    """Flask-Mail from MAIL_* and the listener that notices an action's new owner."""
    mail.init_app(app)
    outbox.install()
