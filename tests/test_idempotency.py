"""Idempotency-Key on every creating API request (portal/idempotency.py), walked over the
OpenAPI spec: every POST operation (but the security API) is sent twice with one key and the
second answer must be the first, replayed, with not one row more in any table.

Works in projects of its own (made here) on the suite's database.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
import uuid

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx
from tests import signals_fixtures as sfx
from tests.conftest import Client
from tests.test_rbac_matrix import USERS, _endpoints, _spec_path, expected_allowed

PROJECT_PEOPLE = "projectleider"


@pytest.fixture(scope="module")
def idem_app(app):
    """The suite's app: the rows made here are new ones of a project of this module's own."""
    return app


@pytest.fixture(scope="module")
def clients(login):
    return login


def _counts(app) -> dict[str, int]:
    from models import metadata
    from portal.extensions import db

    with app.app_context():
        return {
            t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in metadata.sorted_tables
        }


def _send(client: Client, method: str, url: str, key: str | None, request: dict):
    headers = {"Idempotency-Key": key} if key else {}
    kw = dict(request)
    if "files" in kw:  # a fresh stream per send, as a client's retry would do
        kw["data"] = {
            **kw.pop("form", {}),
            **{k: (io.BytesIO(v), name) for k, (v, name) in kw.pop("files").items()},
        }
        kw["content_type"] = "multipart/form-data"
    return client.api(method, url, headers=headers, **kw)


# --- bodies ------------------------------------------------------------------------------------


def _value(name: str, schema: dict, spec: dict, ctx: dict):
    """A valid value for one property of a FAB post schema, from its type (ids from ctx)."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if name in ctx["related"]:
        return ctx["related"][name]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    kind = schema.get("type")
    if schema.get("format") == "date":
        return dt.date.today().isoformat()
    if kind == "string":
        return f"idem-{uuid.uuid4().hex[:8]}"[: schema.get("maxLength", 40)]
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return None


