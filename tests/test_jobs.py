"""Background jobs (portal.jobs): the embedded runner here, Celery on a real Redis broker with
a real worker process in tests/test_worker.py.

Every delivery in these apps goes through a job (``JOB_DELIVERY_BYTES=1``), so the 202 and
job resource are exercised on each."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from portal.documents.catalogue import SOORTEN
from tests import signals_fixtures as sf
from tests.conftest import Client, own_app

LINES = [f"5091AB;{n};;;Drugs;;2024-01-0{1 + n % 9}" for n in range(1, 40)]


@pytest.fixture(scope="module")
def jobs_app(tmp_path_factory):
    with own_app(
        tmp_path_factory.mktemp("jobs"), JOB_DELIVERY_BYTES=1, WTF_CSRF_ENABLED=False
    ) as app:
        with app.app_context():
            pid = sf.new_project("JOB")
        app.config["TEST_PROJECT"] = pid
        yield app


def wait(client: Client, location: str, timeout: float = 30) -> dict:
    """Follow a job as a client would, until it is done."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = client.api("GET", location)
        assert r.status_code == 200, r.data
        if r.json["afgelopen"]:
            return r.json
        time.sleep(0.1)
    raise AssertionError(f"job {location} not done in {timeout} s: {r.json}")


def test_a_delivery_is_checked_and_stored_by_jobs_the_client_follows(jobs_app):
    pid = jobs_app.config["TEST_PROJECT"]
    uwv = Client(jobs_app, "partner-uwv")
    r = sf.upload(uwv, pid, sf.csv_bytes(*LINES, "9999ZZ;1;;;Drugs;;"))
    assert r.status_code == 202, r.data
    location = r.headers["Location"]
    assert location.startswith("/api/v1/taken/") and location == r.json["taak"]["links"]["self"]
    levering_id = r.json["id"]

    job = wait(uwv, location)
    assert job["status"] == "Klaar" and job["voortgang"] == 100 and job["fout"] is None
    assert job["resultaat"]["levering_id"] == levering_id
    assert job["resultaat"]["geldig"] == len(LINES) and job["resultaat"]["fout"] == 1
    assert job["links"]["resultaat"] == f"/api/v1/signalen/levering/{levering_id}"
    preview = uwv.api("GET", job["links"]["resultaat"]).json
    assert preview["rijen_geldig"] == len(LINES) and preview["status"] == "Ter controle"

    r = uwv.api("POST", f"/api/v1/signalen/levering/{levering_id}/bevestig")
    assert r.status_code == 202, r.data
    job = wait(uwv, r.headers["Location"])
    assert job["status"] == "Klaar" and job["resultaat"]["opgeslagen"] == len(LINES)
    with jobs_app.app_context():
        assert sf.count(pid, "UWV") == len(LINES)
    # Done once: a second confirm is refused with the rule's message, not a second job.
    r = uwv.api("POST", f"/api/v1/signalen/levering/{levering_id}/bevestig")
    assert r.status_code == 422 and "afgehandeld" in str(r.json)


