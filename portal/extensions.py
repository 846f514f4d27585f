"""Extension objects shared by the app factory, services and tests."""

from __future__ import annotations

from flask_appbuilder.utils.legacy import get_sqla_class
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from models.base import metadata

# Built on the shared metadata so Alembic sees FAB's tables and ours (STACK_NOTES).
db = get_sqla_class()(metadata=metadata)
migrate = Migrate()
# Every form POST is CSRF-checked; FAB exempts its API blueprints when this is present, and
# portal.web re-checks cookie-authenticated API writes.
csrf = CSRFProtect()
