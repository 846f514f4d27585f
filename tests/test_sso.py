"""Sign-in through the organisation's identity provider (portal/sso.py, docs/sso.md), tested
against a real OpenID Connect provider: tests/oidc_provider.py, started as its own process.

The portal is the Flask test client (its redirect URI is http://localhost/...); the browser's
hops at the provider go over HTTP with ``requests``, and the portal itself calls the
provider's token, userinfo and JWKS endpoints over HTTP as it would in production. Each test
uses users of its own, so the tests share one portal and one provider.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import sqlalchemy as sa

from portal import roles
from tests.conftest import own_app

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID, CLIENT_SECRET = "interventieportaal", "test-geheim-van-de-client"
CALLBACK = "http://localhost/oauth-authorized/oidc"
AFTER_LOGOUT = "http://localhost/login/"
PASSWORD = "idp-Wachtwoord-1"
MAPPING = {
    "lsi-beheer": [roles.BEHEERDER],
    "lsi-projectleiders": [roles.PROJECTLEIDER],
    "lsi-rcf": [roles.RCF],
    "lsi-ketenpartners": [roles.KETENPARTNER],
    "lsi-privacy": [roles.PRIVACY, roles.KETENPARTNER],
}


class Provider:
    """The provider process and the JSON file that holds its users."""

    def __init__(self, url: str, config: Path, process: subprocess.Popen):
        self.url, self.config, self.process = url, config, process
        self.users: dict[str, dict] = {}
        self._write()

    def _write(self) -> None:
        clients = [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [CALLBACK],
                "post_logout_redirect_uris": [AFTER_LOGOUT],
            }
        ]
        tmp = self.config.with_suffix(".tmp")
        tmp.write_text(json.dumps({"clients": clients, "users": self.users}))
        tmp.replace(self.config)  # atomic: the provider never reads half a file

    def add(self, username: str, active: bool = True, **claims) -> None:
        claims.setdefault("email", f"{username}@gemeente.example")
        claims.setdefault("given_name", "Test")
        claims.setdefault("family_name", username)
        self.users[username] = {"password": PASSWORD, "active": active, "claims": claims}
        self._write()

    def change(self, username: str, **claims) -> None:
        self.users[username]["claims"].update(claims)
        self._write()

    def remove(self, username: str) -> None:
        del self.users[username]
        self._write()

    def events(self) -> list[dict]:
        return requests.get(f"{self.url}/_test/events", timeout=5).json()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def op(tmp_path_factory):
    port = _free_port()
    config = tmp_path_factory.mktemp("op") / "op.json"
    config.write_text('{"clients": [], "users": {}}')
    log = config.with_suffix(".log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "tests/oidc_provider.py", "--port", str(port), "--config", str(config)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/_test/health", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            pytest.fail(f"the OIDC provider did not start:\n{log.read()}")
        time.sleep(0.1)
    try:
        yield Provider(url, config, process)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def oidc_config(op: Provider) -> dict:
    return {
        "OIDC_ISSUER": op.url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_SCOPE": "openid email profile groups",
        "OIDC_PROVIDER_LABEL": "Test-IdP",
        "AUTH_ROLES_MAPPING": MAPPING,
        "AUTH_ROLES_SYNC_AT_LOGIN": True,
        "AUTH_USER_REGISTRATION": True,
        "AUTH_USER_REGISTRATION_ROLE": roles.PUBLIC,
    }


@pytest.fixture(scope="module")
def portal(op, tmp_path_factory):
    with own_app(tmp_path_factory.mktemp("sso"), demo=True, **oidc_config(op)) as app:
        yield app


class Browser:
    """One person's browser: cookies for the portal (test client) and for the provider."""

    def __init__(self, portal, op: Provider):
        self.portal, self.op = portal.test_client(), op
        self.idp = requests.Session()

    def login(self, username: str, password: str = PASSWORD, next_url: str = ""):
        """Walk the sign-in: portal -> provider (its form when asked) -> portal. Returns the
        portal's answer to the callback, or the provider's when it kept the browser."""
        start = self.portal.get("/login/oidc" + (f"?next={next_url}" if next_url else ""))
        assert start.status_code == 302, start.status_code
        authorize = start.headers["Location"]
        assert authorize.startswith(f"{self.op.url}/authorize?"), authorize
        query = parse_qs(urlsplit(authorize).query)
        # What the portal asks for: the code flow, PKCE, a nonce, the registered callback.
        assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
        assert query["nonce"] and query["redirect_uri"] == [CALLBACK]
        r = self.idp.get(authorize, allow_redirects=False)
        self.asked_password = r.status_code == 200
        if self.asked_password:
            action = "cancel" if password is None else "login"
            r = self.idp.post(
                authorize,
                data={"username": username, "password": password or "", "action": action},
                allow_redirects=False,
            )
        if r.status_code != 302:
            return r
        return self.callback(r.headers["Location"])

    def callback(self, location: str):
        assert location.startswith(CALLBACK), location
        parts = urlsplit(location)
        return self.portal.get(f"{parts.path}?{parts.query}")

    def signed_in(self) -> bool:
        r = self.portal.get("/")
        return r.status_code == 200 and "/logout/" in r.get_data(as_text=True)

    def page(self, url: str):
        return self.portal.get(url)


