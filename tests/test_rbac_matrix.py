"""Every role x every endpoint of the app's own URL map and OpenAPI spec (screens and API).

The expectation comes from the declarations, not from the database: ``portal/roles.py``
(``ROLE_RIGHTS``, ``SELF_SERVICE``; the Beheerder holds everything) and, per endpoint, the
permission FAB checks: ``can_`` + ``method_permission_name[method]`` (or the method's
``@permission_name``) on the view's ``class_permission_name``, only if it is in the view's
``base_permissions``. An endpoint whose view function carries no FAB permission check
(``@has_access``, ``@has_access_api``, ``@protect``) fails the test unless it is on the short,
justified allow-list below - so a new unprotected endpoint cannot slip in, whoever adds it.

Nothing in the shared database is changed: denied requests are stopped by the permission
check before the handler runs; allowed writes are sent only to ids that do not exist (so the
handler answers 404/400/422, never 401/403), and allowed writes without any id in the URL are
checked on the permission layer only (FAB's own check, called directly).
"""

from __future__ import annotations

import re

import pytest
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, protect
from flask_appbuilder.security.decorators import permission_name

from portal import roles

# Reachable without a permission, on purpose.
PUBLIC = {
    "static": "static files",
    "appbuilder.static": "FAB's static files",
    "portal_asset": "the portal's hashed stylesheet and script (the login page needs them)",
    "PortalIndexView.index": "home page; shows a login prompt when anonymous",
    "UtilView.back": "redirect to the previous page",
    "LocaleView.index": "language switch (/lang/<locale>)",
    "AuthDBView.login": "login form",
    "AuthDBView.logout": "logout",
    "SecurityApi.login": "JWT login",
    "SecurityApi.refresh": "JWT refresh (needs a refresh token)",
    "health": "load balancer check (/health): states only, no personal data",
}
# FAB's security screens keep their generic "action" routes; the handler itself calls
# sm.has_access(<action permission>, <view>) and redirects when denied. Checked below.
CHECKS_INSIDE = re.compile(
    r"^(UserDBModelView|RoleModelView|UserGroupModelView|PermissionModelView|ViewMenuModelView|"
    r"PermissionViewModelView)\.action(_post)?$"
)
USERS = {
    "beheerder": roles.BEHEERDER,
    "projectleider": roles.PROJECTLEIDER,
    "rcf": roles.RCF,
    "secretaris": roles.SECRETARIS,
    "partner-uwv": roles.KETENPARTNER,
    "privacy": roles.PRIVACY,
}
_GUARDS = {
    "has_access.<locals>.wraps",
    "has_access_api.<locals>.wraps",
    "protect.<locals>._protect.<locals>.wraps",
}
NO_SUCH_ID = "999999"
# Values for URL parameters that are not ids (anything else gets NO_SUCH_ID or "x").
_PARAM_VALUES = {"version": "v1", "group_by": "0", "filename": "x_sep_y.txt", "name": "x"}


def guard_of(view_function) -> str | None:
    """The FAB permission wrapper around a view function, or None when there is none.

    Looks at the code object (``functools.update_wrapper`` copies names, not code), through
    every layer of decoration.
    """
    fn = getattr(view_function, "__func__", view_function)
    while fn is not None:
        code = getattr(fn, "__code__", None)
        if (
            code is not None
            and code.co_qualname in _GUARDS
            and code.co_filename.replace("\\", "/").endswith(
                "flask_appbuilder/security/decorators.py"
            )
        ):
            return code.co_qualname
        fn = getattr(fn, "__wrapped__", None)
    return None


def required_permission(view_function) -> tuple[str, str]:
    """(permission, resource) that FAB's wrapper checks for this view function."""
    view = view_function.__self__
    mapped = (view.method_permission_name or {}).get(view_function.__name__)
    return f"can_{mapped or view_function._permission_name}", view.class_permission_name


def expected_allowed(role: str | None, view_function) -> bool:
    perm, resource = required_permission(view_function)
    if perm not in view_function.__self__.base_permissions:
        return False  # FAB refuses it to everyone, the Beheerder included
    if role is None:
        return False  # nothing is declared for the Public role
    if role == roles.BEHEERDER:
        return True
    if (perm, resource) in roles.SELF_SERVICE:
        return True
    return perm.removeprefix("can_") in roles.ROLE_RIGHTS.get(role, {}).get(resource, ())


def _endpoints(app):
    for rule in app.url_map.iter_rules():
        yield rule, app.view_functions[rule.endpoint], sorted(rule.methods - {"HEAD", "OPTIONS"})


def _guarded(app):
    return [
        (rule, vf, methods)
        for rule, vf, methods in _endpoints(app)
        if rule.endpoint not in PUBLIC and not CHECKS_INSIDE.match(rule.endpoint)
    ]


