"""Extension objects shared by the app factory, services and tests."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from flask_appbuilder.utils.legacy import get_sqla_class
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from models.base import metadata

# Built on the shared metadata so Alembic sees FAB's tables and ours (STACK_NOTES).
db = get_sqla_class()(metadata=metadata)
migrate = Migrate()
# Every form POST is CSRF-checked; FAB exempts its API blueprints when this is present, and
# portal.web re-checks cookie-authenticated API writes.
csrf = CSRFProtect()


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys (and ON DELETE CASCADE) unless each connection asks for
    them; without this, deleting a project on SQLite left its documents, transitions and
    cases behind. Migrations switch it off while they rebuild tables (migrations/env.py)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@contextmanager
def transaction() -> Iterator[Session]:
    """A use case's one transaction: commit once when the block ends, roll back when it
    raises. Screens, API and CLI call the use case and never commit themselves; a use case
    that calls another joins its transaction instead of committing half-way."""
    session = db.session()
    if session.info.get(_IN_TRANSACTION):
        yield session
        return
    session.info[_IN_TRANSACTION] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(_IN_TRANSACTION, None)


_IN_TRANSACTION = "portal.transaction"
_P = ParamSpec("_P")
_R = TypeVar("_R")


def use_case(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Mark a service function as a use case: it runs in its own ``transaction()``."""

    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with transaction():
            return fn(*args, **kwargs)

    return run


def on_commit(action: Callable[[], object]) -> None:
    """Run ``action`` once the current transaction is committed, and never if it is rolled
    back - for side effects outside the database, such as removing an uploaded file."""
    db.session().info.setdefault(_ON_COMMIT, []).append(action)


_ON_COMMIT = "portal.on_commit"


@event.listens_for(Session, "after_commit")
def _run_on_commit(session: Session) -> None:
    for action in session.info.pop(_ON_COMMIT, []):
        action()


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)
