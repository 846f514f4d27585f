"""Login, session and HTTP hardening: password policy, login throttling (form and API),
idle timeout, security headers and error pages that reveal nothing internal."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys

from flask import (
    Flask,
    current_app,
    g,
    make_response,
    render_template,
    request,
    session,
)
from flask_appbuilder.api import BaseApi
from flask_appbuilder.exceptions import DatabaseException, PasswordComplexityValidationError
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, current_user
from flask_talisman import Talisman
from markupsafe import escape
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from portal import lang_switch
from portal.extensions import db

_log = logging.getLogger(__name__)
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

    install_error_pages(app)
    lang_switch.install(app)  # back to the page, never to another host (an open redirect)


# --- error answers ------------------------------------------------------------------------
# One answer per status, for screens (the portal layout) and API (JSON) alike. Everything a
# user or client can cause - a stale version, bad input, a database that is away - gets its
# own status and message here; only real faults are 500.

RETRY_AFTER_SECONDS = 30

ERROR_MESSAGES = {
    400: _l("Het verzoek is ongeldig. Controleer het adres of de invoer en probeer het opnieuw."),
    401: _l("Log eerst in."),
    403: _l("U heeft geen toegang tot deze pagina of deze handeling."),
    404: _l("Deze pagina of dit record bestaat niet, of u heeft er geen toegang toe."),
    405: _l("Deze handeling is op dit adres niet mogelijk."),
    409: _l(
        "Iemand anders heeft dit record intussen gewijzigd. Uw wijzigingen zijn niet "
        "opgeslagen; haal het record opnieuw op en probeer het nog eens."
    ),
    413: _l("Het bestand is te groot."),
    415: _l("Dit soort inhoud wordt hier niet aangenomen."),
    422: _l("De invoer kon niet worden verwerkt. Controleer de velden en probeer het opnieuw."),
    428: _l("Stuur de versie die u bewerkt mee (If-Match)."),
    429: _l("Te veel pogingen achter elkaar. Wacht een minuut en probeer het dan opnieuw."),
    500: _l("Er ging iets mis. De fout is vastgelegd; probeer het later opnieuw."),
    503: _l(
        "Het portaal is tijdelijk niet beschikbaar (de database is niet bereikbaar). "
        "Probeer het over een halve minuut opnieuw."
    ),
}


# A unique or foreign-key constraint refused the write: the client's input, not a fault.
DUPLICATE = _l(
    "Dit kan niet worden opgeslagen: het bestaat al (bijvoorbeeld dezelfde code, of deze "
    "partner hoort al bij het project), of het verwijst naar iets dat niet meer bestaat. Er is "
    "niets opgeslagen."
)


def error_message(status: int) -> str:
    """The portal's message for a status (the 4xx or 5xx family's when it has none)."""
    return str(ERROR_MESSAGES.get(status) or ERROR_MESSAGES[400 if status < 500 else 500])


def classify(exc: BaseException | None) -> int | None:
    """The status an exception that is no fault of the portal deserves, or None (a bug: 500).

    FAB wraps database errors of its add/edit/delete in ``DatabaseException``; the cause
    decides.
    """

    if isinstance(exc, DatabaseException) and exc.__cause__ is not None:
        return classify(exc.__cause__)
    if isinstance(exc, StaleDataError):
        return 409  # a concurrent writer won the optimistic lock
    if isinstance(exc, sa_exc.IntegrityError):
        return 409  # a unique or foreign key refused the input (message_for says which)
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return 503
    if isinstance(
        exc,
        sa_exc.OperationalError
        | sa_exc.InterfaceError
        | sa_exc.DisconnectionError
        | sa_exc.TimeoutError,
    ):
        # Unreachable, restarting, locked or out of connections: it passes; ask to retry.
        return 503
    if isinstance(exc, sa_exc.DataError | OverflowError | UnicodeError):
        return 400  # a value the database (or Python's int/date range) cannot hold
    if isinstance(exc, sa_exc.ProgrammingError) and getattr(exc.orig, "sqlstate", None) in (
        "42883",
        "42804",
    ):
        return 400  # PostgreSQL: a filter value of the wrong type ("boolean = varchar")
    if isinstance(exc, sa_exc.StatementError) and isinstance(
        exc.orig, LookupError | ValueError | TypeError | OverflowError
    ):
        return 400  # a value the column type cannot take (an enum filter, a number too big)
    return None


def message_for(exc: BaseException | None) -> str | None:
    """A message more exact than the status's own, where the exception tells more."""
    if isinstance(exc, DatabaseException) and exc.__cause__ is not None:
        return message_for(exc.__cause__)
    if isinstance(exc, sa_exc.IntegrityError):
        return str(DUPLICATE)
    return None


