"""Request-level policies: CSRF for cookie-authenticated API writes, locale choice."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import prison
from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf

from portal import api_keys, assets
from portal.api_errors import api_error
from portal.openapi import fix_spec

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_FILTER_ARG = re.compile(r"_flt_(\d)_(.*)")  # as FAB's get_filter_args reads them


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


def _readable_rison(value: str) -> bool:
    """Whether FAB's ``@rison`` can read ``value`` (it falls back to JSON on a parse error)."""

    try:
        prison.loads(value)
    except prison.decoder.ParserException:
        try:
            json.loads(value)
        except (ValueError, RecursionError):
            return False
    except Exception:  # noqa: BLE001 - RecursionError, TypeError...: the input is unreadable
        return False
    return True


def install(app: Flask) -> None:
    assets.install(app)  # first: its compression must be the last after-request hook to run
    app.json_provider_class = PortalJSONProvider
    app.json = PortalJSONProvider(app)

    @app.after_request
    def _accurate_openapi(response):
        # Only the spec itself: an error answer (401, 403) keeps the one error shape.
        if (
            request.path.startswith("/api/v1/_openapi")
            and response.status_code == 200
            and response.is_json
        ):
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
    def _readable_query():
        # FAB's rison parser recurses until Python gives up on "(((((" and raises TypeError on
        # "(a:"; its @safe makes both a 500. One check for every API: unreadable q is a 400.
        value = request.args.get("q") if request.path.startswith("/api/") else None
        if value and not _readable_rison(value):
            return api_error(
                400,
                _(
                    "De zoekparameter q is geen geldige Rison of JSON, bijvoorbeeld "
                    "q=(page:0,page_size:25)."
                ),
                {"q": [_("Geen geldige Rison of JSON.")]},
            )
        return None

    @app.before_request
    def _known_list_arguments():
        # FAB's list pages pass ``_oc_<view>`` to ORDER BY as they get it (an unknown column
        # failed in SQLAlchemy's compiler) and ``_flt_<n>_<column>`` picks the column's n-th
        # filter without a bounds check (IndexError): both were 500s; they are a 400.
        view = getattr(app.view_functions.get(request.endpoint), "__self__", None)
        columns = getattr(view, "order_columns", None)
        filters = getattr(getattr(view, "_filters", None), "_all_filters", None)
        for key, value in request.args.items():
            if key.startswith("_oc_") and columns is not None and value not in columns:
                abort(400)
            match = _FILTER_ARG.match(key)
            options = filters.get(match[2]) if match and filters else None
            if options is not None and int(match[1]) >= len(options):
                abort(400)  # (an unknown column FAB ignores)
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
        if api_keys.presented() is not None:
            return None  # a key, not a cookie, signs it in (portal.api_keys checks it next)
        if not app.config.get("WTF_CSRF_ENABLED", True):
            return None
        try:
            validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
        except (CSRFError, Exception):
            return api_error(400, _("CSRF-token ontbreekt of is ongeldig. Ververs de pagina."))
        return None
