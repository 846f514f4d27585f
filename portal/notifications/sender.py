"""Sending the outbox: direct mails at once, a weekly digest for who chose one.

A row is claimed (``wachtrij`` -> ``verzenden``) and committed before its mail goes out, and
marked ``verzonden`` after: two senders never send the same row, and a crash between the two
leaves a row that is not sent again (at most once - "nothing is sent twice"). A refused
delivery puts the row back in the queue for the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import ExitStack
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_appbuilder.security.sqla.models import User
from flask_babel import force_locale
from flask_mail import Message as MailMessage

from models import Besluit, Document, Opvolgactie, Project
from models.mailbericht import OVERGESLAGEN, VERZENDEN, VERZONDEN, WACHTRIJ, Mailbericht
from models.mailvoorkeur import TALEN, WEKELIJKS, Mailvoorkeur
from models.opvolgactie import AFGEROND
from portal.extensions import db, transaction
from portal.notifications import kinds, messages
from portal.notifications.outbox import Notification

log = logging.getLogger(__name__)


class MailNotConfigured(RuntimeError):
    """MAIL_SERVER is not set: mails stay queued until it is."""


@dataclass
class Outgoing:
    """A mail that was (or, in a dry run, would be) sent."""

    soort: str  # a row's kind, or kinds.DIGEST
    ontvanger: str  # username
    adres: str
    onderwerp: str
    taal: str
    ids: list[int] = field(default_factory=list)  # the outbox rows it carries
    bundel_id: str | None = None
    fout: str | None = None  # set when the server refused it (the rows are queued again)

    def to_json(self) -> dict:
        return {
            "soort": self.soort,
            "ontvanger": self.ontvanger,
            "onderwerp": self.onderwerp,
            "taal": self.taal,
            "berichten": len(self.ids),
            "bundel": self.bundel_id,
            "fout": self.fout,
        }


@dataclass
class _Row:
    """An outbox row, or (in a dry run) a notification not yet queued."""

    id: int | None
    ontvanger_id: int
    soort: str
    onderwerp_type: str
    onderwerp_id: int
    project_id: int | None
    gegevens: dict


def configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def week_id(user_id: int, day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{user_id}-{year}-W{week:02d}"


def _preference(user_id: int) -> Mailvoorkeur:
    found = db.session.scalar(sa.select(Mailvoorkeur).where(Mailvoorkeur.user_id == user_id))
    # The defaults without storing a row: everything, at once, in Dutch.
    return found or Mailvoorkeur(
        user_id=user_id,
        **{s: True for s in kinds.SWITCH.values()},
        frequentie="direct",
        taal="nl",
    )


def _still_applies(row: _Row) -> bool:
    """A reminder of an action done since, or about a row since removed, is not sent."""
    if row.onderwerp_type == "opvolgactie":
        action = db.session.get(Opvolgactie, row.onderwerp_id)
        if action is None:
            return False
        if action.status == AFGEROND:
            return False
        return row.soort != kinds.TOEGEWEZEN or action.eigenaar_id == row.ontvanger_id
    model = {"document": Document, "besluit": Besluit, "project": Project}.get(row.onderwerp_type)
    return model is None or db.session.get(model, row.onderwerp_id) is not None


def _compose(row: _Row, taal: str) -> messages.Message:
    project = db.session.get(Project, row.project_id) if row.project_id else None
    with force_locale(taal):
        return messages.compose(row.soort, row.gegevens or {}, project)


# Lets a mail client (and the tests) sort notifications by kind without reading them.
KIND_HEADER = "X-Interventieportaal-Melding"


def _mail(to: str, soort: str, subject: str, text: str, html: str) -> MailMessage:
    return MailMessage(
        subject=subject,
        recipients=[to],
        body=text,
        html=html,
        extra_headers={KIND_HEADER: soort},
    )


def _set(ids: list[int], values: dict, only_from: str | None = None) -> list[int]:
    """Update rows (optionally only those still in ``only_from``) in their own transaction;
    returns the ids updated."""
    if not ids:
        return []
    stmt = sa.update(Mailbericht).where(Mailbericht.id.in_(ids)).values(**values)
    if only_from is not None:
        stmt = stmt.where(Mailbericht.status == only_from)
    with transaction() as session:
        return list(session.execute(stmt.returning(Mailbericht.id)).scalars())


def _plan(rows: list[_Row], today: dt.date) -> tuple[list[tuple], list[int]]:
    """What goes out now: (user, preference, [rows], bundel_id or None) per mail, and the row
    ids to skip (kind switched off, no address, no longer applies)."""
    digest_day = int(current_app.config.get("DIGEST_WEEKDAY", 0)) == today.weekday()
    by_user: dict[int, list[_Row]] = {}
    for row in rows:
        by_user.setdefault(row.ontvanger_id, []).append(row)
    plan, skip = [], []
    for user_id, user_rows in by_user.items():
        user = db.session.get(User, user_id)
        pref = _preference(user_id)
        wanted = []
        for row in user_rows:
            switch = kinds.SWITCH.get(row.soort)
            if (
                user is None
                or not user.active
                or not user.email
                or (switch and not getattr(pref, switch))
                or not _still_applies(row)
            ):
                if row.id is not None:
                    skip.append(row.id)
                continue
            wanted.append(row)
        if not wanted:
            continue
        if pref.frequentie == WEKELIJKS:
            bundle = week_id(user_id, today)
            sent_this_week = db.session.scalar(
                sa.select(Mailbericht.id).where(Mailbericht.bundel_id == bundle).limit(1)
            )
            if digest_day and sent_this_week is None:
                plan.append((user, pref, wanted, bundle))
            continue  # waits for its digest
        plan.extend((user, pref, [row], None) for row in wanted)
    return plan, skip


def _queued() -> list[_Row]:
    return [
        _Row(
            r.id,
            r.ontvanger_id,
            r.soort,
            r.onderwerp_type,
            r.onderwerp_id,
            r.project_id,
            r.gegevens,
        )
        for r in db.session.scalars(
            sa.select(Mailbericht).where(Mailbericht.status == WACHTRIJ).order_by(Mailbericht.id)
        )
    ]


def _render(user: User, pref: Mailvoorkeur, rows: list[_Row], bundle: str | None):
    taal = pref.taal if pref.taal in TALEN else "nl"
    base = current_app.config.get("PORTAL_URL") or "http://127.0.0.1:8080"
    with current_app.test_request_context("/", base_url=base), force_locale(taal):
        items = [_compose(row, taal) for row in rows]
        if bundle is not None:
            subject, text, html = messages.digest(items)
        else:
            subject, text, html = items[0].subject, items[0].text(), items[0].html()
    return taal, subject, text, html


def send_pending(
    now: dt.datetime | None = None, dry_run: bool = False, extra: list[Notification] = ()
) -> list[Outgoing]:
    """Send what is queued (``extra``: notifications not yet queued, shown in a dry run).
    A dry run renders the same mails and changes nothing. Idempotent."""
    now = now or dt.datetime.now(dt.UTC)
    if not dry_run and not configured():
        raise MailNotConfigured("MAIL_SERVER")
    rows = _queued() + [
        _Row(
            None,
            n.ontvanger_id,
            n.soort,
            n.onderwerp_type,
            n.onderwerp_id,
            n.project_id,
            n.gegevens,
        )
        for n in extra
    ]
    plan, skip = _plan(rows, now.date())
    if not dry_run:
        _set(skip, {"status": OVERGESLAGEN}, only_from=WACHTRIJ)
    out: list[Outgoing] = []
    mail = current_app.extensions["mail"]
    with ExitStack() as stack:
        connection = None  # opened on the first mail, shared by the rest of this run
        for user, pref, user_rows, bundle in plan:
            ids = [r.id for r in user_rows if r.id is not None]
            if not dry_run:
                claimed = set(_set(ids, {"status": VERZENDEN}, only_from=WACHTRIJ))
                user_rows = [r for r in user_rows if r.id in claimed]
                ids = [r.id for r in user_rows]
                if not user_rows:
                    continue  # another sender has them
            taal, subject, text, html = _render(user, pref, user_rows, bundle)
            item = Outgoing(
                kinds.DIGEST if bundle else user_rows[0].soort,
                user.username,
                user.email,
                subject,
                taal,
                ids,
                bundle,
            )
            out.append(item)
            if dry_run:
                continue
            try:
                if connection is None:
                    connection = stack.enter_context(mail.connect())
                connection.send(_mail(user.email, item.soort, subject, text, html))
            except Exception as e:  # noqa: BLE001 - any refusal: queue again, report, go on
                log.warning(
                    "mail %s to user %s not sent: %s", item.soort, user.id, type(e).__name__
                )
                item.fout = f"{type(e).__name__}: {e}"
                _set(ids, {"status": WACHTRIJ})
                continue
            _set(ids, {"status": VERZONDEN, "verzonden_op": now, "bundel_id": bundle})
            log.info("mail %s sent to user %s (%s rows)", item.soort, user.id, len(ids))
    return out
