"""Sessions end when they should: one per-user *session version*.

Flask's session is a signed cookie and a JWT is valid until it expires, so dropping them on
the client ends nothing: a copy keeps working. Every credential therefore carries the
user's session version - the cookie session under ``SESSION_KEY``, access and refresh tokens
as the ``CLAIM`` claim - and every request compares it with the number in ``sessieversie``
(``portal.security`` does, in the Flask-Login and JWT user loaders). Bumping the number ends
every session and token of that user at once, on every machine and in every worker:

- logout (``PortalSecurityManager.on_user_logout``);
- a change of password, of ``active`` or of roles, whatever screen, API or command makes it:
  one SQLAlchemy listener on FAB's ``User`` (``_after_flush``), so no screen needs its own call.

The session that *made* such a change (an admin editing himself, a user changing his own
password) is carried over to the new version; copies of it taken before are not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, session
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.sessieversie import sessieversie

SESSION_KEY = "_sv"
CLAIM = "sv"
# A change of any of these ends the user's sessions (identity is the id, not the name).
ENDING_ATTRIBUTES = ("password", "active", "roles")
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_installed = False


def current_version(db_session: Session, user_id: int) -> int:
    version = db_session.execute(
        sa.select(sessieversie.c.versie).where(sessieversie.c.user_id == user_id)
    ).scalar()
    return version or 0


def is_current(db_session: Session, user_id: int, carried: Any) -> bool:
    """Whether a credential's carried version is the user's version now (absent = ended)."""
    return isinstance(carried, int) and carried == current_version(db_session, user_id)


def bump(connection: sa.Connection, user_ids: Iterable[int]) -> None:
    """End every session and token of these users (an atomic upsert, safe across workers)."""
    insert = _INSERTS[connection.dialect.name]
    for user_id in set(user_ids):
        stmt = insert(sessieversie).values(user_id=user_id, versie=1)
        connection.execute(
            stmt.on_conflict_do_update(
                index_elements=[sessieversie.c.user_id],
                set_={"versie": sessieversie.c.versie + 1},
            )
        )


def stamp(db_session: Session, user_id: int) -> None:
    """Put the user's current version into the cookie session (at login)."""
    session[SESSION_KEY] = current_version(db_session, user_id)


def claims(db_session: Session, identity: Any) -> dict[str, int]:
    """Extra JWT claims for access and refresh tokens of ``identity`` (FAB uses the user id)."""
    return {CLAIM: current_version(db_session, int(identity))}


def _ending_change(user: User) -> bool:
    state = inspect(user)
    return any(state.attrs[name].history.has_changes() for name in ENDING_ATTRIBUTES)


def _after_flush(db_session: Session, _context) -> None:
    changed = [obj.id for obj in db_session.dirty if isinstance(obj, User) and _ending_change(obj)]
    if not changed:
        return
    connection = db_session.connection()
    bump(connection, changed)
    # The browser that made the change stays logged in with the new version.
    own = session.get("_user_id") if has_request_context() else None
    if own is not None and int(own) in changed:
        session[SESSION_KEY] = connection.execute(
            sa.select(sessieversie.c.versie).where(sessieversie.c.user_id == int(own))
        ).scalar_one()


def install() -> None:
    """Register the listener once per process (apps share SQLAlchemy's Session class)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    _installed = True
