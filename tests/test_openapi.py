"""The OpenAPI document (/api/v1/_openapi) is valid and complete, as every role sees it.

Validity: openapi-spec-validator finds no error in the spec of any role. Completeness is a walk
over the spec and the URL map, so a new endpoint is held to the same rules without anyone
remembering it: every path parameter is declared (typed as its URL converter), every
operation declares the errors it can give (401/403 where FAB checks a permission, 404 where the
path names a row, 422 where a body is read, 409/412/428 on writes of versioned rows, 429), page
lists declare their pagination, 2xx answers and request bodies have schemas, and FAB's lists of
children are arrays. Each role may read the spec and the Swagger UI, and sees exactly the
operations its rights allow (the declarations of portal/roles.py, as tests/test_rbac_matrix.py
reads them).
"""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator.validation import OpenAPIV30SpecValidator

from models.versioned import Versioned
from portal.openapi import is_page
from tests.test_rbac_matrix import USERS, _spec_path, expected_allowed, guard_of

METHODS = ("get", "put", "post", "patch", "delete")
PROTECTED = "protect.<locals>._protect.<locals>.wraps"
_CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _spec(login, username):
    r = login(username).api("GET", "/api/v1/_openapi")
    assert r.status_code == 200, (username, r.status_code)
    return r.json


@pytest.fixture(scope="module")
def admin_spec(login):
    return _spec(login, "beheerder")


def _ops(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _routes(app):
    """(spec path, method) -> (rule, view function) for every API route of the URL map."""
    out = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            for m in rule.methods - {"HEAD", "OPTIONS"}:
                out[(_spec_path(rule), m.lower())] = (rule, app.view_functions[rule.endpoint])
    return out


def _errors(spec) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in OpenAPIV30SpecValidator(spec).iter_errors()
    ]


def _resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = spec["components"][kind][name]
    return node


# --- validity and access, per role ----------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_spec_validates_as_each_role_sees_it(login, username):
    spec = _spec(login, username)
    assert _errors(spec) == []
    assert len(list(_ops(spec))) > 5