def _url(rule) -> str:
    def fill(m):
        conv, name = m.group(1) or "", m.group(2)
        if name in _PARAM_VALUES:
            return _PARAM_VALUES[name]
        if conv.startswith("int") or name in ("pk", "rij_id") or name.endswith("_id"):
            return NO_SUCH_ID
        return "x"

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", fill, rule.rule)


def _spec_path(rule) -> str:
    return re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule)


# --- the detector itself ---------------------------------------------------------------


class _Probe(BaseView):
    @expose("/open")
    def open(self):  # no permission check at all
        return "x"

    @expose("/named")
    @permission_name("read")
    def named(self):  # a permission *name* but nobody checks it
        return "x"

    @expose("/guarded")
    @has_access
    def guarded(self):
        return "x"


class _ProbeApi(BaseApi):
    @expose("/open")
    def open(self):
        return "x"

    @expose("/guarded")
    @protect()
    def guarded(self):
        return "x"


def test_detector_tells_protected_from_unprotected_functions():
    assert guard_of(_Probe.open) is None
    assert guard_of(_Probe.named) is None
    assert guard_of(_Probe.guarded) == "has_access.<locals>.wraps"
    assert guard_of(_ProbeApi.open) is None
    assert guard_of(_ProbeApi.guarded) == "protect.<locals>._protect.<locals>.wraps"


# --- the app -----------------------------------------------------------------------------


def test_no_endpoint_is_unprotected_by_accident(app):
    unprotected = sorted(
        f"{rule.endpoint} {rule.rule}"
        for rule, vf, _ in _guarded(app)
        if guard_of(vf) is None or not hasattr(getattr(vf, "__self__", None), "base_permissions")
    )
    assert unprotected == [], (
        "endpoints without a FAB permission check (add @has_access/@protect, or - if public on "
        "purpose - add them to PUBLIC with the reason)"
    )
    assert set(PUBLIC) <= set(app.view_functions), "stale entries in PUBLIC"


