"""Interventieportaal application factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build a fresh app; safe to call several times in one process (tests)."""
    # Imported here, not at the top: every module below imports ``portal`` (this package),
    # so a top-level import would be a cycle; `import portal` itself stays cheap.
    from flask_appbuilder import AppBuilder

    import models  # noqa: F401  (registers every model on the shared metadata)
    from portal import api_messages, audit, cli, formatting, hardening, throttle, web
    from portal.extensions import csrf, db, migrate

    app = Flask(__name__, instance_path=str(ROOT / "instance"))
    app.config.from_object("config")
    from portal import startup

    startup.load_settings(app)  # PORTAL_SETTINGS: the deployment's file over config.py
    if overrides:
        app.config.update(overrides)
    startup.ensure_secret_key(app)  # required outside development
    # Translations live at the top of the repository, next to FAB's own.
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    logging.getLogger("flask_appbuilder").setLevel(logging.WARNING)

    from portal import health, logs

    logs.install(app)  # first: every later hook and log line has the request id
    db.init_app(app)
    audit.install()
    api_messages.install()
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    web.install(app)
    hardening.install(app)
    from portal import notifications

    notifications.install(app)  # Flask-Mail from MAIL_*, and the outbox's listener
    from portal.jobs import kinds, queue  # noqa: F401  (kinds registers the job kinds)

    queue.init_app(app)

    with app.app_context():
        appbuilder = AppBuilder(update_perms=False)
        appbuilder.init_app(app, db.session)
        from views import register
        from views.panels import render_panels

        register(appbuilder)
        formatting.install(app)  # filters, and a formatter for every list/show column
        app.jinja_env.globals["project_panels"] = render_panels
        throttle.install(app)
    from portal import idempotency

    idempotency.install(app)  # last: a stored answer is replayed only after every other check
    cli.register(app)
    health.install(app)  # /health for load balancers (no login, no personal data)
    return app
