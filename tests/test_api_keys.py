"""Machine accounts: a partner's system signs in with an API key (portal/api_keys.py).

On an app of its own (keys make users) with CSRF on, as in production: a key is a header, not
a cookie, so its writes need no CSRF token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
import sqlalchemy as sa

from tests import signals_fixtures as sfx
from tests.conftest import DEMO_PASSWORD, own_app

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
KEY = re.compile(r"lsi_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


@pytest.fixture(scope="module")
def kapp(tmp_path_factory):
    with own_app(tmp_path_factory.mktemp("apikeys"), demo=True, WTF_CSRF_ENABLED=True) as app:
        yield app


def _make(app, partner="UWV", naam="Zaaksysteem", **kw):
    from portal import api_keys

    with app.app_context():
        return api_keys.create(partner, naam, **kw)


def _key_row(app, key_id):
    from models import Apisleutel
    from portal.extensions import db

    with app.app_context():
        row = db.session.get(Apisleutel, key_id)
        db.session.expunge(row)
        return row


def _audit(app, key_id, actie=None):
    from models import AuditRecord
    from portal.extensions import db

    with app.app_context():
        q = sa.select(AuditRecord).where(
            AuditRecord.tabel == "apisleutel", AuditRecord.rij_id == str(key_id)
        )
        if actie:
            q = q.where(AuditRecord.actie == actie)
        rows = db.session.scalars(q.order_by(AuditRecord.id)).all()
        return [(r.actie, r.door, r.door_id, dict(r.wijzigingen)) for r in rows]


def _api(app, key, method, url, header="Authorization", **kw):
    headers = kw.pop("headers", {})
    headers[header] = f"ApiKey {key}" if header == "Authorization" else key
    return app.test_client().open(url, method=method, headers=headers, **kw)


def _token(html: str) -> str:
    m = _TOKEN.search(html)
    assert m, "no csrf_token in the page"
    return m.group(1) or m.group(2)


def _browser(app, username):
    http = app.test_client()
    token = _token(http.get("/login/").get_data(as_text=True))
    r = http.post(
        "/login/", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert r.status_code == 302 and "/login" not in r.headers["Location"], r.status_code
    return http


def _jwt(app, username):
    r = app.test_client().post(
        "/api/v1/security/login",
        json={"username": username, "password": DEMO_PASSWORD, "provider": "db"},
    )
    assert r.status_code == 200, r.data
    return r.json["access_token"]


@pytest.fixture(scope="module")
def projects(kapp):
    """A project where UWV and POL delivered signals, and one without UWV."""
    with kapp.app_context():
        both = sfx.new_project("AK", deliver=("UWV", "POL"))
        sfx.deliver(both, "UWV", "5091AB;1;;;Hoog;;2026-01-10", "5091AB;3;;;Laag;;2026-01-11")
        sfx.deliver(both, "POL", "5091AB;1;;;Hoog;;2026-01-12")
        from models import ProjectPartner
        from portal.extensions import db

        outside = sfx.new_project("AKX", deliver=("POL",))
        db.session.execute(
            sa.delete(ProjectPartner).where(
                ProjectPartner.project_id == outside,
                ProjectPartner.ketenpartner_id == sfx.fx.partner_id("UWV"),
            )
        )
        db.session.commit()
        sfx.deliver(outside, "POL", "5091AB;1;;;Hoog;;2026-01-12")
        assert outside is not None
    return {"both": both, "outside": outside}


# --- the key itself ---------------------------------------------------------------------------


def test_a_key_is_random_prefixed_and_stored_only_as_its_hash(kapp):
    from flask_appbuilder.security.sqla.models import User
    from werkzeug.security import check_password_hash

    from models import Gebruikerskoppeling
    from portal.extensions import db

    one, two = _make(kapp, "UWV", "Zaaksysteem A"), _make(kapp, "UWV", "Zaaksysteem B")
    assert KEY.fullmatch(one.key) and one.key.startswith(f"lsi_{one.prefix}_")
    assert one.key != two.key and one.prefix != two.prefix
    row = _key_row(kapp, one.id)
    assert row.sleutel_hash == hashlib.sha256(one.key.encode()).hexdigest()
    with kapp.app_context():
        stored = db.session.execute(sa.text("SELECT * FROM apisleutel")).mappings().all()
        audit = db.session.execute(sa.text("SELECT wijzigingen FROM auditrecord")).all()
        # The key is nowhere; its hash is only in its own row, not in the audit trail.
        assert not any(one.key in str(dict(r)) for r in stored)
        assert not any(one.key in str(a) or row.sleutel_hash in str(a) for a in audit)
        # Both keys belong to one service account of UWV: role Ketenpartner, coupled, no password.
        user = db.session.get(User, row.user_id)
        assert user.username == one.username == two.username == "api-uwv"
        assert [r.name for r in user.roles] == ["Ketenpartner"]
        link = db.session.scalar(
            sa.select(Gebruikerskoppeling).where(Gebruikerskoppeling.user_id == user.id)
        )
        assert link.ketenpartner.code == "UWV"
        assert not check_password_hash(user.password, "")
        assert not check_password_hash(user.password, "!")
    from portal import api_keys

    actions = (api_keys.AANGEMAAKT, api_keys.GEROTEERD, api_keys.INTREKKEN, api_keys.GEBRUIK)
    assert all(len(a) <= 10 for a in (*actions, api_keys.GEWEIGERD))  # auditrecord.actie
    made = _audit(kapp, one.id, "aangemaakt")
    assert made and made[0][3]["prefix"] == one.prefix and made[0][3]["partner"] == "UWV"


# --- exactly the partner's rights -------------------------------------------------------------


def test_key_has_exactly_the_partners_rights(kapp, projects):
    key = _make(kapp, "UWV", "Rechten").key
    url = f"/api/v1/signalen/project/{projects['both']}"
    r = _api(kapp, key, "GET", url)
    assert r.status_code == 200, r.data
    assert {s["partner"] for s in r.json["result"]} == {"UWV"}
    assert r.json["count"] == 2
    # The same as the partner's person sees, through JWT.
    person = kapp.test_client().get(
        url, headers={"Authorization": f"Bearer {_jwt(kapp, 'partner-uwv')}"}
    )
    assert person.status_code == 200
    assert sorted(s["id"] for s in person.json["result"]) == sorted(
        s["id"] for s in r.json["result"]
    )
    # Another partner's project: not found; the project list is not the partner's (403).
    assert (
        _api(kapp, key, "GET", f"/api/v1/signalen/project/{projects['outside']}").status_code == 404
    )
    assert _api(kapp, key, "GET", "/api/v1/project/").status_code == 403
    assert (
        _api(kapp, key, "POST", "/api/v1/project/", json={"code": "X", "naam": "X"}).status_code
        == 403
    )
    assert (
        _api(
            kapp, key, "PUT", f"/api/v1/project/{projects['both']}", json={"naam": "X"}
        ).status_code
        == 403
    )
    # Its own projects through the partner's view.
    mine = _api(kapp, key, "GET", "/api/v1/partnerproject/")
    assert mine.status_code == 200
    assert projects["both"] in mine.json["ids"]
    assert projects["outside"] not in mine.json["ids"]


def test_key_delivers_and_confirms_without_csrf(kapp, projects):
    key = _make(kapp, "UWV", "Levering").key
    before = None
    with kapp.app_context():
        before = sfx.count(projects["both"], "UWV")
    r = _api(
        kapp,
        key,
        "POST",
        f"/api/v1/signalen/project/{projects['both']}/levering",
        header="X-API-Key",
        data={"bestand": (io.BytesIO(sfx.csv_bytes("5091AB;5;;;Hoog;;2026-01-13")), "s.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.data
    assert r.json["partner"] == "UWV" and r.json["rijen_geldig"] == 1
    c = _api(kapp, key, "POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
    assert c.status_code == 200, c.data
    with kapp.app_context():
        assert sfx.count(projects["both"], "UWV") == before + 1
    # A cookie alone still needs its CSRF token (the exemption is for the key only).
    http = _browser(kapp, "partner-uwv")
    assert http.post(f"/api/v1/signalen/levering/{r.json['id']}/annuleer").status_code == 400


# --- not for screens, not with a password -----------------------------------------------------


def test_key_is_refused_on_screens_and_sets_no_cookie(kapp):
    new = _make(kapp, "UWV", "Schermen")
    for path in ("/", "/apisleutels/", "/partnerprojectview/list/", "/swagger/v1"):
        r = _api(kapp, new.key, "GET", path)
        assert r.status_code == 403, (path, r.status_code)
    ok = _api(kapp, new.key, "GET", "/api/v1/opvolging/mijn-acties")
    assert ok.status_code == 200
    assert "Set-Cookie" not in ok.headers
    refused = _audit(kapp, new.id, "geweigerd")
    assert [w["reden"] for *_x, w in refused] == ["scherm"] * 4


def test_service_account_cannot_sign_in_with_a_password(kapp):
    from portal.extensions import db

    new = _make(kapp, "POL", "Wachtwoord")
    with kapp.app_context():
        sm = kapp.appbuilder.sm
        user = sm.find_user(username=new.username)
        sm.reset_password(user.id, DEMO_PASSWORD)  # a Beheerder set one on the user screen
        db.session.commit()
    r = kapp.test_client().post(
        "/api/v1/security/login",
        json={"username": new.username, "password": DEMO_PASSWORD, "provider": "db"},
    )
    assert r.status_code == 401
    http = kapp.test_client()
    token = _token(http.get("/login/").get_data(as_text=True))
    r = http.post(
        "/login/",
        data={"username": new.username, "password": DEMO_PASSWORD, "csrf_token": token},
    )
    assert http.get("/apisleutels/").status_code != 200
    # And a cookie session of it (had it got one) opens no screen.
    with kapp.app_context():
        uid = kapp.appbuilder.sm.find_user(username=new.username).id
    http = kapp.test_client()
    with http.session_transaction() as s:
        s["_user_id"] = str(uid)
    assert http.get("/").status_code == 403


# --- wrong, revoked, rotated ------------------------------------------------------------------


def test_wrong_revoked_and_expired_keys_are_401(kapp):
    from models import Apisleutel
    from portal import api_keys
    from portal.extensions import db

    new = _make(kapp, "UWV", "Fout")
    url = "/api/v1/opvolging/mijn-acties"
    assert _api(kapp, new.key, "GET", url).status_code == 200
    wrong_secret = new.key[:-4] + ("AAAA" if not new.key.endswith("AAAA") else "BBBB")
    for bad in ("lsi_nonsense", "lsi_000000000000_" + "x" * 43, wrong_secret, "Bearer x"):
        r = _api(kapp, bad, "GET", url)
        assert r.status_code == 401, bad
        assert "message" in r.json and "WWW-Authenticate" in r.headers
    assert [w["reden"] for *_x, w in _audit(kapp, new.id, "geweigerd")] == ["onjuist"]
    # A key with a cookie session of someone else: the key decides.
    http = _browser(kapp, "beheerder")
    r = http.get(url, headers={"X-API-Key": wrong_secret})
    assert r.status_code == 401
    with kapp.app_context():
        api_keys.revoke(new.id)
    assert _api(kapp, new.key, "GET", url).status_code == 401
    expiring = _make(kapp, "UWV", "Verloopt", verloopt_op=dt.datetime(2100, 1, 1))
    assert _api(kapp, expiring.key, "GET", url).status_code == 200
    with kapp.app_context():
        db.session.execute(
            sa.update(Apisleutel)
            .where(Apisleutel.id == expiring.id)
            .values(verloopt_op=dt.datetime(2020, 1, 1))
        )
        db.session.commit()
    assert _api(kapp, expiring.key, "GET", url).status_code == 401


def test_rotation_keeps_the_old_key_for_the_grace_period_or_not_at_all(kapp):
    from models import Apisleutel
    from portal import api_keys
    from portal.extensions import db

    url = "/api/v1/opvolging/mijn-acties"
    old = _make(kapp, "UWV", "Roteren")
    with kapp.app_context():
        new = api_keys.rotate(old.id)
    assert new.key != old.key and new.username == old.username
    assert _api(kapp, new.key, "GET", url).status_code == 200
    assert _api(kapp, old.key, "GET", url).status_code == 200  # the grace period
    row = _key_row(kapp, old.id)
    assert row.vervangen_door_id == new.id
    hours = (row.verloopt_op - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds() / 3600
    assert 23.9 < hours <= 24
    with kapp.app_context():  # the grace period has passed
        db.session.execute(
            sa.update(Apisleutel)
            .where(Apisleutel.id == old.id)
            .values(verloopt_op=dt.datetime(2020, 1, 1))
        )
        db.session.commit()
        with pytest.raises(api_keys.RuleViolation):
            api_keys.rotate(old.id)  # a key that no longer works is not rotated
    assert _api(kapp, old.key, "GET", url).status_code == 401
    with kapp.app_context():
        newer = api_keys.rotate(new.id, onmiddellijk=True)
    assert _api(kapp, new.key, "GET", url).status_code == 401
    assert _api(kapp, newer.key, "GET", url).status_code == 200
    assert _audit(kapp, new.id, "geroteerd")[0][3]["nieuwe_prefix"] == newer.prefix


def test_a_role_added_to_the_service_account_does_not_travel_with_the_key(kapp):
    from portal.extensions import db

    new = _make(kapp, "NLA", "Rollen")
    url = "/api/v1/opvolging/mijn-acties"
    assert _api(kapp, new.key, "GET", url).status_code == 200
    with kapp.app_context():
        sm = kapp.appbuilder.sm
        user = sm.find_user(username=new.username)
        user.roles.append(sm.find_role("Beheerder"))
        db.session.commit()
    assert _api(kapp, new.key, "GET", url).status_code == 401
    assert _api(kapp, new.key, "GET", "/api/v1/project/").status_code == 401
    with kapp.app_context():
        user = kapp.appbuilder.sm.find_user(username=new.username)
        user.roles = [kapp.appbuilder.sm.find_role("Ketenpartner")]
        db.session.commit()
    assert _api(kapp, new.key, "GET", url).status_code == 200


# --- last use and audit -----------------------------------------------------------------------


def test_every_use_is_audited_and_the_last_use_recorded(kapp, projects):
    new = _make(kapp, "UWV", "Audit")
    assert _key_row(kapp, new.id).laatst_gebruikt_op is None
    calls = [
        ("GET", f"/api/v1/signalen/project/{projects['both']}?postcode=5091AB", 200),
        ("GET", f"/api/v1/signalen/project/{projects['outside']}", None),
        ("GET", "/api/v1/project/", 403),
        ("POST", "/api/v1/signalen/levering/2147483000/bevestig", 404),
    ]
    statuses = []
    for method, url, expected in calls:
        r = _api(kapp, new.key, method, url)
        if expected:
            assert r.status_code == expected, (url, r.status_code)
        statuses.append(r.status_code)
    used = _audit(kapp, new.id, "gebruik")
    assert len(used) == len(calls)
    for (_a, door, door_id, w), (method, url, _e), status in zip(
        used, calls, statuses, strict=True
    ):
        assert door == "api-uwv" and door_id is not None
        assert w == {
            "prefix": new.prefix,
            "methode": method,
            "pad": url.split("?")[0],
            "status": status,
        }
    assert "5091" not in str(used)  # the query string (a postcode) is not recorded
    last = _key_row(kapp, new.id).laatst_gebruikt_op
    assert last is not None
    assert abs((dt.datetime.now(dt.UTC).replace(tzinfo=None) - last).total_seconds()) < 60


# --- the Beheerder's screen -------------------------------------------------------------------


def test_only_the_beheerder_manages_keys(kapp):
    new = _make(kapp, "UWV", "Niet van jou")
    for username in ("projectleider", "partner-uwv", "privacy"):
        http = _browser(kapp, username)
        assert http.get("/apisleutels/").status_code == 403, username
        token = _token(http.get("/meldingen/").get_data(as_text=True))
        for action in ("roteren", "intrekken"):
            r = http.post(f"/apisleutels/{new.id}/{action}", data={"csrf_token": token})
            assert r.status_code == 403, (username, action)
        r = http.post(
            "/apisleutels/", data={"csrf_token": token, "partner": "UWV", "naam": "Stiekem"}
        )
        assert r.status_code == 403
    assert _api(kapp, new.key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 200
    assert not _audit(kapp, new.id, "intrekking") and not _audit(kapp, new.id, "geroteerd")


def test_the_screen_makes_shows_once_rotates_and_revokes(kapp):
    http = _browser(kapp, "beheerder")
    page = http.get("/apisleutels/")
    assert page.status_code == 200
    token = _token(page.get_data(as_text=True))
    made = http.post(
        "/apisleutels/",
        data={"csrf_token": token, "partner": "BD-B", "naam": "Fiscaal systeem"},
    )
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    key = KEY.search(made.get_data(as_text=True))[0]
    assert _api(kapp, key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 200
    listing = http.get("/apisleutels/").get_data(as_text=True)
    assert key not in listing and key.split("_")[1] in listing and "api-bd-b" in listing
    assert "Nooit" not in listing.split(key.split("_")[1])[1].split("</tr>")[0]  # just used
    from tests.test_raw_values import raw_values, visible_text

    assert raw_values(visible_text(listing), "nl") == []  # dates as people write them
    from portal import api_keys

    with kapp.app_context():
        line = next(x for x in api_keys.keys("BD-B") if x.sleutel.prefix == key.split("_")[1])
        key_id = line.sleutel.id
    rotated = http.post(
        f"/apisleutels/{key_id}/roteren", data={"csrf_token": token, "onmiddellijk": "1"}
    )
    assert rotated.status_code == 200
    new_key = KEY.search(rotated.get_data(as_text=True))[0]
    assert new_key != key
    assert _api(kapp, key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 401
    assert _api(kapp, new_key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 200
    with kapp.app_context():
        new_id = next(
            x.sleutel.id for x in api_keys.keys("BD-B") if x.sleutel.prefix == new_key.split("_")[1]
        )
    r = http.post(f"/apisleutels/{new_id}/intrekken", data={"csrf_token": token})
    assert r.status_code == 302
    assert _api(kapp, new_key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 401
    assert (
        http.post("/apisleutels/2147483000/intrekken", data={"csrf_token": token}).status_code
        == 404
    )
    done = _audit(kapp, new_id, "intrekking")
    assert done and done[0][1] == "beheerder"


# --- the command line -------------------------------------------------------------------------


def test_the_cli_creates_lists_rotates_and_revokes(kapp):
    runner = kapp.test_cli_runner()
    made = runner.invoke(args=["lsi", "api-key", "create", "--partner", "avim", "--naam", "CLI"])
    assert made.exit_code == 0, made.output
    key = KEY.search(made.output)[0]
    prefix = key.split("_")[1]
    assert _api(kapp, key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 200
    listed = runner.invoke(args=["lsi", "api-key", "list", "--partner", "AVIM", "--json"])
    assert listed.exit_code == 0, listed.output
    assert key not in listed.output and f'"prefix": "{prefix}"' in listed.output
    assert '"laatst_gebruikt_op": null' not in listed.output
    rotated = runner.invoke(args=["lsi", "api-key", "rotate", "--partner", "AVIM", "--direct"])
    assert rotated.exit_code == 0, rotated.output
    new_key = KEY.search(rotated.output)[0]
    assert _api(kapp, key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 401
    assert _api(kapp, new_key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 200
    revoked = runner.invoke(
        args=["lsi", "api-key", "revoke", "--partner", "AVIM", "--prefix", new_key.split("_")[1]]
    )
    assert revoked.exit_code == 0, revoked.output
    assert _api(kapp, new_key, "GET", "/api/v1/opvolging/mijn-acties").status_code == 401
    nothing = runner.invoke(args=["lsi", "api-key", "revoke", "--partner", "AVIM"])
    assert nothing.exit_code != 0 and "0 werkende sleutels" in nothing.output
    unknown = runner.invoke(args=["lsi", "api-key", "create", "--partner", "NOPE", "--naam", "x"])
    assert unknown.exit_code != 0 and "bestaat niet" in unknown.output
