"""Test fixtures: one migrated database with demo data per test session.

The database comes from ``TEST_DATABASE_URL``: unset means a fresh SQLite file; a PostgreSQL
URL means a fresh database is created on that server for this run and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

DEMO_PASSWORD = "demo-Wachtwoord-2026"
# The suite is a development set-up, also on PostgreSQL: apps made here may generate their
# SECRET_KEY (portal/startup.py). tests/test_startup.py checks the production rule itself.
os.environ["PORTAL_ENV"] = "development"


def _fresh_database(tmp_dir) -> tuple[str, callable]:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / 'test.db'}", lambda: None
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    test_url = sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        from portal.extensions import db

        try:
            db.engine.dispose()
        except Exception:  # noqa: BLE001 - no app context left at teardown is fine
            pass
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return test_url, drop


@contextmanager
def own_app(tmp_dir, *, demo: bool = True, **config):
    """An app on a database of its own - migrated, roles synced, the demo data unless
    ``demo=False`` - for tests that write at random or need a clean slate; dropped after."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.cli import sync_permissions
    from portal.demo import load

    url, drop = _fresh_database(tmp_dir)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "SERVER_NAME": None,
            # Many logins from one address; tests/test_throttle.py checks the real limits.
            "AUTH_RATE_LIMIT": "10000 per minute",
            **config,
        }
    )
    with app.app_context():
        upgrade()
        sync_permissions()
        if demo:
            load()
    try:
        yield app
    finally:
        with app.app_context():
            drop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    url, drop = _fresh_database(tmp_path_factory.mktemp("db"))
    yield url
    drop()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    os.environ["PORTAL_INSTANCE_DIR"] = str(tmp_path_factory.mktemp("instance"))
    from portal import create_app
    from portal.cli import sync_permissions
    from portal.demo import load

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "SERVER_NAME": None,
            # The suite logs in many times from one address; tests/test_hardening.py
            # checks the real limit on an app of its own.
            "AUTH_RATE_LIMIT": "10000 per minute",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        sync_permissions()
        load()
    return app


@pytest.fixture
def db_session(app):
    from portal.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


class Client:
    """A test client logged in as one demo user, for screens and API."""

    def __init__(self, app, username: str | None):
        self.app = app
        self.username = username
        self.http = app.test_client()
        self.token = None
        if username:
            r = self.http.post("/login/", data={"username": username, "password": DEMO_PASSWORD})
            assert r.status_code in (302, 200), r.status_code
            r = self.http.post(
                "/api/v1/security/login",
                json={"username": username, "password": DEMO_PASSWORD, "provider": "db"},
            )
            assert r.status_code == 200, r.data
            self.token = r.json["access_token"]

    def get(self, url, **kw):
        return self.http.get(url, **kw)

    def post(self, url, **kw):
        return self.http.post(url, **kw)

    def api(self, method: str, url: str, **kw):
        headers = kw.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return self.http.open(url, method=method, headers=headers, **kw)


@pytest.fixture(scope="session")
def login(app):
    cache: dict[str, Client] = {}

    def _login(username: str | None) -> Client:
        if username not in cache:
            cache[username] = Client(app, username)
        return cache[username]

    return _login


@pytest.fixture
def ids(app):
    """Ids of demo rows by natural key, e.g. ids.project('KEMPEN-HAM')."""
    from models import Gemeente, Ketenpartner, Project, Regio
    from portal.extensions import db

    class Ids:
        def _one(self, model, **kw):
            with app.app_context():
                return db.session.scalar(sa.select(model.id).filter_by(**kw))

        def project(self, code):
            return self._one(Project, code=code)

        def partner(self, code):
            return self._one(Ketenpartner, code=code)

        def gemeente(self, naam):
            return self._one(Gemeente, naam=naam)

        def regio(self, code):
            return self._one(Regio, code=code)

    return Ids()


def pytest_terminal_summary(terminalreporter):
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for outcome in counts:
        for rep in terminalreporter.stats.get(outcome, []):
            if "browser" in getattr(rep, "keywords", {}):
                counts[outcome] += 1
    terminalreporter.write_line(
        "browser tests: {passed} passed, {failed} failed, {skipped} skipped".format(**counts)
    )
