"""Login throttling, password policy, session cookie flags, security headers, error pages."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD


@pytest.fixture(scope="module")
def strict_app(app, database_url):
    """A second app on the same database with the production login limit (3 per minute)."""
    from portal import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "AUTH_RATE_LIMIT": "3 per minute",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )


def test_api_login_is_rate_limited_with_a_clear_message(strict_app):
    c = strict_app.test_client()
    codes = [
        c.post(
            "/api/v1/security/login",
            json={"username": "rcf", "password": "fout", "provider": "db"},
            environ_base={"REMOTE_ADDR": "10.9.9.1"},
        ).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [401, 401, 401]
    assert codes[3] == 429
    r = c.post(
        "/api/v1/security/login",
        json={"username": "rcf", "password": DEMO_PASSWORD, "provider": "db"},
        environ_base={"REMOTE_ADDR": "10.9.9.1"},
    )
    assert r.status_code == 429
    assert "Te veel mislukte inlogpogingen" in r.json["message"]
    # Another address may log in, but not to the account just guessed at (portal.throttle
    # also keeps a budget per account; tests/test_throttle.py covers both in full).
    other = c.post(
        "/api/v1/security/login",
        json={"username": "secretaris", "password": DEMO_PASSWORD, "provider": "db"},
        environ_base={"REMOTE_ADDR": "10.9.9.2"},
    )
    assert other.status_code == 200
    same_account = c.post(
        "/api/v1/security/login",
        json={"username": "rcf", "password": DEMO_PASSWORD, "provider": "db"},
        environ_base={"REMOTE_ADDR": "10.9.9.2"},
    )
    assert same_account.status_code == 429


def test_form_login_is_rate_limited(strict_app):
    c = strict_app.test_client()
    codes = [
        c.post(
            "/login/",
            data={"username": "rcf", "password": "fout"},
            environ_base={"REMOTE_ADDR": "10.9.9.3"},
        ).status_code
        for _ in range(5)
    ]
    assert 429 in codes
    page = c.post(
        "/login/",
        data={"username": "rcf", "password": "fout"},
        environ_base={"REMOTE_ADDR": "10.9.9.3"},
    )
    assert "Te veel mislukte inlogpogingen" in page.get_data(as_text=True)


def test_limits_are_shared_through_redis(app, database_url):
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 ({e}); start redis-server to run")
    from portal import create_app

    cfg = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "AUTH_RATE_LIMIT": "2 per minute",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
    }
    worker_a, worker_b = create_app(cfg), create_app(cfg)
    redis.Redis(host="127.0.0.1", port=6379, db=15).flushdb()
    addr = {"REMOTE_ADDR": "10.9.9.4"}
    body = {"username": "rcf", "password": "fout", "provider": "db"}
    assert (
        worker_a.test_client()
        .post("/api/v1/security/login", json=body, environ_base=addr)
        .status_code
        == 401
    )
    assert (
        worker_b.test_client()
        .post("/api/v1/security/login", json=body, environ_base=addr)
        .status_code
        == 401
    )
    # The third attempt goes to the other "worker" and is refused: the count is shared.
    assert (
        worker_a.test_client()
        .post("/api/v1/security/login", json=body, environ_base=addr)
        .status_code
        == 429
    )


def test_password_policy():
    from flask_appbuilder.exceptions import PasswordComplexityValidationError

    from portal.hardening import password_policy

    password_policy(DEMO_PASSWORD)
    for weak in ("kort", "alleenkleineletters", "ALLEENHOOFDLETTERS1", "123456789012"):
        with pytest.raises(PasswordComplexityValidationError):
            password_policy(weak)


def test_security_headers_and_cookie_flags(app):
    c = app.test_client()
    r = c.get("/login/")
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self' 'nonce-" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.permanent_session_lifetime.total_seconds() == 30 * 60


def test_secure_cookie_behind_https(database_url):
    from portal import create_app

    https_app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "HTTPS": True, "SESSION_COOKIE_SECURE": True}
    )
    r = https_app.test_client().get("/login/", base_url="https://portal.example")
    assert "Secure" in r.headers.get("Set-Cookie", "")
    assert "max-age" in r.headers.get("Strict-Transport-Security", "")


def test_error_pages_reveal_nothing(login):
    r = login("projectleider").get("/projectview/show/999999")
    assert r.status_code == 404
    text = r.get_data(as_text=True)
    assert "Traceback" not in text and "sqlalchemy" not in text.lower()
    api = login("projectleider").api("GET", "/api/v1/nietbestaand/")
    assert api.status_code == 404
    assert api.is_json


def test_upload_over_the_size_limit_is_refused_clearly(database_url):
    import io

    from portal import create_app

    small = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAX_CONTENT_LENGTH": 1024,
            "WTF_CSRF_ENABLED": False,
            "AUTH_RATE_LIMIT": "1000 per minute",
        }
    )
    c = small.test_client()
    c.post("/login/", data={"username": "beheerder", "password": DEMO_PASSWORD})
    r = c.post(
        "/sjablonen/upload",
        data={"soort": "projectplan", "bestand": (io.BytesIO(b"x" * 5000), "groot.docx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 413
    assert "Het bestand is te groot." in r.get_data(as_text=True)
