"""Runtime configuration, read from the environment.

Everything a deployment changes comes from environment variables; the defaults are for a
developer laptop (SQLite under ``instance/``, Dutch UI).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask_appbuilder.const import AUTH_DB

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PORTAL_INSTANCE_DIR", BASE_DIR / "instance"))


def _secret_key() -> str:
    """SECRET_KEY from the environment; in development one is generated once and kept."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs and plain "postgresql://" both go to psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'portal.db'}"


SECRET_KEY = _secret_key()
SQLALCHEMY_DATABASE_URI = _database_url()
SQLALCHEMY_TRACK_MODIFICATIONS = False
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
PORT = int(os.environ.get("PORT", "8080"))

APP_NAME = "Interventieportaal"
APP_THEME = ""
AUTH_TYPE = AUTH_DB
AUTH_ROLE_ADMIN = "Beheerder"
AUTH_ROLE_PUBLIC = "Public"
# Alembic alone owns the schema; permissions are synced by `flask lsi init`, not on every boot.
FAB_CREATE_DB = False
FAB_UPDATE_PERMS = False
FAB_ADD_SECURITY_API = False
FAB_API_SWAGGER_UI = True
FAB_API_MAX_PAGE_SIZE = 100
FAB_INDEX_VIEW = "views.home.PortalIndexView"
FAB_SECURITY_MANAGER_CLASS = "portal.security.PortalSecurityManager"

BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "nl")
BABEL_DEFAULT_FOLDER = "translations"
BABEL_TRANSLATION_DIRECTORIES = "translations"
LANGUAGES = {
    "nl": {"flag": "nl", "name": "Nederlands"},
    "en": {"flag": "gb", "name": "English"},
}

WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

DEMO_PASSWORD = os.environ.get("LSI_DEMO_PASSWORD", "demo-Wachtwoord-2026")

# --- hardening (docs/security.md) ---
# Login throttling (portal.throttle): failed logins of the form and the API login draw on one
# budget per client address and one per account (over all addresses); successes count for
# neither. Each limit falls back to AUTH_RATE_LIMIT when unset.
AUTH_RATE_LIMITED = True
AUTH_RATE_LIMIT = os.environ.get("AUTH_RATE_LIMIT", "10 per minute")
AUTH_RATE_LIMIT_PER_ADDRESS = os.environ.get("AUTH_RATE_LIMIT_PER_ADDRESS")
AUTH_RATE_LIMIT_PER_USER = os.environ.get("AUTH_RATE_LIMIT_PER_USER")
RATELIMIT_ENABLED = True
# Redis makes limits hold across gunicorn workers; memory is per process.
RATELIMIT_STORAGE_URI = os.environ.get(
    "RATELIMIT_STORAGE_URI", os.environ.get("REDIS_URL", "memory://")
)
RATELIMIT_HEADERS_ENABLED = True
FAB_PASSWORD_COMPLEXITY_ENABLED = True
# Behind https set HTTPS=1: secure cookies, HSTS and redirects to https.
HTTPS = os.environ.get("HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = HTTPS
REMEMBER_COOKIE_SECURE = HTTPS
REMEMBER_COOKIE_HTTPONLY = True
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(60 * 1024 * 1024)))
# Resource limits of templates and Word packages (portal/documents/limits.py, defaults there):
# seconds a render / an upload's test renders may take; characters one value / a whole render
# may make; parts, unpacked MB and packing ratio of a .docx before it is opened.
DOCUMENT_RENDER_SECONDS = float(os.environ.get("DOCUMENT_RENDER_SECONDS", "60"))
TEMPLATE_VALIDATE_SECONDS = float(os.environ.get("TEMPLATE_VALIDATE_SECONDS", "20"))
DOCUMENT_MAX_LENGTH = int(os.environ.get("DOCUMENT_MAX_LENGTH", "2000000"))
DOCUMENT_MAX_OUTPUT = int(os.environ.get("DOCUMENT_MAX_OUTPUT", "100000000"))
DOCX_MAX_MEMBERS = int(os.environ.get("DOCX_MAX_MEMBERS", "1000"))
DOCX_MAX_UNPACKED_MB = int(os.environ.get("DOCX_MAX_UNPACKED_MB", "200"))
DOCX_MAX_RATIO = int(os.environ.get("DOCX_MAX_RATIO", "150"))
DECISION_PENDING_WEEKS = int(os.environ.get("DECISION_PENDING_WEEKS", "6"))
# AVG retention after a project is closed or stopped (months; per project within limits).
RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "6"))
RETENTION_MIN_MONTHS = 0
RETENTION_MAX_MONTHS = 24
# A delivery file no row points at and older than this is an orphan (a worker killed
# mid-upload): `flask lsi sweep-uploads` removes it (portal/signals/importer.py).
UPLOAD_ORPHAN_HOURS = float(os.environ.get("UPLOAD_ORPHAN_HOURS", "6"))
# Idempotency-Key on creating API requests (portal/idempotency.py): how long a key and its
# stored answer are kept (at least 24 hours per the issue); `flask lsi sweep-idempotency`.
IDEMPOTENCY_KEY_HOURS = int(os.environ.get("IDEMPOTENCY_KEY_HOURS", "24"))
# FAB's own file views expect these (the portal stores documents in the database).
UPLOAD_FOLDER = str(INSTANCE_DIR / "uploads")
IMG_UPLOAD_FOLDER = str(INSTANCE_DIR / "uploads" / "img")
IMG_UPLOAD_URL = "/static/uploads/"