def _user(app, username: str):
    from portal.extensions import db

    with app.app_context():
        user = app.appbuilder.sm.find_user(username=username)
        if user is None:
            return None
        db.session.refresh(user)
        return {
            "id": user.id,
            "roles": {r.name for r in user.roles},
            "email": user.email,
            "active": user.active,
            "name": (user.first_name, user.last_name),
        }


def _koppeling(app, username: str) -> dict | None:
    from models import Gebruikerskoppeling
    from portal.extensions import db

    with app.app_context():
        db.session.expire_all()
        user = app.appbuilder.sm.find_user(username=username)
        row = db.session.scalar(
            sa.select(Gebruikerskoppeling).where(Gebruikerskoppeling.user_id == user.id)
        )
        if row is None:
            return None
        return {
            "gemeenten": {g.naam for g in row.gemeenten},
            "regio": row.regio.code if row.regio else None,
            "ketenpartner": row.ketenpartner.code if row.ketenpartner else None,
        }


def _project_id(app, code: str) -> int:
    from models import Project
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(Project.id).where(Project.code == code))


def ok(response) -> bool:
    """The portal's answer to a callback let the user in (a refusal goes back to /login/)."""
    return response.status_code == 302 and response.headers["Location"] != "/login/"


def _flashes(browser: Browser) -> str:
    return browser.page("/login/").get_data(as_text=True)


# --- the login page ----------------------------------------------------------------------


