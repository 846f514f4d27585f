"""``Idempotency-Key`` on every creating API request (POST under ``/api/``, not the security
API), after the IETF draft "The Idempotency-Key HTTP Header Field". One mechanism for all
views: request hooks and session events, installed once by the app factory.

- The key belongs to the signed-in user: the same text from another user is another key.
- Same key, same request (sha256 of method, path with query and body) -> the stored first
  answer (status, body, Content-Type/Location/Content-Disposition) with
  ``Idempotent-Replayed: true``; the handler does not run, nothing is written.
- Same key, another request -> 422. A request with the key still running -> 409.
- What is kept: 2xx and the 4xx that say something about the request itself (400, 404, 413,
  422, ...): a retry of the same request gets the same answer, a new attempt takes a new key.
  Not kept: 5xx (the transaction rolled back, so the retry must be able to run) and the
  "try again" answers in ``NOT_KEPT`` (throttling, conflicts, sign-in or rights that may
  change).
- Keys and answers are kept ``IDEMPOTENCY_KEY_HOURS`` (24); an expired key is a new key.
  ``flask lsi sweep-idempotency`` removes expired ones; answers can hold personal data, so the
  AVG retention removes a project's (and the foreign key cascades when a project goes).

Why the key cannot be lost while the write is kept (the outage of issue #13): the key row is
not written before the handler (a crash would leave a key for nothing) nor after it (an outage
between the handler's commit and ours stores the write without the key, and the retry writes
again). FAB and the services commit inside the handlers, so a ``before_commit`` listener on the
request's session inserts the key row *in the handler's own transaction*, after flushing the
handler's rows: both are committed or neither is. The answer is filled in afterwards
(``after_request``); until then the row says "running" and a retry gets 409. Two concurrent
requests with one key both run, but the unique (user, key) index lets only one commit: the
other's transaction - its rows with it - rolls back and it answers 409.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import click
import sqlalchemy as sa
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import gettext as _
from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Idempotentieverzoek
from portal import access, retention
from portal.api_errors import api_error
from portal.cli import lsi
from portal.extensions import db

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY = 255
# Answers that mean "not now" or depend on who asks at that moment: a retry may do better.
NOT_KEPT = {401, 403, 408, 409, 423, 425, 429}
KEPT_HEADERS = ("Content-Type", "Location", "ETag", "Content-Disposition")
_TABLE = Idempotentieverzoek.__table__
_STATE = "_portal_idempotency"


@dataclass
class _Pending:
    """The request being handled under a key (kept on ``g``)."""

    user_id: int
    key: str
    fingerprint: str
    project_id: int | None
    row_id: int | None = None
    inserted: bool = False  # the key row is in the current transaction
    committed: bool = False  # ... and that transaction committed
    conflict: bool = False  # another request with this key committed first


def applies(method: str, path: str) -> bool:
    """Whether a request is a creating API request that takes an ``Idempotency-Key``."""
    return (
        method == "POST" and path.startswith("/api/") and not path.startswith("/api/v1/security/")
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _cutoff() -> dt.datetime:
    return _now() - dt.timedelta(hours=int(current_app.config.get("IDEMPOTENCY_KEY_HOURS", 24)))


def _user_id() -> int | None:
    """The user FAB will act for: the session cookie first (as ``@protect`` does), else the
    bearer token. None (not signed in, bad token): no key handling, the handler says 401."""

    if current_user and current_user.is_authenticated:
        return int(current_user.id)
    if request.headers.get("Authorization", "").startswith("Bearer "):
        try:
            verify_jwt_in_request()
            return int(get_jwt_identity())
        except Exception:  # noqa: BLE001 - any invalid token: the handler refuses it
            return None
    return None


def fingerprint() -> str:
    """sha256 of method, path with query and body. JSON is compared as data (key order and
    spacing do not count) and multipart as its fields and file contents (a client's retry
    gets a new boundary)."""
    h = hashlib.sha256()
    for part in (request.method, request.path, request.query_string.decode("latin-1")):
        h.update(part.encode() + b"\0")
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name, value in sorted(request.form.items(multi=True)):
            h.update(f"f:{name}={value}\0".encode())
        for name, upload in sorted(request.files.items(multi=True), key=lambda kv: kv[0]):
            content = hashlib.sha256()
            while chunk := upload.stream.read(1 << 16):
                content.update(chunk)
            upload.stream.seek(0)
            h.update(f"b:{name}:{upload.filename}:{content.hexdigest()}\0".encode())
        return h.hexdigest()
    data = request.get_data(cache=True)
    if request.is_json:
        try:
            data = json.dumps(
                json.loads(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode()
        except ValueError:
            pass  # not JSON after all: the bytes themselves
    h.update(data)
    return h.hexdigest()


def _message(status: int, text: str) -> Response:
    return api_error(status, text)


def _busy() -> Response:
    return _message(
        409,
        _(
            "Een verzoek met deze Idempotency-Key is nog in behandeling, of is verwerkt zonder "
            "dat het antwoord bewaard kon worden. Probeer het zo opnieuw; blijft dit antwoord "
            "komen, kijk dan na of het verzoek is uitgevoerd."
        ),
    )


def _replay(row: Idempotentieverzoek) -> Response:
    headers = dict(row.kopregels or {})
    headers[REPLAYED] = "true"
    return current_app.response_class(row.antwoord or b"", status=row.status, headers=headers)


def _begin() -> Response | None:
    if not applies(request.method, request.path) or HEADER not in request.headers:
        return None
    key = request.headers[HEADER].strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]  # the draft writes the key as a structured-field string
    if not key or len(key) > MAX_KEY or not key.isascii() or not key.isprintable():
        return _message(
            400,
            _("De Idempotency-Key moet 1 tot %(n)s zichtbare ASCII-tekens lang zijn.", n=MAX_KEY),
        )
    user_id = _user_id()
    if user_id is None:
        return None
    fp = fingerprint()
    row = db.session.scalar(
        sa.select(Idempotentieverzoek).where(
            Idempotentieverzoek.gebruiker_id == user_id, Idempotentieverzoek.sleutel == key
        )
    )
    if row is not None and row.aangemaakt_op < _cutoff():
        db.session.execute(sa.delete(_TABLE).where(_TABLE.c.id == row.id))
        db.session.commit()
        row = None
    if row is not None:
        if row.vingerafdruk != fp:
            return _message(
                422,
                _(
                    "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik voor "
                    "een nieuw verzoek een nieuwe sleutel."
                ),
            )
        if row.status is None:
            return _busy()
        return _replay(row)
    project_id = (request.view_args or {}).get("project_id")
    setattr(g, _STATE, _Pending(user_id, key, fp, project_id))
    return None


def _pending(session: Session) -> _Pending | None:
    """The key of this request, if ``session`` is the request's own session."""
    if not has_request_context():
        return None
    pending = g.get(_STATE)
    if pending is None or not db.session.registry.has() or session is not db.session.registry():
        return None
    return pending


