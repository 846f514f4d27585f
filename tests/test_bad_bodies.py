"""Every writing API operation answers a malformed body with a clear 4xx, never a 500.

Walks every POST and PUT of the URL map under /api/ (the login endpoints excepted: their
bodies are checked in tests/test_throttle.py) as the Beheerder, who may call them all, with
path parameters that name real rows, so each handler gets as far as reading its body. The
fields tried are every property of the spec's request schemas plus every key the action APIs
read by hand (found in the views' source), so a new endpoint or field is covered without
anyone listing it. Runs on a database of its own: some of these requests do store rows.
"""

from __future__ import annotations

import decimal
import html
import inspect
import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import DEMO_PASSWORD, own_app

ROOT = Path(__file__).resolve().parents[1]
# Shapes a client gets wrong: no date, names where ids belong, objects where values belong,
# a number no column holds.
HOSTILE = ["geen-datum", ["x"], [{"x": "y"}], 10**30]
WHOLE_BODIES = [{}, [], "x", None]
_READ_BY_HAND = re.compile(r"""data\.get\(\s*["']([a-z_]+)["']""")


@pytest.fixture(scope="module")
def bodies_app(tmp_path_factory):
    with own_app(tmp_path_factory.mktemp("bodiesdb"), WTF_CSRF_ENABLED=False) as app:
        yield app


@pytest.fixture(scope="module")
def admin(bodies_app):
    http = bodies_app.test_client()
    r = http.post(
        "/api/v1/security/login",
        json={"username": "beheerder", "password": DEMO_PASSWORD, "provider": "db"},
    )
    assert r.status_code == 200
    return http, {"Authorization": f"Bearer {r.json['access_token']}"}


def _real_ids(app) -> dict[str, str]:
    """A real row of the demo project for each kind of path parameter."""
    from models import (
        Bijlage,
        BijlageVersie,
        Casus,
        Casustafel,
        CasustafelBespreking,
        Controle,
        ControleAdres,
        Document,
        Opvolgactie,
        Partnerreview,
        Project,
        Signaallevering,
        Verrijkingsantwoord,
    )
    from portal.extensions import db

    with app.app_context():
        pid = db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))

        def first(model):
            return db.session.scalar(
                sa.select(model.id).where(model.project_id == pid).order_by(model.id).limit(1)
            )

        return {
            "project_id": str(pid),
            "casus_id": str(first(Casus)),
            "item_id": str(first(CasustafelBespreking)),
            "levering_id": str(first(Signaallevering)),
            "action_id": str(first(Opvolgactie)),
            "doc_id": str(first(Document) or 1),
            "soort": "projectplan",
            "meeting_id": str(first(Casustafel)),
            "control_id": str(first(Controle)),
            "adres_id": str(first(ControleAdres)),
            "bijlage_id": str(first(Bijlage)),
            "versie_id": str(first(BijlageVersie)),
            "review_id": str(first(Partnerreview)),
            "row_id": str(first(Verrijkingsantwoord)),
        }


def _first_pk(http, headers, rule: str) -> str:
    listing = http.get(rule.split("<")[0] + "?q=(page_size:1)", headers=headers)
    ids = listing.json.get("ids") if listing.is_json else None
    return str(ids[0]) if ids else "1"


