"""Corrections to the OpenAPI document FAB generates, so it describes what the API returns.

FAB's generic docstrings document integer primary keys as strings, ``_info`` column lists as
objects, validation messages as plain strings (they are objects per field) and menu
separators not at all. Clients and the schemathesis tests rely on an accurate spec.

Rules that hold for every operation are applied here rather than in each docstring (issue
#17): path parameters typed from the URL map, the error answers (one ``Fout`` body), pagination,
FAB's to-many relations as arrays, an ``operationId`` per endpoint, and each user sees only
the operations he may call. The custom endpoints' bodies are in ``views/api_schemas.py``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, g, has_app_context, has_request_context

from portal import roles
from portal.idempotency import applies

_MESSAGE = {"anyOf": [{"type": "string"}, {"type": "object"}]}
_COLUMN_INFO = {"type": "array", "items": {"type": "object"}}


def _walk_schemas(node: Any):
    if isinstance(node, dict):
        if node.get("type") == "object" and isinstance(node.get("properties"), dict):
            yield node
        for value in node.values():
            yield from _walk_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_schemas(value)


def _fix_formats(node: Any) -> None:
    """Timestamps are UTC without an offset, which JSON Schema's date-time does not allow."""
    if isinstance(node, dict):
        if node.get("format") == "date-time":
            node.pop("format")
            node.setdefault("description", "UTC, ISO 8601 zonder tijdzone")
        for value in node.values():
            _fix_formats(value)
    elif isinstance(node, list):
        for value in node:
            _fix_formats(value)


_IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Optioneel, per gebruiker uniek (bijv. een UUID). Een herhaling met dezelfde sleutel en "
        "hetzelfde verzoek krijgt het eerste antwoord terug (kopregel Idempotent-Replayed: true) "
        "en maakt niets nieuws; dezelfde sleutel met een ander verzoek geeft 422, terwijl het "
        "eerste nog loopt 409. Sleutels blijven 24 uur bewaard (docs/security.md, Idempotency)."
    ),
}


def _add_idempotency_key(spec: dict[str, Any]) -> None:
    """Every creating request takes the header (portal/idempotency.py, one rule for all)."""

    for path, ops in spec.get("paths", {}).items():
        op = ops.get("post")
        if isinstance(op, dict) and applies("POST", path):
            params = op.setdefault("parameters", [])
            if all(p.get("name") != "Idempotency-Key" for p in params if isinstance(p, dict)):
                params.append(dict(_IDEMPOTENCY_KEY))


def fix_spec(spec: dict[str, Any]) -> dict[str, Any]:
    _fix_formats(spec)
    _add_idempotency_key(spec)
    _declare_path_parameters(spec)
    _declare_errors(spec)
    _declare_pagination(spec)
    _to_many_as_arrays(spec)
    _declare_http_conventions(spec)
    _operation_ids(spec)
    _only_callable(spec)
    for schema in _walk_schemas(spec.get("components", {}).get("responses", {})):
        if "message" in schema["properties"]:
            schema["properties"]["message"] = dict(_MESSAGE)
    for path, ops in spec.get("paths", {}).items():
        for op in ops.values():
            if not isinstance(op, dict):
                continue
            for status, response in op.get("responses", {}).items():
                if not isinstance(response, dict):
                    continue
                for schema in _walk_schemas(response.get("content", {})):
                    props = schema["properties"]
                    ids = props.get("ids")
                    if isinstance(ids, dict) and ids.get("items", {}).get("type") == "string":
                        ids["items"] = {"type": "integer"}
                    if (
                        status in ("200", "201")
                        and props.get("id", {}).get("type") == "string"
                        and "{pk}" not in path
                    ):
                        props["id"] = {"type": "integer"}
                    if "message" in props and str(status).startswith("4"):
                        props["message"] = dict(_MESSAGE)
                    if path.endswith("/_info"):
                        for key in ("add_columns", "edit_columns"):
                            if key in props:
                                props[key] = dict(_COLUMN_INFO)
                    if path.endswith("/menu/") and "result" in props:
                        props["result"] = {"type": "array", "items": {}}
    return spec


# --- rules that hold for every operation (tests/test_openapi.py walks the spec for them) ------

