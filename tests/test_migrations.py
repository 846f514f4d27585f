"""Migrations upgrade and downgrade on this run's database kind, and agree with the models."""

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
            from portal.extensions import db

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