def _operations(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule.startswith("/api/v1/security/"):
            continue
        for method in sorted(rule.methods & {"POST", "PUT"}):
            yield rule, method


def _schema_fields(spec: dict, rule, method: str) -> set[str]:
    """The properties of the operation's request schema in the spec."""
    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
    body = spec["paths"].get(path, {}).get(method.lower(), {}).get("requestBody", {})
    ref = body.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    schema = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    return set(schema.get("properties", {}))


def _hand_read_fields(app, rule) -> set[str]:
    """The keys the operation's handler reads from its body by hand."""
    handler = inspect.unwrap(app.view_functions[rule.endpoint])
    return set(_READ_BY_HAND.findall(inspect.getsource(handler)))


def _as_json(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _copy_body(api, row) -> dict:
    """The API's add fields of an existing row, relations as ids: a request that repeats it."""
    mapper = sa.inspect(type(row))
    body = {}
    for name in api.add_columns:
        if name in mapper.relationships:
            related = getattr(row, name)
            if isinstance(related, list):
                body[name] = [r.id for r in related]
            elif related is not None:
                body[name] = related.id
        elif name in mapper.columns:
            value = getattr(row, name)
            if value is not None:
                body[name] = _as_json(value)
    return body


def _post_routes(app) -> set[str]:
    return {r.rule for r in app.url_map.iter_rules() if "POST" in r.methods}


def _unique_tables(metadata) -> set[str]:
    out = set()
    for table in metadata.tables.values():
        if any(isinstance(c, sa.UniqueConstraint) for c in table.constraints) or any(
            col.unique for col in table.columns
        ):
            out.add(table.name)
    return out


def _copies(app, views, url_of) -> list[tuple[str, type, dict]]:
    """(url, model, copy of its first row) for every view over a table with a unique
    constraint whose add route exists. Read in an app context of its own: requests made
    inside one would share its session and ``g`` with the test."""
    from models import Model
    from portal.extensions import db

    posts = _post_routes(app)
    unique = _unique_tables(Model.metadata)
    out = []
    with app.app_context():
        for view in views:
            model = view.datamodel.obj
            if url_of(view) not in posts or model.__tablename__ not in unique:
                continue
            row = db.session.scalars(sa.select(model).order_by(model.id).limit(1)).first()
            if row is not None:
                out.append((url_of(view), model, _copy_body(view, row)))
    return out


def _count(app, model) -> int:
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_repeated_unique_value_is_refused_clearly(bodies_app, admin):
    """For every API over a table with a unique constraint, creating a copy of an existing
    row answers 409 (or 422 where a rule names the clash first) with a message, nothing is
    stored, and never a 500 - the database's refusal is the client's input."""
    from flask_appbuilder.api import ModelRestApi

    http, headers = admin
    apis = [v for v in bodies_app.appbuilder.baseviews if isinstance(v, ModelRestApi)]
    tried, failures = [], []
    for url, model, body in _copies(bodies_app, apis, lambda a: f"/api/v1/{a.resource_name}/"):
        before = _count(bodies_app, model)
        r = http.post(url, json=body, headers=headers)
        if r.status_code == 403:
            continue  # nobody may create these here (e.g. the partner's reduced view)
        tried.append(url.split("/")[3])
        if r.status_code not in (409, 422) or not (r.is_json and r.json.get("message")):
            failures.append(f"{url}: {r.status_code} {r.get_data()[:120]}")
        elif _count(bodies_app, model) != before:
            failures.append(f"{url}: a copy was stored")
    assert {"regio", "projectpartner", "projectfase"} <= set(tried), tried
    assert failures == [], "\n".join(failures)


def _form_value(value):
    if isinstance(value, bool):
        return "y" if value else ""
    return str(_as_json(value))


def test_a_repeated_unique_value_on_a_screen_gets_a_message(bodies_app):
    """The same on every add screen over such a table: a field message (FAB's unique check)
    or the portal's own, never the raw database error FAB would flash, and nothing stored."""
    from flask_appbuilder import ModelView

    from tests.conftest import Client

    admin = Client(bodies_app, "beheerder")
    views = [
        v
        for v in bodies_app.appbuilder.baseviews
        if isinstance(v, ModelView) and type(v).__module__.startswith("views.")
    ]
    tried, failures = [], []
    for url, model, body in _copies(bodies_app, views, lambda v: f"{v.route_base}/add"):
        form = {
            k: (list(map(_form_value, v)) if isinstance(v, list) else _form_value(v))
            for k, v in body.items()
        }
        view = next(v for v in views if f"{v.route_base}/add" == url)
        parent = getattr(view, "related_column", None)
        if parent and parent in form:  # parts of a project are added from the project
            url += f"?_flt_0_{parent}={form[parent]}"
        before = _count(bodies_app, model)
        r = admin.post(url, data=form, follow_redirects=True)
        if r.status_code == 403:
            continue  # nobody may add these (e.g. the partner's reduced view)
        tried.append(view.route_base)
        page = html.unescape(r.get_data(as_text=True))
        told = "Bestaat al" in page or "het bestaat al" in page
        raw = any(w in page for w in ("IntegrityError", "INSERT INTO", "UNIQUE constraint"))
        if r.status_code >= 500 or raw or not told or _count(bodies_app, model) != before:
            failures.append(f"{url}: {r.status_code} told={told} raw={raw}")
    assert {"/projectpartnerview", "/regioview", "/projectfaseview"} <= set(tried), tried
    assert failures == [], "\n".join(failures)


def test_no_malformed_body_gives_a_server_error(bodies_app, admin):
    http, headers = admin
    spec = http.get("/api/v1/_openapi", headers=headers).json
    ids = _real_ids(bodies_app)
    failures, calls, fields_seen = [], 0, set()
    for rule, method in _operations(bodies_app):
        fields = _schema_fields(spec, rule, method) | _hand_read_fields(bodies_app, rule)
        fields_seen |= fields
        url = rule.rule
        for name in rule.arguments:
            value = _first_pk(http, headers, url) if name == "pk" else ids[name]
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", value, url)
        payloads = [json.dumps(b) for b in WHOLE_BODIES] + ["{niet: json"]
        payloads += [json.dumps({f: v}) for f in sorted(fields) for v in HOSTILE]
        for payload in payloads:
            r = http.open(
                url,
                method=method,
                data=payload,
                headers={**headers, "Content-Type": "application/json", "If-Match": "1"},
            )
            calls += 1
            if r.status_code >= 500:
                failures.append(f"{method} {url} {payload[:60]} -> {r.status_code}")
            elif r.status_code >= 400 and not (r.is_json and r.json):
                failures.append(f"{method} {url} {payload[:60]} -> {r.status_code} no JSON")
    # Field discovery found the hand-read bodies and the schemas (so the walk is not empty).
    assert {"datum", "partners", "team", "aanwezigen", "naam", "risico"} <= fields_seen
    assert calls > 500, calls
    assert failures == [], "\n".join(failures[:40])
