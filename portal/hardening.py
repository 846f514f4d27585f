"""Login, session and HTTP hardening: password policy, login throttling (form and API),
idle timeout, security headers and error pages that reveal nothing internal."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask, jsonify, render_template, request, session
from flask_appbuilder.exceptions import PasswordComplexityValidationError
from flask_babel import gettext as _
from flask_talisman import Talisman

_CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")


def password_policy(password: str) -> None:
    """At least 12 characters and three of: lower case, upper case, digit, symbol."""
    if len(password or "") < 12 or sum(bool(re.search(c, password)) for c in _CLASSES) < 3:
        raise PasswordComplexityValidationError(
            _(
                "Het wachtwoord moet minstens 12 tekens hebben en drie van de vier soorten "
                "tekens bevatten: kleine letters, hoofdletters, cijfers, leestekens."
            )
        )


# FAB's inline scripts carry the nonce; styles use attributes, hence 'unsafe-inline' there.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def install(app: Flask) -> None:
    app.config["FAB_PASSWORD_COMPLEXITY_VALIDATOR"] = password_policy
    app.permanent_session_lifetime = dt.timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    https = bool(app.config.get("HTTPS"))
    Talisman(
        app,
        force_https=https,
        strict_transport_security=https,
        session_cookie_secure=https,
        session_cookie_http_only=True,
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        x_content_type_options=True,
    )

    @app.before_request
    def _idle_timeout():
        # A permanent session expires after the idle lifetime; each request renews it.
        session.permanent = True

    def _wants_json() -> bool:
        return request.path.startswith("/api/") or request.accept_mimetypes.best == (
            "application/json"
        )

    def _error(status: int, message: str):
        if _wants_json():
            return jsonify(message=message), status
        appbuilder = app.appbuilder
        return (
            render_template(
                "errors/error.html",
                status=status,
                message=message,
                appbuilder=appbuilder,
                base_template=appbuilder.base_template,
            ),
            status,
        )

    @app.errorhandler(404)
    def _not_found(_e):
        return _error(
            404, _("Deze pagina of dit record bestaat niet, of u heeft er geen toegang toe.")
        )

    @app.errorhandler(429)
    def _too_many(_e):
        return _error(
            429,
            _("Te veel pogingen achter elkaar. Wacht een minuut en probeer het dan opnieuw."),
        )

    @app.errorhandler(413)
    def _too_large(_e):
        return _error(413, _("Het bestand is te groot."))

    @app.errorhandler(500)
    def _server_error(_e):
        return _error(500, _("Er ging iets mis. De fout is vastgelegd; probeer het later opnieuw."))


def limit_api_login(app: Flask) -> None:
    """FAB throttles only the form login; apply the same limit to /api/v1/security/login."""
    blueprint = app.blueprints.get("SecurityApi")
    if blueprint is not None and app.config.get("AUTH_RATE_LIMITED"):
        # Only POSTs on this blueprint (login and refresh) count, keyed on client address.
        app.appbuilder.sm.limiter.limit(app.config["AUTH_RATE_LIMIT"], methods=["POST"])(blueprint)
