"""One error shape for every answer of the API (issue #17):

    {"message": "<a sentence in the user's language>", "errors": {"<field>": ["<message>"]}}

``errors`` is ``{}`` when no field is to blame; ``"_"`` holds messages about the request as a
whole. A few answers add what a client needs to continue: ``lock_version`` on 409/412/428
(the record's current version), ``retry_after`` on 429.

Everything that answers an API request with an error goes through :func:`api_error`: FAB's
``BaseApi.response`` (so every ``response_4xx`` of FAB and of the portal's APIs), the portal's
error pages for /api/ paths (``portal.hardening.error_response``: 404, 405, 413, 429, 503 ...),
the JWT layer (``install_jwt``: missing, bad, expired, revoked tokens) and the checks that run
before a view (CSRF, unreadable ``q``, Idempotency-Key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, has_request_context, jsonify, request
from flask_appbuilder.api import BaseApi
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

# FAB's own English messages: the portal answers with its message for the status instead.
_FAB_STOCK = frozenset(
    {
        "Arguments are not correct",
        "Could not process entity",
        "Not authorized",
        "Forbidden",
        "Not found",
        "Internal error",
        "Fatal error",
        "Request is not JSON",
        "Request payload is not JSON",
        "Not a valid rison argument",
        "Access is Denied",
    }
)
# Keys under which a message concerns the whole request, not one field.
GENERAL = ("_", "_schema")

TOKEN_MISSING = _l(
    "Log eerst in: stuur een toegangstoken mee (Authorization: Bearer ...) of gebruik een "
    "ingelogde sessie."
)
TOKEN_INVALID = _l("Het toegangstoken is ongeldig. Log opnieuw in.")
TOKEN_EXPIRED = _l(
    "Het toegangstoken is verlopen. Vraag een nieuw aan met het vernieuwingstoken "
    "(/api/v1/security/refresh) of log opnieuw in."
)
TOKEN_REVOKED = _l("Dit toegangstoken is ingetrokken. Log opnieuw in.")
TOKEN_NOT_FRESH = _l("Hiervoor is een vers toegangstoken nodig. Log opnieuw in.")
SESSION_ENDED = _l("Deze sessie is beëindigd. Log opnieuw in.")
LOGIN_FAILED = _l("De gebruikersnaam of het wachtwoord is onjuist.")
# FAB answers a failed API login with its plain 401 ("Not authorized").
_LOGIN = "SecurityApi.login"


def field_errors(value: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{field: [messages]}`` from marshmallow's messages (nested per list item or nested
    field: "partners.0"), a list of messages or one message (both about the whole request)."""

    if value is None or value == {} or value == []:
        return {}
    if isinstance(value, Mapping):
        out: dict[str, list[str]] = {}
        for key, inner in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(inner, Mapping):
                for k, v in field_errors(inner, name).items():
                    out.setdefault(k, []).extend(v)
            else:
                out.setdefault(name, []).extend(_messages(inner))
        return out
    return {prefix or "_": _messages(value)}


def _messages(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        out = []
        for v in value:
            if isinstance(v, Mapping):
                out.extend(m for ms in field_errors(v).values() for m in ms)
            else:
                out.append(str(v))
        return out
    return [str(value)]


def _default_message(status: int, errors: dict[str, list[str]]) -> str:
    from portal.hardening import error_message

    general = [m for key in GENERAL for m in errors.get(key, [])]
    if general and set(errors) <= set(GENERAL):
        return " ".join(general)  # the request as a whole: its own messages say it best
    return error_message(status)


def error_body(status: int, message: Any = None, errors: Any = None, **extra: Any) -> dict:
    """The body of an error answer. ``message`` may be a sentence or - as FAB and marshmallow
    give it - messages per field, which then go under ``errors``."""

    found: dict[str, list[str]] = {}
    if message is not None and not isinstance(message, str | LazyString):
        found = field_errors(message)
        message = None
    for key, msgs in field_errors(errors).items():
        found.setdefault(key, []).extend(msgs)
    text = str(message) if message is not None else ""
    if not text.strip() or text in _FAB_STOCK:
        text = _default_message(status, found)
    return {"message": text, "errors": found, **extra}


def api_error(status: int, message: Any = None, errors: Any = None, **extra: Any) -> Response:
    """The API's answer with ``status`` in the one error shape (see the module's text)."""

    response = jsonify(error_body(status, message, errors, **extra))
    response.status_code = status
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    if status == 401 and "WWW-Authenticate" not in response.headers:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _bearer_error(status: int, message, code: str) -> Response:
    response = api_error(status, message)
    # RFC 6750: the client learns that the token itself is the problem.
    response.headers["WWW-Authenticate"] = f'Bearer error="{code}"'
    return response


def install_jwt(jwt_manager) -> None:
    """flask_jwt_extended answers ``{"msg": ...}`` (a bad token even with 422): every token
    problem is a 401 in the one shape. ``user_lookup_error_loader`` stays with the security
    manager (an ended session, ``portal.security``)."""

    jwt_manager.unauthorized_loader(lambda _explanation: api_error(401, TOKEN_MISSING))
    jwt_manager.invalid_token_loader(
        lambda _explanation: _bearer_error(401, TOKEN_INVALID, "invalid_token")
    )
    jwt_manager.expired_token_loader(
        lambda _header, _data: _bearer_error(401, TOKEN_EXPIRED, "invalid_token")
    )
    jwt_manager.revoked_token_loader(
        lambda _header, _data: _bearer_error(401, TOKEN_REVOKED, "invalid_token")
    )
    jwt_manager.needs_fresh_token_loader(
        lambda _header, _data: _bearer_error(401, TOKEN_NOT_FRESH, "invalid_token")
    )
    jwt_manager.token_verification_failed_loader(
        lambda _header, _data: _bearer_error(401, TOKEN_INVALID, "invalid_token")
    )


def ended_session(_jwt_header: dict, _jwt_data: dict) -> Response:
    """A token of a session that ended (logout, deactivated user: ``portal.sessions``)."""
    return _bearer_error(401, SESSION_ENDED, "invalid_token")


def install() -> None:
    """Every error FAB's APIs give - theirs and the portal's ``self.response(4xx, ...)`` - in
    the one shape. FAB builds them all with the static ``BaseApi.response``."""

    stock = BaseApi.response
    if getattr(stock, "_portal_shape", False):  # create_app may run more than once
        return

    def response(code: int, **kwargs: Any) -> Response:
        if code < 400:
            return stock(code, **kwargs)
        message = kwargs.pop("message", None)
        errors = kwargs.pop("errors", None)
        if code == 401 and has_request_context() and request.endpoint == _LOGIN:
            message = LOGIN_FAILED
        return api_error(code, message, errors, **kwargs)

    response._portal_shape = True
    BaseApi.response = staticmethod(response)
