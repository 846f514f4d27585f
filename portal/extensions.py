"""Extension objects shared by the app factory, services and tests."""

from __future__ import annotations

import sqlite3

from flask_appbuilder.utils.legacy import get_sqla_class
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

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
