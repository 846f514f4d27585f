"""HTTP conventions of the API (issue #17, item 4), walked over the whole URL map:

(a) every single-record GET of a versioned model answers an ``ETag`` ``"<id>-<lock_version>"``
    and carries ``lock_version`` in its body; ``If-None-Match`` with that tag is a 304, but
    never for a row outside the user's scope (404 as without it);
(b) a PUT with a stale ``If-Match`` is a 412 on every versioned resource, with the current
    version in the body and in ``ETag``, and writes nothing; the current tag lets it through;
    the bare version number and ``lock_version`` in the body still work (409 when stale);
    If-Match wins over the body; concurrent PUTs with one tag: one 200, the rest 412;
(c) every 201 carries a ``Location`` that GETs the created record;
(d) every error answer - 401 without a token, with a bad, expired or refresh token, 403, 404,
    405, 422, 429 - is ``{"message": <string>, "errors": {<field>: [<string>]}}``, in Dutch
    and in English.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import threading
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.hardening import ERROR_MESSAGES
from tests.conftest import DEMO_PASSWORD
from tests.test_rbac_matrix import (
    PUBLIC,
    _endpoints,
    _url,
    expected_allowed,
    required_permission,
)

CONFLICT = "Iemand anders heeft dit record intussen gewijzigd"
CONFLICT_EN = "Someone else has changed this record"
# Keys an error body may carry besides message and errors, per status.
EXTRA = {409: {"lock_version"}, 412: {"lock_version"}, 428: {"lock_version"}, 429: {"retry_after"}}


# --- helpers ------------------------------------------------------------------------------


def _has(app, view, method: str) -> bool:
    """Whether the API has FAB's route ``method`` (get, put, post, delete) and may use it."""
    vf = app.view_functions.get(f"{type(view).__name__}.{method}")
    return vf is not None and required_permission(vf)[0] in view.base_permissions


def _versioned_apis(app, method: str = "get") -> dict:
    from views.base import PortalApi
    from views.forms import is_versioned

    return {
        view.resource_name: view
        for view in app.appbuilder.baseviews
        if isinstance(view, PortalApi)
        and is_versioned(view.datamodel.obj)
        and _has(app, view, method)
    }


def _first_row(client, resource) -> int | None:
    r = client.api("GET", f"/api/v1/{resource}/", query_string={"q": "(page_size:1)"})
    assert r.status_code == 200, (resource, r.status_code, r.get_data(as_text=True)[:200])
    return r.json["ids"][0] if r.json["ids"] else None


def _version(app, model, pk) -> int:
    from portal.extensions import db

    with app.app_context():
        return db.session.get(model, pk).lock_version


def _tr(app, msgid, lang: str) -> str:
    """What the portal's catalog makes of a Dutch message in ``lang``."""
    from flask_babel import force_locale, gettext

    text = getattr(msgid, "_args", [msgid])[0]
    with app.test_request_context(), force_locale(lang):
        return gettext(text)


def shape_problem(r) -> str | None:
    """Why this answer is not in the API's one error shape (None: it is)."""
    if not r.is_json:
        return f"{r.status_code} not JSON: {r.get_data(as_text=True)[:120]!r}"
    body = r.get_json()
    if not isinstance(body, dict):
        return f"{r.status_code} body is no object"
    extra = set(body) - {"message", "errors"} - EXTRA.get(r.status_code, set())
    if extra:
        return f"{r.status_code} has other keys {sorted(extra)}"
    if not isinstance(body.get("message"), str) or not body["message"].strip():
        return f"{r.status_code} message is not a sentence: {body.get('message')!r}"
    errors = body.get("errors")
    if not isinstance(errors, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(m, str) for m in v)
        for k, v in errors.items()
    ):
        return f"{r.status_code} errors is not {{field: [messages]}}: {errors!r}"
    return None


def _in_lang(url: str, lang: str) -> str:
    # FAB's locale selector reads _l_ on API requests (a token carries no session).
    return f"{url}{'&' if '?' in url else '?'}_l_={lang}"


def _api_rules(app):
    return [
        (rule, vf, methods)
        for rule, vf, methods in _endpoints(app)
        if rule.rule.startswith("/api/")
    ]