def test_openapi_spec_and_url_map_describe_the_same_api(login):
    """Every operation in /api/v1/_openapi is a checked endpoint of the URL map, and every API
    route of the URL map is in the spec (an undocumented API would escape the fuzz tests)."""
    admin = login("beheerder")
    spec = admin.api("GET", "/api/v1/_openapi").json
    app = admin.app
    routes = {
        (_spec_path(rule), m.lower()): rule.endpoint
        for rule, _vf, methods in _endpoints(app)
        if rule.rule.startswith("/api/")
        for m in methods
    }
    ops = {
        (path, method)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert len(ops) > 50
    assert ops - routes.keys() == set(), "in the spec but not served"
    assert routes.keys() - ops == set(), "served under /api/ but missing from the spec"
    for op in ops:
        endpoint = routes[op]
        vf = app.view_functions[endpoint]
        assert endpoint in PUBLIC or guard_of(vf) == "protect.<locals>._protect.<locals>.wraps", (
            op,
            endpoint,
        )


def test_declared_rights_are_what_the_database_holds(app):
    with app.app_context():
        sm = app.appbuilder.sm
        held = {
            name: {(pv.permission.name, pv.view_menu.name) for pv in sm.find_role(name).permissions}
            for name in (*roles.ALL_ROLES, roles.PUBLIC)
        }
        every = {
            (pv.permission.name, pv.view_menu.name)
            for pv in sm.session.query(sm.permissionview_model).all()
        }
    assert held[roles.BEHEERDER] == every
    assert not {p for p in held[roles.PUBLIC] if p[0].startswith("can_")}
    for role, rights in roles.ROLE_RIGHTS.items():
        declared = {(f"can_{a}", r) for r, acts in rights.items() for a in acts}
        assert declared - held[role] == set(), role
        extra = {
            p
            for p in held[role]
            if p[0].startswith("can_") and p not in declared and p not in roles.SELF_SERVICE
        }
        assert extra == set(), (role, extra)


def _user(app, username):
    return app.appbuilder.sm.find_user(username=username)


@pytest.mark.parametrize("username", [None, *USERS])
def test_permission_layer_matches_declarations(app, username):
    """FAB's own check, called directly for every endpoint (incl. writes not sent below)."""
    role = USERS.get(username)
    wrong = []
    with app.app_context():
        sm = app.appbuilder.sm
        user = _user(app, username) if username else None
        for rule, vf, _methods in _guarded(app):
            perm, resource = required_permission(vf)
            in_base = perm in vf.__self__.base_permissions
            actual = in_base and (
                sm._has_view_access(user, perm, resource)
                if user
                else sm.is_item_public(perm, resource)
            )
            if actual != expected_allowed(role, vf):
                wrong.append(f"{rule.endpoint} needs {perm} on {resource}: got {actual}")
    assert wrong == []


def _denied(status: int, location: str, is_api: bool) -> bool:
    if is_api:
        return status in (401, 403)
    return status == 403 or (status == 302 and "/login" in location)


@pytest.mark.parametrize("username", [None, *USERS])
def test_matrix_over_http(app, login, username):
    role = USERS.get(username)
    client = login(username) if username else None
    http = client.http if client else app.test_client()
    wrong, checked = [], 0
    for rule, vf, methods in _guarded(app):
        allowed = expected_allowed(role, vf)
        is_api = rule.rule.startswith("/api/")
        has_params = "<" in rule.rule
        headers = {"Authorization": f"Bearer {client.token}"} if (client and is_api) else {}
        for method in methods:
            if method != "GET" and allowed and not has_params:
                continue  # would really write: covered by test_permission_layer_matches_...
            if allowed and rule.endpoint.endswith(".download") and not is_api:
                if vf.__self__.__module__.startswith("flask_appbuilder"):
                    continue  # FAB's file download of its security views: no files here
            r = http.open(
                _url(rule),
                method=method,
                headers=headers,
                json={} if is_api and method in ("POST", "PUT", "PATCH") else None,
            )
            denied = _denied(r.status_code, r.headers.get("Location", ""), is_api)
            checked += 1
            if denied == allowed or r.status_code >= 500:
                wrong.append(
                    f"{method} {_url(rule)} -> {r.status_code} "
                    f"(expected {'allow' if allowed else 'deny'}: {required_permission(vf)})"
                )
    assert wrong == []
    assert checked > 150


@pytest.mark.parametrize("username", [None, *[u for u in USERS if u != "beheerder"]])
def test_fab_security_actions_follow_declarations(app, login, username):
    """FAB's action routes on its security screens check the action's permission inside."""
    client = login(username) if username else None
    http = client.http if client else app.test_client()
    seen = 0
    for rule, vf, _methods in _endpoints(app):
        if not CHECKS_INSIDE.match(rule.endpoint):
            continue
        view = vf.__self__
        if not view.actions:
            # Nothing to run; FAB answers an unknown action name with a 500 (AttributeError
            # in get_action_permission_name), so there is no request worth sending.
            continue
        for name in view.actions:
            allowed = (
                view.get_action_permission_name(name),
                view.class_permission_name,
            ) in roles.SELF_SERVICE and username is not None
            target = view.actions[name].func.__name__
            if rule.endpoint.endswith("action_post"):
                r = http.post(rule.rule, data={"action": name, "rowid": [NO_SUCH_ID]})
            else:
                r = http.post(_url(rule).replace("/x/", f"/{name}/"))
            seen += 1
            assert r.status_code == 302, (rule.rule, name, r.status_code)
            # Allowed self-service actions lead to their own form; refusals go back.
            went_on = target.lower() in r.headers["Location"].lower()
            assert went_on is allowed, (rule.rule, name, r.headers["Location"])
    assert seen >= 4


def test_public_endpoints_need_no_login(app):
    http = app.test_client()
    for endpoint, url in [
        ("PortalIndexView.index", "/"),
        ("AuthDBView.login", "/login/"),
        ("LocaleView.index", "/lang/nl"),
        ("UtilView.back", "/back"),
    ]:
        assert endpoint in PUBLIC
        r = http.get(url)
        assert r.status_code in (200, 302), (url, r.status_code)
        assert not _denied(r.status_code, r.headers.get("Location", ""), False), url


def test_rights_are_read_once_per_request_and_a_change_shows_on_the_next(tmp_path):
    """portal.security answers FAB's checks from the roles' rights read once per request:
    one query for a page's whole menu, and a right taken away is gone on the next request."""
    import sqlalchemy as sa
    from flask import g
    from flask_login import login_user

    from portal.extensions import db
    from tests.conftest import own_app

    with own_app(tmp_path) as app, app.app_context():
        sm = app.appbuilder.sm
        role = sm.find_role(roles.PRIVACY)
        held = sorted((pv.permission.name, pv.view_menu.name) for pv in role.permissions)
        perm, view = next(p for p in held if p[0] == "can_read")
        statements = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        with app.test_request_context():
            g.user = sm.find_user(username="privacy")
            login_user(g.user)
            before = len(statements)
            assert sm.has_access(perm, view)
            assert not sm.has_access("can_delete_everything", view)
            for menu in list(sm.menu_resources())[:10]:
                sm.has_access("menu_access", menu)
            rights_queries = [s for s in statements[before:] if "ab_permission_view_role" in s]
            assert len(rights_queries) == 1, rights_queries
            sm.del_permission_role(role, sm.find_permission_view_menu(perm, view))
            assert sm.has_access(perm, view)  # this request keeps what it read
        with app.test_request_context():
            g.user = sm.find_user(username="privacy")
            login_user(g.user)
            assert not sm.has_access(perm, view)  # the next one reads the change
