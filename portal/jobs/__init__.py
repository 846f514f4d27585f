"""Background jobs: work that takes longer than a request should, done by a worker.

A job is a ``Taak`` row (state, progress, result or error) plus a message on the queue:
Celery on the broker named by ``BROKER_URL`` when there is one (portal.jobs.queue), else a
thread pool in the web process - the embedded default, so ``make run`` still serves
everything with one command. Either way the row is written in the caller's transaction and
the job is handed over only once that commits: a job never refers to work that was rolled
back, and a job that is handed over always finds its row.

What each kind does lives in portal.jobs.kinds; this module runs them: one attempt is one
transaction of the job's own use case, so a failed job leaves nothing half-stored; a lost
race or a dropped connection (safe to repeat) is tried again.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from models import Taak
from models.taak import BEZIG, KLAAR, MISLUKT, WACHTRIJ
from portal import audit
from portal.errors import RuleViolation
from portal.extensions import db, on_commit

log = logging.getLogger(__name__)

Report = Callable[[int, int], None]  # (done, total): the job's own measure of its progress
Work = Callable[[dict[str, Any], Report], dict[str, Any]]

MAX_ATTEMPTS = 3
# Errors that say "try again": the database dropped the connection or picked this
# transaction as a deadlock's victim. A job's attempt is one transaction, so repeating it
# cannot store anything twice.
RETRYABLE: tuple[type[BaseException], ...] = (sa.exc.OperationalError, sa.exc.InterfaceError)

FAILED = _l("De taak is mislukt; er is niets opgeslagen. Probeer het opnieuw of meld het.")
RETRIES_SPENT = _l("De taak is %(n)s keer geprobeerd en steeds mislukt; er is niets opgeslagen.")


@dataclass(frozen=True)
class Kind:
    name: str
    work: Work
    label: Any  # lazy string: what the user sees ("Signalen controleren")


KINDS: dict[str, Kind] = {}


def kind(name: str, label: Any) -> Callable[[Work], Work]:
    """Register a job kind: ``work(parameters, report) -> result`` (ids and counts only)."""

    def register(work: Work) -> Work:
        KINDS[name] = Kind(name, work, label)
        return work

    return register


def label(name: str) -> str:
    k = KINDS.get(name)
    return str(k.label) if k else name


# --- starting ----------------------------------------------------------------------------------


def submit(
    soort: str,
    *,
    project_id: int | None = None,
    user_id: int | None = None,
    queue: bool = True,
    **parameters: Any,
) -> Taak:
    """Record a job in the current transaction; it is queued when that commits (unless
    ``queue=False``: the caller runs it itself, as the scheduler's task does)."""
    if soort not in KINDS:
        raise KeyError(soort)
    taak = Taak(
        soort=soort,
        # The starter's id travels with the job: it runs with that user's rights.
        parameters={**parameters, "user_id": user_id, "project_id": project_id},
        project_id=project_id,
        aangemaakt_door_id=user_id,
        taal=str(get_locale() or "nl") if has_request_context() else "nl",
    )
    db.session.add(taak)
    db.session.flush()
    if queue:
        taak_id = taak.id
        app = current_app._get_current_object()
        on_commit(lambda: _dispatch(app, taak_id))
    return taak


def submit_scheduled(soort: str) -> Taak:
    """A scheduled run, recorded like any job and run by the scheduler's own task."""
    return submit(soort, queue=False)


def _dispatch(app, taak_id: str) -> None:
    from portal.jobs import queue

    queue.dispatch(app, taak_id)


# --- running -----------------------------------------------------------------------------------

RETRY = "retry"
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("taak", default=None)
# Progress of jobs running in this process. On SQLite a second connection cannot write while
# the job's own transaction holds the lock, so progress stays in memory there (the embedded
# runner serves the job's page from the same process); elsewhere it also goes to the row.
_progress: dict[str, int] = {}


def run(taak_id: str, *, final_attempt: bool = True) -> str:
    """One attempt at a job. Returns its state, or ``RETRY`` when it should be tried again
    (``final_attempt=False``: the caller will). Safe to call twice for the same job (a broker
    may deliver a message again): a finished job is left as it is."""
    taak = db.session.get(Taak, taak_id)
    if taak is None or taak.afgelopen:
        db.session.rollback()
        return taak.status if taak else MISLUKT
    k = KINDS.get(taak.soort)
    taak.status, taak.gestart_op = BEZIG, _now()
    taak.pogingen = (taak.pogingen or 0) + 1
    parameters, attempts, language = dict(taak.parameters or {}), taak.pogingen, taak.taal
    starter = taak.aangemaakt_door
    actor = (starter.id, starter.username) if starter is not None else None
    db.session.commit()
    token = _current.set(taak_id)
    acting = audit.acting_user.set(actor)  # the audit trail names who started the job
    try:
        with force_locale(language):
            if k is None:
                raise RuleViolation({"_": [str(FAILED)]})
            result = k.work(parameters, _reporter(taak_id))
    except RuleViolation as e:
        db.session.rollback()
        return _finish(taak_id, MISLUKT, fout=e.errors, language=language)
    except RETRYABLE as e:
        db.session.rollback()
        if not final_attempt and attempts < MAX_ATTEMPTS:
            log.warning("job %s (%s) attempt %s: %s; again", taak_id, taak.soort, attempts, e)
            _set(taak_id, status=WACHTRIJ)
            return RETRY
        log.exception("job %s (%s) failed after %s attempts", taak_id, taak.soort, attempts)
        return _finish(taak_id, MISLUKT, message=RETRIES_SPENT, n=attempts, language=language)
    except Exception:
        db.session.rollback()
        log.exception("job %s (%s) failed", taak_id, taak.soort)
        return _finish(taak_id, MISLUKT, message=FAILED, language=language)
    finally:
        _current.reset(token)
        audit.acting_user.reset(acting)
        _progress.pop(taak_id, None)
    return _finish(taak_id, KLAAR, resultaat=result)


def run_with_retries(taak_id: str) -> str:
    """The embedded runner's loop: attempts with a growing pause in between."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        state = run(taak_id, final_attempt=attempt == MAX_ATTEMPTS)
        if state != RETRY:
            return state
        time.sleep(0.5 * 2**attempt)
    return MISLUKT


def _finish(
    taak_id: str,
    status: str,
    *,
    resultaat: dict | None = None,
    fout: dict | None = None,
    message: Any = None,
    language: str = "nl",
    **params: Any,
) -> str:
    if message is not None:
        with force_locale(language):
            fout = {"_": [str(message % params if params else message)]}
    _set(taak_id, status=status, resultaat=resultaat, fout=fout, voortgang=100, klaar_op=_now())
    return status


def _set(taak_id: str, **values: Any) -> None:
    db.session.execute(sa.update(Taak).where(Taak.id == taak_id).values(**values))
    db.session.commit()


def _reporter(taak_id: str) -> Report:
    """Progress as a percentage, written at most once per percent and per half second, on a
    connection of its own so the job's transaction stays one transaction."""
    last = {"pct": -1, "at": 0.0}
    to_row = db.engine.dialect.name != "sqlite"

    def report(done: int, total: int) -> None:
        pct = min(99, int(done * 100 / total)) if total else 0
        now = time.monotonic()
        if pct <= last["pct"] or now - last["at"] < 0.5:
            return
        last.update(pct=pct, at=now)
        _progress[taak_id] = pct
        if to_row:
            try:
                with db.engine.begin() as conn:
                    conn.execute(sa.update(Taak).where(Taak.id == taak_id).values(voortgang=pct))
            except sa.exc.DBAPIError:  # progress is a courtesy; the work goes on
                log.debug("progress of job %s not written", taak_id)

    return report


def progress_of(taak: Taak) -> int:
    return max(taak.voortgang or 0, _progress.get(taak.id, 0))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


__all__ = [
    "KINDS",
    "kind",
    "label",
    "submit",
    "submit_scheduled",
    "run",
    "run_with_retries",
    "progress_of",
    "Report",
    "BEZIG",
    "KLAAR",
    "MISLUKT",
    "WACHTRIJ",
]
