"""What a user or client causes is answered clearly, never with a 500 (issue #13, class 3).

(a) Every list endpoint of the OpenAPI spec and every list page of the URL map, as every
    role, with unreadable or hostile query arguments, and every id parameter of the URL map
    with ids beyond the database's integer range: never 5xx, JSON on the API, the portal's
    error page on screens.
(b) Every error status renders in the portal layout (Dutch, English when chosen), for
    anonymous and signed-in users; the API answers JSON. Real triggers where there are any:
    405 by a wrong method, 413 by an oversized upload, 503 by an unreachable database.
(c) Concurrent writes with the same If-Match on every versioned API resource: exactly one
    200, the rest 409 with the conflict message; the lost race itself (``StaleDataError``
    inside the write) is provoked deterministically, on the API and on the edit screen.
"""

from __future__ import annotations

import io
import re
import threading
import uuid

import pytest
import sqlalchemy as sa
from markupsafe import escape

from portal.hardening import ERROR_MESSAGES
from tests.conftest import DEMO_PASSWORD, Client
from tests.test_rbac_matrix import NO_SUCH_ID, USERS, _endpoints, _url, required_permission
from translations.en_glossary import EN

ROLES = [None, *USERS]
CONFLICT = "Iemand anders heeft dit record intussen gewijzigd"
BIG_IDS = (str(2**63), str(2**31))


def _message(status: int, lang: str = "nl") -> str:
    dutch = ERROR_MESSAGES[status]._args[0]
    return EN[dutch] if lang == "en" else dutch


def _is_error_page(r, status: int | None = None) -> bool:
    """The portal's own error page (in the layout), not Werkzeug's or gunicorn's."""
    html = r.get_data(as_text=True)
    code = status or r.status_code
    return (
        r.mimetype == "text/html"
        and f'id="error-{code}"' in html
        and 'class="utrecht-page-header portal-header"' in html
        and "Interventieportaal" in html
        and "Traceback" not in html
    )


def _problems(r, url: str, is_api: bool) -> list[str]:
    """Why this answer is not acceptable for a request a client could send."""
    if r.status_code >= 500:
        return [f"{url} -> {r.status_code}"]
    if r.status_code < 400:
        return []
    if is_api:
        # The API's one error shape (portal/api_errors.py), the JWT layer's answers included.
        if not (
            r.is_json
            and isinstance(r.json, dict)
            and isinstance(r.json.get("message"), str)
            and r.json["message"]
            and isinstance(r.json.get("errors"), dict)
        ):
            return [f"{url} -> {r.status_code} not in the API's error shape"]
        return []
    if r.status_code in (401, 403) or _is_error_page(r):
        return []  # FAB's own 401/403 for anonymous users redirect; a 403 page is checked in (b)
    return [f"{url} -> {r.status_code} not the portal error page"]


def _client(app, login, username, fresh=False):
    """(http, API headers) of a signed-in user. ``fresh``: a session of its own - FAB keeps the
    last list URL in the session and redirects there after a save, so the walk's hostile list
    URLs must not land in the shared clients of other tests."""
    client = (Client(app, username) if fresh else login(username)) if username else None
    http = client.http if client else app.test_client()
    headers = {"Authorization": f"Bearer {client.token}"} if client else {}
    return http, headers


# --- (a) the whole application with hostile input ------------------------------------------

# The parser's failures do not depend on the role (they are refused before the permission
# check): every role gets those on one path, the rest on every list.
PARSE_PROBES = ("(((((", "(a:", "junk", "!(")
Q_PROBES = (
    "(order_column:nietbestaand,order_direction:asc)",
    "(filters:!((col:nietbestaand,opr:eq,value:1)))",
    "(filters:!((col:id,opr:eq,value:99999999999999999999)))",
    "(page:99999999999999999999,page_size:10)",
    "(page:2147483648,page_size:25,order_column:id,order_direction:drop)",
)


