"""Audit trail: one central SQLAlchemy listener records every create, update and delete of
every domain model (who, when, which fields from what to what). No per-view code.

Bulk inserts through SQLAlchemy Core (the signal import) bypass the ORM on purpose; those
services write one summary record with ``record_event``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from models import AuditRecord, Model
from portal import access
from portal.extensions import db

# A job's row is the queue's bookkeeping (state, progress); what the job changes is audited
# by the use cases it runs, in the name of who started it (``acting_user``).
_NOT_AUDITED = {"auditrecord", "taak"}
_installed = False


def _is_audited(obj: Any) -> bool:
    table = getattr(obj, "__tablename__", "")
    return bool(table) and not table.startswith("ab_") and table not in _NOT_AUDITED


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


# Who a background job acts for (portal.jobs sets it): the user who started it.
acting_user: contextvars.ContextVar[tuple[int, str] | None] = contextvars.ContextVar(
    "audit_acting_user", default=None
)


def _who() -> tuple[int | None, str]:
    user = getattr(g, "user", None) if has_request_context() else None
    if user is not None and getattr(user, "is_authenticated", False):
        return user.id, user.username
    return acting_user.get() or (None, "systeem")


def _changes(obj: Any, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if action == "create":
            value = getattr(obj, attr.key)
            if value is not None:
                out[attr.key] = [None, _plain(value)]
        elif action == "delete":
            value = hist.unchanged[0] if hist.unchanged else (hist.deleted or [None])[0]
            if value is not None:
                out[attr.key] = [_plain(value), None]
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _plain(old) != _plain(new):
                out[attr.key] = [_plain(old), _plain(new)]
    for rel in state.mapper.relationships:
        if rel.secondary is None or action != "update":
            continue
        hist = state.attrs[rel.key].history
        if hist.has_changes():
            out[rel.key] = [[str(x) for x in hist.deleted], [str(x) for x in hist.added]]
    return out


def _project_id(obj: Any) -> int | None:
    try:
        return access.project_id_of(obj)
    except Exception:  # noqa: BLE001 - an unlinked row simply has no project
        return None


def _after_flush(session: Session, _ctx) -> None:
    with session.no_autoflush:
        rows = _collect(session)
    if rows:
        session.connection().execute(sa.insert(AuditRecord.__table__), rows)


def _collect(session: Session) -> list[dict[str, Any]]:
    rows = []
    user_id, username = _who()
    now = dt.datetime.now(dt.UTC)
    for action, objs in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objs:
            if not _is_audited(obj):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=True):
                continue
            changes = _changes(obj, action)
            if action == "update" and not changes:
                continue
            version = getattr(obj, "lock_version", None)
            if action == "update" and isinstance(version, int):
                # The version is bumped inside the UPDATE, so history does not show it.
                changes["lock_version"] = [version - 1, version]
            pk = inspect(obj).mapper.primary_key_from_instance(obj)
            rows.append(
                {
                    "tabel": obj.__tablename__,
                    "rij_id": ",".join(str(p) for p in pk),
                    "actie": action,
                    "wijzigingen": changes,
                    "project_id": _project_id(obj)
                    if action != "delete"
                    else getattr(obj, "project_id", None),
                    "door_id": user_id,
                    "door": username,
                    "op": now,
                }
            )
    if rows:
        session.connection().execute(sa.insert(AuditRecord.__table__), rows)


def _refuse_change(_mapper, _conn, _target) -> None:
    raise PermissionError("Het auditlog is alleen aan te vullen, niet te wijzigen.")


def record_event(
    session: Session,
    tabel: str,
    rij_id: str,
    actie: str,
    wijzigingen: dict[str, Any],
    project_id: int | None = None,
) -> None:
    """An explicit audit entry for work done outside the ORM (bulk imports, retention)."""
    user_id, username = _who()
    session.execute(
        sa.insert(AuditRecord.__table__).values(
            tabel=tabel,
            rij_id=rij_id,
            actie=actie,
            wijzigingen=wijzigingen,
            project_id=project_id,
            door_id=user_id,
            door=username,
            op=dt.datetime.now(dt.UTC),
        )
    )


# --- AVG retention: the one sanctioned change to audit records -------------------------------

REDACTED = "[verwijderd na bewaartermijn]"


def personal_fields() -> dict[str, frozenset[str]]:
    """Per table, the fields the models mark as personal data (``models.base.PERSONAL``) under
    the names the audit trail uses: column attributes, and collections (recorded as the
    related rows' text, e.g. a controle's visited addresses)."""

    out: dict[str, frozenset[str]] = {}
    for mapper in Model.registry.mappers:
        table = getattr(mapper.class_, "__tablename__", None)
        keys = {
            attr.key
            for attr in mapper.column_attrs
            if any(col.info.get("persoonsgegeven") for col in attr.columns)
        } | {rel.key for rel in mapper.relationships if rel.info.get("persoonsgegeven")}
        if table and keys:
            out[table] = frozenset(keys)
    return out


def _personal_key_parts() -> dict[str, tuple[int, frozenset[int]]]:
    """Tables whose primary key holds personal data (an address key): per table the number of
    key columns and the positions of the personal ones in ``rij_id``."""

    out: dict[str, tuple[int, frozenset[int]]] = {}
    for mapper in Model.registry.mappers:
        table = getattr(mapper.class_, "__tablename__", None)
        parts = frozenset(
            i for i, col in enumerate(mapper.primary_key) if col.info.get("persoonsgegeven")
        )
        if table and parts:
            out[table] = (len(mapper.primary_key), parts)
    return out


def _redacted_key(rij_id: str, size: int, parts: frozenset[int]) -> str:
    values = rij_id.split(",", size - 1)
    return ",".join(REDACTED if i in parts else v for i, v in enumerate(values))


def _redacted(changes: dict[str, Any], fields: frozenset[str]) -> dict[str, Any] | None:
    """The changes with the values of ``fields`` replaced (None stays None, so the record still
    says whether a value was set or cleared); None when nothing needed redacting."""

    def blank(value: Any) -> Any:
        if isinstance(value, list):
            return [blank(v) for v in value]
        return None if value is None else REDACTED

    new = {
        key: [blank(v) for v in values] if key in fields and isinstance(values, list) else values
        for key, values in changes.items()
    }
    return new if new != changes else None


def redact(session: Session, project_id: int, dry_run: bool = False) -> int:
    """Drop the values of personal fields from a project's audit records; who, when, which
    table, row and fields stay. The ORM refuses any change to an audit record
    (``_refuse_change``); this Core UPDATE is the one way around it, for AVG retention only.
    Returns the number of records changed (with ``dry_run``: that would change)."""
    fields = personal_fields()
    keys = _personal_key_parts()
    table = AuditRecord.__table__
    updates = []
    for rec_id, tabel, rij_id, changes in session.execute(
        sa.select(table.c.id, table.c.tabel, table.c.rij_id, table.c.wijzigingen).where(
            table.c.project_id == project_id, table.c.tabel.in_(fields)
        )
    ):
        new = _redacted(changes or {}, fields[tabel])
        # A row keyed by an address is named by it: that part of the row id goes as well.
        new_id = _redacted_key(rij_id, *keys[tabel]) if tabel in keys else rij_id
        if new is not None or new_id != rij_id:
            updates.append(
                {"rec_id": rec_id, "nieuw": changes if new is None else new, "nieuw_id": new_id}
            )
    if updates and not dry_run:
        session.execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("rec_id"))
            .values(wijzigingen=sa.bindparam("nieuw"), rij_id=sa.bindparam("nieuw_id")),
            updates,
        )
    return len(updates)


def install() -> None:
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(AuditRecord, "before_update", _refuse_change)
    event.listen(AuditRecord, "before_delete", _refuse_change)
    _installed = True


def history(tabel: str, rij_id: str) -> list[AuditRecord]:
    return list(
        db.session.scalars(
            sa.select(AuditRecord)
            .where(AuditRecord.tabel == tabel, AuditRecord.rij_id == rij_id)
            .order_by(AuditRecord.op.desc(), AuditRecord.id.desc())
        )
    )
