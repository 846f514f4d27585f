"""Start-up checks of ``create_app``: the settings file and the session key.

``PORTAL_SETTINGS`` names a Python file (e.g. ``/etc/interventieportaal/settings.py``) whose
UPPERCASE names override ``config.py``; overrides passed to ``create_app`` (tests) still win.

``SECRET_KEY`` is generated (once, kept in ``instance/secret_key``) only in development;
everywhere else a missing key stops the app with a message naming the variable, because a
generated key differs per machine (sessions that break behind a load balancer) and is lost
with the instance directory. Development is ``PORTAL_ENV=development``, or - when
``PORTAL_ENV`` is unset - the embedded default: an SQLite database without ``HTTPS``
(``make run``, a laptop), or a test app (``TESTING``). ``PORTAL_ENV=production`` always
needs a key. See docs/deployment.md.
"""

from __future__ import annotations

import os
import secrets
import types
from pathlib import Path

from flask import Flask

SETTINGS_VARIABLE = "PORTAL_SETTINGS"
ENVIRONMENTS = ("development", "production")


class StartupError(RuntimeError):
    """The app cannot start as configured; the message says what to set."""


def database_uri(url: str) -> str:
    """``DATABASE_URL`` as SQLAlchemy wants it: plain and Heroku-style PostgreSQL URLs both go
    to psycopg 3 (the same rule as ``config._database_url``)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def load_settings(app: Flask) -> Path | None:
    """Apply the file named by ``PORTAL_SETTINGS``, if set; a named file that is missing or
    broken is an error (a typo in the path must not silently start with the defaults)."""
    name = os.environ.get(SETTINGS_VARIABLE, "").strip()
    if not name:
        return None
    path = Path(name).expanduser()
    if not path.is_file():
        raise StartupError(
            f"{SETTINGS_VARIABLE}={name}: dat instellingenbestand bestaat niet (of is geen "
            f"bestand). Maak het aan of haal {SETTINGS_VARIABLE} weg."
        )
    module = types.ModuleType("portal_settings")
    module.__file__ = str(path)
    try:
        code = compile(path.read_bytes(), str(path), "exec")
        exec(code, module.__dict__)  # noqa: S102 - the administrator's own settings file
    except Exception as e:
        raise StartupError(
            f"{SETTINGS_VARIABLE}={name}: het instellingenbestand kon niet worden gelezen "
            f"({type(e).__name__}: {e})."
        ) from e
    names = {key for key in dir(module) if key.isupper()}
    app.config.from_object(module)
    # The environment's names work in the file too; config.py derives these from them.
    if "DATABASE_URL" in names and "SQLALCHEMY_DATABASE_URI" not in names:
        app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(str(module.DATABASE_URL))
    if "HTTPS" in names:
        for derived in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
            if derived not in names:
                app.config[derived] = bool(module.HTTPS)
    return path


def environment(app: Flask) -> str:
    """``development`` or ``production`` (the rule in this module's docstring)."""
    # config.py read the environment at import; a settings file or an override may set it too.
    value = (app.config.get("PORTAL_ENV") or os.environ.get("PORTAL_ENV") or "").strip().lower()
    if value:
        if value not in ENVIRONMENTS:
            raise StartupError(
                f"PORTAL_ENV={value}: kies 'production' of 'development' (of laat het weg)."
            )
        return value
    if app.config.get("TESTING"):
        return "development"
    embedded = str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite")
    return "development" if embedded and not app.config.get("HTTPS") else "production"


def ensure_secret_key(app: Flask) -> None:
    """Keep the configured ``SECRET_KEY``; generate one only in development."""
    if app.config.get("SECRET_KEY"):
        return
    if environment(app) != "development":
        raise StartupError(
            "SECRET_KEY ontbreekt. Buiten de ontwikkelopstelling (PostgreSQL, HTTPS=1 of "
            "PORTAL_ENV=production) wordt er geen sleutel gegenereerd: zet SECRET_KEY in de "
            f"omgeving of in het bestand van {SETTINGS_VARIABLE}, bijvoorbeeld "
            "SECRET_KEY=$(openssl rand -hex 32), op elke machine dezelfde."
        )
    instance = Path(app.config.get("INSTANCE_DIR") or app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        # Created with mode 0600 from the start: no moment in which others can read it.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process (worker, CLI) made it just now
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = path.read_text().strip()
