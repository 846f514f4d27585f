"""Load and fault test: gunicorn (several workers) on PostgreSQL and Redis under wrk.

Loopback only, bounded in time. Scenarios:
  steady       mixed read/write load; zero 5xx and zero lost writes
  pg-restart   PostgreSQL restarts mid-run; the portal recovers by itself, no acked write lost
  kill-worker  one gunicorn worker is SIGKILLed; gunicorn replaces it, failures <= in flight

Usage: .venv/bin/python bench/load_test.py [--duration 60] [--scenario all]
Prints a table and one JSON line per scenario; exits 1 when an assertion fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/13")
PASSWORD = "demo-Wachtwoord-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1),
        isolation_level="AUTOCOMMIT",
        pool_pre_ping=True,
    )


def _pg_restart() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )


class Portal:
    """A fresh database with demo data and gunicorn serving it on loopback."""

    def __init__(self, workers: int, extra_env: dict[str, str] | None = None):
        self.db_name = f"portal_load_{uuid.uuid4().hex[:8]}"
        with _engine(PG_ADMIN).connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{self.db_name}"'))
        self.url = (
            sa.engine.make_url(PG_ADMIN)
            .set(database=self.db_name)
            .render_as_string(hide_password=False)
        )
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "FLASK_APP": "portal",
            "SECRET_KEY": uuid.uuid4().hex,
            "RATELIMIT_STORAGE_URI": REDIS,
            "AUTH_RATE_LIMIT": "100000 per minute",
            "PORTAL_INSTANCE_DIR": f"/tmp/{self.db_name}",
            **(extra_env or {}),
        }
        for cmd in (["lsi", "init"], ["lsi", "demo"]):
            subprocess.run(
                [str(BIN / "flask"), *cmd], env=self.env, cwd=ROOT, check=True, capture_output=True
            )
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                "--timeout",
                "30",
                "portal:create_app()",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: an unread pipe fills up and blocks the workers' logging.
            stderr=open(f"/tmp/{self.db_name}.log", "wb"),  # noqa: SIM115
            start_new_session=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        import urllib.request

        end = time.time() + timeout
        while time.time() < end:
            try:
                urllib.request.urlopen(self.base + "/login/", timeout=2)
                return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not come up")

    def token(self) -> str:
        import urllib.request

        req = urllib.request.Request(
            self.base + "/api/v1/security/login",
            data=json.dumps({"username": "rcf", "password": PASSWORD, "provider": "db"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        return json.loads(urllib.request.urlopen(req, timeout=10).read())["access_token"]

    def project_id(self) -> int:
        with _engine(self.url).connect() as conn:
            return conn.execute(sa.text("select id from project where code='KEMPEN-HAM'")).scalar()

    def stored_writes(self) -> int:
        with _engine(self.url).connect() as conn:
            return conn.execute(
                sa.text("select count(*) from risico where risico like 'load-%'")
            ).scalar()

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    def close(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        admin = _engine(PG_ADMIN)
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                ),
                {"n": self.db_name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{self.db_name}"'))
        shutil.rmtree(f"/tmp/{self.db_name}", ignore_errors=True)
        if not os.environ.get("LOAD_KEEP_LOG"):
            Path(f"/tmp/{self.db_name}.log").unlink(missing_ok=True)


def _wrk(portal: Portal, duration: int, connections: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(ROOT / "bench" / "mixed.lua"),
            portal.base,
            "--",
            portal.token(),
            str(portal.project_id()),
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    m = re.search(r"^RESULT (.*)$", out.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk gave no result: {out.stdout}\n{out.stderr}")
    result = json.loads(m.group(1))
    result["rps"] = round(result["requests"] / max(result["duration_s"], 0.001), 1)
    return result


def _recovery_probe(portal: Portal, start_after: float, stop: threading.Event, out: dict) -> None:
    """After the fault, time until the first successful read through the portal."""
    import urllib.request

    time.sleep(start_after)
    fault_at = time.time()
    out["fault_at"] = fault_at
    headers = {"Authorization": f"Bearer {out['token']}"}
    while not stop.is_set():
        try:
            req = urllib.request.Request(
                f"{portal.base}/api/v1/project/{out['pid']}", headers=headers
            )
            if urllib.request.urlopen(req, timeout=5).status == 200 and out.get("faulted"):
                out["recovered_s"] = round(time.time() - out["faulted"], 2)
                return
        except Exception:  # noqa: BLE001 - still down
            pass
        time.sleep(0.1)


def run(scenario: str, duration: int, workers: int, connections: int) -> dict:
    portal = Portal(workers)
    try:
        before = portal.stored_writes()
        probe: dict = {"token": portal.token(), "pid": portal.project_id()}
        stop = threading.Event()
        fault_thread = None
        if scenario != "steady":

            def fault() -> None:
                time.sleep(duration / 3)
                if scenario == "pg-restart":
                    _pg_restart()
                else:
                    os.kill(portal.worker_pids()[0], signal.SIGKILL)
                probe["faulted"] = time.time()

            fault_thread = threading.Thread(target=fault)
            fault_thread.start()
            threading.Thread(
                target=_recovery_probe, args=(portal, duration / 3, stop, probe), daemon=True
            ).start()
        result = _wrk(portal, duration, connections)
        stop.set()
        if fault_thread:
            fault_thread.join()
        time.sleep(1)
        result["stored_writes"] = portal.stored_writes() - before
        result["scenario"] = scenario
        result["workers_alive"] = len(portal.worker_pids())
        result["recovered_s"] = probe.get("recovered_s")
        return result
    finally:
        portal.close()


def check(result: dict, connections: int) -> list[str]:
    problems = []
    if result["stored_writes"] < result["acked_writes"]:
        problems.append(
            f"lost writes: acked {result['acked_writes']}, stored {result['stored_writes']}"
        )
    if result["scenario"] == "steady" and (result["status_5xx"] or result["socket_errors"]):
        problems.append(
            f"steady run had {result['status_5xx']} 5xx and {result['socket_errors']} socket errors"
        )
    if result["scenario"] == "kill-worker":
        if result["status_5xx"] + result["socket_errors"] > connections:
            problems.append("more failures than requests in flight when the worker died")
    if result["scenario"] != "steady" and (
        result["recovered_s"] is None or result["recovered_s"] > 15
    ):
        problems.append(f"no recovery within 15 s (recovered_s={result['recovered_s']})")
    if result["scenario"] == "kill-worker" and result["workers_alive"] < 1:
        problems.append("gunicorn did not replace the worker")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument(
        "--scenario", default="all", choices=["all", "steady", "pg-restart", "kill-worker"]
    )
    args = ap.parse_args(argv)
    scenarios = (
        ["steady", "pg-restart", "kill-worker"] if args.scenario == "all" else [args.scenario]
    )
    failed = False
    print(
        f"{'scenario':12s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} "
        f"{'5xx':>5s} {'sock':>5s} {'acked':>6s} {'stored':>6s} {'recov s':>7s}"
    )
    for sc in scenarios:
        r = run(sc, args.duration, args.workers, args.connections)
        problems = check(r, args.connections)
        failed |= bool(problems)
        print(
            f"{sc:12s} {r['rps']:8.1f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f} "
            f"{r['status_5xx']:5d} {r['socket_errors']:5d} {r['acked_writes']:6d} "
            f"{r['stored_writes']:6d} {str(r['recovered_s']):>7s}"
        )
        print("JSON " + json.dumps({**r, "problems": problems}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
