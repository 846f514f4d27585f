"""Entry point of the Celery processes: ``celery -A portal.worker worker`` runs jobs and
``celery -A portal.worker beat`` the schedules (``make worker``, ``make scheduler``).

Both build the portal app from the same settings as the web processes (environment and
``PORTAL_SETTINGS``) and need ``BROKER_URL``."""

from __future__ import annotations

from portal import create_app

flask_app = create_app()
# Celery's -A looks for `app` (then `celery`) in this module: both are the Celery app.
app = celery = flask_app.extensions.get("celery")
if celery is None:
    raise SystemExit(
        "BROKER_URL is niet gezet: zonder broker lopen taken in het webproces zelf en is er "
        "geen worker of scheduler nodig (zie docs/deployment.md)."
    )
