"""Jobs on a real broker: Redis on 127.0.0.1:6379 and a Celery worker process started the way
``make worker`` starts it, on the suite's database (SQLite file or PostgreSQL).

The app in this process has a broker and no runner of its own, so whatever finishes a job
here was done by the worker process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests import signals_fixtures as sf
from tests.conftest import Client, own_app
from tests.test_jobs import LINES, wait

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDIS = os.environ.get("TEST_BROKER_URL", "redis://127.0.0.1:6379/7")


def _redis_up() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
        return None
    except Exception as e:  # noqa: BLE001
        return str(e)


@pytest.fixture(scope="module")
def broker_app(tmp_path_factory):
    if reason := _redis_up():
        pytest.skip(f"Redis not reachable at {REDIS} ({reason}); .ci/run starts it")
    tmp = tmp_path_factory.mktemp("worker")
    queue = f"test-{uuid.uuid4().hex[:8]}"  # this run's own queue: nothing stale, no one else's
    with own_app(
        tmp,
        BROKER_URL=REDIS,
        JOB_QUEUE=queue,
        JOB_DELIVERY_BYTES=1,
        WTF_CSRF_ENABLED=False,
        UPLOAD_FOLDER=str(tmp / "uploads"),
    ) as app:
        with app.app_context():
            pid = sf.new_project("WRK")
        app.config.update(
            TEST_PROJECT=pid,
            WORKER_ENV={
                **os.environ,
                "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                "BROKER_URL": REDIS,
                "JOB_QUEUE": queue,
                "SECRET_KEY": app.config["SECRET_KEY"],
                "PORTAL_INSTANCE_DIR": str(tmp),
                "JOB_DELIVERY_BYTES": "1",
            },
            WORKER_LOG=str(tmp / "worker.log"),
        )
        yield app


class Worker:
    """``celery -A portal.worker worker`` as a process of its own (prefork, as in production)."""

    def __init__(self, app):
        self.log = app.config["WORKER_LOG"]
        self.proc = subprocess.Popen(
            [str(BIN / "celery"), "-A", "portal.worker", "worker", "--concurrency=1"]
            + ["--loglevel=INFO", "-n", f"test-{uuid.uuid4().hex[:6]}@%h"],
            env=app.config["WORKER_ENV"],
            cwd=ROOT,
            stdout=open(self.log, "ab"),  # noqa: SIM115 - a file: an unread pipe blocks
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def output(self) -> str:
        return Path(self.log).read_text(errors="replace")


@pytest.fixture
def worker(broker_app):
    w = Worker(broker_app)
    yield w
    w.stop()


def test_the_app_hands_jobs_to_the_broker_and_runs_none_itself(broker_app):
    assert "celery" in broker_app.extensions
    assert "portal.jobs.pool" not in broker_app.extensions


def test_a_job_waits_on_the_broker_until_a_worker_takes_it(broker_app):
    """Queued while no worker runs - as when the web worker that queued it is gone - and done
    by a worker started afterwards."""
    pid = broker_app.config["TEST_PROJECT"]
    uwv = Client(broker_app, "partner-uwv")
    r = sf.upload(uwv, pid, sf.csv_bytes(*LINES))
    assert r.status_code == 202, r.data
    location = r.headers["Location"]
    time.sleep(1.5)
    assert uwv.api("GET", location).json["status"] == "In de wachtrij"
    w = Worker(broker_app)
    try:
        job = wait(uwv, location, timeout=60)
    finally:
        w.stop()
    assert job["status"] == "Klaar", (job, w.output()[-3000:])
    assert job["resultaat"]["geldig"] == len(LINES)
    assert "portal.taak" in w.output() and "succeeded" in w.output()


def test_the_worker_stores_a_delivery_and_a_failure_is_reported(broker_app, worker):
    from models import Signaallevering
    from portal.extensions import db

    pid = broker_app.config["TEST_PROJECT"]
    uwv = Client(broker_app, "partner-uwv")
    lines = [f"5091AB;{n};;;Overbewoning;;" for n in range(100, 130)]
    r = sf.upload(uwv, pid, sf.csv_bytes(*lines))
    levering_id = wait(uwv, r.headers["Location"], timeout=60)["resultaat"]["levering_id"]
    r = uwv.api("POST", f"/api/v1/signalen/levering/{levering_id}/bevestig")
    assert r.status_code == 202
    job = wait(uwv, r.headers["Location"], timeout=60)
    assert job["status"] == "Klaar" and job["resultaat"]["opgeslagen"] == len(lines)
    with broker_app.app_context():
        assert sf.count(pid, "UWV") >= len(lines)

    # A file that cannot be stored: the worker says so, in the starter's language.
    r = sf.upload(uwv, pid, sf.csv_bytes("5091AB;300;;;Drugs;;"))
    levering_id = wait(uwv, r.headers["Location"], timeout=60)["resultaat"]["levering_id"]
    with broker_app.app_context():
        Path(db.session.get(Signaallevering, levering_id).bestand_pad).write_bytes(b"\x00\xff")
        before = sf.count(pid)
    r = uwv.api(
        "POST",
        f"/api/v1/signalen/levering/{levering_id}/bevestig",
        headers={"Accept-Language": "en"},
    )
    job = wait(uwv, r.headers["Location"], timeout=60)
    assert job["status"] == "Mislukt" and job["fout"]["message"]
    with broker_app.app_context():
        assert sf.count(pid) == before


def test_a_scheduled_run_goes_through_the_broker_and_is_recorded(broker_app, worker):
    import sqlalchemy as sa

    from models import Taak
    from portal.extensions import db
    from portal.jobs import queue

    celery = broker_app.extensions["celery"]
    celery.send_task(queue.SCHEDULED, args=["uploads_opruimen"])
    end = time.monotonic() + 60
    while time.monotonic() < end:
        with broker_app.app_context():
            taak = db.session.scalar(
                sa.select(Taak).where(Taak.soort == "uploads_opruimen", Taak.status == "Klaar")
            )
            if taak is not None:
                assert taak.resultaat == {"verwijderd": 0}
                assert taak.aangemaakt_door_id is None
                return
        time.sleep(0.3)
    raise AssertionError(worker.output()[-3000:])


def test_pdf_batch_documents_and_coupling_are_made_by_the_worker(broker_app, worker):
    import shutil

    import sqlalchemy as sa

    from models import Document, Project
    from portal.extensions import db

    pl = Client(broker_app, "projectleider")
    with broker_app.app_context():
        kempen = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
    # Every document type at once: one job, the next version of each.
    r = pl.api("POST", f"/api/v1/documenten/project/{kempen}/alles")
    assert r.status_code == 202, r.data
    job = wait(pl, r.headers["Location"], timeout=120)
    assert job["status"] == "Klaar", (job, worker.output()[-3000:])
    made = job["resultaat"]["documenten"]
    assert sorted(d["soort"] for d in made) == sorted(
        # the projectleider drafts the raadsinformatiebrief too (documents.service.DRAFTED_BY)
        [
            "collegebesluit",
            "projectvoorstel",
            "projectplan",
            "eindrapportage",
            "raadsinformatiebrief",
        ]
    )
    assert job["links"]["resultaat"] == f"/api/v1/documenten/project/{kempen}"

    # The coupling rebuilt from its signals.
    r = pl.api("POST", f"/api/v1/koppeling/project/{kempen}/herbouw")
    assert r.status_code == 202
    job = wait(pl, r.headers["Location"], timeout=60)
    assert job["status"] == "Klaar" and job["resultaat"]["adressen"] > 0

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (Debian libreoffice-writer-nogui): no PDF")
    doc_id = made[0]["document_id"]
    r = pl.api("GET", f"/api/v1/documenten/{doc_id}/pdf")
    assert r.status_code == 202, r.data  # this web process starts no converter
    job = wait(pl, r.headers["Location"], timeout=180)
    assert job["status"] == "Klaar", (job, worker.output()[-3000:])
    r = pl.api("GET", job["links"]["resultaat"])
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    assert r.mimetype == "application/pdf"
    with broker_app.app_context():
        assert db.session.get(Document, doc_id).pdf == r.data  # kept: made once


def test_the_scheduler_starts_with_every_schedule_from_the_settings(broker_app, tmp_path):
    """``make scheduler``'s command, for a few seconds: it loads the timetable of SCHEDULE_*
    (a changed setting changes it) and sends to this run's queue."""
    from portal.jobs import queue

    env = {**broker_app.config["WORKER_ENV"], "SCHEDULE_RETENTION": "03:45"}
    log = tmp_path / "beat.log"
    proc = subprocess.Popen(
        [str(BIN / "celery"), "-A", "portal.worker", "beat", "--loglevel=DEBUG"]
        + [f"--schedule={tmp_path / 'beat-schedule'}"],
        env=env,
        cwd=ROOT,
        stdout=open(log, "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end and "Current schedule" not in log.read_text():
            time.sleep(0.3)
        time.sleep(0.5)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
    out = log.read_text()
    assert "Current schedule" in out, out[-3000:]
    for soort in queue.SCHEDULES:
        assert f"<ScheduleEntry: {soort} {queue.SCHEDULED}('{soort}')" in out, (soort, out[-3000:])
    assert "<crontab: 45 3 * * * (m/h/dM/MY/d)>" in out  # SCHEDULE_RETENTION, as set