def _schema_body(op: dict, spec: dict, ctx: dict, extra: dict) -> dict:
    """The required properties of the operation's JSON schema, filled generically; ``extra``
    (hand-made values the rules need) on top."""
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return dict(extra)
    schema = content["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    props = schema.get("properties", {})
    unknown = set(extra) - set(props)
    assert not unknown, f"hand-made fields not in the spec: {unknown}"
    body = {name: _value(name, props[name], spec, ctx) for name in schema.get("required", [])}
    return {**body, **extra}


def _prepare(app) -> dict:
    """A project of the projectleider with case work, a document and a delivery to confirm."""
    from models import BevindingCategorie, Ketenpartner, Regio
    from portal.extensions import db

    with app.app_context():
        pid = sfx.new_project("IDEM")
        data = fx.operational(pid)
        fx.select_address(pid, "5092AB|7||")
        db.session.commit()
        from models import AvgRegistratie, CasustafelBespreking
        from portal import access
        from portal.casework import meetings, planning
        from portal.casework import scope as cscope
        from portal.documents import service

        admin = access.Scope(user_id=None, roles=frozenset({"Beheerder"}))
        plan_doc = service.generate(pid, "projectplan", None, admin).id
        with cscope.acting_as_system():
            to_cancel = planning.plan_control(
                pid,
                dt.date.today() + dt.timedelta(days=20),
                dt.time(19, 30),
                "Actieavond",
                "Te annuleren",
                [data["cases"][0]],
                [(fx.partner_id("GEM-OIRSCHOT"), "Leiding")],
            ).id
            coming = meetings.create_meeting(
                pid,
                dt.date.today() + dt.timedelta(days=9),
                [fx.partner_id("UWV")],
                [data["cases"][0]],
            ).id
        db.session.commit()
        tafel_items = db.session.scalars(
            sa.select(CasustafelBespreking.id).where(
                CasustafelBespreking.casustafel_id == data["meeting"]
            )
        ).all()
        return {
            "project": pid,
            **data,
            "plan_doc": plan_doc,
            "to_cancel": to_cancel,
            "coming": coming,
            "bespreking": tafel_items[0],
            "avg": db.session.scalar(
                sa.select(AvgRegistratie.id).where(AvgRegistratie.project_id == pid)
            ),
            "related": {
                "project": pid,
                "regio": db.session.scalar(sa.select(Regio.id).where(Regio.code == "ZOB")),
                "ketenpartner": fx.partner_id("UWV"),
                "categorie": db.session.scalar(sa.select(BevindingCategorie.id).limit(1)),
                "controle": data["controls"][0],
                "casus": data["cases"][0],
                "bevinding": data["findings"][0],
                "eigenaar": fx.user_id("partner-uwv"),
                "gemeente": fx_gemeente("Oirschot"),
                "partners": [],
                "gemeenten": [],
            },
            "partners": [fx.partner_id(c) for c in ("UWV", "NLA")],
            "uwv_partner": db.session.get(Ketenpartner, fx.partner_id("UWV")).id,
        }


CSV = sfx.csv_bytes("5091AA;11;;;Signaal UWV;;", "5091AA;12;;;Signaal UWV;;")


def _hand_made(path: str, ctx: dict, created: dict) -> tuple[str, str, dict] | None:
    """(user, url, request) for the operations whose body is not a FAB schema, or whose
    rules need more than the schema says. None: built from the schema alone (by beheerder)."""
    p, today = ctx["project"], dt.date.today().isoformat()
    unique = uuid.uuid4().hex[:6]
    table = {
        "/api/v1/activiteit/": (PROJECT_PEOPLE, {"omschrijving": "Huisbezoeken"}),
        "/api/v1/avgpartnerrecht/": (
            "privacy",
            {"avg_registratie": ctx["avg"], "ketenpartner": _outside_partner(), "mag_inzien": True},
        ),
        "/api/v1/avgregistratie/": ("privacy", {"project": created.get("project", ctx["project"])}),
        "/api/v1/besluit/": (
            PROJECT_PEOPLE,
            {
                "orgaan": "College B&W",
                "onderwerp": "Projectvoorstel",
                "document": created.get("document"),
                "datum": today,
            },
        ),
        "/api/v1/bevinding/": (PROJECT_PEOPLE, {"omschrijving": "Geen rookmelder"}),
        "/api/v1/convenantartikel/": (
            "beheerder",
            {"convenant": "LSI", "versie": unique, "artikel": "9", "titel": "Test"},
        ),
        "/api/v1/doelstelling/": (PROJECT_PEOPLE, {"doel": "Minder overlast"}),
        "/api/v1/gemeente/": ("beheerder", {"naam": f"Gemeente {unique}"}),
        "/api/v1/journaalregel/": (PROJECT_PEOPLE, {"casus": ctx["cases"][0], "tekst": "Notitie"}),
        "/api/v1/ketenpartner/": (
            "beheerder",
            {"naam": f"Partner {unique}", "code": f"P{unique}".upper(), "type": "Overig"},
        ),
        "/api/v1/opvolgactie/": (
            PROJECT_PEOPLE,
            {"omschrijving": "Nabellen", "deadline": "2099-01-01", "eigenaar": None},
        ),
        "/api/v1/project/": (
            PROJECT_PEOPLE,
            {
                "code": f"IDEM-{unique}",
                "naam": "Idempotent project",
                "gemeenten": [fx_gemeente("Oirschot")],
                "projectgebied": "5091-5094",
            },
        ),
        "/api/v1/projectfase/": (
            PROJECT_PEOPLE,
            {"fase": "Uitvoering", "gepland_start": today, "gepland_eind": today},
        ),
        "/api/v1/projectpartner/": (PROJECT_PEOPLE, {"ketenpartner": _outside_partner()}),
        "/api/v1/regio/": ("beheerder", {"naam": f"Regio {unique}", "code": unique.upper()}),
        "/api/v1/risico/": (PROJECT_PEOPLE, {"risico": "Uitval", "beheersmaatregel": "Back-up"}),
        "/api/v1/capaciteitsinzet/": (
            PROJECT_PEOPLE,
            {"periode": today[:8] + "01", "gepland_uren": 16, "gerealiseerd_uren": 12},
        ),
        "/api/v1/communicatieakkoord/": (
            PROJECT_PEOPLE,
            {
                "communicatie": created.get("communicatie"),
                "partij_soort": "Burgemeester",
                "partij": "Burgemeester van Oirschot",
                "vereist": True,
            },
        ),
        "/api/v1/kostenpost/": (
            PROJECT_PEOPLE,
            {"omschrijving": "Tolk", "bedrag": 1250, "controle": ctx["controls"][0]},
        ),
        "/api/v1/leerpunt/": (
            PROJECT_PEOPLE,
            {"tekst": "Eerder afstemmen met de wijkagent", "controle": ctx["controls"][0]},
        ),
        "/api/v1/meting/": (PROJECT_PEOPLE, {"score": 4, "percentage": None}),
        "/api/v1/uitkomst/": (
            PROJECT_PEOPLE,
            {
                "uitkomstsoort": _outcome_type("Terugvordering"),
                "bedrag": 1500,
                "gemeente": fx_gemeente("Oirschot"),
            },
        ),
    }
    if path in table:
        user, extra = table[path]
        return user, path, {"json": extra}
    csv = b"soort;aantal\nbrainstorm;1\n"
    plan, plan_adres = created.get("plan", 999999), created.get("plan_adres", 999999)
    custom = {
        "/api/v1/bijlagen/project/{project_id}": (
            PROJECT_PEOPLE,
            f"/api/v1/bijlagen/project/{p}",
            {
                "form": {"soort": "Brainstormresultaten", "titel": f"Brainstorm {unique}"},
                "files": {"bestand": (csv, "brainstorm.csv")},
            },
        ),
        "/api/v1/bijlagen/{bijlage_id}/versies": (
            PROJECT_PEOPLE,
            f"/api/v1/bijlagen/{created.get('bijlage', 999999)}/versies",
            {"files": {"bestand": (csv + b"terugkoppeling;1\n", "brainstorm.csv")}},
        ),
        "/api/v1/reviews/document/{doc_id}": (
            "rcf",
            f"/api/v1/reviews/document/{ctx['plan_doc']}",
            {"json": {"toelichting": "Graag uw oordeel"}},
        ),
        "/api/v1/reviews/{review_id}/oordeel": (
            "partner-uwv",
            f"/api/v1/reviews/{created.get('partnerreview', 999999)}/oordeel",
            {"json": {"oordeel": "Akkoord"}},
        ),
        "/api/v1/controleplanning/project/{project_id}": (
            PROJECT_PEOPLE,
            f"/api/v1/controleplanning/project/{p}",
            {
                "json": {
                    "datum": (dt.date.today() + dt.timedelta(days=14)).isoformat(),
                    "aanvang": "19:30",
                    "soort": "Actieavond",
                    "doel": "Bewoning controleren",
                    "adressen": [ctx["cases"][0]],
                    "team": [
                        {"ketenpartner_id": fx.partner_id("GEM-OIRSCHOT"), "rol": "Leiding"},
                        {"ketenpartner_id": ctx["partners"][0], "rol": "Gesprek"},
                    ],
                }
            },
        ),
        "/api/v1/controleplanning/{control_id}/adres/{adres_id}/risico": (
            PROJECT_PEOPLE,
            f"/api/v1/controleplanning/{plan}/adres/{plan_adres}/risico",
            {"json": {"honden": True, "indeling": "Portiekwoning"}},
        ),
        "/api/v1/controleplanning/{control_id}/uitrusting": (
            PROJECT_PEOPLE,
            f"/api/v1/controleplanning/{plan}/uitrusting",
            {"json": {"gereed": []}},
        ),
        "/api/v1/controleplanning/{control_id}/uitvoering": (
            PROJECT_PEOPLE,
            f"/api/v1/controleplanning/{plan}/uitvoering",
            {"json": {"datum": today, "bezocht": [ctx["cases"][0]], "personen_aangetroffen": 2}},
        ),
        "/api/v1/controleplanning/{control_id}/annuleren": (
            PROJECT_PEOPLE,
            f"/api/v1/controleplanning/{ctx['to_cancel']}/annuleren",
            {"json": {"reden": "Politie niet beschikbaar"}},
        ),
        "/api/v1/verrijking/casustafel/{meeting_id}": (
            PROJECT_PEOPLE,
            f"/api/v1/verrijking/casustafel/{ctx['coming']}",
            {"json": {}},
        ),
        "/api/v1/casuswerk/bespreking/{item_id}/uitkomst": (
            PROJECT_PEOPLE,
            f"/api/v1/casuswerk/bespreking/{ctx['bespreking']}/uitkomst",
            {"json": {"uitkomst": "Niet oppakken", "afweging": "Geen grond", "partners": []}},
        ),
        "/api/v1/casuswerk/casus/{casus_id}/status": (
            PROJECT_PEOPLE,
            f"/api/v1/casuswerk/casus/{ctx['cases'][1]}/status",
            {"json": {"status": "Afgerond", "reden": "Klaar"}},
        ),
        "/api/v1/casuswerk/project/{project_id}/casus": (
            PROJECT_PEOPLE,
            f"/api/v1/casuswerk/project/{p}/casus",
            {"json": {"adres_sleutel": "5092AB|7||", "partners": ctx["partners"]}},
        ),
        "/api/v1/casuswerk/project/{project_id}/casustafel": (
            PROJECT_PEOPLE,
            f"/api/v1/casuswerk/project/{p}/casustafel",
            {"json": {"datum": today, "aanwezigen": ctx["partners"], "casussen": []}},
        ),
        "/api/v1/casuswerk/project/{project_id}/controle": (
            PROJECT_PEOPLE,
            f"/api/v1/casuswerk/project/{p}/controle",
            {
                "json": {
                    "datum": today,
                    "soort": "Actiedag",
                    "adressen": [ctx["cases"][0]],
                    "team": [{"ketenpartner_id": ctx["partners"][0], "rol": "Leiding"}],
                    "personen_aangetroffen": 2,
                }
            },
        ),
        "/api/v1/documenten/project/{project_id}/{soort}": (
            PROJECT_PEOPLE,
            f"/api/v1/documenten/project/{p}/projectvoorstel",
            {},
        ),
        "/api/v1/documenten/{doc_id}/indienen": (
            "rcf",
            f"/api/v1/documenten/{created.get('document', 999999)}/indienen",
            {"json": {"bij": "RPF"}},
        ),
        "/api/v1/fasering/project/{project_id}/overgang": (
            PROJECT_PEOPLE,
            f"/api/v1/fasering/project/{p}/overgang",
            {"json": {"naar": "Gestopt", "reden": "Idempotentietest"}},
        ),
        "/api/v1/koppeling/project/{project_id}/oordeel": (
            PROJECT_PEOPLE,
            f"/api/v1/koppeling/project/{p}/oordeel",
            {"json": {"adres": "5091AA|11||", "aan": True, "reden": "Bekend bij de wijkagent"}},
        ),
        "/api/v1/koppeling/project/{project_id}/selectie": (
            PROJECT_PEOPLE,
            f"/api/v1/koppeling/project/{p}/selectie",
            {"json": {"adressen": ["5091AA|11||"], "aan": True}},
        ),
        # Jobs (202): a replay answers with the first job, it does not start a second one.
        "/api/v1/koppeling/project/{project_id}/herbouw": (
            PROJECT_PEOPLE,
            f"/api/v1/koppeling/project/{p}/herbouw",
            {},
        ),
        "/api/v1/documenten/project/{project_id}/alles": (
            PROJECT_PEOPLE,
            f"/api/v1/documenten/project/{p}/alles",
            {},
        ),
        "/api/v1/opvolging/opvolgactie/{action_id}/afronden": (
            "partner-uwv",
            f"/api/v1/opvolging/opvolgactie/{ctx['actions'][3]}/afronden",
            {"json": {"resultaat": "Teruggevorderd", "afgerond_op": today}},
        ),
        "/api/v1/signalen/levering/{levering_id}/annuleer": (
            "partner-uwv",
            f"/api/v1/signalen/levering/{created.get('levering2', 999999)}/annuleer",
            {},
        ),
        "/api/v1/signalen/levering/{levering_id}/bevestig": (
            "partner-uwv",
            f"/api/v1/signalen/levering/{created.get('levering', 999999)}/bevestig",
            {},
        ),
        "/api/v1/signalen/project/{project_id}/levering": (
            "partner-uwv",
            f"/api/v1/signalen/project/{p}/levering",
            {"files": {"bestand": (CSV, "uwv.csv")}},
        ),
    }
    return custom.get(path)


def _job_done(client, location: str) -> None:
    import time

    for _ in range(300):
        if client.api("GET", location).json["afgelopen"]:
            return
        time.sleep(0.1)
    raise AssertionError(f"{location} did not finish")


def fx_id(code: str) -> int:
    return fx.partner_id(code)


def _outside_partner() -> int:
    """A partner that is not yet in the fixture project (nor has rights in its registration)."""
    from models import Ketenpartner
    from portal.extensions import db

    return db.session.scalar(
        sa.select(Ketenpartner.id)
        .where(Ketenpartner.code.not_in(fx.PARTNERS))
        .order_by(Ketenpartner.id)
        .limit(1)
    )


def _outcome_type(prefix: str) -> int:
    from models import Uitkomstsoort
    from portal.extensions import db

    return db.session.scalar(
        sa.select(Uitkomstsoort.id).where(Uitkomstsoort.naam.startswith(prefix)).limit(1)
    )


def fx_gemeente(naam: str) -> int:
    from models import Gemeente
    from portal.extensions import db

    return db.session.scalar(sa.select(Gemeente.id).where(Gemeente.naam == naam))


# Operations that depend on others' results come after them.
ORDER = [
    "/api/v1/project/",
    "/api/v1/avgregistratie/",
    "/api/v1/signalen/project/{project_id}/levering",
    "/api/v1/signalen/levering/{levering_id}/bevestig",
    "/api/v1/signalen/levering/{levering_id}/annuleer",
    "/api/v1/koppeling/project/{project_id}/oordeel",
    "/api/v1/koppeling/project/{project_id}/selectie",
    "/api/v1/documenten/project/{project_id}/{soort}",
    "/api/v1/documenten/{doc_id}/indienen",
    "/api/v1/besluit/",
    "/api/v1/bijlagen/project/{project_id}",
    "/api/v1/bijlagen/{bijlage_id}/versies",
    "/api/v1/communicatie/",
    "/api/v1/communicatieakkoord/",
    "/api/v1/reviews/document/{doc_id}",
    "/api/v1/reviews/{review_id}/oordeel",
    "/api/v1/controleplanning/project/{project_id}",
    "/api/v1/controleplanning/{control_id}/adres/{adres_id}/risico",
    "/api/v1/controleplanning/{control_id}/uitrusting",
    "/api/v1/controleplanning/{control_id}/uitvoering",
]
LAST = ["/api/v1/fasering/project/{project_id}/overgang"]  # stops the project
# Refused by the rules on this data (the replay of the refusal is still checked): a freshly
# generated projectvoorstel of a test project lacks required content, so it cannot be submitted.
REFUSED_HERE = {"/api/v1/documenten/{doc_id}/indienen": 422}
# Nobody may POST here (FAB keeps the route; base_permissions say read only).
NOBODY = {"/api/v1/partnerproject/"}


# What later operations need from an earlier one's answer.
CAPTURE = {
    "/api/v1/bijlagen/project/{project_id}": lambda j: {"bijlage": j["bijlage_id"]},
    "/api/v1/communicatie/": lambda j: {"communicatie": j["id"]},
    "/api/v1/reviews/document/{doc_id}": lambda j: {
        "partnerreview": next(
            p["id"] for p in j["result"]["partners"] if p["ketenpartner"].endswith("(UWV)")
        )
        if any(p["ketenpartner"].endswith("(UWV)") for p in j["result"]["partners"])
        else j["result"]["partners"][0]["id"]
    },
    "/api/v1/controleplanning/project/{project_id}": lambda j: _planned(j["id"]),
}


def _planned(control_id: int) -> dict:
    from models import ControleAdres
    from portal.extensions import db

    adres = db.session.scalar(
        sa.select(ControleAdres.id).where(ControleAdres.controle_id == control_id)
    )
    return {"plan": control_id, "plan_adres": adres}


def _allowed_users(app, spec_path: str) -> list[str]:
    for rule, vf, methods in _endpoints(app):
        if _spec_path(rule) == spec_path and "POST" in methods:
            return [u for u, role in USERS.items() if expected_allowed(role, vf)]
    raise AssertionError(f"{spec_path} is in the spec but not served")


def test_every_creating_operation_replays_its_first_answer(idem_app, clients):
    ctx = _prepare(idem_app)
    spec = clients("beheerder").api("GET", "/api/v1/_openapi").json
    posts = [
        path
        for path, item in spec["paths"].items()
        if "post" in item and not path.startswith("/api/v1/security/")
    ]
    assert len(posts) >= 30
    posts.sort(key=lambda x: (x in LAST, ORDER.index(x) if x in ORDER else len(ORDER), x))
    created: dict = {}
    answers: dict[str, int] = {}
    bodies: dict[str, bytes] = {}
    wrong = []
    for path in posts:
        op = spec["paths"][path]["post"]
        assert any(p.get("name") == "Idempotency-Key" for p in op.get("parameters", [])), path
        with idem_app.app_context():
            made = _hand_made(path, ctx, created)
            if made is None or made[1] == path:
                user = made[0] if made else "beheerder"
                extra = made[2]["json"] if made else {}
                made = (user, path, {"json": _schema_body(op, spec, ctx, extra)})
        user, url, request = made
        if path not in NOBODY:
            assert user in _allowed_users(idem_app, path), (path, user)
        client = clients(user)
        key = f"walk-{uuid.uuid4()}"
        first = _send(client, "POST", url, key, request)
        if first.status_code == 202:  # a job: let it finish, so only the replay is counted
            _job_done(client, first.headers["Location"])
        before = _counts(idem_app)
        second = _send(client, "POST", url, key, request)
        after = _counts(idem_app)
        answers[path] = first.status_code
        bodies[path] = first.data[:300]
        if first.status_code >= 500:
            wrong.append(f"{path}: first answer {first.status_code} {first.data[:200]}")
        if path == "/api/v1/signalen/project/{project_id}/levering" and first.status_code == 201:
            created["levering"] = first.json["id"]
            created["levering2"] = _send(client, "POST", url, None, request).json["id"]
        if path == "/api/v1/project/" and first.status_code == 201:
            created["project"] = first.json["id"]
        if path.startswith("/api/v1/documenten/project/") and first.status_code == 201:
            created["document"] = first.json["result"]["id"]
        if first.status_code in (200, 201) and path in CAPTURE:
            with idem_app.app_context():
                created.update(CAPTURE[path](first.json))
        kept = first.status_code < 500 and first.status_code not in (401, 403, 409, 429)
        if (second.status_code, second.data) != (first.status_code, first.data):
            wrong.append(f"{path}: {first.status_code} then {second.status_code}")
        if second.headers.get("Location") != first.headers.get("Location"):
            wrong.append(f"{path}: Location differs")
        if kept and second.headers.get("Idempotent-Replayed") != "true":
            wrong.append(f"{path}: not replayed")
        if after != before:
            diff = {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
            wrong.append(f"{path}: the replay changed {diff}")
    assert wrong == [], "\n".join(wrong)
    # Every operation anyone may call created (or did) what it was sent for.
    failed = {
        p: (s, bodies[p])
        for p, s in answers.items()
        if not 200 <= s < 300 and p not in NOBODY and REFUSED_HERE.get(p) != s
    }
    assert failed == {}, "\n".join(f"{p}: {s} {b[:220]!r}" for p, (s, b) in failed.items())
    assert all(answers[p] == 403 for p in NOBODY)


# --- the semantics, one by one ------------------------------------------------------------------


def _regio(client: Client, key: str | None, naam: str):
    return _send(
        client,
        "POST",
        "/api/v1/regio/",
        key,
        {"json": {"naam": naam, "code": naam[-8:].upper()}},
    )


def _risico(client: Client, key: str | None, project_id: int, risico: str):
    return _send(
        client,
        "POST",
        "/api/v1/risico/",
        key,
        {"json": {"project": project_id, "risico": risico, "beheersmaatregel": "Plan B"}},
    )


def _risicos(app, risico: str) -> int:
    from models import Risico
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(Risico).where(Risico.risico == risico)
        )


@pytest.fixture(scope="module")
def project(idem_app) -> int:
    with idem_app.app_context():
        return fx.new_project("IDK")


def _regions(app, naam: str) -> int:
    from models import Regio
    from portal.extensions import db

    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(Regio).where(Regio.naam == naam)
        )