def _walk(http, app, lang, headers, *, skip=lambda rule, vf, method: False):
    """Every API endpoint and method once; (method, url, answer) of every error answer."""
    out = []
    for rule, vf, methods in _api_rules(app):
        for method in methods:
            if skip(rule, vf, method):
                continue
            url = _in_lang(_url(rule), lang)
            r = http.open(
                url,
                method=method,
                headers=headers,
                json={} if method in ("POST", "PUT", "PATCH") else None,
            )
            if r.status_code >= 400:
                out.append((method, url, r, rule, vf))
    return out


@pytest.fixture
def risico(app, login):
    """(id, model) of a risk; its text is restored afterwards."""
    from models import Risico
    from portal.extensions import db

    pk = _first_row(login("beheerder"), "risico")
    with app.app_context():
        before = db.session.get(Risico, pk).risico
    yield pk, Risico
    with app.app_context():
        db.session.execute(sa.update(Risico).where(Risico.id == pk).values(risico=before))
        db.session.commit()


# --- (a) ETag and lock_version on GET -------------------------------------------------------


def test_every_versioned_get_has_an_etag_and_the_lock_version(app, login):
    admin = login("beheerder")
    checked = []
    for resource, view in sorted(_versioned_apis(app).items()):
        pk = _first_row(admin, resource)
        if pk is None:
            continue  # no demo row of this kind
        version = _version(app, view.datamodel.obj, pk)
        r = admin.api("GET", f"/api/v1/{resource}/{pk}")
        assert r.status_code == 200, (resource, r.status_code)
        tag = f'"{pk}-{version}"'
        assert r.headers.get("ETag") == tag, (resource, r.headers.get("ETag"))
        assert r.json["result"]["lock_version"] == version, resource
        for same in (tag, f"W/{tag}", f'"other", {tag}', "*"):
            unchanged = admin.api(
                "GET", f"/api/v1/{resource}/{pk}", headers={"If-None-Match": same}
            )
            assert unchanged.status_code == 304, (resource, same, unchanged.status_code)
            assert unchanged.headers["ETag"] == tag and unchanged.get_data() == b""
        other = admin.api(
            "GET", f"/api/v1/{resource}/{pk}", headers={"If-None-Match": f'"{pk}-{version + 9}"'}
        )
        assert other.status_code == 200 and other.json["result"]["lock_version"] == version
        checked.append(resource)
    assert len(checked) >= 10, checked


def test_if_none_match_reveals_nothing_outside_the_scope(app, login):
    admin, pl = login("beheerder"), login("projectleider")
    every = admin.api("GET", "/api/v1/project/", query_string={"q": "(page_size:100)"}).json["ids"]
    mine = set(pl.api("GET", "/api/v1/project/", query_string={"q": "(page_size:100)"}).json["ids"])
    outside = [pk for pk in every if pk not in mine]
    assert outside, "the demo data has projects outside the projectleider's scope"
    pk = outside[0]
    tag = admin.api("GET", f"/api/v1/project/{pk}").headers["ETag"]
    for headers in ({}, {"If-None-Match": tag}, {"If-None-Match": "*"}):
        r = pl.api("GET", f"/api/v1/project/{pk}", headers=headers)
        assert r.status_code == 404 and "ETag" not in r.headers, (headers, r.status_code)
        assert shape_problem(r) is None, shape_problem(r)


# --- (b) If-Match on PUT and DELETE ---------------------------------------------------------


def test_stale_if_match_is_412_on_every_versioned_resource(app, login):
    admin = login("beheerder")
    checked = []
    for resource, view in sorted(_versioned_apis(app, "put").items()):
        model = view.datamodel.obj
        pk = _first_row(admin, resource)
        if pk is None:
            continue
        version = _version(app, model, pk)
        for stale in (f'"{pk}-{version + 7}"', f'W/"{pk}-{version + 7}"', f'"{pk + 1}-{version}"'):
            r = admin.api("PUT", f"/api/v1/{resource}/{pk}", json={}, headers={"If-Match": stale})
            assert r.status_code == 412, (resource, stale, r.status_code, r.get_data()[:200])
            assert shape_problem(r) is None, (resource, shape_problem(r))
            assert r.json["lock_version"] == version and r.json["errors"] == {}
            assert CONFLICT in r.json["message"], (resource, r.json)
            assert r.headers["ETag"] == f'"{pk}-{version}"'
        assert _version(app, model, pk) == version, f"{resource}: a stale PUT wrote"
        checked.append(resource)
    assert len(checked) >= 10, checked


