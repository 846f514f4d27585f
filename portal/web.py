"""Request-level policies: CSRF for cookie-authenticated API writes, locale choice."""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def install(app: Flask) -> None:
    @app.before_request
    def _csrf_for_cookie_api():
        # FAB exempts its APIs from CSRF; with browser login enabled a cookie alone would do.
        if request.method not in _UNSAFE or not request.path.startswith("/api/"):
            return None
        if request.path.startswith("/api/v1/security/"):
            return None
        if request.headers.get("Authorization", "").startswith("Bearer "):
            return None
        if not app.config.get("WTF_CSRF_ENABLED", True):
            return None
        try:
            validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
        except (CSRFError, Exception):
            return (
                jsonify(message=_("CSRF-token ontbreekt of is ongeldig. Ververs de pagina.")),
                400,
            )
        return None