def _rollback() -> None:
    """A failed flush leaves the session unusable; the error page itself may still query."""

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - nothing more to undo when the database is away
        pass


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == ("application/json")


def error_response(status: int, message: str | None = None, **extra):
    """The portal's answer for ``status``: JSON under /api/, else the page in the layout."""
    message = str(message or error_message(status))
    if wants_json():
        from portal.api_errors import api_error  # (it reads error_message from here)

        response = api_error(status, message, **extra)
    else:
        response = make_response(_error_page(status, message), status)
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error_page(status: int, message: str) -> str:
    """The error page in the portal layout. The menu needs the user and his permissions from
    the database; when that fails (the database is away, or the error came before the user
    was loaded) the page is shown with the portal's header only."""
    appbuilder = current_app.appbuilder
    context = {
        "status": status,
        "message": message,
        "appbuilder": appbuilder,
        "base_template": appbuilder.base_template,
    }
    if status != 503:
        try:
            if "user" not in g:
                # The error came before FAB's before_request (CSRF, size limit, id range).
                g.user = current_user._get_current_object()
            return render_template("errors/error.html", full_layout=True, **context)
        except Exception:  # noqa: BLE001 - fall back to the page without the menu
            _log.warning("error page without menu for %s", status, exc_info=True)
            _rollback()
    # Flask-Login loads the user (a query) for every template unless one is already there.
    g.user = g._login_user = AnonymousUserMixin()
    try:
        return render_template("errors/error.html", full_layout=False, **context)
    except Exception:  # noqa: BLE001 - the last resort must not fail
        _log.exception("error page could not be rendered")
        return f"<!DOCTYPE html><title>{status}</title><h1>{status}</h1><p>{escape(message)}</p>"


def _api_answer_in_flight(stock):
    """FAB's ``@safe`` turns every exception of an API into 500 "Fatal error", and its
    add/edit/delete turn database errors into 422 "Database exception occurred: <SQL>". Both
    are called inside the ``except`` block, so the exception in flight decides the answer."""

    def answer(self, message=None):
        exc = sys.exc_info()[1]
        status = classify(exc)
        if status is not None:
            _rollback()
            conflict = getattr(self, "conflict_response", None)
            special = message_for(exc)
            if status == 409 and conflict is not None and special is None:
                # A model API names who changed what (views.base.PortalApi).
                return conflict((request.view_args or {}).get("pk"))
            return error_response(status, special)
        if isinstance(exc, HTTPException) and exc.code and exc.code >= 400:
            return error_response(exc.code)  # e.g. 413 from reading an oversized body
        if stock.__name__ == "response_500":
            if exc is not None:
                _log.error("API error", exc_info=exc)
            return error_response(500)
        if isinstance(exc, DatabaseException):
            return error_response(422)  # e.g. a constraint; never the SQL text
        return stock(self, message=message)

    answer.__name__ = stock.__name__
    answer._portal = True
    return answer


def install_error_pages(app: Flask) -> None:
    from portal import api_errors

    api_errors.install()  # FAB's API answers in the portal's one error shape
    for name in ("response_500", "response_422"):
        stock = getattr(BaseApi, name)
        if not getattr(stock, "_portal", False):  # create_app may run more than once
            setattr(BaseApi, name, _api_answer_in_flight(stock))

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        if e.code is None or e.code < 400:
            return e  # redirects raised as exceptions pass through
        # A 500 made by Flask from an unhandled exception (already logged by Flask).
        original = getattr(e, "original_exception", None)
        if original is not None:
            _rollback()
        return error_response(classify(original) or e.code, message_for(original))

    def _known(e: Exception):
        status = classify(e)
        if status is None:
            raise e  # a real fault: Flask's 500 path (logged, handled above)
        _rollback()
        return error_response(status, message_for(e))

    for cls in (
        StaleDataError,
        DatabaseException,
        sa_exc.StatementError,  # DBAPIError included
        sa_exc.DisconnectionError,
        sa_exc.TimeoutError,
        OverflowError,
        UnicodeError,
    ):
        app.register_error_handler(cls, _known)
