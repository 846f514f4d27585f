"""The largest delivery the upload limit allows, end to end, under the production set-up:
gunicorn with its default timeout (30 s) on PostgreSQL, a Celery worker on Redis.

A partner's system uploads the file, follows the check job, confirms, follows the store job.
Every HTTP request is timed: none may come near gunicorn's timeout, because the work is done
by the worker. Halfway the web workers are killed: the job must not notice.

    .venv/bin/python bench/large_delivery.py            # prints the numbers as JSON
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_signals  # noqa: E402
import load_test  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BROKER = os.environ.get("LARGE_BROKER_URL", "redis://127.0.0.1:6379/8")
LIMIT = 60 * 1024 * 1024  # MAX_CONTENT_LENGTH's default
TARGET_BYTES = LIMIT - 512 * 1024  # the largest file with room for the multipart envelope
BYTES_PER_ROW = 62.2


def _project(url: str) -> int:
    """A project over the whole country where UWV may deliver (as bench_signals makes them)."""
    from portal import create_app
    from portal.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        from models import Ketenpartner

        uwv = db.session.scalar(sa.select(Ketenpartner).where(Ketenpartner.code == "UWV"))
        pid = bench_signals.add_project(app, "BIG-DELIVERY", [uwv])
        db.session.commit()
        db.engine.dispose()
    return pid


def _file(path: Path) -> int:
    rng = random.Random(16)
    rows = int(TARGET_BYTES / BYTES_PER_ROW)
    pool = bench_signals._addresses(rows // 4, rng)
    while True:
        bench_signals.write_csv(path, rows, pool, rng)
        size = path.stat().st_size
        if size <= TARGET_BYTES:
            return rows
        rows = int(rows * TARGET_BYTES / size) - 100


class Timed:
    """An HTTP session that keeps the duration of every request."""

    def __init__(self, base: str, token: str):
        import requests

        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.base = base
        self.times: list[tuple[float, str]] = []

    def call(self, method: str, path: str, **kw):
        start = time.perf_counter()
        r = self.http.request(method, self.base + path, timeout=60, **kw)
        self.times.append((time.perf_counter() - start, f"{method} {path.split('?')[0]}"))
        return r

    def follow(self, location: str, during=None) -> dict:
        end = time.monotonic() + 900
        while time.monotonic() < end:
            r = self.call("GET", location)
            r.raise_for_status()
            job = r.json()
            if during is not None and job["status"] == "Bezig":
                during()
                during = None
            if job["afgelopen"]:
                return job
            time.sleep(0.5)
        raise RuntimeError(f"job {location} did not finish")


def run() -> dict:
    queue = f"large-{uuid.uuid4().hex[:8]}"
    env = {"BROKER_URL": BROKER, "JOB_QUEUE": queue}
    portal = load_test.Portal(workers=2, extra_env=env)
    worker = None
    tmp = Path(tempfile.mkdtemp(prefix="large-delivery-"))
    try:
        pid = _project(portal.url)
        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "portal.worker", "worker", "--concurrency=1"],
            env=portal.env,
            cwd=ROOT,
            stdout=open(tmp / "worker.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        path = tmp / "signalen.csv"
        rows = _file(path)
        size = path.stat().st_size
        import urllib.request

        req = urllib.request.Request(
            portal.base + "/api/v1/security/login",
            data=json.dumps(
                {"username": "partner-uwv", "password": load_test.PASSWORD, "provider": "db"}
            ).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.loads(urllib.request.urlopen(req, timeout=10).read())["access_token"]
        client = Timed(portal.base, token)
        started = time.perf_counter()
        with open(path, "rb") as fh:
            r = client.call(
                "POST",
                f"/api/v1/signalen/project/{pid}/levering",
                files={"bestand": ("signalen.csv", fh, "text/csv")},
            )
        assert r.status_code == 202, (r.status_code, r.text[:500])
        checked = client.follow(r.headers["Location"])
        assert checked["status"] == "Klaar", checked
        levering_id = checked["resultaat"]["levering_id"]
        check_done = time.perf_counter()
        r = client.call("POST", f"/api/v1/signalen/levering/{levering_id}/bevestig")
        assert r.status_code == 202, (r.status_code, r.text[:500])
        killed: list[int] = []

        def kill_web_workers() -> None:
            for wpid in portal.worker_pids():
                os.kill(wpid, signal.SIGKILL)
                killed.append(wpid)
            # The next request waits for gunicorn to start a new worker: that request is the
            # cost of the kill, not of the delivery, and is reported apart.
            client.after_kill = len(client.times)

        stored = client.follow(r.headers["Location"], during=kill_web_workers)
        finished = time.perf_counter()
        kill_at = getattr(client, "after_kill", None)
        respawn = client.times[kill_at] if kill_at is not None else (0.0, "")
        normal = [t for i, t in enumerate(client.times) if i != kill_at]
        longest = max(normal)
        return {
            "file_mb": round(size / 1e6, 1),
            "rows": rows,
            "check_job": checked["status"],
            "store_job": stored["status"],
            "stored": stored["resultaat"]["opgeslagen"] if stored["resultaat"] else None,
            "error": stored["fout"],
            "end_to_end_s": round(finished - started, 1),
            "upload_and_check_s": round(check_done - started, 1),
            "store_s": round(finished - check_done, 1),
            "requests": len(client.times),
            "longest_request_s": round(longest[0], 2),
            "longest_request": longest[1],
            "upload_request_s": round(client.times[0][0], 2),
            "web_workers_killed": len(killed),
            "first_request_after_kill_s": round(respawn[0], 2),
            "gunicorn_timeout_s": 30,
        }
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        portal.close()
        for f in tmp.iterdir():
            if f.name != "worker.log" or not os.environ.get("LOAD_KEEP_LOG"):
                f.unlink()


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
