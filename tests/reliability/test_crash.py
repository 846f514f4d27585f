"""A real PostgreSQL crash: the unlogged coupling table is emptied by crash recovery, and the
portal rebuilds it from the signals on first use (``portal.signals.coupling.ensure``).

Stops the local cluster in immediate mode (no shutdown checkpoint: what a power cut does) and
starts it again. Needs the cluster on this machine (.ci/run provides it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

pytestmark = pytest.mark.reliability
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def _cluster(action: str, *extra: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *extra, version, "main", action],
        check=True,
        capture_output=True,
    )


def _wait_for_postgres(engine: sa.Engine, timeout: float = 60) -> None:
    end = time.time() + timeout
    while True:
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return
        except sa.exc.OperationalError:
            if time.time() > end:
                raise
            time.sleep(0.3)


def test_coupling_survives_a_postgresql_crash():
    if not os.path.isdir("/etc/postgresql"):
        pytest.skip("no local PostgreSQL cluster to crash")
    import load_test

    name = f"portal_crash_{uuid.uuid4().hex[:8]}"
    admin = load_test._engine(load_test.PG_ADMIN)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(load_test.PG_ADMIN).set(database=name)
    env = {
        **os.environ,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "FLASK_APP": "portal",
        "SECRET_KEY": uuid.uuid4().hex,  # required on PostgreSQL (portal/startup.py)
        "PORTAL_INSTANCE_DIR": f"/tmp/{name}",
    }

    def flask(*args: str) -> str:
        done = subprocess.run(
            [str(load_test.BIN / "flask"), *args],
            env=env,
            cwd=load_test.ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    db = load_test._engine(url.render_as_string(hide_password=False))
    try:
        flask("lsi", "init")
        flask("lsi", "demo")
        before = json.loads(flask("lsi", "koppeling", "--project", "KEMPEN-HAM", "--json"))
        assert len(before) == 40 and sum(a["meervoudig_belang"] for a in before) == 10
        db.dispose()
        _cluster("stop", "-m", "immediate")
        _cluster("start")
        _wait_for_postgres(db)
        with db.connect() as conn:
            # Crash recovery reset the unlogged table - the situation under test is real.
            assert conn.execute(sa.text("SELECT count(*) FROM adreskoppeling")).scalar() == 0
            assert conn.execute(sa.text("SELECT count(*) FROM signaal")).scalar() == 53
        after = json.loads(flask("lsi", "koppeling", "--project", "KEMPEN-HAM", "--json"))
        assert after == before
        with db.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM adreskoppeling")).scalar() > 0
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