def test_screens_send_the_user_to_the_jobs_page_with_a_progress_bar(jobs_app):
    import io

    pid = jobs_app.config["TEST_PROJECT"]
    uwv = Client(jobs_app, "partner-uwv")
    r = uwv.post(
        f"/signalen/project/{pid}/upload",
        data={"bestand": (io.BytesIO(sf.csv_bytes("5091AB;77;;;Drugs;;")), "s.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302 and "/taken/" in r.headers["Location"]
    page = uwv.get(r.headers["Location"]).get_data(as_text=True)
    assert '<progress id="job-progress" max="100"' in page
    assert 'role="status"' in page and "Signalenbestand controleren" in page
    taak_id = r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    job = wait(uwv, f"/api/v1/taken/{taak_id}")
    page = uwv.get(f"/taken/{taak_id}").get_data(as_text=True)
    assert job["links"]["resultaat_scherm"] in page and "Opnieuw kijken" not in page


def test_screens_batch_documents_and_retention_go_through_the_jobs_page(jobs_app):
    import sqlalchemy as sa

    from models import Document, Project
    from portal.extensions import db

    with jobs_app.app_context():
        kempen = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))
        before = db.session.scalar(
            sa.select(sa.func.count()).select_from(Document).where(Document.project_id == kempen)
        )
    pl = Client(jobs_app, "projectleider")
    page = pl.get(f"/documenten/project/{kempen}").get_data(as_text=True)
    assert 'id="generate-all"' in page
    r = pl.post(f"/documenten/project/{kempen}/alles")
    assert r.status_code == 302 and "/taken/" in r.headers["Location"]
    taak_id = r.headers["Location"].rsplit("/", 1)[-1]
    job = wait(pl, f"/api/v1/taken/{taak_id}")
    assert job["status"] == "Klaar" and len(job["resultaat"]["documenten"]) == len(SOORTEN)
    assert job["links"]["resultaat_scherm"] == f"/documenten/project/{kempen}"
    with jobs_app.app_context():
        after = db.session.scalar(
            sa.select(sa.func.count()).select_from(Document).where(Document.project_id == kempen)
        )
    assert after == before + len(SOORTEN)  # the projectleider drafts every type
    # A partner may not start it.
    assert Client(jobs_app, "partner-uwv").post(
        f"/documenten/project/{kempen}/alles"
    ).status_code in (
        302,
        403,
    )
    # The privacy officer's purge runs as a job and comes back to the retention page.
    privacy = Client(jobs_app, "privacy")
    r = privacy.post("/bewaartermijnen/uitvoeren")
    assert r.status_code == 302 and "/taken/" in r.headers["Location"]
    job = wait(privacy, "/api/v1/taken/" + r.headers["Location"].rsplit("/", 1)[-1])
    assert job["status"] == "Klaar" and job["links"]["resultaat_scherm"] == "/bewaartermijnen/"


def test_only_the_starter_and_the_beheerder_see_a_job(jobs_app):
    pid = jobs_app.config["TEST_PROJECT"]
    uwv = Client(jobs_app, "partner-uwv")
    r = sf.upload(uwv, pid, sf.csv_bytes("5091AB;88;;;Drugs;;"))
    location = r.headers["Location"]
    wait(uwv, location)
    for other in ("partner-politie", "projectleider", "rcf"):
        assert Client(jobs_app, other).api("GET", location).status_code == 404, other
    assert Client(jobs_app, "beheerder").api("GET", location).status_code == 200
    assert uwv.api("GET", "/api/v1/taken/" + "0" * 32).status_code == 404
    assert Client(jobs_app, None).api("GET", location).status_code == 401


def test_a_failed_job_says_what_failed_in_the_starters_language_and_stores_nothing(jobs_app):
    from pathlib import Path

    from models import Signaallevering
    from portal.extensions import db

    pid = jobs_app.config["TEST_PROJECT"]
    uwv = Client(jobs_app, "partner-uwv")
    r = sf.upload(uwv, pid, sf.csv_bytes("5091AB;91;;;Drugs;;", "5091AB;92;;;Drugs;;"))
    levering_id = wait(uwv, r.headers["Location"])["resultaat"]["levering_id"]
    with jobs_app.app_context():
        before = sf.count(pid)
        levering = db.session.get(Signaallevering, levering_id)
        # The file is cut off after the check: storing it must fail as a whole.
        Path(levering.bestand_pad).write_bytes(b"\xff\xfe\x00garbage")
    r = uwv.api(
        "POST",
        f"/api/v1/signalen/levering/{levering_id}/bevestig",
        headers={"Accept-Language": "en"},
    )
    assert r.status_code == 202
    job = wait(uwv, r.headers["Location"])
    assert job["status"] == "Mislukt", job
    assert job["fout"]["message"] and job["fout"]["errors"]
    with jobs_app.app_context():
        assert sf.count(pid) == before
        assert db.session.get(Signaallevering, levering_id).status == "Ter controle"


def test_progress_shows_while_a_job_runs(jobs_app):
    from portal import jobs
    from portal.extensions import transaction

    half, go = threading.Event(), threading.Event()

    @jobs.kind("test_langzaam", "Langzaam")
    def slow(parameters, report):
        report(1, 2)
        half.set()
        assert go.wait(10)
        return {"klaar": True}

    beheerder = Client(jobs_app, "beheerder")
    with jobs_app.app_context():
        with transaction():
            taak = jobs.submit("test_langzaam")
        taak_id = taak.id
    assert half.wait(10)
    r = beheerder.api("GET", f"/api/v1/taken/{taak_id}")
    assert r.json["status"] == "Bezig" and r.json["voortgang"] == 50
    go.set()
    assert wait(beheerder, f"/api/v1/taken/{taak_id}")["resultaat"] == {"klaar": True}
    jobs.KINDS.pop("test_langzaam")


def test_a_lost_connection_is_tried_again_and_a_rule_is_not(jobs_app):
    from portal import jobs
    from portal.extensions import db, transaction

    calls = {"flaky": 0, "rule": 0}

    @jobs.kind("test_wankel", "Wankel")
    def flaky(parameters, report):
        calls["flaky"] += 1
        if calls["flaky"] == 1:
            raise sa.exc.OperationalError("select 1", {}, Exception("server closed the connection"))
        return {"pogingen": calls["flaky"]}

    @jobs.kind("test_regel", "Regel")
    def rule(parameters, report):
        from portal.errors import RuleViolation

        calls["rule"] += 1
        raise RuleViolation({"x": ["Dit mag niet."]})

    try:
        with jobs_app.app_context():
            with transaction():
                a, b = jobs.submit("test_wankel"), jobs.submit("test_regel")
            ids = a.id, b.id
        beheerder = Client(jobs_app, "beheerder")
        first = wait(beheerder, f"/api/v1/taken/{ids[0]}")
        second = wait(beheerder, f"/api/v1/taken/{ids[1]}")
        assert first["status"] == "Klaar" and first["resultaat"] == {"pogingen": 2}
        assert second["status"] == "Mislukt" and second["fout"]["errors"] == {
            "x": ["Dit mag niet."]
        }
        assert calls["rule"] == 1
        with jobs_app.app_context():
            from models import Taak

            assert db.session.get(Taak, ids[0]).pogingen == 2
    finally:
        jobs.KINDS.pop("test_wankel")
        jobs.KINDS.pop("test_regel")


def test_the_schedule_comes_from_the_settings():
    from celery.schedules import crontab

    from portal.jobs import queue

    class App:
        config = {
            "SCHEDULE_REMINDERS": "07:00",
            "SCHEDULE_RETENTION": "02:30",
            "SCHEDULE_UPLOAD_SWEEP": "*:20",
            "SCHEDULE_MAIL": "*/5",
            "SCHEDULE_DEADLINE_WARNINGS": "",
        }

    schedule = queue.beat_schedule(App())
    assert set(schedule) == {
        "herinneringen",
        "bewaartermijn",
        "uploads_opruimen",
        "meldingen_versturen",
    }
    assert schedule["herinneringen"]["schedule"] == crontab(minute=0, hour=7)
    assert schedule["bewaartermijn"]["schedule"] == crontab(minute=30, hour=2)
    assert schedule["uploads_opruimen"]["schedule"] == crontab(minute=20, hour="*")
    assert schedule["meldingen_versturen"]["schedule"] == crontab(minute="*/5")
    assert all(s["task"] == queue.SCHEDULED for s in schedule.values())
    # Every scheduled kind is a job kind (so its runs are recorded and runnable by hand).
    from portal import jobs
    from portal.jobs import kinds  # noqa: F401

    assert set(queue.SCHEDULES) <= set(jobs.KINDS)