def test_if_match_round_trip_and_the_older_ways(app, login, risico):
    pk, model = risico
    client = login("beheerder")
    url = f"/api/v1/risico/{pk}"

    def put(text, headers=None, **body):
        return client.api("PUT", url, json={"risico": text, **body}, headers=headers or {})

    got = client.api("GET", url)
    v, tag = got.json["result"]["lock_version"], got.headers["ETag"]
    # Nothing names the version: 428 with the version to send, in the body and as ETag.
    for headers in ({}, {"If-Match": "*"}):
        r = put("zonder versie", headers)
        assert r.status_code == 428 and r.json["lock_version"] == v and r.headers["ETag"] == tag
        assert shape_problem(r) is None, shape_problem(r)
    # The current tag lets the write through; the answer has the new tag.
    r = put("met tag", {"If-Match": tag})
    assert r.status_code == 200, r.json
    assert r.headers["ETag"] == f'"{pk}-{v + 1}"'
    again = client.api("GET", url)
    assert again.json["result"]["lock_version"] == v + 1
    assert again.headers["ETag"] == f'"{pk}-{v + 1}"'
    # The old tag is stale now: 412 naming the change, nothing written.
    r = put("oude tag", {"If-Match": tag})
    assert r.status_code == 412 and "met tag" in r.json["message"]
    assert r.json["lock_version"] == v + 1
    # The version in the body (no header) still works; stale it is a 409 as before.
    r = put("met lock_version", lock_version=v + 1)
    assert r.status_code == 200, r.json
    r = put("oude lock_version", lock_version=v + 1)
    assert r.status_code == 409 and r.json["lock_version"] == v + 2
    # A bare number in If-Match (the portal's first form) also: 409 when stale.
    r = put("oud nummer", {"If-Match": str(v)})
    assert r.status_code == 409 and CONFLICT in r.json["message"]
    # Both given: If-Match decides, the body's lock_version is ignored.
    r = put("If-Match wint", {"If-Match": f'"{pk}-{v + 2}"'}, lock_version=v)
    assert r.status_code == 200, r.json
    r = put("If-Match wint weer", {"If-Match": f'"{pk}-{v + 2}"'}, lock_version=v + 3)
    assert r.status_code == 412
    # A weak form of the current tag matches too (clients and proxies may weaken tags).
    r = put("zwakke tag", {"If-Match": f'W/"{pk}-{v + 3}"'})
    assert r.status_code == 200, r.json
    with app.app_context():
        from portal.extensions import db

        assert db.session.get(model, pk).risico == "zwakke tag"


def test_concurrent_puts_with_one_tag_one_wins_the_rest_412(app, login, risico):
    pk, model = risico
    admin = login("beheerder")
    tag = admin.api("GET", f"/api/v1/risico/{pk}").headers["ETag"]
    writers, barrier, answers = 4, threading.Barrier(4), []

    def write(n):
        http = app.test_client()
        barrier.wait()
        r = http.put(
            f"/api/v1/risico/{pk}",
            json={"risico": f"schrijver {n}"},
            headers={"Authorization": f"Bearer {admin.token}", "If-Match": tag},
        )
        answers.append((r.status_code, r.get_json(silent=True) or {}))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(code for code, _ in answers) == [200, 412, 412, 412], answers
    version = _version(app, model, pk)
    for code, body in answers:
        if code == 412:
            assert CONFLICT in body["message"] and body["lock_version"] == version


# --- (c) Location on 201 --------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.name
    return value