def test_validator_finds_errors_it_should():
    """The check itself: a path parameter nobody declares is an error."""
    broken = {
        "openapi": "3.0.2",
        "info": {"title": "x", "version": "1"},
        "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    assert _errors(broken) != []


@pytest.mark.parametrize("username", [None, *USERS])
def test_every_api_user_reads_the_spec_and_the_swagger_ui(login, app, username):
    client = login(username) if username else None
    http = client.http if client else app.test_client()
    spec = client.api("GET", "/api/v1/_openapi") if client else http.get("/api/v1/_openapi")
    ui = http.get("/swagger/v1")
    if username is None:
        assert spec.status_code == 401
        assert ui.status_code in (302, 401)
    else:
        assert spec.status_code == 200
        assert ui.status_code == 200, ui.status_code
        assert b"/api/v1/_openapi" in ui.data


@pytest.mark.parametrize("username", [u for u in USERS if u != "beheerder"])
def test_each_user_sees_exactly_the_operations_he_may_call(login, app, admin_spec, username):
    spec = _spec(login, username)
    routes = _routes(app)
    mine = {(p, m) for p, m, _ in _ops(spec)}
    everything = {(p, m) for p, m, _ in _ops(admin_spec)}
    assert mine <= everything
    wanted = {
        (p, m)
        for p, m, op in _ops(admin_spec)
        if guard_of(routes[(p, m)][1]) != PROTECTED  # e.g. login and token refresh
        or expected_allowed(USERS[username], routes[(p, m)][1])
    }
    assert mine == wanted, (sorted(mine - wanted), sorted(wanted - mine))
    assert mine != everything  # nobody but the Beheerder may do everything
    assert ("/api/{version}/_openapi", "get") in mine


# --- completeness, on the Beheerder's spec (all operations) ----------------------------------


def test_every_served_operation_is_in_the_spec(app, admin_spec):
    ops = {(p, m) for p, m, _ in _ops(admin_spec)}
    assert set(_routes(app)) == ops
    assert len(ops) > 100


def test_every_path_parameter_is_declared_with_its_type(app, admin_spec):
    routes = _routes(app)
    wrong = []
    for path, method, op in _ops(admin_spec):
        rule, _vf = routes[(path, method)]
        params = {p["name"]: p for p in op.get("parameters", []) if p.get("in") == "path"}
        for conv, name in _CONVERTER.findall(rule.rule):
            # FAB's model APIs take <pk> as a string but document the integer key it is.
            want = (
                {"integer"}
                if conv == "int"
                else {"string", "integer"}
                if name == "pk"
                else {"string"}
            )
            p = params.get(name)
            if p is None or not p.get("required") or p.get("schema", {}).get("type") not in want:
                wrong.append(f"{method.upper()} {path} {name}: {p}")
        if set(params) != set(re.findall(r"\{(\w+)\}", path)):
            wrong.append(f"{method.upper()} {path}: declares {sorted(params)}")
    assert wrong == []


def _versioned_bases(app) -> set[str]:
    return {
        v.route_base
        for v in app.appbuilder.baseviews
        if isinstance(getattr(getattr(v, "datamodel", None), "obj", None), type)
        and issubclass(v.datamodel.obj, Versioned)
        and v.route_base.startswith("/api/")
    }


def test_every_operation_declares_the_errors_it_can_give(app, admin_spec):
    routes = _routes(app)
    versioned = _versioned_bases(app)
    assert "/api/v1/project" in versioned
    missing = []
    for path, method, op in _ops(admin_spec):
        _rule, vf = routes[(path, method)]
        wanted = {"400", "429"}
        if guard_of(vf) == PROTECTED:
            assert op.get("security"), (method, path)
            wanted |= {"401", "403"}
        if "{" in path:
            wanted.add("404")
        if method in ("post", "put", "patch") or "requestBody" in op:
            wanted.add("422")
        if method in ("put", "patch") and any(path.startswith(b + "/") for b in versioned):
            wanted |= {"409", "412", "428"}
            names = {p["name"] for p in op.get("parameters", [])}
            assert "If-Match" in names, (method, path)
        declared = {str(s) for s in op.get("responses", {})}
        for status in sorted(wanted - declared):
            missing.append(f"{method.upper()} {path}: {status}")
        for status in declared:
            if status.startswith(("4", "5")):
                schema = _resolve(admin_spec, op["responses"][status])
                body = schema.get("content", {}).get("application/json", {}).get("schema")
                assert "message" in _resolve(admin_spec, body).get("properties", {}), (
                    method,
                    path,
                    status,
                )
    assert missing == []


def test_success_answers_and_request_bodies_have_schemas(admin_spec):
    """Every 2xx answer with a body says what is in it, typed down to its properties for the
    portal's own endpoints (components in views/api_schemas.py), and every body read has one."""
    untyped = []
    for path, method, op in _ops(admin_spec):
        if not any(str(s).startswith("2") for s in op.get("responses", {})):
            # e.g. a docstring whose YAML does not parse: FAB then documents nothing.
            untyped.append(f"{method.upper()} {path}: no success answer declared")
        for status, response in op.get("responses", {}).items():
            if not str(status).startswith("2") or str(status) == "204":
                continue
            content = _resolve(admin_spec, response).get("content") or {}
            schemas = [c.get("schema") for c in content.values()]
            if not schemas or not all(schemas):
                untyped.append(f"{method.upper()} {path} {status}")
                continue
            for schema in schemas:
                schema = _resolve(admin_spec, schema)
                if schema.get("type") == "object" and not schema.get("properties"):
                    if not path.endswith("/_openapi"):  # the spec itself is any object
                        untyped.append(f"{method.upper()} {path} {status}: bare object")
        body = op.get("requestBody")
        if body:
            for media, c in _resolve(admin_spec, body)["content"].items():
                if not c.get("schema"):
                    untyped.append(f"{method.upper()} {path} body {media}")
    assert untyped == []


def test_page_lists_declare_their_pagination(admin_spec):
    schemas = admin_spec["components"]["schemas"]
    pages = 0
    for path, method, op in _ops(admin_spec):
        if method != "get" or not is_page(op, schemas):
            continue
        pages += 1
        names = {p["name"]: p for p in op.get("parameters", [])}
        if "q" in names:
            # FAB's rison argument: its schema carries page and page_size.
            q = names["q"]["content"]["application/json"]["schema"]
            assert {"page", "page_size"} <= set(_resolve(admin_spec, q)["properties"]), path
        else:
            assert {"page", "page_size"} <= set(names), path
    assert pages > 15  # every model API's list and the signal and coupling pages


def test_lists_of_children_are_arrays(app, admin_spec):
    """FAB's to-many relations in show/list schemas are arrays, as the server returns them."""
    schemas = admin_spec["components"]["schemas"]
    seen = 0
    for view in app.appbuilder.baseviews:
        dm = getattr(view, "datamodel", None)
        if (
            dm is None
            or not view.__class__.__module__.startswith("views.")
            or not hasattr(view, "show_columns")
        ):
            continue
        for kind, columns in (("get", view.show_columns), ("get_list", view.list_columns)):
            props = schemas.get(f"{type(view).__name__}.{kind}", {}).get("properties", {})
            for name in {c.split(".")[0] for c in columns}:
                if name in props and dm.is_relation(name):
                    many = dm.is_relation_one_to_many(name) or dm.is_relation_many_to_many(name)
                    assert (props[name].get("type") == "array") is many, (view, kind, name)
                    seen += many
    project = schemas["ProjectApi.get"]["properties"]
    for name in ("activiteiten", "doelstellingen", "fasen", "gemeenten", "partners", "risicos"):
        assert project[name]["type"] == "array", name
    assert seen >= 6


def test_project_children_come_back_as_the_spec_says(login, ids, admin_spec):
    r = login("projectleider").api("GET", f"/api/v1/project/{ids.project('KEMPEN-HAM')}")
    assert r.status_code == 200, r.status_code
    props = admin_spec["components"]["schemas"]["ProjectApi.get"]["properties"]
    for name, value in r.json["result"].items():
        if name in props and props[name].get("type") == "array":
            assert isinstance(value, list), name
        elif isinstance(value, list):
            pytest.fail(f"{name} is a list the spec does not declare as one")
