"""Foundation benchmark: start-up time and the project list with 10,000 projects.

    .venv/bin/python bench/bench_foundation.py [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Prints a table (not part of the test suite; results go to docs/performance.md, "## Foundation"):
- create_app(): cold import + create_app() in a fresh interpreter, median of 10 runs;
- GET /projectview/list/ (25 per page, FAB test client, logged in as beheerder) and
  GET /api/v1/project/ (25 per page, JWT) with 10,000 projects: median and p95 of 50 requests,
  on SQLite and - when reachable - on PostgreSQL (a throw-away database, dropped afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "demo-Wachtwoord-2026"
N_PROJECTS = 10_000

_COLD = """
import time
t = time.perf_counter()
from portal import create_app
create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///%s"})
print(time.perf_counter() - t)
"""


def cold_start(runs: int = 10) -> list[float]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PORTAL_INSTANCE_DIR": tmp}
        for _ in range(runs):
            proc = subprocess.run(
                [sys.executable, "-c", _COLD % f"{tmp}/cold.db"],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def _pg_database(url: str):
    import sqlalchemy as sa

    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop():
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

    return sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False), drop


def list_latency(database_url: str, runs: int = 50) -> dict[str, list[float]]:
    import sqlalchemy as sa

    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "DEMO_PASSWORD": PASSWORD,
            "AUTH_RATE_LIMIT": "1000 per minute",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        from models import Project, Regio
        from portal.cli import sync_permissions
        from portal.demo import load
        from portal.extensions import db

        upgrade()
        sync_permissions()
        load()
        regio = db.session.scalar(sa.select(Regio.id).where(Regio.code == "ZOB"))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        rows = [
            {
                "code": f"BENCH-{i:05d}",
                "naam": f"Benchmarkproject {i}",
                "regio_id": regio,
                "fase": "Initiatief",
                "projectgebied": "5091-5094",
                "aangemaakt_op": now,
                "gewijzigd_op": now - dt.timedelta(seconds=i),
                "lock_version": 1,
            }
            for i in range(N_PROJECTS)
        ]
        db.session.execute(sa.insert(Project), rows)
        db.session.commit()
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Project))
        assert total >= N_PROJECTS, total
    http = app.test_client()
    r = http.post("/login/", data={"username": "beheerder", "password": PASSWORD})
    assert r.status_code == 302, r.status_code
    token = http.post(
        "/api/v1/security/login",
        json={"username": "beheerder", "password": PASSWORD, "provider": "db"},
    ).json["access_token"]
    targets = {
        "screen /projectview/list/": ("/projectview/list/", {}),
        "API /api/v1/project/": (
            "/api/v1/project/?q=(page_size:25)",
            {"Authorization": f"Bearer {token}"},
        ),
    }
    out: dict[str, list[float]] = {}
    for label, (url, headers) in targets.items():
        for _ in range(3):  # warm-up
            assert http.get(url, headers=headers).status_code == 200
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            r = http.get(url, headers=headers)
            times.append(time.perf_counter() - t)
            assert r.status_code == 200
        if url.startswith("/projectview"):
            assert "BENCH-00000" in r.get_data(as_text=True)  # newest first, 25 per page
        out[label] = times
    with app.app_context():
        from portal.extensions import db

        db.session.remove()
        db.engine.dispose()
    return out


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(values) * 1000, p95 * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--pg", default=os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    args = parser.parse_args()
    rows = []
    cold = cold_start()
    med, p95 = _ms(cold)
    rows.append(("create_app() cold, fresh interpreter", "-", len(cold), med, p95))

    os.environ.setdefault("PORTAL_INSTANCE_DIR", tempfile.mkdtemp())
    with tempfile.TemporaryDirectory() as tmp:
        for label, times in list_latency(f"sqlite:///{tmp}/bench.db").items():
            rows.append((f"{label}, {N_PROJECTS:,} projects", "SQLite", len(times), *_ms(times)))
    try:
        url, drop = _pg_database(args.pg)
    except Exception as e:  # noqa: BLE001
        print(f"PostgreSQL skipped: {args.pg} not reachable ({str(e).splitlines()[0]})")
    else:
        try:
            for label, times in list_latency(url).items():
                rows.append(
                    (f"{label}, {N_PROJECTS:,} projects", "PostgreSQL", len(times), *_ms(times))
                )
        finally:
            drop()

    print()
    print("| measurement | database | n | median ms | p95 ms |")
    print("|---|---|---|---|---|")
    for what, database, n, med, p95 in rows:
        print(f"| {what} | {database} | {n} | {med:.1f} | {p95:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
