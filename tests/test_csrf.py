"""CSRF with protection on, as in production: forms need their token; an API write that is
authenticated by the session cookie needs the X-CSRFToken header (portal/web.py); an API
write with a Bearer token (no cookie authority) does not."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import DEMO_PASSWORD

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@pytest.fixture(scope="module")
def csrf_app(app, database_url):
    """A second app on the same database with CSRF protection on."""
    from portal import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": True,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "AUTH_RATE_LIMIT": "10000 per minute",
        }
    )


def _token(html: str) -> str:
    m = _TOKEN.search(html)
    assert m, "no csrf_token in the page"
    return m.group(1) or m.group(2)


def _browser_login(csrf_app, username="projectleider"):
    http = csrf_app.test_client()
    token = _token(http.get("/login/").get_data(as_text=True))
    r = http.post(
        "/login/", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 302 and "/login" not in r.headers["Location"], r.status_code
    return http


def _count(csrf_app, text: str) -> int:
    from models import Risico
    from portal.extensions import db

    with csrf_app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(Risico).where(Risico.risico == text)
        )


def test_login_form_without_token_is_refused(csrf_app):
    r = csrf_app.test_client().post(
        "/login/", data={"username": "projectleider", "password": DEMO_PASSWORD}
    )
    assert r.status_code == 400


def test_cookie_api_write_needs_the_csrf_header(csrf_app, ids):
    http = _browser_login(csrf_app)
    pid = ids.project("KEMPEN-HAM")
    text = f"csrf-{uuid.uuid4().hex[:8]}"
    body = {"project": pid, "risico": text}

    for method, url in [
        ("POST", "/api/v1/risico/"),
        ("PUT", "/api/v1/risico/1"),
        ("DELETE", "/api/v1/risico/1"),
    ]:
        r = http.open(url, method=method, json=body)
        assert r.status_code == 400, (method, r.status_code)
        assert "CSRF" in r.json["message"]
    r = http.post("/api/v1/risico/", json=body, headers={"X-CSRFToken": "vervalst"})
    assert r.status_code == 400
    assert _count(csrf_app, text) == 0
    # Reads need no token.
    assert http.get(f"/api/v1/project/{pid}").status_code == 200

    token = _token(http.get(f"/risicoview/add?_flt_0_project={pid}").get_data(as_text=True))
    r = http.post("/api/v1/risico/", json=body, headers={"X-CSRFToken": token})
    assert r.status_code == 201, r.json
    new_id = r.json["id"]
    assert _count(csrf_app, text) == 1
    assert http.delete(f"/api/v1/risico/{new_id}").status_code == 400
    assert http.delete(f"/api/v1/risico/{new_id}", headers={"X-CSRFToken": token}).status_code == (
        200
    )
    assert _count(csrf_app, text) == 0


def test_bearer_api_write_needs_no_csrf_header(csrf_app, ids):
    http = csrf_app.test_client()  # no session cookie at all
    r = http.post(
        "/api/v1/security/login",
        json={"username": "projectleider", "password": DEMO_PASSWORD, "provider": "db"},
    )
    assert r.status_code == 200
    auth = {"Authorization": f"Bearer {r.json['access_token']}"}
    text = f"csrf-bearer-{uuid.uuid4().hex[:8]}"
    r = http.post(
        "/api/v1/risico/",
        json={"project": ids.project("KEMPEN-HAM"), "risico": text},
        headers=auth,
    )
    assert r.status_code == 201, r.json
    assert http.delete(f"/api/v1/risico/{r.json['id']}", headers=auth).status_code == 200
    assert _count(csrf_app, text) == 0


def test_form_post_without_token_is_refused(csrf_app, ids):
    http = _browser_login(csrf_app)
    pid = ids.project("KEMPEN-HAM")
    url = f"/risicoview/add?_flt_0_project={pid}"
    text = f"csrf-form-{uuid.uuid4().hex[:8]}"
    form = {"project": str(pid), "risico": text, "beheersmaatregel": "x"}
    r = http.post(url, data=form)
    assert r.status_code == 400
    assert _count(csrf_app, text) == 0
    r = http.post(url, data={**form, "csrf_token": "vervalst"})
    assert r.status_code == 400
    assert _count(csrf_app, text) == 0

    token = _token(http.get(url).get_data(as_text=True))
    r = http.post(url, data={**form, "csrf_token": token})
    assert r.status_code == 302, r.status_code
    assert _count(csrf_app, text) == 1
    from models import Risico
    from portal.extensions import db

    with csrf_app.app_context():
        rid = db.session.scalar(sa.select(Risico.id).where(Risico.risico == text))
    # Deleting by screen is a POST and needs the token as well.
    assert http.post(f"/risicoview/delete/{rid}").status_code == 400
    assert _count(csrf_app, text) == 1
    r = http.post(f"/risicoview/delete/{rid}", data={"csrf_token": token})
    assert r.status_code == 302
    assert _count(csrf_app, text) == 0