def _unique_columns(model) -> set[str]:
    table = model.__table__
    out = {c.key for c in table.columns if c.unique}
    for constraint in table.constraints:
        if isinstance(constraint, sa.UniqueConstraint) and len(constraint.columns) == 1:
            out |= {c.key for c in constraint.columns}
    for index in table.indexes:
        if index.unique and len(index.columns) == 1:
            out |= {c.key for c in index.columns}
    return out


def _fresh(value: str, length: int | None) -> str:
    mark = uuid.uuid4().hex[:5].upper()
    if "@" in value:
        return f"t{mark.lower()}@{value.split('@', 1)[1]}"
    text = f"{value}-{mark}" if value.isupper() or "-" in value else f"{value} {mark}"
    return text[-length:] if length and len(text) > length else text


def _body_like(app, view, pk) -> dict:
    """An add body copied from an existing row, its unique text columns made new."""
    from portal.extensions import db

    model = view.datamodel.obj
    unique = _unique_columns(model)
    with app.app_context():
        row = db.session.get(model, pk)
        body = {}
        for name in view.add_columns:
            value = getattr(row, name, None)
            if view.datamodel.is_relation(name):
                if isinstance(value, list | set) or hasattr(value, "append"):
                    body[name] = [v.id for v in value]
                elif value is not None:
                    body[name] = value.id
                continue
            if value is None:
                continue
            column = model.__table__.c.get(name)
            if name in unique and isinstance(value, str):
                value = _fresh(value, getattr(column.type, "length", None))
            body[name] = _jsonable(value)
    return body


def _forget(app, model, pk) -> None:
    from portal.extensions import db

    with app.app_context():
        row = db.session.get(model, pk)
        if row is not None:
            db.session.delete(row)
            db.session.commit()


# Creating these has consequences a delete does not undo (a decision moves the project on) or
# cannot be deleted (the journal is append-only); their 201 is the same code path.
NOT_COPIED = {"besluit", "journaalregel"}


def test_every_201_has_a_location_that_gets_the_record(app, login):
    from views.forms import is_versioned

    admin = login("beheerder")
    created, refused = [], {}
    for resource, view in sorted(_versioned_apis(app, "post").items()):
        if resource in NOT_COPIED:
            continue
        model = view.datamodel.obj
        pk = _first_row(admin, resource)
        if pk is None:
            continue
        r = admin.api("POST", f"/api/v1/{resource}/", json=_body_like(app, view, pk))
        if r.status_code != 201:
            refused[resource] = (r.status_code, (r.get_json(silent=True) or {}).get("errors"))
            continue
        new = r.json["id"]
        try:
            assert r.headers.get("Location") == f"/api/v1/{resource}/{new}", (resource, r.headers)
            got = admin.api("GET", r.headers["Location"])
            assert got.status_code == 200, (resource, got.status_code)
            if is_versioned(model):
                assert got.headers["ETag"] == r.headers["ETag"] == f'"{new}-1"', resource
                # DELETE honours If-Match too: a stale tag deletes nothing.
                if _has(app, view, "delete"):
                    stale = admin.api(
                        "DELETE", f"/api/v1/{resource}/{new}", headers={"If-Match": f'"{new}-9"'}
                    )
                    assert stale.status_code == 412, (resource, stale.status_code)
                    assert admin.api("GET", r.headers["Location"]).status_code == 200
        finally:
            _forget(app, model, new)
        created.append(resource)
    # Rows with composite unique keys (a partner once per project) cannot be copied blindly.
    assert len(created) >= 5, (created, refused)


def test_every_201_of_the_custom_apis_goes_through_created():
    """The service APIs answer 201 only through ``views.base.created`` (which sets Location);
    the real calls are in tests/test_casework.py, test_signals.py and test_documents.py."""
    root = Path(__file__).resolve().parents[1] / "views"
    bare = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if path.name != "base.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"response\(\s*201", line)
    ]
    assert bare == []