def test_same_key_other_request_is_refused_in_dutch_and_english(idem_app, clients):
    admin = clients("beheerder")
    key, naam = f"k-{uuid.uuid4()}", f"Regio {uuid.uuid4().hex[:8]}"
    assert _regio(admin, key, naam).status_code == 201
    other = _regio(admin, key, naam + "x")
    assert other.status_code == 422
    assert "ander verzoek" in other.json["message"]
    assert _regions(idem_app, naam + "x") == 0
    # JSON written differently is the same request: replayed, not refused.
    same = admin.api(
        "POST",
        "/api/v1/regio/",
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
        data=f'{{ "code": "{naam[-8:].upper()}",   "naam": "{naam}" }}',
    )
    assert same.status_code == 201 and same.headers["Idempotent-Replayed"] == "true"
    english = Client(idem_app, "beheerder")
    english.http.get("/lang/en")
    refused = _regio(english, key, naam + "y")
    assert refused.status_code == 422
    assert "different request" in refused.json["message"], refused.json


def test_a_key_belongs_to_its_user(idem_app, clients):
    key, naam = f"k-{uuid.uuid4()}", f"Regio {uuid.uuid4().hex[:8]}"
    first = _regio(clients("beheerder"), key, naam)
    assert first.status_code == 201
    # Another user's request with the same key text is a request of its own (here refused
    # by its rights, not replayed: the first user's answer never reaches another user).
    other = _regio(clients("projectleider"), key, naam)
    assert other.status_code == 403
    assert "Idempotent-Replayed" not in other.headers