def _after_flush(session: Session, _ctx) -> None:
    pending = _pending(session)
    if pending is None or pending.project_id is not None:
        return

    with session.no_autoflush:
        for obj in [*session.new, *session.dirty]:
            try:
                project_id = access.project_id_of(obj)
            except Exception:  # noqa: BLE001 - a row without a project
                project_id = None
            if isinstance(project_id, int):
                pending.project_id = project_id
                return


def _before_commit(session: Session) -> None:
    pending = _pending(session)
    if pending is None or pending.inserted or pending.committed:
        return
    # The handler's rows first, so that an IntegrityError below is about the key alone.
    session.flush()
    try:
        result = session.execute(
            sa.insert(_TABLE).values(
                gebruiker_id=pending.user_id,
                sleutel=pending.key,
                vingerafdruk=pending.fingerprint,
                project_id=pending.project_id,
                aangemaakt_op=_now(),
            )
        )
    except IntegrityError:
        # Another request with this key committed first: this transaction must not commit.
        pending.conflict = True
        raise
    pending.row_id = result.inserted_primary_key[0]
    pending.inserted = True


def _after_commit(session: Session) -> None:
    pending = _pending(session)
    if pending is not None and pending.inserted:
        pending.committed = True


def _after_rollback(session: Session) -> None:
    pending = _pending(session)
    if pending is not None and pending.inserted and not pending.committed:
        pending.inserted, pending.row_id = False, None  # the key row went with the rollback


def _kept(response: Response) -> bool:
    return (
        response.status_code < 500
        and response.status_code not in NOT_KEPT
        and not response.is_streamed
        and not response.direct_passthrough
    )


def _finish(response: Response) -> Response:
    pending = g.pop(_STATE, None)
    if pending is None:
        return response
    if pending.conflict:
        db.session.rollback()
        return _busy()
    if not _kept(response):
        # Not committed: nothing is kept and a retry runs. Committed (an error after the
        # handler's commit): the row stays "running" without an answer, so a retry gets 409
        # instead of writing again.
        return response
    answer = {
        "status": response.status_code,
        "antwoord": response.get_data(),
        "kopregels": {h: response.headers[h] for h in KEPT_HEADERS if h in response.headers},
        "project_id": pending.project_id,
    }
    # What the handler left uncommitted would be dropped at teardown anyway (and a failed
    # commit must be rolled back): the answer is written in a clean transaction.
    db.session.rollback()
    try:
        if pending.committed:
            db.session.execute(sa.update(_TABLE).where(_TABLE.c.id == pending.row_id), answer)
        else:
            db.session.execute(
                sa.insert(_TABLE),
                {
                    **answer,
                    "gebruiker_id": pending.user_id,
                    "sleutel": pending.key,
                    "vingerafdruk": pending.fingerprint,
                    "aangemaakt_op": _now(),
                },
            )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent request with the key kept its answer first
    except sa.exc.SQLAlchemyError:
        # The database went away after the handler: its answer still reaches the client.
        db.session.rollback()
        current_app.logger.exception("Idempotency-Key: antwoord niet bewaard")
    return response


def install(app: Flask) -> None:
    """Call last in the app factory, so that the other request checks (CSRF, ids, sign-in)
    run before a stored answer is replayed."""
    app.before_request(_begin)
    app.after_request(_finish)
    for name, fn in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


def sweep(now: dt.datetime | None = None) -> int:
    """Remove expired keys and their answers; returns how many."""
    cutoff = (now or _now()) - dt.timedelta(
        hours=int(current_app.config.get("IDEMPOTENCY_KEY_HOURS", 24))
    )
    result = db.session.execute(sa.delete(_TABLE).where(_TABLE.c.aangemaakt_op < cutoff))
    db.session.commit()
    return result.rowcount or 0


@lsi.command("sweep-idempotency")
def sweep_command() -> None:
    """Remove Idempotency-Keys (and their stored answers) older than IDEMPOTENCY_KEY_HOURS."""
    click.echo(f"{sweep()} verlopen Idempotency-Keys verwijderd.")


def _count(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(_TABLE).where(_TABLE.c.project_id == project_id)
        )
        or 0
    )


def _purge(project_id: int) -> int:
    return db.session.execute(sa.delete(_TABLE).where(_TABLE.c.project_id == project_id)).rowcount


retention.register_purger("bewaarde API-antwoorden (Idempotency-Key)", _count, _purge)
