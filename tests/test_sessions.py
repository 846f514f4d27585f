"""Sessions end when they should (portal.sessions): every way a session ends x every credential.

A credential taken before the end - a copy of the session cookie, a JWT access token, a JWT
refresh token - is refused afterwards. The ways: logout, a password change by the user and by
an admin, deactivation (also after reactivation) and a role change, each made through the
portal's own screens, so the generic hook on FAB's user model is what is tested. A walk over
every guarded screen of the URL map and every operation of the OpenAPI spec shows that no
endpoint takes an ended credential.

These tests change users' passwords and roles, so they run on a database of their own.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from portal import roles
from tests.conftest import DEMO_PASSWORD, own_app
from tests.test_rbac_matrix import _denied, _guarded, _spec_path, _url, expected_allowed

NEW_PASSWORD = "nieuw-Wachtwoord-2027"
_names = itertools.count(1)


@pytest.fixture(scope="module")
def sapp(tmp_path_factory):
    with own_app(tmp_path_factory.mktemp("sessions"), demo=False, WTF_CSRF_ENABLED=False) as app:
        yield app


def _add_user(app, role_name: str, username: str | None = None) -> int:
    with app.app_context():
        sm = app.appbuilder.sm
        username = username or f"sessie{next(_names)}"
        user = sm.add_user(
            username,
            "Test",
            username,
            f"{username}@example.org",
            sm.find_role(role_name),
            password=DEMO_PASSWORD,
        )
        assert user, username
        return user.id


def _username(app, user_id: int) -> str:
    with app.app_context():
        return app.appbuilder.sm.get_user_by_id(user_id).username


@dataclass
class Credentials:
    browser: object  # the test client that logged in (the user's own browser)
    cookie: str  # a copy of its session cookie, taken now
    access: str
    refresh: str


def _log_in(app, username: str, password: str = DEMO_PASSWORD) -> Credentials:
    browser = app.test_client()
    r = browser.post("/login/", data={"username": username, "password": password})
    assert r.status_code == 302 and "/login" not in r.headers["Location"], r.status_code
    r = browser.post(
        "/api/v1/security/login",
        json={"username": username, "password": password, "provider": "db", "refresh": True},
    )
    assert r.status_code == 200, r.data
    return Credentials(
        browser,
        browser.get_cookie("session").value,
        r.json["access_token"],
        r.json["refresh_token"],
    )


def _cookie_client(app, cookie: str):
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def _works(app, creds: Credentials) -> dict[str, bool]:
    """Which of the three credentials the portal still accepts."""
    # Every role may open its own password form; an anonymous visitor is sent to the login.
    page = _cookie_client(app, creds.cookie).get("/resetmypassword/form")
    api = app.test_client().get(
        "/api/v1/project/", headers={"Authorization": f"Bearer {creds.access}"}
    )
    refresh = app.test_client().post(
        "/api/v1/security/refresh", headers={"Authorization": f"Bearer {creds.refresh}"}
    )
    for r in (api, refresh):
        assert r.status_code in (200, 401), r.status_code
    assert page.status_code in (200, 302), page.status_code
    return {
        "cookie": page.status_code == 200,
        "access": api.status_code == 200,
        "refresh": refresh.status_code == 200,
    }


ALL = {"cookie": True, "access": True, "refresh": True}
NONE = {"cookie": False, "access": False, "refresh": False}


def _edit_user(admin, user_id: int, role_id: int, active: bool):
    username = f"u{user_id}"
    data = {
        "first_name": "Test",
        "last_name": username,
        "username": username,
        "email": f"{username}@example.org",
        "roles": [str(role_id)],
    }
    if active:
        data["active"] = "y"
    r = admin.post(f"/users/edit/{user_id}", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]


def _role_id(app, name: str) -> int:
    with app.app_context():
        return app.appbuilder.sm.find_role(name).id


@pytest.fixture(scope="module")
def admin(sapp):
    _add_user(sapp, roles.BEHEERDER, "sessiebeheerder")
    return _log_in(sapp, "sessiebeheerder").browser


def _logout(app, admin, user_id, creds):
    creds.browser.get("/logout/")


def _own_password(app, admin, user_id, creds):
    r = creds.browser.post(
        "/resetmypassword/form", data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD}
    )
    assert r.status_code == 302


def _admin_password(app, admin, user_id, creds):
    r = admin.post(
        f"/resetpassword/form?pk={user_id}",
        data={"password": NEW_PASSWORD, "conf_password": NEW_PASSWORD},
    )
    assert r.status_code == 302


def _deactivate(app, admin, user_id, creds):
    _edit_user(admin, user_id, _role_id(app, roles.PROJECTLEIDER), active=False)


def _role_change(app, admin, user_id, creds):
    _edit_user(admin, user_id, _role_id(app, roles.RCF), active=True)


def _password_is(app, user_id, password):
    from werkzeug.security import check_password_hash

    with app.app_context():
        return check_password_hash(app.appbuilder.sm.get_user_by_id(user_id).password, password)


def _state(app, user_id):
    with app.app_context():
        user = app.appbuilder.sm.get_user_by_id(user_id)
        return user.active, [r.name for r in user.roles]


ENDINGS = {
    "logout": (_logout, lambda app, uid: True),
    "own password change": (_own_password, lambda app, uid: _password_is(app, uid, NEW_PASSWORD)),
    "password change by admin": (
        _admin_password,
        lambda app, uid: _password_is(app, uid, NEW_PASSWORD),
    ),
    "deactivation": (_deactivate, lambda app, uid: _state(app, uid)[0] is False),
    "role change": (_role_change, lambda app, uid: _state(app, uid) == (True, [roles.RCF])),
}


@pytest.mark.parametrize("ending", ENDINGS)
def test_every_credential_taken_before_is_refused_after(sapp, admin, ending):
    end, happened = ENDINGS[ending]
    user_id = _add_user(sapp, roles.PROJECTLEIDER)
    creds = _log_in(sapp, _username(sapp, user_id))
    assert _works(sapp, creds) == ALL
    end(sapp, admin, user_id, creds)
    assert happened(sapp, user_id), "the change itself did not go through"
    assert _works(sapp, creds) == NONE
    # Nor does a token refreshed from an old refresh token exist: refresh is refused above.


def test_own_password_change_keeps_the_browser_that_made_it(sapp):
    user_id = _add_user(sapp, roles.PROJECTLEIDER)
    creds = _log_in(sapp, _username(sapp, user_id))
    _own_password(sapp, None, user_id, creds)
    assert creds.browser.get("/resetmypassword/form").status_code == 200
    assert _works(sapp, creds) == NONE  # ... but a copy of its cookie taken before is ended


def test_reactivation_does_not_revive_old_credentials(sapp, admin):
    user_id = _add_user(sapp, roles.PROJECTLEIDER)
    creds = _log_in(sapp, _username(sapp, user_id))
    _deactivate(sapp, admin, user_id, creds)
    _edit_user(admin, user_id, _role_id(sapp, roles.PROJECTLEIDER), active=True)
    assert _state(sapp, user_id) == (True, [roles.PROJECTLEIDER])
    assert _works(sapp, creds) == NONE
    assert _works(sapp, _log_in(sapp, f"u{user_id}")) == ALL  # a new login works again


def test_other_changes_and_logins_end_nothing(sapp, admin):
    """Editing a name, logging in elsewhere or refreshing a token keeps existing sessions."""
    user_id = _add_user(sapp, roles.PROJECTLEIDER)
    creds = _log_in(sapp, _username(sapp, user_id))
    _edit_user(admin, user_id, _role_id(sapp, roles.PROJECTLEIDER), active=True)  # name only
    _log_in(sapp, f"u{user_id}")
    assert _works(sapp, creds) == ALL
    other = _log_in(sapp, "sessiebeheerder")
    other.browser.get("/logout/")  # somebody else's logout
    assert _works(sapp, creds) == ALL


def test_ended_token_gets_a_clear_message(sapp):
    user_id = _add_user(sapp, roles.PROJECTLEIDER)
    creds = _log_in(sapp, _username(sapp, user_id))
    creds.browser.get("/logout/")
    r = sapp.test_client().get(
        "/api/v1/project/", headers={"Authorization": f"Bearer {creds.access}"}
    )
    assert r.status_code == 401
    assert r.json["message"] == "Deze sessie is beëindigd. Log opnieuw in."


def test_no_endpoint_accepts_an_ended_session(sapp):
    """Walk every guarded screen and API route of the URL map, with every method, and every
    operation of the OpenAPI spec with a Beheerder's ended cookie and access token: all answer
    as to an anonymous visitor (a live Beheerder would be allowed on every one of them). The
    database is this module's own, so a write that got through would do no harm elsewhere."""
    _add_user(sapp, roles.BEHEERDER, "sessieloper")
    creds = _log_in(sapp, "sessieloper")
    spec = creds.browser.get(
        "/api/v1/_openapi", headers={"Authorization": f"Bearer {creds.access}"}
    ).json
    creds.browser.get("/logout/")
    stale = _cookie_client(sapp, creds.cookie)
    walked, wrong = set(), []
    for rule, vf, methods in _guarded(sapp):
        is_api = rule.rule.startswith("/api/")
        for method in methods:
            r = stale.open(
                _url(rule),
                method=method,
                headers={"Authorization": f"Bearer {creds.access}"},
                json={} if is_api and method in ("POST", "PUT", "PATCH") else None,
            )
            walked.add((_spec_path(rule), method.lower()))
            if r.status_code >= 500 or not (
                _denied(r.status_code, r.headers.get("Location", ""), is_api)
                or expected_allowed(None, vf)
            ):
                wrong.append(f"{method} {_url(rule)} -> {r.status_code}")
    assert wrong == []
    ops = {
        (path, method)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert len(ops) > 50
    public = {("/api/v1/security/login", "post"), ("/api/v1/security/refresh", "post")}
    assert ops - walked == public, "an operation of the spec was not walked"
    assert len(walked) > 200