def test_expired_key_is_a_new_key_and_the_sweep_removes_it(idem_app, clients, project):
    from models import Idempotentieverzoek
    from portal import idempotency
    from portal.extensions import db

    lead = clients("projectleider")
    key, naam = f"k-{uuid.uuid4()}", f"Risico {uuid.uuid4().hex[:8]}"
    assert _risico(lead, key, project, naam).status_code == 201
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=25)
    with idem_app.app_context():
        db.session.execute(
            sa.update(Idempotentieverzoek).where(Idempotentieverzoek.sleutel == key),
            {"aangemaakt_op": old},
        )
        db.session.commit()
    # Still within a 24-hour term it replays; past it, the same request is new.
    again = _risico(lead, key, project, naam)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert _risicos(idem_app, naam) == 2
    with idem_app.app_context():
        db.session.execute(
            sa.update(Idempotentieverzoek).where(Idempotentieverzoek.sleutel == key),
            {"aangemaakt_op": old},
        )
        db.session.commit()
        result = idem_app.test_cli_runner().invoke(args=["lsi", "sweep-idempotency"])
        assert result.exit_code == 0, result.output
        assert "verwijderd" in result.output
        left = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Idempotentieverzoek)
            .where(Idempotentieverzoek.sleutel == key)
        )
        assert left == 0
        assert idempotency.sweep() == 0


