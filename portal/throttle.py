"""Login throttling: one budget for the form login and the API login.

Two limits, both counted over *failed* logins of either endpoint (``AuthDBView.login`` or
whichever auth view FAB uses, and ``/api/v1/security/login``):

- per client address (``AUTH_RATE_LIMIT_PER_ADDRESS``): one address cannot guess at many
  accounts;
- per account (``AUTH_RATE_LIMIT_PER_USER``, over all addresses): one account cannot be
  guessed from many addresses. A name that belongs to a user counts for that user whether it
  was typed as username or e-mail address; other names count as typed.

Successful logins count for neither: an office behind one NAT address, logging in at nine,
does not spend its budget, and a colleague's typos spend only the budget of that address
(shared by design - it is the same address to us) and of his own account, which locks
nobody else's account. When a budget is spent, both logins answer 429 with ``Retry-After``
and a message saying when to try again, from the limiter's reset time (`when`: the
portal's error page on the screen, JSON on the API).

The counts live in ``RATELIMIT_STORAGE_URI`` (Redis in production, so every worker shares
them; memory for one process). The check comes before the password is checked and the count
after, so requests racing in parallel can exceed a budget by at most the number in flight.
Counts are keyed on a hash of unknown names, never on the name itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from portal import hardening

API_LOGIN = "SecurityApi.login"
_EXTENSION = "portal_throttle"


class LoginThrottled(TooManyRequests):
    def __init__(self, retry_after: int):
        super().__init__(retry_after=retry_after)
        self.seconds = retry_after


@dataclass
class Throttle:
    strategy: MovingWindowRateLimiter
    per_address: RateLimitItem
    per_user: RateLimitItem
    endpoints: frozenset[str]

    def budgets(self, username: str | None) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        out = [(self.per_address, ("login", "address", request.remote_addr or "-"))]
        account = _account(username)
        if account:
            out.append((self.per_user, ("login", "account", account)))
        return out

    def check(self, username: str | None) -> None:
        """Refuse the attempt when a budget it draws on is spent."""
        now = time.time()
        waits = [
            self.strategy.get_window_stats(limit, *key).reset_time - now
            for limit, key in self.budgets(username)
            if not self.strategy.test(limit, *key)
        ]
        if waits:
            raise LoginThrottled(max(1, math.ceil(max(waits))))

    def count_failure(self, username: str | None) -> None:
        for limit, key in self.budgets(username):
            self.strategy.hit(limit, *key)


def _account(username: str | None) -> str | None:
    """The key an attempt counts against: the user's id when the name is a user's."""
    name = (username or "").strip().casefold()
    if not name:
        return None
    cache = g.setdefault("_login_accounts", {})
    if name not in cache:
        sm = current_app.appbuilder.sm
        user = sm.find_user(username=name) or sm.find_user(email=name)
        cache[name] = (
            f"user:{user.id}"
            if user is not None
            else "name:" + hashlib.sha256(name.encode()).hexdigest()[:32]
        )
    return cache[name]


def _submitted_username() -> str | None:
    if request.endpoint == API_LOGIN:
        body = request.get_json(silent=True)
        value = body.get("username") if isinstance(body, dict) else None
    else:
        value = request.form.get("username")
    return value if isinstance(value, str) else None


def failed(username: str | None) -> None:
    """Count a failed login (called by the security manager, for every auth type)."""
    throttle: Throttle | None = current_app.extensions.get(_EXTENSION)
    if throttle is not None and has_request_context() and request.endpoint in throttle.endpoints:
        throttle.count_failure(username)


def when(seconds: int) -> str:
    """When the budget allows a next attempt, from the limiter's reset time: "over 47
    seconden" within a minute, else "over 12 minuten" (rounded up: never too early), in the
    user's language. Relative, so it holds in every time zone."""
    if seconds <= 60:
        wait, granularity = dt.timedelta(seconds=seconds), "second"
    else:
        wait, granularity = dt.timedelta(minutes=math.ceil(seconds / 60)), "minute"
    # A threshold this high keeps the unit: Babel would round 80 seconds to "1 minuut".
    return format_timedelta(wait, granularity=granularity, threshold=10_000, add_direction=True)


def _limit(app: Flask, name: str) -> RateLimitItem:
    # Unset: the general AUTH_RATE_LIMIT (which test and bench apps override).
    return parse(app.config.get(name) or app.config["AUTH_RATE_LIMIT"])


def install(app: Flask) -> None:
    """After the AppBuilder is set up (the auth view's endpoint name depends on AUTH_TYPE)."""
    if not app.config.get("AUTH_RATE_LIMITED"):
        return
    auth_view = app.appbuilder.sm.auth_view
    throttle = Throttle(
        strategy=MovingWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"])),
        per_address=_limit(app, "AUTH_RATE_LIMIT_PER_ADDRESS"),
        per_user=_limit(app, "AUTH_RATE_LIMIT_PER_USER"),
        endpoints=frozenset({f"{type(auth_view).__name__}.login", API_LOGIN}),
    )
    app.extensions[_EXTENSION] = throttle

    @app.before_request
    def _check_login_budget():
        if request.method == "POST" and request.endpoint in throttle.endpoints:
            throttle.check(_submitted_username())

    @app.errorhandler(LoginThrottled)
    def _throttled(e: LoginThrottled):
        message = _(
            "Te veel mislukte inlogpogingen. Probeer het %(wanneer)s opnieuw.",
            wanneer=when(e.seconds),
        )
        response = hardening.error_response(429, message, retry_after=e.seconds)
        response.headers["Retry-After"] = str(e.seconds)
        return response