def test_a_created_case_has_a_location(app, login):
    """One of the custom 201s for real: a casustafel recorded through the casework API."""
    from models import Casustafel, ProjectPartner
    from portal.extensions import db

    pl = login("projectleider")
    pid = pl.api("GET", "/api/v1/project/", query_string={"q": "(page_size:1)"}).json["ids"][0]
    with app.app_context():
        partners = db.session.scalars(
            sa.select(ProjectPartner.ketenpartner_id).where(ProjectPartner.project_id == pid)
        ).all()
    r = pl.api(
        "POST",
        f"/api/v1/casuswerk/project/{pid}/casustafel",
        json={"datum": "2026-03-01", "aanwezigen": partners[:2], "casussen": []},
    )
    assert r.status_code == 201, (pid, r.status_code, r.get_json(silent=True))
    try:
        assert r.headers["Location"] == f"/api/v1/casustafel/{r.json['id']}"
        assert pl.api("GET", r.headers["Location"]).status_code == 200
    finally:
        _forget(app, Casustafel, r.json["id"])


# --- (d) one error shape --------------------------------------------------------------------


def _expired_token(app) -> str:
    from flask_jwt_extended import create_access_token

    with app.test_request_context():
        user = app.appbuilder.sm.find_user(username="beheerder")
        return create_access_token(identity=str(user.id), expires_delta=dt.timedelta(seconds=-60))


def _assert_walk(answers, expected: dict[int, set[str]] | None = None, need=()):
    wrong = [f"{m} {u}: {shape_problem(r)}" for m, u, r, *_ in answers if shape_problem(r)]
    assert wrong == [], wrong[:20]
    if expected:
        bad = [
            f"{m} {u}: {r.status_code} {r.json['message']!r}"
            for m, u, r, *_ in answers
            if r.status_code in expected and r.json["message"] not in expected[r.status_code]
        ]
        assert bad == [], bad[:20]
    seen = {r.status_code for _, _, r, *_ in answers}
    assert set(need) <= seen, (need, seen)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_a_token_every_endpoint_answers_401_in_the_shape(app, lang):
    from portal.api_errors import TOKEN_MISSING

    http = app.test_client()  # no cookie, no token
    answers = _walk(http, app, lang, {})
    unauthorized = [a for a in answers if a[2].status_code == 401]
    assert len(unauthorized) > 50, len(unauthorized)
    assert all(r.headers["WWW-Authenticate"].startswith("Bearer") for _, _, r, *_ in unauthorized)
    messages = {_tr(app, TOKEN_MISSING, lang), _tr(app, ERROR_MESSAGES[401], lang)}
    _assert_walk(answers, {401: messages, 403: {_tr(app, ERROR_MESSAGES[403], lang)}}, need=[401])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", ["garbage", "expired", "refresh"])
def test_a_bad_token_is_401_in_the_shape(app, login, lang, kind):
    from portal.api_errors import TOKEN_EXPIRED, TOKEN_INVALID

    if kind == "garbage":
        token, message = "dit.is.geen-token", TOKEN_INVALID
    elif kind == "expired":
        token, message = _expired_token(app), TOKEN_EXPIRED
    else:  # a refresh token where an access token belongs
        r = app.test_client().post(
            "/api/v1/security/login",
            json={"username": "rcf", "password": DEMO_PASSWORD, "provider": "db", "refresh": True},
        )
        token, message = r.json["refresh_token"], TOKEN_INVALID
    http = app.test_client()
    answers = _walk(
        http,
        app,
        lang,
        {"Authorization": f"Bearer {token}"},
        skip=lambda rule, vf, method: rule.endpoint.startswith("SecurityApi."),
    )
    unauthorized = [r for _, _, r, *_ in answers if r.status_code == 401]
    assert len(unauthorized) > 50, len(unauthorized)
    assert all('error="invalid_token"' in r.headers["WWW-Authenticate"] for r in unauthorized)
    _assert_walk(answers, {401: {_tr(app, message, lang)}}, need=[401])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("username", ["partner-uwv", "secretaris"])