_METHODS = ("get", "put", "post", "patch", "delete")
_TEMPLATE = re.compile(r"\{([^}]+)\}")
_RULE_ARG = re.compile(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([^<>]+)>")
_CONVERTER_TYPES = {"int": "integer", "float": "number"}

_ERROR = {
    "type": "object",
    "properties": {
        "message": dict(_MESSAGE),
        "errors": {
            "type": "object",
            "description": "Meldingen per veld; '_' betreft het verzoek als geheel",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "lock_version": {"type": "integer", "description": "De huidige versie (409/412/428)"},
        "retry_after": {"type": "integer", "description": "Seconden (429)"},
    },
}
_ERRORS = {
    "400": "Ongeldig verzoek",
    "401": "Niet (meer) aangemeld: token ontbreekt, is verlopen of ingetrokken",
    "403": "Geen recht op deze handeling",
    "404": "Bestaat niet, of valt buiten wat deze gebruiker mag zien",
    "409": "Het record is intussen gewijzigd (If-Match is verouderd)",
    "412": "If-Match past niet bij de huidige versie",
    "422": "De inhoud voldoet niet aan de regels",
    "428": "If-Match ontbreekt: stuur de versie (ETag of lock_version) mee",
    "429": "Te veel verzoeken; zie Retry-After",
    "500": "Fout in de server",
}
_PAGE_PARAMETERS = (
    {
        "in": "query",
        "name": "page",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
        "description": "Paginanummer, vanaf 1",
    },
    {
        "in": "query",
        "name": "page_size",
        "schema": {"type": "integer", "minimum": 1},
        "description": "Aantal per pagina (de server begrenst het)",
    },
)


def _operations(spec: dict[str, Any]):
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op


def _path_types() -> dict[str, dict[str, str]]:
    """Per spec path the JSON type of each URL argument, read from the app's URL map."""
    if not has_app_context():
        return {}
    cache = current_app.extensions.setdefault("portal_openapi", {})
    if "path_types" not in cache:
        out: dict[str, dict[str, str]] = {}
        endpoints: dict[tuple[str, str], str] = {}
        for rule in current_app.url_map.iter_rules():
            types = {
                name: _CONVERTER_TYPES.get(conv or "", "string")
                for conv, name in _RULE_ARG.findall(rule.rule)
            }
            path = _RULE_ARG.sub(lambda m: "{" + m.group(2) + "}", rule.rule)
            out[path] = types
            for method in rule.methods or ():
                endpoints[(path, method.lower())] = rule.endpoint
        cache["path_types"] = out
        cache["endpoints"] = endpoints
    return cache["path_types"]


def _declare_path_parameters(spec: dict[str, Any]) -> None:
    """Every ``{name}`` of a path is a required parameter of each of its operations, typed as
    the URL converter reads it (``<int:...>`` an integer, else a string)."""
    types = _path_types()
    for path, _method, op in _operations(spec):
        names = _TEMPLATE.findall(path)
        if not names:
            continue
        params = op.setdefault("parameters", [])
        declared = {p.get("name"): p for p in params if p.get("in") == "path"}
        for name in names:
            kind = types.get(path, {}).get(name, "string")
            param = declared.get(name)
            if param is None:
                param = {"in": "path", "name": name}
                params.append(param)
            param["required"] = True
            schema = param.setdefault("schema", {"type": kind})
            if kind == "integer" and schema.get("type") != "integer":
                param["schema"] = {"type": "integer"}
        # A declared path parameter the path does not have is an error in the spec.
        op["parameters"] = [p for p in params if p.get("in") != "path" or p.get("name") in names]


def _versioned_resources() -> set[str]:
    """Route bases (``/api/v1/project``) of model APIs whose rows carry ``lock_version``."""
    if not has_app_context():
        return set()
    cache = current_app.extensions.setdefault("portal_openapi", {})
    if "versioned" not in cache:
        from models.versioned import Versioned

        cache["versioned"] = {
            view.route_base
            for view in current_app.appbuilder.baseviews
            if isinstance(getattr(getattr(view, "datamodel", None), "obj", None), type)
            and issubclass(view.datamodel.obj, Versioned)
            and getattr(view, "route_base", "").startswith("/api/")
        }
    return cache["versioned"]


def _declare_errors(spec: dict[str, Any]) -> None:
    """The errors an operation can give, declared on each: 401/403 where a permission is
    checked, 404 where the path names a row, 422 where a body is read, 409/412/428 on writes
    of versioned rows, 400 and 429 everywhere (unreadable input; rate limits)."""
    responses = spec.setdefault("components", {}).setdefault("responses", {})
    spec["components"].setdefault("schemas", {})["Fout"] = dict(_ERROR)
    for status, description in _ERRORS.items():
        responses[status] = {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fout"}}},
        }
    versioned = _versioned_resources()
    for path, method, op in _operations(spec):
        wanted = {"400", "429"}
        if op.get("security"):
            wanted |= {"401", "403"}
        if _TEMPLATE.search(path):
            wanted.add("404")
        if op.get("requestBody") or method in ("post", "put", "patch"):
            wanted.add("422")
        if method in ("put", "patch") and any(path.startswith(base + "/") for base in versioned):
            wanted |= {"409", "412", "428"}
            params = op.setdefault("parameters", [])
            if all(p.get("name") != "If-Match" for p in params):
                params.append(
                    {
                        "in": "header",
                        "name": "If-Match",
                        # Or lock_version in the body (views/base.py); one of the two, else 428.
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "De versie die u bewerkt: de ETag van de GET (of "
                        "lock_version als getal). Zonder If-Match moet lock_version in de body; "
                        "allebei weg geeft 428. Beide gegeven: If-Match telt.",
                    }
                )
        out = op.setdefault("responses", {})
        for status, response in list(out.items()):
            # A docstring's bare "404: {description: Not found}" gets the error body.
            if str(status) in _ERRORS and not {"content", "$ref"} & set(response):
                out[status] = {"$ref": f"#/components/responses/{status}"}
        for status in sorted(wanted):
            if status not in out and int(status) not in out:
                out[status] = {"$ref": f"#/components/responses/{status}"}


_HEADER = {"schema": {"type": "string"}}
_API_KEY_SCHEME = {
    "type": "apiKey",
    "in": "header",
    "name": "X-API-Key",
    "description": "De API-sleutel van het systeem van een ketenpartner (ook als "
    "'Authorization: ApiKey <sleutel>'); zie docs/api.md",
}


def _declare_http_conventions(spec: dict[str, Any]) -> None:
    """The headers views/base.py and views/jobs.py send (portal/api_errors.py for errors):
    ETag on a versioned row's GET and PUT (If-None-Match gives 304), Location on every 201
    and 202, WWW-Authenticate on 401, Retry-After on 429; the API key as it is presented."""
    components = spec.setdefault("components", {})
    components.setdefault("securitySchemes", {})["api_key"] = dict(_API_KEY_SCHEME)
    fout = components.setdefault("schemas", {}).get("Fout")
    if fout is not None:
        fout["properties"]["message"] = {"type": "string"}
        fout["required"] = ["message", "errors"]
    responses = components.setdefault("responses", {})
    for status, header in (("401", "WWW-Authenticate"), ("429", "Retry-After")):
        if status in responses:
            responses[status].setdefault("headers", {})[header] = dict(_HEADER)
    versioned = _versioned_resources()
    for path, method, op in _operations(spec):
        out = op.get("responses", {})
        for status in ("201", "202"):
            answer = out.get(status, out.get(int(status)))
            if isinstance(answer, dict) and "$ref" not in answer:
                answer.setdefault("headers", {})["Location"] = {
                    "description": "Waar het gemaakte record (201) of de taak (202) staat",
                    **_HEADER,
                }
        row = path.endswith("/{pk}") and any(path == base + "/{pk}" for base in versioned)
        if not row or method not in ("get", "put"):
            continue
        ok = out.get("200", out.get(200))
        if isinstance(ok, dict) and "$ref" not in ok:
            ok.setdefault("headers", {})["ETag"] = {
                "description": "De versie van het record: stuur hem terug in If-Match",
                **_HEADER,
            }
        if method == "get":
            params = op.setdefault("parameters", [])
            if all(p.get("name") != "If-None-Match" for p in params):
                params.append(
                    {"in": "header", "name": "If-None-Match", "required": False, **_HEADER}
                )
            out.setdefault("304", {"description": "Niet gewijzigd sinds deze ETag"})


def _declare_pagination(spec: dict[str, Any]) -> None:
    """A GET answering one page (``count`` and a ``result`` list) takes ``page`` and
    ``page_size``, unless FAB's rison ``q`` carries them (its get_list_schema)."""
    schemas = spec.get("components", {}).get("schemas", {})
    for _path, method, op in _operations(spec):
        if method != "get" or not is_page(op, schemas):
            continue
        params = op.setdefault("parameters", [])
        names = {p.get("name") for p in params}
        if "q" in names:
            continue
        for param in _PAGE_PARAMETERS:
            if param["name"] not in names:
                params.append(dict(param))


def _resolve(node: Any, schemas: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = schemas.get(node["$ref"].rsplit("/", 1)[-1], {})
    return node


def is_page(op: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """Whether the operation's 200 answer is one page of a list (``count`` + ``result`` [])."""
    ok = op.get("responses", {}).get("200") or op.get("responses", {}).get(200) or {}
    schema = _resolve(ok.get("content", {}).get("application/json", {}).get("schema"), schemas)
    props = (schema or {}).get("properties", {})
    return "count" in props and _resolve(props.get("result"), schemas).get("type") == "array"


def _to_many_relations() -> dict[str, set[str]]:
    """Per FAB schema component (``ProjectApi.get``...) its one-to-many / many-to-many fields."""
    if not has_app_context():
        return {}
    cache = current_app.extensions.setdefault("portal_openapi", {})
    if "to_many" not in cache:
        out: dict[str, set[str]] = {}
        for view in current_app.appbuilder.baseviews:
            datamodel = getattr(view, "datamodel", None)
            if datamodel is None or not hasattr(view, "show_columns"):
                continue
            columns = {
                c.split(".")[0] for c in [*(view.show_columns or []), *(view.list_columns or [])]
            }
            kinds = {}
            for c in columns:
                if not datamodel.is_relation(c):
                    continue
                if datamodel.is_relation_one_to_many(c) or datamodel.is_relation_many_to_many(c):
                    kinds[c] = "many"
                elif datamodel.is_relation_many_to_one(c) and datamodel.is_nullable(c):
                    kinds[c] = "optional"
            if kinds:
                name = type(view).__name__
                for suffix in ("get", "get_list"):
                    out[f"{name}.{suffix}"] = kinds
        cache["to_many"] = out
    return cache["to_many"]


def _to_many_as_arrays(spec: dict[str, Any]) -> None:
    """FAB documents a list of children as a single object (or, for a relation listed without
    its columns, as one id) while the server returns a list: make each such field an array.
    An optional reference (``rcf_adviseur``) is null when not set: say so."""
    schemas = spec.get("components", {}).get("schemas", {})
    for component, kinds in _to_many_relations().items():
        props = schemas.get(component, {}).get("properties", {})
        for field, kind in kinds.items():
            prop = props.get(field)
            if not isinstance(prop, dict) or prop.get("type") == "array":
                continue
            if kind == "many":
                items = {k: v for k, v in prop.items() if k not in ("nullable", "description")}
                props[field] = {"type": "array", "items": items or {}}
            elif "$ref" in prop:
                props[field] = {"allOf": [{"$ref": prop["$ref"]}], "nullable": True}
            else:
                prop["nullable"] = True


def _permission_of(endpoint: str) -> tuple[str, str] | None:
    """(permission, resource) FAB's ``@protect`` checks for the endpoint, as it computes it."""
    fn = current_app.view_functions.get(endpoint)
    view = getattr(fn, "__self__", None)
    name = getattr(fn, "_permission_name", None)
    if view is None or name is None or not hasattr(view, "base_permissions"):
        return None
    mapped = (view.method_permission_name or {}).get(fn.__name__)
    return f"can_{mapped or name}", view.class_permission_name


def _only_callable(spec: dict[str, Any]) -> None:
    """Each user is shown the operations he may call (FAB's permission; which rows is decided
    per request). The components stay: they are shared and tell nothing about rights."""
    if not has_app_context() or not has_request_context():
        return
    user = getattr(g, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return
    if any(r.name == roles.BEHEERDER for r in getattr(user, "roles", ())):
        return
    _path_types()
    endpoints = current_app.extensions["portal_openapi"]["endpoints"]
    sm = current_app.appbuilder.sm
    for path, method, op in list(_operations(spec)):
        if not op.get("security"):
            continue  # public, e.g. the login
        needed = _permission_of(endpoints.get((path, method), ""))
        if needed is None:
            continue
        view = current_app.view_functions[endpoints[(path, method)]].__self__
        if needed[0] not in view.base_permissions or not sm.has_access(*needed):
            del spec["paths"][path][method]
    for path in [p for p, item in spec.get("paths", {}).items() if not _has_operation(item)]:
        del spec["paths"][path]


def _has_operation(item: dict[str, Any]) -> bool:
    return any(isinstance(item.get(m), dict) for m in _METHODS)


def _operation_ids(spec: dict[str, Any]) -> None:
    """A stable ``operationId`` per operation - the Flask endpoint (``ProjectApi.get``), so a
    generated client names its functions after them (``project_api_get``)."""
    if not has_app_context():
        return
    _path_types()
    endpoints = current_app.extensions["portal_openapi"]["endpoints"]
    found = [(op, endpoints.get((path, method)), method) for path, method, op in _operations(spec)]
    uses: dict[str, int] = {}
    for _op, endpoint, _method in found:
        if endpoint:
            uses[endpoint] = uses.get(endpoint, 0) + 1
    for op, endpoint, method in found:
        if endpoint and "operationId" not in op:
            name = endpoint.replace(".", "_")
            op["operationId"] = name if uses[endpoint] == 1 else f"{name}_{method}"