def _api_list_paths(spec) -> list[str]:
    """GET operations of the spec that take the rison argument q and need no path value."""
    return sorted(
        path
        for path, item in spec["paths"].items()
        if "{" not in path
        and any(p.get("name") == "q" for p in item.get("get", {}).get("parameters", []))
    )


@pytest.fixture(scope="module")
def spec(login):
    return login("beheerder").api("GET", "/api/v1/_openapi").json


@pytest.mark.parametrize("username", ROLES)
def test_api_lists_refuse_bad_arguments_clearly(app, login, spec, username):
    http, headers = _client(app, login, username)
    paths = _api_list_paths(spec)
    assert len(paths) > 20
    wrong = []
    for path in paths:
        for q in (*Q_PROBES, *(PARSE_PROBES if path == paths[0] else ())):
            r = http.get(path, query_string={"q": q}, headers=headers)
            wrong += _problems(r, f"{path}?q={q}", is_api=True)
    assert wrong == []


def test_unreadable_q_is_a_dutch_400(login):
    r = login("beheerder").api("GET", "/api/v1/project/", query_string={"q": "((((("})
    assert r.status_code == 400
    assert "geen geldige Rison of JSON" in r.json["message"]


def _list_pages(app):
    for rule, vf, methods in _endpoints(app):
        if rule.endpoint.endswith(".list") and "<" not in rule.rule and "GET" in methods:
            yield rule.rule, type(vf.__self__).__name__, vf.__self__


def _screen_probes(name: str, view) -> list[dict[str, str]]:
    probes = [
        {f"_oc_{name}": "naam;drop"},
        {f"_oc_{name}": "nietbestaand", f"_od_{name}": "asc"},
        {"_flt_0_nietbestaand": "1", f"_od_{name}": "drop"},
        {f"page_{name}": "99999999999999999999", f"psize_{name}": "0"},
        {f"psize_{name}": "99999999999999999999", f"page_{name}": "-5"},
    ]
    for column in list(getattr(view, "search_columns", []) or [])[:2]:
        probes.append({f"_flt_0_{column}": str(2**63), f"_flt_1_{column}": "((((("})
    return probes


@pytest.mark.parametrize("username", ROLES)
def test_list_pages_refuse_bad_arguments_clearly(app, login, username):
    http, _ = _client(app, login, username, fresh=True)
    pages = list(_list_pages(app))
    assert len(pages) > 10
    wrong = []
    for url, name, view in pages:
        for args in _screen_probes(name, view):
            r = http.get(url, query_string=args)
            wrong += _problems(r, f"{url}?{args}", is_api=False)
    assert wrong == []


def _id_rules(app):
    for rule, _vf, methods in _endpoints(app):
        names = re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", rule.rule)
        if any(c.startswith("int") or n in ("pk", "rij_id") or n.endswith("_id") for c, n in names):
            yield rule, methods


@pytest.mark.parametrize("username", ROLES)
def test_ids_beyond_the_integer_range_are_not_found(app, login, username):
    http, headers = _client(app, login, username, fresh=True)
    wrong, checked = [], 0
    for rule, methods in _id_rules(app):
        is_api = rule.rule.startswith("/api/")
        # The range check comes before the permission check: one role gets both values.
        for big in BIG_IDS if username == "beheerder" else BIG_IDS[:1]:
            url = _url(rule).replace(NO_SUCH_ID, big)
            for method in methods:
                r = http.open(
                    url,
                    method=method,
                    headers=headers if is_api else {},
                    json={} if is_api and method in ("POST", "PUT", "PATCH") else None,
                )
                checked += 1
                wrong += _problems(r, f"{method} {url}", is_api)
    assert wrong == []
    assert checked > 150


# --- (b) every error status in the portal layout -------------------------------------------

STATUSES = (400, 403, 404, 405, 409, 413, 422, 429, 500, 503)


