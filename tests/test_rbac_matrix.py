"""Every role x every endpoint of the app's own URL map (screens and API).

The expectation is derived from the rights declared in portal/roles.py as synced into the
database; an endpoint without a FAB permission check fails the test unless it is on the short
list of intentionally public endpoints below, so a new unprotected endpoint cannot slip in.
"""

from __future__ import annotations

import re

import pytest

from portal import roles

# Reachable without a permission: login/logout, the home page (shows a login prompt when
# anonymous), static files, language switch, "back", the JWT login/refresh, and FAB's
# security-view actions (FAB checks each action's permission inside the handler).
PUBLIC = {
    "static",
    "appbuilder.static",
    "PortalIndexView.index",
    "UtilView.back",
    "LocaleView.index",
    "SecurityApi.login",
    "SecurityApi.refresh",
    "AuthDBView.login",
    "AuthDBView.logout",
}
FAB_SECURITY_ACTIONS = re.compile(
    r"^(UserDBModelView|RoleModelView|UserGroupModelView|PermissionModelView|ViewMenuModelView|"
    r"PermissionViewModelView)\.action(_post)?$"
)
USERS = ["beheerder", "projectleider", "rcf", "secretaris", "partner-uwv", "privacy"]
ROLE_OF = {
    "beheerder": roles.BEHEERDER,
    "projectleider": roles.PROJECTLEIDER,
    "rcf": roles.RCF,
    "secretaris": roles.SECRETARIS,
    "partner-uwv": roles.KETENPARTNER,
    "privacy": roles.PRIVACY,
}


def _endpoints(app):
    out = []
    for rule in app.url_map.iter_rules():
        vf = app.view_functions[rule.endpoint]
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        out.append((rule, vf, methods))
    return out


def _role_permissions(app) -> dict[str, set[tuple[str, str]]]:
    with app.app_context():
        sm = app.appbuilder.sm
        return {
            name: {(pv.permission.name, pv.view_menu.name) for pv in sm.find_role(name).permissions}
            for name in roles.ALL_ROLES
        }


def _required(vf) -> tuple[str, str]:
    view = vf.__self__
    perm = (
        f"can_{view.method_permission_name.get(vf.__name__)}"
        if (view.method_permission_name and view.method_permission_name.get(vf.__name__))
        else vf._permission_name
    )
    if not perm.startswith("can_") and perm not in ("resetmypassword",):
        perm = f"can_{perm}"
    return perm, view.class_permission_name


def _url(rule) -> str:
    def fill(m):
        conv = m.group(1) or ""
        if conv.startswith("int") or m.group(2) in ("pk", "project_id", "doc_id", "group_by"):
            return "0" if m.group(2) == "group_by" else "999999"
        # FAB's file views expect their own "<uuid>_sep_<name>" file names.
        return "x_sep_y.txt" if m.group(2) == "filename" else "x"

    return re.sub(r"<(?:(\w+):)?(\w+)>", fill, rule.rule)


def test_no_endpoint_is_unprotected_by_accident(app):
    unprotected = [
        rule.endpoint
        for rule, vf, _ in _endpoints(app)
        if not hasattr(vf, "_permission_name")
        and rule.endpoint not in PUBLIC
        and not FAB_SECURITY_ACTIONS.match(rule.endpoint)
    ]
    assert unprotected == []


def test_declared_rights_are_what_the_database_holds(app):
    held = _role_permissions(app)
    for role, rights in roles.ROLE_RIGHTS.items():
        for resource, actions in rights.items():
            for action in actions:
                assert (f"can_{action}", resource) in held[role], (role, resource, action)
        declared = {(f"can_{a}", r) for r, acts in rights.items() for a in acts}
        extra = {
            p
            for p in held[role]
            if p[0].startswith("can_") and p not in declared and p not in roles.SELF_SERVICE
        }
        assert extra == set(), (role, extra)


def _denied(status: int, location: str, is_api: bool) -> bool:
    if is_api:
        return status in (401, 403)
    return status == 403 or (status == 302 and "/login" in location)


@pytest.mark.parametrize("user", [None, *USERS])
def test_matrix(app, login, user):
    held = _role_permissions(app)
    client = login(user) if user else None
    http = client.http if client else app.test_client()
    checked = 0
    for rule, vf, methods in _endpoints(app):
        if not hasattr(vf, "_permission_name") or FAB_SECURITY_ACTIONS.match(rule.endpoint):
            continue
        needed = _required(vf)
        role = ROLE_OF.get(user)
        allowed = role is not None and needed in held[role]
        is_api = rule.rule.startswith("/api/")
        headers = {"Authorization": f"Bearer {client.token}"} if (client and is_api) else {}
        for method in methods:
            if method != "GET" and allowed and "<" not in rule.rule:
                continue  # an allowed write without a target would really change data
            if allowed and rule.endpoint.endswith(".download"):
                continue  # FAB's unused file download crashes on a missing file
            r = http.open(
                _url(rule),
                method=method,
                headers=headers,
                json={} if is_api and method in ("POST", "PUT") else None,
            )
            denied = _denied(r.status_code, r.headers.get("Location", ""), is_api)
            assert denied is not allowed, (
                f"{user} {method} {rule.rule} -> {r.status_code} (needs {needed})"
            )
            checked += 1
    assert checked > 100
