"""Request-level policies: CSRF for cookie-authenticated API writes, locale choice."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, abort, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class PortalJSONProvider(DefaultJSONProvider):
    """Numbers stay numbers in JSON (Flask's default writes Decimal as a string); lazy
    translations (e.g. ``portal.api_messages``) are written in the request's language."""

    @staticmethod
    def default(o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        if isinstance(o, LazyString):
            return str(o)
        return DefaultJSONProvider.default(o)


def install(app: Flask) -> None:
    app.json_provider_class = PortalJSONProvider
    app.json = PortalJSONProvider(app)

    @app.after_request
    def _accurate_openapi(response):
        if request.path.startswith("/api/v1/_openapi") and response.is_json:
            import json

            from portal.openapi import fix_spec

            response.set_data(json.dumps(fix_spec(response.get_json())))
        return response

    @app.before_request
    def _ids_in_range():
        # Primary keys are 32-bit; a larger number can name no row (and PostgreSQL would
        # raise instead of finding nothing).
        for value in (request.view_args or {}).values():
            if (
                isinstance(value, int | str)
                and str(value).lstrip("-").isdigit()
                and (abs(int(value)) > 2**31 - 1)
            ):
                abort(404)
        return None

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