def test_403_404_and_422_of_a_signed_in_user_are_in_the_shape(app, login, username, lang):
    from tests.test_rbac_matrix import USERS

    client = login(username)
    role = USERS[username]

    def skip(rule, vf, method):
        # An allowed write without an id in its path would really write (the public ones:
        # the JWT login and refresh, answered by the token tests).
        if rule.endpoint in PUBLIC:
            return method != "GET"
        return method != "GET" and "<" not in rule.rule and expected_allowed(role, vf)

    answers = _walk(client.http, app, lang, {"Authorization": f"Bearer {client.token}"}, skip=skip)
    expected = {
        403: {_tr(app, ERROR_MESSAGES[403], lang)},
    }
    _assert_walk(answers, expected, need=[403, 404])
    if lang == "en":
        nl = {_tr(app, ERROR_MESSAGES[s], "nl") for s in (403, 404)}
        assert not any(r.json["message"] in nl for _, _, r, *_ in answers), "Dutch in English"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_405_and_unknown_paths_are_in_the_shape(app, login, lang):
    admin = login("beheerder")
    headers = {"Authorization": f"Bearer {admin.token}"}
    answers = []
    for rule, _vf, _methods in _api_rules(app):
        missing = [m for m in ("PATCH", "DELETE", "PUT") if m not in rule.methods]
        if missing:
            r = admin.http.open(_in_lang(_url(rule), lang), method=missing[0], headers=headers)
            if r.status_code == 405:
                answers.append((missing[0], _url(rule), r))
    r = admin.http.get(_in_lang("/api/v1/bestaat-niet/", lang), headers=headers)
    answers.append(("GET", "/api/v1/bestaat-niet/", r))
    assert len(answers) > 30 and r.status_code == 404
    _assert_walk(
        answers,
        {405: {_tr(app, ERROR_MESSAGES[405], lang)}, 404: {_tr(app, ERROR_MESSAGES[404], lang)}},
        need=[404, 405],
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_422_names_the_fields_under_errors(app, login, lang):
    """Field errors go under ``errors``; ``message`` stays a sentence."""
    admin = login("beheerder")
    checked = 0
    for resource, _view in sorted(_versioned_apis(app, "post").items()):
        r = admin.api("POST", _in_lang(f"/api/v1/{resource}/", lang), json={"geen_veld": 1})
        assert r.status_code == 422, (resource, r.status_code)
        assert shape_problem(r) is None, (resource, shape_problem(r))
        assert "geen_veld" in r.json["errors"], (resource, r.json)
        assert r.json["message"] == _tr(app, ERROR_MESSAGES[422], lang), r.json
        checked += 1
    # A rule of the portal (views/base.py: a reference must be an id).
    r = admin.api("POST", _in_lang("/api/v1/risico/", lang), json={"project": "x"})
    assert r.status_code == 422 and list(r.json["errors"]) == ["project"], r.json
    # A body that is no object: a message about the request as a whole.
    r = admin.api("POST", _in_lang("/api/v1/risico/", lang), json=[1, 2])
    assert r.status_code == 422 and shape_problem(r) is None
    assert r.json["errors"]["_"] == [r.json["message"]]
    assert checked >= 10


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_429_is_in_the_shape(database_url, lang):
    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "AUTH_RATE_LIMIT_PER_ADDRESS": "1 per minute",
            "AUTH_RATE_LIMIT_PER_USER": "100 per minute",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    http = app.test_client()
    env = {"REMOTE_ADDR": f"10.99.{uuid.uuid4().int % 250}.1"}
    body = {"username": "rcf", "password": "fout", "provider": "db"}
    url = _in_lang("/api/v1/security/login", lang)
    first = http.post(url, json=body, environ_base=env)
    assert first.status_code == 401 and shape_problem(first) is None, first.get_json()
    r = http.post(url, json=body, environ_base=env)
    assert r.status_code == 429, r.status_code
    assert shape_problem(r) is None, shape_problem(r)
    assert r.json["retry_after"] == int(r.headers["Retry-After"]) and r.json["errors"] == {}
    assert ("Probeer het" in r.json["message"]) is (lang == "nl"), r.json["message"]


def test_new_messages_have_english():
    from portal import api_errors
    from translations.en_http import EN

    for name in [n for n in dir(api_errors) if n.isupper() and not n.startswith("_")]:
        value = getattr(api_errors, name)
        if hasattr(value, "_args"):
            assert value._args[0] in EN or value._args[0] == api_errors.SESSION_ENDED._args[0], name