@pytest.fixture(scope="module")
def probe_app(database_url):
    """An app of its own with routes that end in each status (and in the exceptions that map
    to one), served the way production serves them: exceptions are not propagated."""
    from flask import abort
    from sqlalchemy.orm.exc import StaleDataError

    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "PROPAGATE_EXCEPTIONS": False,
            "AUTH_RATE_LIMIT": "10000 per minute",
            "MAX_CONTENT_LENGTH": 1024,
        }
    )

    def status(code: int):
        abort(code)

    def crash():
        raise RuntimeError("a bug")

    def stale():
        raise StaleDataError("UPDATE statement on table 'x' expected to update 1 row(s)")

    def database_away():
        raise sa.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))

    for prefix in ("/_probe", "/api/v1/_probe"):
        app.add_url_rule(f"{prefix}/<int:code>", f"{prefix}-status", status)
        app.add_url_rule(f"{prefix}/crash", f"{prefix}-crash", crash)
        app.add_url_rule(f"{prefix}/stale", f"{prefix}-stale", stale)
        app.add_url_rule(f"{prefix}/away", f"{prefix}-away", database_away)
    return app


def _probe_client(app, username, lang):
    c = app.test_client()
    if username:
        r = c.post("/login/", data={"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 302
    c.get(f"/lang/{lang}")
    return c


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("username", [None, "projectleider"])
def test_every_status_is_the_portal_page_or_json(probe_app, username, lang):
    c = _probe_client(probe_app, username, lang)
    for code in STATUSES:
        page = c.get(f"/_probe/{code}")
        assert page.status_code == code
        assert _is_error_page(page), (code, page.get_data(as_text=True)[:300])
        html = page.get_data(as_text=True)
        assert str(escape(_message(code, lang))) in html, (code, lang)
        # Signed in, the page carries the user's menu (logout); the 503 page needs no database.
        assert ("/logout/" in html) is (username is not None and code != 503), code
        api = c.get(f"/api/v1/_probe/{code}")
        assert api.status_code == code and api.is_json
        assert api.json["message"] == _message(code, lang)
    for path, code in (("crash", 500), ("stale", 409), ("away", 503)):
        page, api = c.get(f"/_probe/{path}"), c.get(f"/api/v1/_probe/{path}")
        assert page.status_code == api.status_code == code, path
        assert _is_error_page(page), path
        assert api.json["message"] == _message(code, lang)
        if code == 503:
            assert page.headers["Retry-After"] == api.headers["Retry-After"] == "30"


@pytest.mark.parametrize("username", [None, "secretaris"])
def test_real_triggers(probe_app, username, ids):
    c = _probe_client(probe_app, username, "nl")
    r = c.delete("/")  # 405: wrong method
    assert r.status_code == 405 and _is_error_page(r)
    assert c.delete("/api/v1/project/").status_code == 405
    assert c.delete("/api/v1/project/").is_json
    r = c.get(f"/projectview/show/{2**63}")  # stopped before the user is loaded
    assert r.status_code == 404 and _is_error_page(r)
    edit = c.get(f"/projectview/edit/{ids.project('KEMPEN-HAM')}")
    if username is None:
        assert edit.status_code == 302 and "/login" in edit.headers["Location"]
    else:
        # The secretaris may read projects but not edit them: the portal's 403, in Dutch.
        assert edit.status_code == 403 and _is_error_page(edit)
        assert _message(403) in edit.get_data(as_text=True)
        assert "Forbidden" not in edit.get_data(as_text=True)


# What a screen user can really run into, per status: (method, screen path, API path).
REAL_TRIGGERS = {
    400: ("GET", "/projectview/list/?_oc_ProjectView=geen_kolom", "/api/v1/project/?q=((((("),
    403: ("GET", "/projectview/edit/{pid}", "/api/v1/project/{pid}"),
    404: ("GET", "/bestaat-niet/", "/api/v1/bestaat-niet/"),
    405: ("DELETE", "/", "/api/v1/project/"),
}
WERKZEUG = ("Forbidden", "Not Found", "Method Not Allowed", "Bad Request", "The server")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_real_triggers_answer_in_the_users_language(probe_app, ids, lang):
    """400, 403, 404 and 405 as a signed-in screen user meets them (FAB's access denied is
    Werkzeug's abort(403)): the portal's page in the chosen language, never Werkzeug's own
    page; the API answers the same statuses in JSON."""
    c = _probe_client(probe_app, "secretaris", lang)
    pid = ids.project("KEMPEN-HAM")
    for status, (method, screen, api) in REAL_TRIGGERS.items():
        page = c.open(screen.format(pid=pid), method=method, headers={"Accept": "text/html"})
        html = page.get_data(as_text=True)
        assert page.status_code == status, (screen, page.status_code)
        assert _is_error_page(page, status), (screen, html[:300])
        assert f'lang="{lang}"' in html
        assert str(escape(_message(status, lang))) in html, (status, lang)
        assert not any(text in html for text in WERKZEUG), (status, html[:300])
        if status == 403:  # the secretaris may read the project over the API; edit it not
            answer = c.open(api.format(pid=pid), method="PUT", json={"naam": "x"})
        else:
            answer = c.open(api.format(pid=pid), method=method)
        assert answer.status_code == status and answer.is_json, (api, answer.status_code)
        assert answer.json.get("message"), (api, answer.json)


def test_oversized_request_is_413_before_and_after_sign_in(app, login, database_url):
    """With CSRF on (as in production) the form is read before the user is loaded; that 413
    crashed the error page. A cookie of the signed-in test app stands for a signed-in user."""
    from portal import create_app

    small = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAX_CONTENT_LENGTH": 1024,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    cookie = login("secretaris").http.get_cookie("session")
    for signed_in in (False, True):
        c = small.test_client()
        if signed_in:
            c.set_cookie("session", cookie.value)
        big = {"bestand": (io.BytesIO(b"x" * 5000), "groot.csv")}
        r = c.post("/projectview/add", data=big, content_type="multipart/form-data")
        assert r.status_code == 413 and _is_error_page(r)
        html = r.get_data(as_text=True)
        assert _message(413) in html and ("/logout/" in html) is signed_in
    token = login("beheerder").token
    body = b"{" + b" " * 5000 + b"}"
    api = small.test_client().post(
        "/api/v1/project/",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 413 and api.is_json and api.json["message"] == _message(413)


def test_unreachable_database_is_503_with_retry_after(app, database_url):
    """An app whose engine points at a port where no database listens; a session cookie of a
    signed-in user from the working app is sent along (it cannot be checked either)."""
    from portal import create_app

    signed_in = app.test_client()
    signed_in.post("/login/", data={"username": "projectleider", "password": DEMO_PASSWORD})
    cookie = signed_in.get_cookie("session")
    down = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/nergens",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    for with_cookie in (False, True):
        c = down.test_client()
        if with_cookie and cookie is not None:
            c.set_cookie("session", cookie.value)
        for url in ("/", "/projectview/list/", "/login/"):
            r = c.get(url)
            assert r.status_code == 503, (url, r.status_code)
            assert r.headers["Retry-After"] == "30"
            assert _is_error_page(r) and _message(503) in r.get_data(as_text=True)
        api = c.get("/api/v1/project/", headers={"Authorization": "Bearer x.y.z"})
        assert api.status_code in (401, 422, 503), api.status_code
        r = c.post(
            "/api/v1/security/login",
            json={"username": "rcf", "password": DEMO_PASSWORD, "provider": "db"},
        )
        assert r.status_code == 503 and r.is_json and r.headers["Retry-After"] == "30"
        assert r.json["message"] == _message(503)


# --- (c) concurrent writes and the lost race ------------------------------------------------


def _versioned_apis(app):
    from views.base import PortalApi, is_versioned

    seen = {}
    for rule in app.url_map.iter_rules():
        view = getattr(app.view_functions[rule.endpoint], "__self__", None)
        if (
            isinstance(view, PortalApi)
            and "PUT" in rule.methods
            and required_permission(app.view_functions[rule.endpoint])[0] in view.base_permissions
            and is_versioned(view.datamodel.obj)
        ):
            seen[view.resource_name] = view
    return seen


def _changes(app, view, pk):
    """Columns the API edits and a function giving the n-th different value for each: a
    marker for plain text, the opposite for a yes/no column."""
    from portal.extensions import db

    model = view.datamodel.obj
    with app.app_context():
        row = db.session.get(model, pk)
        current = {c.key: getattr(row, c.key) for c in model.__table__.columns}
    out = []
    for name in view.edit_columns:
        column = model.__table__.c.get(name)
        if column is None or isinstance(column.type, sa.Enum):
            continue
        if isinstance(column.type, sa.Boolean):
            out.append((name, lambda n, v=current[name]: not v))
        elif isinstance(column.type, sa.String) and (column.type.length or 100) >= 12:
            out.append((name, lambda n: f"r{n}-{uuid.uuid4().hex[:6]}"))
    return sorted(out, key=lambda c: c[0] in ("code", "email", "telefoon", "naam"))


def _first_row(admin, resource) -> int | None:
    r = admin.api("GET", f"/api/v1/{resource}/", query_string={"q": "(page_size:1)"})
    assert r.status_code == 200, (resource, r.status_code)
    return r.json["ids"][0] if r.json["ids"] else None


def _put(http, token, resource, pk, body, version):
    return http.put(
        f"/api/v1/{resource}/{pk}",
        json=body,
        headers={"Authorization": f"Bearer {token}", "If-Match": str(version)},
    )


def _version(app, view, pk) -> int:
    from portal.extensions import db

    with app.app_context():
        return db.session.get(view.datamodel.obj, pk).lock_version


def _writable(app, admin, resource, view, pk):
    """(column, value of the n-th writer) for a change the API accepts, found by trying."""
    for column, value in _changes(app, view, pk):
        body = {column: value(0)}
        if (
            _put(admin.http, admin.token, resource, pk, body, _version(app, view, pk)).status_code
            == 200
        ):
            return column, dict(_changes(app, view, pk))[column]  # values from the new state
    return None, None


def _editable_row(app, admin, resource, view):
    """(pk, column, value) of the first of a few rows the API accepts a change of; a row a
    rule has frozen (e.g. an agreement on a published message) is passed over. (None, ...)
    when there is no row or only relations to edit."""
    r = admin.api("GET", f"/api/v1/{resource}/", query_string={"q": "(page_size:10)"})
    assert r.status_code == 200, (resource, r.status_code)
    rows = [pk for pk in r.json["ids"] if _changes(app, view, pk)]
    for pk in rows:
        column, value = _writable(app, admin, resource, view, pk)
        if column:
            return pk, column, value
    return (rows[0], None, None) if rows else (None, None, None)


def _race(app, token, url, column, value, version, writers=4):
    """``writers`` PUTs of the same version, released together, each on a client of its own."""
    barrier, answers = threading.Barrier(writers), []

    def write(n):
        http = app.test_client()
        barrier.wait()
        r = http.put(
            url,
            json={column: value(n)},
            headers={"Authorization": f"Bearer {token}", "If-Match": str(version)},
        )
        answers.append((r.status_code, r.get_json(silent=True) or {}))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return answers


@pytest.fixture
def restored(app, login):
    """The first rows of every versioned API resource as they were: the race tests change
    one of them, and other tests of the shared database rely on the demo values (e.g. region
    names)."""
    from portal.extensions import db

    admin = login("beheerder")
    saved = []
    with app.app_context():
        for resource, view in _versioned_apis(app).items():
            r = admin.api("GET", f"/api/v1/{resource}/", query_string={"q": "(page_size:10)"})
            table = view.datamodel.obj.__table__
            for pk in r.json["ids"]:
                row = db.session.execute(sa.select(table).where(table.c.id == pk)).one()
                saved.append((table, pk, dict(row._mapping)))
    yield
    with app.app_context():
        for table, pk, values in saved:
            values.pop("lock_version", None)
            db.session.execute(table.update().where(table.c.id == pk).values(**values))
        db.session.commit()


def test_concurrent_puts_with_one_version_one_wins(app, login, restored):
    admin = login("beheerder")
    raced = []
    for resource, view in sorted(_versioned_apis(app).items()):
        pk, column, value = _editable_row(app, admin, resource, view)
        if pk is None:
            continue  # no row, or only relations to edit: nothing to race on
        assert column, f"{resource}: no column the API accepts a change of"
        version = _version(app, view, pk)
        answers = _race(app, admin.token, f"/api/v1/{resource}/{pk}", column, value, version)
        codes = sorted(code for code, _ in answers)
        assert codes == [200, 409, 409, 409], (resource, answers)
        for code, body in answers:
            if code == 409:
                assert CONFLICT in body["message"] and body["lock_version"] == version + 1
        raced.append(resource)
    assert len(raced) >= 10, raced


class _CompetingWrite:
    """Commits a change of the row, on a connection of its own, just before the request's
    first flush of that row: its UPDATE then finds the version gone (StaleDataError) - the
    race a concurrent request can win at any moment between the version check and the write.
    """

    def __init__(self):
        self.installed = []
        self.fired = []

    def arm(self, model) -> None:
        from portal.extensions import db

        table = model.__table__

        def before_update(_mapper, _connection, target):
            if self.fired:
                return
            self.fired.append(target.id)
            with db.engine.connect() as other:
                other.execute(
                    table.update()
                    .where(table.c.id == target.id)
                    .values(lock_version=table.c.lock_version + 1)
                )
                other.commit()

        self.fired = []
        sa.event.listen(model, "before_update", before_update)
        self.installed.append((model, before_update))

    def disarm(self) -> None:
        while self.installed:
            model, fn = self.installed.pop()
            sa.event.remove(model, "before_update", fn)


@pytest.fixture
def competing_write():
    race = _CompetingWrite()
    yield race
    race.disarm()


def test_lost_race_on_every_versioned_api_is_409(app, login, competing_write, restored):
    admin = login("beheerder")
    checked = []
    for resource, view in sorted(_versioned_apis(app).items()):
        pk, column, value = _editable_row(app, admin, resource, view)
        if pk is None:
            continue  # no row, or only relations to edit: nothing to race on
        assert column, f"{resource}: no column the API accepts a change of"
        version = _version(app, view, pk)
        lost = value(1)
        competing_write.arm(view.datamodel.obj)
        r = _put(admin.http, admin.token, resource, pk, {column: lost}, version)
        competing_write.disarm()
        assert competing_write.fired == [pk], resource
        assert r.status_code == 409, (resource, r.status_code, r.get_data(as_text=True)[:200])
        assert CONFLICT in r.json["message"] and r.json["lock_version"] == version + 1
        from portal.extensions import db

        with app.app_context():
            after = db.session.get(view.datamodel.obj, pk)
            assert getattr(after, column) != lost, resource
        checked.append(resource)
    assert len(checked) >= 10, checked


def test_lost_race_on_the_edit_screen_shows_the_conflict(app, login, ids, competing_write):
    from models import Risico
    from portal.extensions import db
    from tests.test_audit_locking import _lock

    with app.app_context():
        row = Risico(project_id=ids.project("KEMPEN-HAM"), risico="Race", beheersmaatregel="x")
        db.session.add(row)
        db.session.commit()
        rid = row.id
    client = login("projectleider")
    form = client.get(f"/risicoview/edit/{rid}").get_data(as_text=True)
    competing_write.arm(Risico)
    r = client.post(
        f"/risicoview/edit/{rid}",
        data={"risico": "Verloren", "beheersmaatregel": "y", "lock_token": _lock(form)},
        follow_redirects=True,
    )
    competing_write.disarm()
    assert competing_write.fired == [rid]
    assert r.status_code == 200
    assert CONFLICT in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Risico, rid).risico == "Race"
