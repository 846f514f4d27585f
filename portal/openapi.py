"""Corrections to the OpenAPI document FAB generates, so it describes what the API returns.

FAB's generic docstrings document integer primary keys as strings, ``_info`` column lists as
objects, validation messages as plain strings (they are objects per field) and menu
separators not at all. Clients and the schemathesis tests rely on an accurate spec.
"""

from __future__ import annotations

from typing import Any

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