def test_running_request_gives_409_and_errors_are_not_kept(idem_app, clients):
    from models import Idempotentieverzoek
    from portal.extensions import db

    admin = clients("beheerder")
    naam = f"Regio {uuid.uuid4().hex[:8]}"
    first = _regio(admin, "k-busy", naam)  # learn the fingerprint the server computes
    with idem_app.app_context():
        row = db.session.scalar(
            sa.select(Idempotentieverzoek).where(Idempotentieverzoek.sleutel == "k-busy")
        )
        db.session.execute(
            sa.update(Idempotentieverzoek).where(Idempotentieverzoek.id == row.id),
            {"status": None, "antwoord": None},
        )
        db.session.commit()
    assert first.status_code == 201
    busy = _regio(admin, "k-busy", naam)
    assert busy.status_code == 409 and "in behandeling" in busy.json["message"]
    # A refused key (too long) says why; nothing is stored for it.
    assert _regio(admin, "x" * 300, naam).status_code == 400


def test_concurrent_duplicates_create_one(idem_app, project):
    users = [Client(idem_app, "projectleider") for _ in range(4)]
    key, naam = f"k-{uuid.uuid4()}", f"Risico {uuid.uuid4().hex[:8]}"
    start = threading.Barrier(len(users))
    answers: list = [None] * len(users)

    def go(i: int) -> None:
        start.wait()
        r = _risico(users[i], key, project, naam)
        answers[i] = (r.status_code, r.headers.get("Idempotent-Replayed"), r.get_json())

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(users))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert _risicos(idem_app, naam) == 1
    assert all(a is not None and a[0] in (201, 409) for a in answers), answers
    created = [a for a in answers if a[0] == 201]
    assert created and len({a[2]["id"] for a in created}) == 1
    assert sum(1 for a in created if a[1] is None) == 1, answers


def test_retention_removes_a_projects_stored_answers(idem_app, clients):
    from models import Idempotentieverzoek
    from portal import retention
    from portal.extensions import db

    with idem_app.app_context():
        pid = fx.new_project("IDR")
    r = _send(
        clients("projectleider"),
        "POST",
        "/api/v1/risico/",
        f"k-{uuid.uuid4()}",
        {"json": {"project": pid, "risico": "Uitval", "beheersmaatregel": "Plan B"}},
    )
    assert r.status_code == 201
    with idem_app.app_context():
        purger = next(p for p in retention.PURGERS if "Idempotency" in p.kind)
        assert purger.count(pid) == 1
        assert purger.purge(pid) == 1
        db.session.commit()
        left = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Idempotentieverzoek)
            .where(Idempotentieverzoek.project_id == pid)
        )
        assert left == 0
