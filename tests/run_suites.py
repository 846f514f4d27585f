"""Run the whole suite on SQLite and on PostgreSQL and print the counts per database.

Used by ``make test`` (and so by CI). PostgreSQL is used when reachable at
``PG_URL`` (default postgresql://postgres@127.0.0.1:5432/postgres); otherwise that pass is
skipped with the reason printed. Browser tests run in the SQLite pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import sqlalchemy as sa

_BROWSER: dict[str, str] = {}
PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> str | None:
    try:
        engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as e:  # noqa: BLE001
        return str(e).splitlines()[0]


def _run(label: str, env: dict[str, str], args: list[str]) -> tuple[int, dict[str, int]]:
    print(f"\n===== {label} =====", flush=True)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sys.stdout.write(proc.stdout)
    if m := re.search(r"^browser tests: (.*)$", proc.stdout, re.M):
        _BROWSER.setdefault("line", m.group(1))
    counts: dict[str, int] = {}
    tail = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    for n, what in re.findall(r"(\d+) (passed|failed|skipped|errors?|xfailed|deselected)", tail):
        counts[what] = int(n)
    return proc.returncode, counts


def main() -> int:
    extra = sys.argv[1:]
    results = []
    rc, counts = _run("SQLite (incl. browser tests)", {"TEST_DATABASE_URL": ""}, ["-q", *extra])
    results.append(("sqlite", rc, counts))
    reason = _pg_available()
    if reason is None:
        rc, counts = _run(
            "PostgreSQL",
            {"TEST_DATABASE_URL": PG_URL},
            ["-q", "-m", "not browser and not reliability", *extra],
        )
        results.append(("postgresql", rc, counts))
    else:
        print(f"\nSKIPPED the PostgreSQL pass: {PG_URL} not reachable ({reason})")
    print("\n===== summary =====")
    total_passed = total_failed = 0
    for name, rc, counts in results:
        passed, failed = (
            counts.get("passed", 0),
            counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0),
        )
        if rc not in (0,) and failed == 0:
            failed = 1  # pytest failed without a parsable count (e.g. collection error)
        total_passed += passed
        total_failed += failed
        print(f"{name:12s} passed={passed} failed={failed} skipped={counts.get('skipped', 0)}")
    if browser_line := _BROWSER.get("line"):
        print(f"{'browser':12s} {browser_line}")
    print(f"{total_passed} passed, {total_failed} failed")
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
