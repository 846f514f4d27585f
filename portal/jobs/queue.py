"""Where jobs run: Celery workers on the broker of ``BROKER_URL``, else a thread pool here.

Celery because it is the most used and best kept Python job queue, speaks both brokers this
deployment has (Redis and RabbitMQ), has a scheduler (beat) and the delivery guarantees a
job that must outlive its web worker needs: a message is acknowledged only after the job ran
(``acks_late``) and put back when the worker dies mid-job (``reject_on_worker_lost``). The
job's state is in the database (``Taak``), not in a Celery result backend: web workers,
workers and the CLI all read it there, with the portal's rights.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from celery import Celery, Task
from celery.schedules import crontab
from celery.signals import worker_process_init
from flask import Flask

log = logging.getLogger(__name__)

TASK = "portal.taak"  # one Celery task runs every kind of job (portal.jobs.KINDS)
SCHEDULED = "portal.gepland"  # what the scheduler sends: start a job of a kind now


def broker_url(app: Flask) -> str | None:
    return app.config.get("BROKER_URL") or None


def init_app(app: Flask) -> None:
    """Give the app its queue: a Celery app when a broker is configured, else threads."""
    url = broker_url(app)
    if url:
        app.extensions["celery"] = _celery(app, url)
    else:
        app.extensions["portal.jobs.pool"] = ThreadPoolExecutor(
            max_workers=int(app.config.get("JOB_THREADS", 2)), thread_name_prefix="taak"
        )


def dispatch(app: Flask, taak_id: str) -> None:
    """Hand a committed job to whoever runs jobs here."""
    celery: Celery | None = app.extensions.get("celery")
    if celery is not None:
        celery.send_task(TASK, args=[taak_id])
        return
    pool: ThreadPoolExecutor = app.extensions["portal.jobs.pool"]
    pool.submit(_in_thread, app, taak_id)


def _in_thread(app: Flask, taak_id: str) -> None:
    from portal import jobs

    with app.app_context():
        try:
            jobs.run_with_retries(taak_id)
        except Exception:  # noqa: BLE001 - a thread has no one to raise to; the log has it
            log.exception("job %s stopped", taak_id)


def _celery(app: Flask, url: str) -> Celery:
    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, broker=url, task_cls=AppTask)
    celery.conf.update(
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a long job does not hold others hostage in a prefetch
        broker_connection_retry_on_startup=True,
        task_default_queue=app.config.get("JOB_QUEUE", "interventieportaal"),
        timezone=app.config.get("SCHEDULE_TIMEZONE", "Europe/Amsterdam"),
        beat_schedule=beat_schedule(app),
        worker_hijack_root_logger=False,
    )

    @worker_process_init.connect(weak=False)
    def _fresh_connections(**_kwargs) -> None:
        # A forked pool process must not share the parent's database connections.
        from portal.extensions import db

        with app.app_context():
            db.engine.dispose(close=False)

    @celery.task(name=TASK, bind=True, max_retries=4)
    def run_job(self, taak_id: str) -> str:
        from portal import jobs

        final = self.request.retries >= self.max_retries
        state = jobs.run(taak_id, final_attempt=final)
        if state == jobs.RETRY:
            raise self.retry(countdown=2 ** (self.request.retries + 1))
        return state

    @celery.task(name=SCHEDULED)
    def scheduled(soort: str) -> str:
        """A schedule's turn: record the job (so its runs show like any other) and run it."""
        from portal import jobs
        from portal.extensions import transaction

        with transaction():
            taak = jobs.submit_scheduled(soort)
        return jobs.run_with_retries(taak.id)

    return celery


def _at(value: str) -> crontab:
    """'07:00' daily at 7:00; '*:15' every hour at :15; '*/5' every five minutes;
    'mon 06:30' weekly."""
    value = value.strip()
    if value.startswith("*/"):
        return crontab(minute=value)
    day, _, clock = value.rpartition(" ")
    hour, _, minute = clock.partition(":")
    return crontab(
        minute=int(minute or 0), hour="*" if hour == "*" else int(hour), day_of_week=day or "*"
    )


def beat_schedule(app: Flask) -> dict:
    """The scheduler's timetable from the settings (SCHEDULE_* in config.py)."""
    out = {}
    for soort, setting in SCHEDULES.items():
        when = app.config.get(setting)
        if when:
            out[soort] = {"task": SCHEDULED, "schedule": _at(when), "args": [soort]}
    return out


# Job kind -> the setting that says when it runs (portal/jobs/kinds.py registers the kinds).
SCHEDULES = {
    "herinneringen": "SCHEDULE_REMINDERS",
    "termijnwaarschuwingen": "SCHEDULE_DEADLINE_WARNINGS",
    "bewaartermijn": "SCHEDULE_RETENTION",
    "uploads_opruimen": "SCHEDULE_UPLOAD_SWEEP",
    "meldingen_versturen": "SCHEDULE_MAIL",
}
