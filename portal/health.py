"""``GET /health``: is this web process able to serve? For load balancers and monitoring.

200 when the database answers and - when ``BROKER_URL`` is set - the broker does too; 503
when either does not, so a load balancer takes this machine out until they are back.
LibreOffice is reported but never makes the answer 503: without it only the PDF button
explains what is missing (and with a broker the converters live on the worker machines).

No login, no cookies needed, nothing about users or residents: only states, timings and the
class of an error (never its text, which can hold a host name or a password in a URL).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, jsonify

DATABASE_SECONDS = 2.0
BROKER_SECONDS = 2.0

# The database check runs in a thread of its own so that a database that does not answer at
# all (a dropped network, no RST) cannot hold the load balancer's request longer than
# DATABASE_SECONDS. One such thread per process at most: while a check hangs, later checks
# report the database down at once instead of piling up threads.
_db_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health-db")
_db_busy = threading.Lock()


def _select_one(engine: sa.Engine) -> None:
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                # The server gives up too, so a stuck query does not keep a connection busy;
                # LOCAL: it ends with this transaction (the pool rolls back on return).
                ms = int(DATABASE_SECONDS * 1000)
                conn.execute(sa.text(f"SET LOCAL statement_timeout = {ms}"))
            conn.execute(sa.text("SELECT 1"))
    finally:
        _db_busy.release()


def database() -> dict[str, Any]:
    from portal.extensions import db

    started = time.perf_counter()
    if not _db_busy.acquire(blocking=False):
        return {"status": "down", "error": "previous check still waiting"}
    try:
        future = _db_pool.submit(_select_one, db.engine)
    except BaseException:
        _db_busy.release()
        raise
    try:
        future.result(timeout=DATABASE_SECONDS)
    except FutureTimeout:
        return {"status": "down", "error": f"no answer within {DATABASE_SECONDS:g} s"}
    except Exception as e:  # noqa: BLE001 - any failure means: not serving
        return {"status": "down", "error": type(e).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def broker(url: str | None) -> dict[str, Any]:
    if not url:
        # No broker: jobs run in threads of this process (portal/jobs/queue.py).
        return {"status": "embedded"}
    from kombu import Connection

    started = time.perf_counter()
    try:
        with Connection(url, connect_timeout=BROKER_SECONDS) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.5, timeout=BROKER_SECONDS
            )
    except Exception as e:  # noqa: BLE001
        return {"status": "down", "error": type(e).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def libreoffice() -> dict[str, Any]:
    """What ``portal.documents.pdf`` would use; nothing is started here."""
    from portal.documents import pdf

    if pdf.soffice() is None:
        return {"status": "missing"}
    state: dict[str, Any] = {"status": "available"}
    # Resident converters are known only once a PDF was made in this process (the probe for
    # LibreOffice's Python starts a process, which /health never does).
    if pdf.uno_python.cache_info().currsize:
        state["resident"] = pdf.uno_python() is not None
        state["converters"] = pdf._pool().count
    return state


def report(app: Flask) -> tuple[dict[str, Any], int]:
    url = app.config.get("BROKER_URL") or None
    checks = {"database": database(), "broker": broker(url), "libreoffice": libreoffice()}
    healthy = checks["database"]["status"] == "ok" and checks["broker"]["status"] != "down"
    return {"status": "ok" if healthy else "down", **checks}, 200 if healthy else 503


def health():
    body, status = report(current_app)
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


# A load balancer may check over plain http on the private network even where HTTPS=1 makes
# every other page redirect to https (flask-talisman reads these per-view options).
health.talisman_view_options = {"force_https": False}


def install(app: Flask) -> None:
    app.add_url_rule("/health", "health", health, methods=["GET"])
