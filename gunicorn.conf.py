"""gunicorn reads this file from the directory it starts in (the repository root).

It only changes gunicorn's own log lines ("Booting worker", "Worker timeout"): with
LOG_FORMAT=json they are JSON objects like the portal's (portal/logs.py), so a log shipper
reads one format. Everything else comes from the command line (Makefile, docs/deployment.md).
"""

import os

if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    _json = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        # gunicorn's defaults put the root logger at INFO; the portal keeps libraries at
        # WARNING (its own loggers log from LOG_LEVEL).
        "root": {"level": "WARNING", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
            # gunicorn's access line has the query string (search terms, filters: resident
            # data); the portal writes its own without it (logger portal.access).
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "formatters": {"json": _json},
    }
