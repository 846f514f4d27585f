"""Runtime configuration, read from the environment.

Everything a deployment changes comes from environment variables; the defaults are for a
developer laptop (SQLite under ``instance/``, Dutch UI).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask_appbuilder.const import AUTH_DB

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PORTAL_INSTANCE_DIR", BASE_DIR / "instance"))


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


# Required outside development; create_app generates one (kept in instance/secret_key) only
# for the embedded default - SQLite without HTTPS - or PORTAL_ENV=development
# (portal/startup.py). A settings file named by PORTAL_SETTINGS may set it instead.
SECRET_KEY = os.environ.get("SECRET_KEY") or None
PORTAL_ENV = os.environ.get("PORTAL_ENV") or None
# LOG_FORMAT=json: one JSON object per log line, with the request id (portal/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
SQLALCHEMY_DATABASE_URI = _database_url()
SQLALCHEMY_TRACK_MODIFICATIONS = False
# hide_parameters: a database error in the log shows the statement, never the values (residents'
# addresses are values).
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
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
# Project attachments (portal/attachments): largest file; virus scan "auto" scans with ClamAV
# where installed and marks the file "Niet gescand" where not, "required" refuses uploads
# without a scanner, "off" never scans. CLAMAV_COMMAND overrides clamdscan/clamscan on PATH;
# CLAMAV_DATABASE is passed as `-d` (a signature directory or file, e.g. for tests).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
VIRUS_SCAN = os.environ.get("VIRUS_SCAN", "auto")
CLAMAV_COMMAND = os.environ.get("CLAMAV_COMMAND") or None
CLAMAV_DATABASE = os.environ.get("CLAMAV_DATABASE") or None
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

# --- background jobs (portal/jobs, docs/deployment.md) ---
# A broker URL (redis://... or amqp://...) sends jobs to Celery workers (`make worker`) and
# lets `make scheduler` run the timetable below; without one, jobs run in threads of the web
# process (the embedded default) and schedules run from cron via the CLI.
BROKER_URL = os.environ.get("BROKER_URL") or None
JOB_THREADS = int(os.environ.get("JOB_THREADS", "2"))
JOB_QUEUE = os.environ.get("JOB_QUEUE", "interventieportaal")  # the broker's queue name
# Deliveries at least this large are checked and stored by a job (202 + /api/v1/taken/<id>);
# smaller ones answer at once.
JOB_DELIVERY_BYTES = int(os.environ.get("JOB_DELIVERY_BYTES", str(2 * 1024 * 1024)))
# The scheduler's timetable (Europe/Amsterdam): "HH:MM" daily, "*:MM" hourly, "*/N" every N
# minutes, "mon HH:MM" weekly; empty switches one off.
SCHEDULE_TIMEZONE = os.environ.get("SCHEDULE_TIMEZONE", "Europe/Amsterdam")
SCHEDULE_REMINDERS = os.environ.get("SCHEDULE_REMINDERS", "07:00")
SCHEDULE_DEADLINE_WARNINGS = os.environ.get("SCHEDULE_DEADLINE_WARNINGS", "07:15")
SCHEDULE_RETENTION = os.environ.get("SCHEDULE_RETENTION", "02:30")
SCHEDULE_UPLOAD_SWEEP = os.environ.get("SCHEDULE_UPLOAD_SWEEP", "*:20")
SCHEDULE_MAIL = os.environ.get("SCHEDULE_MAIL", "*/5")

# --- sign-in through the organisation's identity provider: OpenID Connect (docs/sso.md) ---
# Set OIDC_CLIENT_ID (and OIDC_ISSUER or OIDC_DISCOVERY_URL) to switch from local accounts
# (AUTH_DB, the embedded default) to FAB's AUTH_OAUTH; portal/sso.py does the switch.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPE = os.environ.get("OIDC_SCOPE", "openid email profile")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "oidc")  # in the URLs
OIDC_PROVIDER_LABEL = os.environ.get("OIDC_PROVIDER_LABEL", "")  # "Inloggen met <label>"
OIDC_POST_LOGOUT_REDIRECT_URI = os.environ.get("OIDC_POST_LOGOUT_REDIRECT_URI", "")
# A session from an IdP login ends this long after that login, however active (0: never);
# the next login goes by the IdP again, so a user removed there is out by then at the latest.
OIDC_SESSION_MAX_HOURS = float(os.environ.get("OIDC_SESSION_MAX_HOURS", "10"))
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# The user's organisation (Gebruikerskoppeling), set at every login; "" leaves it to the screen.
OIDC_GEMEENTEN_CLAIM = os.environ.get("OIDC_GEMEENTEN_CLAIM", "gemeenten")
OIDC_REGIO_CLAIM = os.environ.get("OIDC_REGIO_CLAIM", "regio")
OIDC_KETENPARTNER_CLAIM = os.environ.get("OIDC_KETENPARTNER_CLAIM", "ketenpartner")
# IdP group -> portal role names (portal/roles.py), as JSON: {"lsi-beheer": ["Beheerder"]}.
AUTH_ROLES_MAPPING = {
    str(group): [names] if isinstance(names, str) else list(names)
    for group, names in json.loads(os.environ.get("AUTH_ROLES_MAPPING") or "{}").items()
}
AUTH_ROLES_SYNC_AT_LOGIN = os.environ.get("AUTH_ROLES_SYNC_AT_LOGIN", "1") == "1"
# An account is made at a user's first OIDC login; unset means on with OIDC and off without it
# (under AUTH_DB, FAB would offer a self-registration form, which the portal does not have).
AUTH_USER_REGISTRATION = (
    os.environ["AUTH_USER_REGISTRATION"] == "1" if "AUTH_USER_REGISTRATION" in os.environ else None
)
# Given to every IdP user besides the mapped roles; "Public" grants nothing, and a login that
# ends with no portal role is refused.
AUTH_USER_REGISTRATION_ROLE = os.environ.get("AUTH_USER_REGISTRATION_ROLE", "Public")
# With OIDC, FAB refuses the API's password login too; "1" lets local (service) accounts in.
AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS = (
    os.environ.get("AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS", "0") == "1"
)

# --- e-mail notifications (portal/notifications) ---
# Sent through Flask-Mail; without MAIL_SERVER notifications are queued (mailbericht) but not
# sent, and `flask lsi reminders --send` says so. Links in mails start with PORTAL_URL.
MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "0") == "1"
MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
MAIL_DEFAULT_SENDER = os.environ.get(
    "MAIL_DEFAULT_SENDER", "Interventieportaal <noreply@interventieportaal.nl>"
)
# Flask-Mail suppresses sending when TESTING is set unless told otherwise; never in production.
MAIL_SUPPRESS_SEND = os.environ.get("MAIL_SUPPRESS_SEND", "0") == "1"
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8080")
# An action's owner is reminded this many days before its deadline and once it has passed; when
# it stays overdue this many days, the projectleider(s) get an escalation.
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))
ESCALATION_DAYS = int(os.environ.get("ESCALATION_DAYS", "7"))
# Weekly digests go out on this weekday (0 = Monday ... 6 = Sunday).
DIGEST_WEEKDAY = int(os.environ.get("DIGEST_WEEKDAY", "0"))

# --- API keys of partners' systems (portal/api_keys.py, docs/api.md) ---
# After a rotation the old key keeps working this many hours, so the partner can switch without
# an outage; a key that may have leaked is revoked (or rotated "at once") instead.
API_KEY_ROTATION_GRACE_HOURS = float(os.environ.get("API_KEY_ROTATION_GRACE_HOURS", "24"))
