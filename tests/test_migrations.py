"""Migrations upgrade and downgrade on this run's database kind, and agree with the models.

Runs on its own fresh database (a new SQLite file, or a new PostgreSQL database when
TEST_DATABASE_URL points at PostgreSQL), never on the shared session database. The drift check
compares every table, column, type, index, unique constraint and foreign key with
``compare_type=True`` and ignores nothing: FAB's ``ab_*`` tables share the metadata, so they
are compared as well.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import _fresh_database


def test_upgrade_downgrade_upgrade_and_no_drift(tmp_path_factory):
    from flask_migrate import downgrade, upgrade

    from models import metadata
    from portal import create_app

    url, drop = _fresh_database(tmp_path_factory.mktemp("migrations"))
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            from alembic.script import ScriptDirectory

            from portal.extensions import db

            script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
            assert len(script.get_heads()) == 1, script.get_heads()
            upgrade()
            tables = set(sa.inspect(db.engine).get_table_names())
            assert {"project", "besluit", "document", "auditrecord", "ab_user"} <= tables
            downgrade(revision="base")
            assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": True})
                diff = compare_metadata(ctx, metadata)
            assert diff == [], diff
            db.engine.dispose()
    finally:
        drop()
