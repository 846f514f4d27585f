"""Login throttling (portal.throttle): one budget for the form and the API login, per client
address and per account, counted over failed logins only; 429 with Retry-After and a message
saying when to try again. In memory (one process) and through Redis (several workers)."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.test_rbac_matrix import _endpoints, _spec_path

API = "/api/v1/security/login"
FORM = "/login/"
REDIS_DB = 7  # this module's own Redis database: only it is flushed
_addresses = (f"10.77.{i // 250}.{i % 250 + 1}" for i in itertools.count())


def _app(database_url, per_address: str, per_user: str, storage: str = "memory://"):
    from portal import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "AUTH_RATE_LIMIT_PER_ADDRESS": per_address,
            "AUTH_RATE_LIMIT_PER_USER": per_user,
            "RATELIMIT_STORAGE_URI": storage,
        }
    )


def _attempt(app, endpoint: str, username: str, password: str, addr: str):
    c = app.test_client()
    env = {"REMOTE_ADDR": addr}
    if endpoint == API:
        body = {"username": username, "password": password, "provider": "db"}
        return c.post(API, json=body, environ_base=env)
    return c.post(FORM, data={"username": username, "password": password}, environ_base=env)


def _outcome(r) -> str:
    """ok / wrong / throttled, whichever login answered."""
    if r.status_code == 429:
        return "throttled"
    if r.request.path == API:
        assert r.status_code in (200, 401), r.status_code
        return "ok" if r.status_code == 200 else "wrong"
    assert r.status_code == 302, r.status_code
    return "wrong" if "/login" in r.headers["Location"] else "ok"


def _assert_clear_429(r):
    seconds = int(r.headers["Retry-After"])
    assert 1 <= seconds <= 60
    text = r.json["message"] if r.request.path == API else r.get_data(as_text=True)
    assert f"Probeer het over {seconds} seconden opnieuw." in text
    if r.request.path != API:
        assert "<title>429 - Interventieportaal</title>" in text  # the portal's layout


@pytest.fixture(scope="module")
def per_address(app, database_url):
    return _app(database_url, per_address="4 per minute", per_user="1000 per minute")


@pytest.fixture(scope="module")
def per_user(app, database_url):
    return _app(database_url, per_address="1000 per minute", per_user="3 per minute")


def test_both_logins_draw_on_one_budget_per_address(per_address):
    addr, other = next(_addresses), next(_addresses)
    # Different names each time, so only the address budget is spent; both logins alternate.
    outcomes = [
        _outcome(_attempt(per_address, ep, f"niemand{i}", "fout", addr))
        for i, ep in enumerate([FORM, API, FORM, API])
    ]
    assert outcomes == ["wrong"] * 4
    for ep in (FORM, API):
        r = _attempt(per_address, ep, "rcf", DEMO_PASSWORD, addr)
        assert _outcome(r) == "throttled", ep
        _assert_clear_429(r)
    # Another address has its own budget.
    assert _outcome(_attempt(per_address, API, "rcf", DEMO_PASSWORD, other)) == "ok"


def test_successful_logins_spend_no_budget(per_address):
    """An office behind one NAT address: everyone logging in, and one colleague's typos,
    leave the others able to log in."""
    office = next(_addresses)
    # Six logins from one address, more than its budget of four failures.
    for username in ("rcf", "secretaris", "privacy"):
        for ep in (FORM, API):
            r = _attempt(per_address, ep, username, DEMO_PASSWORD, office)
            assert _outcome(r) == "ok", (username, ep)
    for ep in (FORM, API, FORM):  # three typos: one short of the budget of 4
        assert _outcome(_attempt(per_address, ep, "secretaris", "fout", office)) == "wrong"
    assert _outcome(_attempt(per_address, FORM, "rcf", DEMO_PASSWORD, office)) == "ok"


def test_one_account_cannot_be_guessed_from_many_addresses(per_user):
    # Username, e-mail address and other spellings of the same account share its budget.
    with per_user.app_context():
        email = per_user.appbuilder.sm.find_user(username="partner-politie").email
    for ep, name in ((FORM, "partner-politie"), (API, email), (FORM, " Partner-Politie ")):
        assert _outcome(_attempt(per_user, ep, name, "fout", next(_addresses))) == "wrong"
    for ep in (FORM, API):
        r = _attempt(per_user, ep, "partner-politie", DEMO_PASSWORD, next(_addresses))
        assert _outcome(r) == "throttled", ep
        _assert_clear_429(r)
    # Other accounts, from the very same addresses, are not affected.
    assert _outcome(_attempt(per_user, API, "partner-uwv", DEMO_PASSWORD, next(_addresses))) == (
        "ok"
    )


def test_unknown_names_are_counted_too(per_user):
    for _ in range(3):
        assert _outcome(_attempt(per_user, API, "bestaat-niet", "x", next(_addresses))) == "wrong"
    assert _outcome(_attempt(per_user, FORM, "bestaat-niet", "x", next(_addresses))) == (
        "throttled"
    )


def test_every_login_of_the_app_is_throttled(per_address):
    """Walk the URL map and the OpenAPI spec: every route that takes a password (a POST to an
    endpoint named ``login``) is one the throttle guards, and the spec lists each API one."""
    throttle = per_address.extensions["portal_throttle"]
    logins = {
        rule.endpoint: rule
        for rule, _vf, methods in _endpoints(per_address)
        if "POST" in methods and re.search(r"(^|\.)login$", rule.endpoint)
    }
    assert set(logins) == set(throttle.endpoints)
    admin = per_address.test_client()
    token = admin.post(
        API, json={"username": "beheerder", "password": DEMO_PASSWORD, "provider": "db"}
    ).json["access_token"]
    spec = admin.get("/api/v1/_openapi", headers={"Authorization": f"Bearer {token}"}).json
    spec_logins = {
        p for p, item in spec["paths"].items() if p.endswith("/login") and "post" in item
    }
    api_logins = {_spec_path(r) for r in logins.values() if r.rule.startswith("/api/")}
    assert spec_logins == api_logins == {"/api/v1/security/login"}
    # None of them answers 500 for a body a client might send.
    for endpoint, rule in logins.items():
        c = per_address.test_client()
        for kw in (
            {"data": "{"},
            {"json": []},
            {"json": {"username": 5}},
            {"data": {}},
            {"json": {"username": "a\x00b", "password": "x", "provider": "db"}},
            {"data": {"username": "a\x00b", "password": "x"}},
            {"json": {"username": "x" * 5000, "password": "x", "provider": "db"}},
        ):
            r = c.post(rule.rule, environ_base={"REMOTE_ADDR": next(_addresses)}, **kw)
            assert r.status_code < 500, (endpoint, kw, r.status_code)


def test_english_message_when_the_user_chose_english(per_address):
    addr = next(_addresses)
    c = per_address.test_client()
    c.get("/lang/en")
    for _ in range(4):
        c.post(
            API,
            json={"username": "x", "password": "x", "provider": "db"},
            environ_base={"REMOTE_ADDR": addr},
        )
    r = c.post(
        API,
        json={"username": "x", "password": "x", "provider": "db"},
        environ_base={"REMOTE_ADDR": addr},
    )
    assert r.status_code == 429
    assert r.json["message"] == (
        f"Too many failed login attempts. Try again in {r.headers['Retry-After']} seconds."
    )


@pytest.mark.parametrize(
    ("lang", "seconds", "expected"),
    [
        ("nl", 47, "over 47 seconden"),
        ("nl", 60, "over 60 seconden"),
        ("nl", 61, "over 2 minuten"),  # rounded up: never an invitation to try too early
        ("nl", 3540, "over 59 minuten"),
        ("en", 47, "in 47 seconds"),
        ("en", 600, "in 10 minutes"),
    ],
)
def test_when_says_how_long_from_the_reset_time(app, lang, seconds, expected):
    from flask_babel import force_locale

    from portal.throttle import when

    with app.test_request_context("/login/"), force_locale(lang):
        assert when(seconds) == expected


def test_a_long_wait_is_told_in_minutes(app, database_url):
    """An account budget per hour: the reset is minutes away, and the page says how many."""
    slow = _app(database_url, per_address="1000 per minute", per_user="2 per hour")
    for _ in range(2):
        assert _outcome(_attempt(slow, API, "rcf", "fout", next(_addresses))) == "wrong"
    r = _attempt(slow, FORM, "rcf", DEMO_PASSWORD, next(_addresses))
    assert _outcome(r) == "throttled"
    seconds = int(r.headers["Retry-After"])
    assert 3500 <= seconds <= 3600
    minutes = -(-seconds // 60)
    assert f"Probeer het over {minutes} minuten opnieuw." in r.get_data(as_text=True)
    assert "seconden" not in r.get_data(as_text=True)


def test_budgets_are_shared_by_workers_through_redis(app, database_url):
    import redis

    try:
        server = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_connect_timeout=1)
        server.ping()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 ({e}); start redis-server to run")
    server.flushdb()
    storage = f"redis://127.0.0.1:6379/{REDIS_DB}"
    workers = [_app(database_url, "3 per minute", "2 per minute", storage) for _ in range(2)]
    # Per address: failures on either worker and either login add up.
    addr = next(_addresses)
    for worker, ep, name in ((0, FORM, "a1"), (1, API, "a2"), (0, API, "a3")):
        assert _outcome(_attempt(workers[worker], ep, name, "fout", addr)) == "wrong"
    r = _attempt(workers[1], FORM, "rcf", DEMO_PASSWORD, addr)
    assert _outcome(r) == "throttled"
    _assert_clear_429(r)
    # Per account, over addresses and workers.
    for worker, ep in ((0, API), (1, FORM)):
        assert _outcome(_attempt(workers[worker], ep, "privacy", "fout", next(_addresses))) == (
            "wrong"
        )
    assert _outcome(_attempt(workers[0], FORM, "privacy", DEMO_PASSWORD, next(_addresses))) == (
        "throttled"
    )
    assert server.keys("*"), "nothing was stored in Redis"
    server.flushdb()
