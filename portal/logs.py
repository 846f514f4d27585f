"""Log lines: readable text by default, one JSON object per line with ``LOG_FORMAT=json``.

Every request gets an id - the caller's ``X-Request-ID`` when it looks like one (a proxy or
load balancer that already numbers requests), else a new one - that is on every log line
written while the request runs and goes back in the ``X-Request-ID`` response header, so a
user's "it failed at 10:42" and the proxy's log find the same lines. After each request one
access line (logger ``portal.access``) gives method, path, status and duration.

No resident data in logs: the access line has the path only (the portal's paths carry ids,
never addresses or names) and never the query string (search terms, filters) or a body.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

# Letters, digits and a few separators, as request ids from nginx ($request_id), AWS/Azure
# load balancers and UUIDs look; anything else (spaces, quotes, newlines, very long values)
# could forge or break log lines and is replaced by a new id.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=;+/-]{0,127}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
HEADER = "X-Request-ID"
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(request_id)s"
access_log = logging.getLogger("portal.access")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or "-" outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def formatter(fmt: str) -> logging.Formatter:
    if fmt == "json":
        from pythonjsonlogger.json import JsonFormatter

        # "time": ISO 8601 in UTC with milliseconds, as log shippers parse it.
        return JsonFormatter(
            JSON_FIELDS,
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )
    return logging.Formatter(TEXT_FORMAT)


_handler: logging.Handler | None = None


def configure(fmt: str = "text", level: str = "INFO") -> logging.Handler:
    """One stderr handler on the root logger with the chosen format (idempotent: a second
    call, e.g. another ``create_app`` in the same process, only changes format and level).
    Third-party libraries stay at WARNING; the portal's own loggers log from ``level``."""
    global _handler
    fmt = "json" if str(fmt).strip().lower() == "json" else "text"
    root = logging.getLogger()
    if _handler is None or _handler not in root.handlers:
        _handler = logging.StreamHandler(sys.stderr)
        _handler.addFilter(RequestIdFilter())
        root.addHandler(_handler)
    _handler.setFormatter(formatter(fmt))
    logging.getLogger("portal").setLevel(str(level).upper())
    # Werkzeug's own request lines would repeat the access line (with the query string).
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    fab_filters = logging.getLogger("flask_appbuilder.models.filters")
    if not any(isinstance(f, _UnsearchedTimeColumns) for f in fab_filters.filters):
        fab_filters.addFilter(_UnsearchedTimeColumns())
    return _handler


class _UnsearchedTimeColumns(logging.Filter):
    """FAB builds a filter for every column of a model, also for time-of-day columns (a
    control's ``aanvang``) it has no filter type for, and warns at every start. No screen
    or API searches on a time of day, so that warning says nothing; others still pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.getMessage().startswith("Filter type not supported for column:")
            and record.args == ("aanvang",)
        )


def request_id() -> str:
    """The current request's id (inside a request)."""
    return g.get("request_id") or "-"


def _enable_portal_loggers() -> None:
    """Alembic's logging set-up (migrations/env.py, ``fileConfig``) disables every logger
    that existed before it ran; in a process that migrated (the CLI, the tests) the portal's
    own loggers - the access line among them - would stay silent."""
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if (name == "portal" or name.startswith("portal.")) and isinstance(logger, logging.Logger):
            logger.disabled = False


def install(app: Flask) -> None:
    fmt = str(app.config.get("LOG_FORMAT") or "text").lower()
    _enable_portal_loggers()
    # The test suite reads its own captured logs; text lines on stderr would only add noise.
    if fmt == "json" or not app.testing:
        configure(fmt, app.config.get("LOG_LEVEL") or "INFO")
        # Flask's own handler on the app logger would write every error a second time.
        from flask.logging import default_handler

        app.logger.removeHandler(default_handler)

    def _start() -> None:
        incoming = request.headers.get(HEADER, "")
        g.request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    def _finish(response: Response) -> Response:
        if "request_id" not in g:  # a hook before ours answered
            _start()
        response.headers[HEADER] = g.request_id
        ms = (time.perf_counter() - g.request_started) * 1000
        path = _CONTROL.sub("?", request.path)  # a decoded %0A must not start a fake line
        access_log.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            response.status_code,
            ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round(ms, 1),
            },
        )
        return response

    # First of all before-request hooks: an earlier one that answers (a redirect, a 4xx)
    # would otherwise leave its log lines without the id.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