def test_login_page_offers_one_accessible_button(portal, op):
    page = Browser(portal, op).page("/login/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="nl"' in html or "<html lang='nl'" in html or 'lang="nl"' in html
    # A real button in a GET form to the provider's login, no script, no password field.
    assert 'action="/login/oidc"' in html and 'method="get"' in html
    assert '<button type="submit" id="btn-signin-oidc"' in html
    assert "Inloggen met Test-IdP" in html
    assert 'name="password"' not in html
    # ?next= is carried to the provider's login (and back, in the signed state).
    html = Browser(portal, op).page("/login/?next=/partnerproject/list/").get_data(as_text=True)
    assert 'name="next" value="/partnerproject/list/"' in html


def test_login_page_in_english(portal, op):
    from babel.messages.mofile import read_mo

    with (ROOT / "translations/en/LC_MESSAGES/messages.mo").open("rb") as fh:
        # make test compiles the catalog first; a missing text is a missing translation.
        assert "Inloggen met %(provider)s" in read_mo(fh), "run make i18n (translations/en_sso.py)"
    browser = Browser(portal, op)
    browser.portal.get("/lang/en")
    html = browser.page("/login/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Log in with Test-IdP" in html and "Inloggen met" not in html


# --- login, roles, organisation -------------------------------------------------------


def test_login_creates_the_user_with_the_roles_of_its_groups(portal, op):
    op.add("a.beheer", groups=["lsi-beheer", "marketing"], given_name="Anna", family_name="Beer")
    browser = Browser(portal, op)
    r = browser.login("a.beheer")
    assert r.status_code == 302 and r.headers["Location"] == "/", r.headers.get("Location")
    assert browser.asked_password  # the first time the provider asks who it is
    assert browser.signed_in()
    user = _user(portal, "a.beheer")
    assert user["roles"] == {roles.BEHEERDER}  # "marketing" maps to nothing
    assert user["email"] == "a.beheer@gemeente.example" and user["name"] == ("Anna", "Beer")
    # The mapped role works: the Beheerder's screens open, user management included (the
    # OAuth user screens carry the same rights as the database login's).
    assert browser.page("/auditlogview/list/").status_code == 200
    users = browser.page("/users/list/")
    assert users.status_code == 200 and "a.beheer" in users.get_data(as_text=True)
    assert browser.page("/users/userinfo/").status_code == 200


def test_next_is_kept_through_the_provider(portal, op):
    op.add("n.volgende", groups=["lsi-beheer"])
    r = Browser(portal, op).login("n.volgende", next_url="/auditlogview/list/")
    assert r.status_code == 302 and r.headers["Location"] == "/auditlogview/list/"
    # ... but never to another host (an open redirect through the login).
    r = Browser(portal, op).login("n.volgende", next_url="https://evil.example/")
    assert ok(r) and "evil" not in r.headers["Location"]


def test_one_group_may_give_several_roles(portal, op):
    op.add("p.privacy", groups=["lsi-privacy"])
    assert ok(Browser(portal, op).login("p.privacy"))
    assert _user(portal, "p.privacy")["roles"] == {roles.PRIVACY, roles.KETENPARTNER}


def test_ketenpartner_claim_couples_and_shows_only_its_projects(portal, op):
    op.add("k.politie", groups=["lsi-ketenpartners"], ketenpartner="POL")
    browser = Browser(portal, op)
    assert ok(browser.login("k.politie"))
    assert _koppeling(portal, "k.politie") == {
        "gemeenten": set(),
        "regio": None,
        "ketenpartner": "POL",
    }
    # The police take part in the Kempen project only (demo data): exactly that one shows.
    listing = browser.page("/partnerproject/list/").get_data(as_text=True)
    assert "KEMPEN-HAM" in listing and "GRN-OOST-2026" not in listing
    groningen = _project_id(portal, "GRN-OOST-2026")
    assert browser.page(f"/partnerproject/show/{groningen}").status_code == 404
    assert browser.page("/projectview/list/").status_code == 403  # not a project reader
    assert browser.page("/users/list/").status_code == 403  # no user management either
    assert browser.page("/users/userinfo/").status_code == 200  # but its own profile


def test_gemeente_and_regio_claims_couple(portal, op):
    op.add("p.groningen", groups=["lsi-projectleiders"], gemeenten=["Groningen"])
    op.add("r.zob", groups=["lsi-rcf"], regio="ZOB")
    pl, rcf = Browser(portal, op), Browser(portal, op)
    assert ok(pl.login("p.groningen"))
    assert ok(rcf.login("r.zob"))
    assert _koppeling(portal, "p.groningen")["gemeenten"] == {"Groningen"}
    assert _koppeling(portal, "r.zob")["regio"] == "ZOB"
    kempen, groningen = _project_id(portal, "KEMPEN-HAM"), _project_id(portal, "GRN-OOST-2026")
    listing = pl.page("/projectview/list/").get_data(as_text=True)
    assert "GRN-OOST-2026" in listing and "KEMPEN-HAM" not in listing
    assert pl.page(f"/projectview/show/{kempen}").status_code == 404
    listing = rcf.page("/projectview/list/").get_data(as_text=True)
    assert "KEMPEN-HAM" in listing and "GRN-OOST-2026" not in listing
    assert rcf.page(f"/projectview/show/{groningen}").status_code == 404


def test_organisation_follows_the_claims_at_every_login(portal, op):
    op.add("w.wissel", groups=["lsi-projectleiders"], gemeenten=["Bladel", "Eersel"])
    browser = Browser(portal, op)
    assert ok(browser.login("w.wissel"))
    assert _koppeling(portal, "w.wissel")["gemeenten"] == {"Bladel", "Eersel"}
    # Moved to Groningen at the IdP, one unknown code among them (ignored, logged).
    op.change("w.wissel", gemeenten="Groningen, Atlantis")
    browser.portal.get("/logout/")
    assert ok(browser.login("w.wissel"))
    assert _koppeling(portal, "w.wissel")["gemeenten"] == {"Groningen"}
    op.change("w.wissel", gemeenten=[])
    browser = Browser(portal, op)
    assert ok(browser.login("w.wissel"))
    assert _koppeling(portal, "w.wissel")["gemeenten"] == set()


def test_role_change_at_the_idp_applies_at_next_login(portal, op):
    op.add("r.wissel", groups=["lsi-projectleiders"])
    browser = Browser(portal, op)
    assert ok(browser.login("r.wissel"))
    assert _user(portal, "r.wissel")["roles"] == {roles.PROJECTLEIDER}
    assert browser.page("/auditlogview/list/").status_code == 403
    op.change("r.wissel", groups=["lsi-beheer"])
    # Still the old role in the session that is open ...
    assert _user(portal, "r.wissel")["roles"] == {roles.PROJECTLEIDER}
    # ... and the new one from the next login on (in another browser, without a password:
    # the provider's session is still there); that login's role change ends the old session.
    other = Browser(portal, op)
    other.idp.cookies.update(browser.idp.cookies)
    assert ok(other.login("r.wissel"))
    assert not other.asked_password
    assert _user(portal, "r.wissel")["roles"] == {roles.BEHEERDER}
    assert other.page("/auditlogview/list/").status_code == 200
    assert not browser.signed_in()


def test_without_role_sync_the_portal_keeps_the_roles(portal, op):
    op.add("h.houd", groups=["lsi-rcf"])
    assert ok(Browser(portal, op).login("h.houd"))
    op.change("h.houd", groups=["lsi-beheer"])
    portal.config["AUTH_ROLES_SYNC_AT_LOGIN"] = False
    try:
        browser = Browser(portal, op)
        assert browser.login("h.houd").headers["Location"] == "/"
        assert _user(portal, "h.houd")["roles"] == {roles.RCF}  # as the portal has them
        op.change("h.houd", groups=[])  # nor does an empty group list lock the user out
        browser = Browser(portal, op)
        assert browser.login("h.houd").headers["Location"] == "/" and browser.signed_in()
    finally:
        portal.config["AUTH_ROLES_SYNC_AT_LOGIN"] = True
    browser = Browser(portal, op)
    assert browser.login("h.houd").headers["Location"] == "/login/"  # synced again: no role
    assert not _user(portal, "h.houd")["roles"] and not browser.signed_in()


# --- logout ------------------------------------------------------------------------------


def test_logout_ends_the_portal_session_and_the_idp_session(portal, op):
    op.add("u.uit", groups=["lsi-rcf"])
    browser = Browser(portal, op)
    assert ok(browser.login("u.uit"))
    assert browser.page("/projectview/list/").status_code == 200
    copy = browser.portal.get_cookie("session").value  # a copy of the session, taken now
    r = browser.portal.get("/logout/")
    assert r.status_code == 302
    end_session = r.headers["Location"]
    assert end_session.startswith(f"{op.url}/logout?"), end_session
    query = parse_qs(urlsplit(end_session).query)
    assert query["post_logout_redirect_uri"] == [AFTER_LOGOUT]
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"]
    # The portal's session is over - also for the copy of its cookie.
    assert not browser.signed_in()
    thief = portal.test_client()
    thief.set_cookie("session", copy, domain="localhost")
    assert thief.get("/projectview/list/").status_code == 302  # to the login
    # The browser follows to the IdP, which ends its own session and sends it back.
    r = browser.idp.get(end_session, allow_redirects=False)
    assert r.status_code == 302 and r.headers["Location"] == AFTER_LOGOUT
    event = op.events()[-1]
    assert event == {
        "event": "logout",
        "user": "u.uit",
        "id_token_hint": True,
        "client_id": CLIENT_ID,
        "redirect": AFTER_LOGOUT,
    }
    # Signing in again asks for the password: the IdP's session ended too.
    assert ok(browser.login("u.uit"))
    assert browser.asked_password


# --- who may not get in ------------------------------------------------------------------


def test_user_removed_at_the_idp_no_longer_gets_in(portal, op):
    op.add("v.weg", groups=["lsi-ketenpartners"], ketenpartner="UWV")
    browser = Browser(portal, op)
    assert ok(browser.login("v.weg"))
    op.remove("v.weg")
    # The open portal session lasts until it ends (logout, idle time-out, a role change) ...
    assert browser.signed_in()
    browser.portal.get("/logout/")
    assert not browser.signed_in()
    # ... and then there is no way back: the IdP's session is gone with the user, the
    # provider refuses the password, and the portal never sees a login.
    r = browser.login("v.weg")
    assert browser.asked_password and r.status_code == 401
    assert "Onbekende gebruiker" in r.text
    assert not browser.signed_in()
    # Giving up at the IdP brings the browser back with error=access_denied: a clear message.
    r = browser.login("v.weg", password=None)
    assert r.status_code == 302 and r.headers["Location"] == "/login/"
    assert "De identity provider heeft het inloggen geweigerd" in _flashes(browser)
    assert not browser.signed_in()


def test_busy_user_removed_at_the_idp_is_out_after_the_longest_session(portal, op):
    """The idle time-out would let someone who keeps working stay in: a session from an IdP
    login ends OIDC_SESSION_MAX_HOURS after it, and the way back in goes by the IdP."""
    op.add("b.bezig", groups=["lsi-rcf"])
    browser = Browser(portal, op)
    assert ok(browser.login("b.bezig"))
    op.remove("b.bezig")
    assert browser.page("/projectview/list/").status_code == 200  # still in: keeps working
    with browser.portal.session_transaction() as s:
        hours = portal.config["OIDC_SESSION_MAX_HOURS"]
        assert hours == 10  # the default
        s["oidc_login_at"] -= int(hours * 3600) + 60  # that login was a working day ago
    assert browser.page("/projectview/list/").status_code == 302  # to the login
    assert not browser.signed_in()
    # The IdP's session is still there (no logout), but the IdP knows the user no more.
    r = browser.login("b.bezig")
    assert browser.asked_password and r.status_code == 401
    assert not browser.signed_in()


def test_user_removed_during_the_login_gets_no_token(portal, op):
    op.add("t.tussen", groups=["lsi-rcf"])
    browser = Browser(portal, op)
    start = browser.portal.get("/login/oidc").headers["Location"]
    r = browser.idp.post(
        start,
        data={"username": "t.tussen", "password": PASSWORD, "action": "login"},
        allow_redirects=False,
    )
    assert r.status_code == 302
    op.remove("t.tussen")  # between the IdP's form and the portal's token request
    r = browser.callback(r.headers["Location"])
    assert r.status_code == 302 and r.headers["Location"] == "/login/"
    assert "Inloggen bij de identity provider is mislukt" in _flashes(browser)
    assert not browser.signed_in() and _user(portal, "t.tussen") is None


def test_user_disabled_at_the_idp_no_longer_gets_in(portal, op):
    op.add("d.uit", groups=["lsi-rcf"])
    assert ok(Browser(portal, op).login("d.uit"))
    op.add("d.uit", active=False, groups=["lsi-rcf"])
    browser = Browser(portal, op)
    r = browser.login("d.uit")
    assert r.status_code == 401 and not browser.signed_in()


def test_unknown_group_gets_no_rights_and_no_login(portal, op):
    op.add("o.onbekend", groups=["marketing", "lsi-beheer-test"])
    browser = Browser(portal, op)
    r = browser.login("o.onbekend")
    assert r.status_code == 302 and r.headers["Location"] == "/login/"
    assert "geen rol in het portaal" in _flashes(browser)
    assert not browser.signed_in()
    # The registration role (Public) grants nothing, so no account is left with rights.
    user = _user(portal, "o.onbekend")
    assert user is None or not user["roles"] & set(roles.ALL_ROLES)


def test_user_taken_out_of_every_group_loses_the_roles(portal, op):
    op.add("g.groep", groups=["lsi-rcf"])
    first = Browser(portal, op)
    assert ok(first.login("g.groep"))
    op.change("g.groep", groups=[])
    second = Browser(portal, op)
    r = second.login("g.groep")
    assert r.headers["Location"] == "/login/" and not second.signed_in()
    assert not _user(portal, "g.groep")["roles"] & set(roles.ALL_ROLES)
    # The open session of the first browser ends with the roles.
    assert not first.signed_in()


def test_user_switched_off_in_the_portal_is_refused(portal, op):
    from portal.extensions import db

    op.add("s.stop", groups=["lsi-rcf"])
    first = Browser(portal, op)
    assert ok(first.login("s.stop"))
    with portal.app_context():
        user = portal.appbuilder.sm.find_user(username="s.stop")
        user.active = False
        db.session.commit()
    browser = Browser(portal, op)
    r = browser.login("s.stop")
    assert r.status_code == 302 and r.headers["Location"] == "/login/"
    assert "Uw account in het portaal is uitgeschakeld" in _flashes(browser)
    assert not browser.signed_in()
    assert not first.signed_in()  # switching off ended the open session at once


def test_a_forged_callback_is_refused(portal, op):
    browser = Browser(portal, op)
    browser.portal.get("/login/oidc")  # a state in the session, but no code from the IdP
    r = browser.callback(f"{CALLBACK}?code=verzonnen&state=verzonnen")
    assert r.status_code == 302 and r.headers["Location"] == "/login/"
    assert "Het inlogverzoek is verlopen of ongeldig" in _flashes(browser)
    assert not browser.signed_in()
    # A real code, but replayed into another browser (no state of its own): refused too.
    op.add("c.code", groups=["lsi-rcf"])
    victim = Browser(portal, op)
    start = victim.portal.get("/login/oidc").headers["Location"]
    r = victim.idp.post(
        start,
        data={"username": "c.code", "password": PASSWORD, "action": "login"},
        allow_redirects=False,
    )
    attacker = Browser(portal, op)
    r = attacker.callback(r.headers["Location"])
    assert r.status_code == 302 and r.headers["Location"] == "/login/"
    assert not attacker.signed_in()


def test_an_unreachable_idp_is_said_so(op, tmp_path):
    config = {**oidc_config(op), "OIDC_ISSUER": f"http://127.0.0.1:{_free_port()}"}
    with own_app(tmp_path, demo=False, **config) as app:
        browser = Browser(app, op)
        r = browser.portal.get("/login/oidc")
        assert r.status_code == 302 and r.headers["Location"] == "/login/"
        assert "niet bereikbaar" in _flashes(browser)


# --- configuration -----------------------------------------------------------------------


def test_local_accounts_when_oidc_is_off(app):
    """The embedded default: no OIDC_CLIENT_ID, FAB's database login (tests/test_login.py)."""
    assert not app.config["OIDC_CLIENT_ID"]
    assert type(app.appbuilder.sm.auth_view).__name__ == "AuthDBView"
    assert app.config["AUTH_USER_REGISTRATION"] is False  # FAB's self-registration stays off
    assert not [r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/register")]
    html = app.test_client().get("/login/").get_data(as_text=True)
    assert 'name="password"' in html and "/login/oidc" not in html


def test_api_password_login_under_oidc_only_when_allowed(portal):
    """Under OIDC the login is the IdP's: FAB refuses the API's password login too, unless
    AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS lets local (service) accounts get tokens."""
    from tests.conftest import DEMO_PASSWORD

    http = portal.test_client()
    body = {"username": "beheerder", "password": DEMO_PASSWORD, "provider": "db"}
    assert http.post("/api/v1/security/login", json=body).status_code == 400
    assert 'name="password"' not in http.get("/login/").get_data(as_text=True)
    assert type(portal.appbuilder.sm.auth_view).__name__ == "PortalAuthOAuthView"
    portal.config["AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS"] = True
    try:
        r = http.post("/api/v1/security/login", json=body)
        assert r.status_code == 200 and r.json["access_token"]
        # An IdP user has no usable password: FAB gave the account a random one.
        body = {"username": "a.beheer", "password": PASSWORD, "provider": "db"}
        assert http.post("/api/v1/security/login", json=body).status_code == 401
    finally:
        portal.config["AUTH_API_LOGIN_ALLOW_MULTIPLE_PROVIDERS"] = False


def test_oidc_settings_become_fabs_and_unknown_roles_stop_the_start(op):
    from flask_appbuilder.const import AUTH_OAUTH

    from portal.sso import configure

    config = {**oidc_config(op), "AUTH_ROLES_MAPPING": {"lsi": ["Beheerders"]}}
    with pytest.raises(RuntimeError, match="Beheerders"):
        configure(config)
    config = {**oidc_config(op), "AUTH_ROLES_MAPPING": {"a": "Beheerder", "b": ["RCF"]}}
    configure(config)
    assert config["AUTH_ROLES_MAPPING"] == {"a": ["Beheerder"], "b": ["RCF"]}
    assert config["AUTH_TYPE"] == AUTH_OAUTH
    (provider,) = config["OAUTH_PROVIDERS"]
    assert provider["remote_app"]["server_metadata_url"] == (
        f"{op.url}/.well-known/openid-configuration"
    )
    with pytest.raises(RuntimeError, match="OIDC_ISSUER"):
        configure({"OIDC_CLIENT_ID": "x"})
    # Registration unset: on with OIDC, off without (no self-registration form under AUTH_DB).
    config = {**oidc_config(op), "AUTH_USER_REGISTRATION": None}
    configure(config)
    assert config["AUTH_USER_REGISTRATION"] is True
    config = {"OIDC_CLIENT_ID": "", "AUTH_USER_REGISTRATION": None}
    configure(config)
    assert config == {"OIDC_CLIENT_ID": "", "AUTH_USER_REGISTRATION": False}
