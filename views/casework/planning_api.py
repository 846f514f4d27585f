"""API of control evenings planned ahead (rules in portal.casework.planning).

``/api/v1/controleplanning/...`` plans, reads, assesses, records and cancels through the use
cases, as the screens do; ``/api/v1/controleadres/`` lists the schedule's addresses in the
user's scope (a partner: only those of its own cases). Schemas live here, next to the one
API that uses them.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import send_file, url_for
from flask_appbuilder import expose
from flask_appbuilder.api import protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from marshmallow import fields

from models import Controle, ControleAdres
from portal import roles
from portal.casework import briefing, planning
from portal.casework import scope as cscope
from views.api_schemas import ALL as API_SCHEMAS
from views.api_schemas import Schema, TeamLid
from views.base import PortalApi, ServiceApi, created
from views.casework.helpers import _scope

_N = {"allow_none": True}


class ControleplanningIn(Schema):
    datum = fields.Date(required=True)
    aanvang = fields.String(required=True, metadata={"description": "UU:MM"})
    soort = fields.String(required=True)
    doel = fields.String(required=True)
    adressen = fields.List(fields.Integer(), metadata={"description": "Casus-ids"})
    team = fields.List(fields.Nested(TeamLid))
    politie_afgesproken = fields.Boolean()
    politie_geinformeerd = fields.Boolean()
    verzamelpunt = fields.String(**_N)
    belschema = fields.String(**_N)
    uitrusting = fields.List(fields.String(), **_N)


class RisicobeoordelingIn(Schema):
    agressie = fields.Boolean()
    wapens = fields.Boolean()
    honden = fields.Boolean()
    kwetsbare_bewoners = fields.Boolean()
    indeling = fields.String(**_N)
    toelichting = fields.String(**_N)
    politie_inzet = fields.String(**_N, metadata={"description": "Leeg: het voorstel"})
    inzet_reden = fields.String(**_N)


class PlanningAdres(Schema):
    id = fields.Integer(required=True)
    casus_id = fields.Integer(required=True)
    adres = fields.String(required=True)
    beoordeeld = fields.Boolean(required=True)
    agressie = fields.Boolean()
    wapens = fields.Boolean()
    honden = fields.Boolean()
    kwetsbare_bewoners = fields.Boolean()
    indeling = fields.String(**_N)
    toelichting = fields.String(**_N)
    voorgestelde_inzet = fields.String(required=True)
    politie_inzet = fields.String(required=True)
    inzet_reden = fields.String(**_N)
    bezocht = fields.Boolean(**_N)


class PlanningUitrusting(Schema):
    item = fields.String(required=True)
    gereed = fields.Boolean(required=True)


class Controleplanning(Schema):
    id = fields.Integer(required=True)
    project_id = fields.Integer(required=True)
    status = fields.String(required=True)
    datum = fields.Date(required=True)
    aanvang = fields.String(**_N)
    soort = fields.String(required=True)
    doel = fields.String(**_N)
    politie_afgesproken = fields.Boolean()
    politie_geinformeerd = fields.Boolean()
    politie_inzet = fields.String(required=True)
    verzamelpunt = fields.String(**_N)
    belschema = fields.String(**_N)
    team = fields.List(fields.Nested(TeamLid))
    adressen = fields.List(fields.Nested(PlanningAdres))
    uitrusting = fields.List(fields.Nested(PlanningUitrusting))
    open_punten = fields.List(fields.String())
    lock_version = fields.Integer(required=True)


class ChecklistIn(Schema):
    gereed = fields.List(fields.String(), metadata={"description": "Onderdelen die gereed zijn"})


class UitvoeringIn(Schema):
    datum = fields.Date(**_N)
    bezocht = fields.List(fields.Integer(), metadata={"description": "Casus-ids"})
    personen_aangetroffen = fields.Integer(required=True)
    acties_ter_plaatse = fields.String(**_N)
    opmerkingen = fields.String(**_N)


class AnnulerenIn(Schema):
    reden = fields.String(required=True)


SCHEMAS = (
    ControleplanningIn,
    RisicobeoordelingIn,
    PlanningAdres,
    PlanningUitrusting,
    Controleplanning,
    ChecklistIn,
    UitvoeringIn,
    AnnulerenIn,
)


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _time(value) -> dt.time | None:
    return dt.time.fromisoformat(value[:5]) if isinstance(value, str) and value else None


def _flag(value) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    raise ValueError(value)  # "ja", 1: a value of the wrong shape (422, not a guess)


def _plan_args(data: dict) -> tuple:
    uitrusting = data.get("uitrusting")
    return (
        _date(data.get("datum")),
        _time(data.get("aanvang")),
        str(data.get("soort", "")),
        data.get("doel"),
        [int(i) for i in data.get("adressen") or []],
        [(int(t["ketenpartner_id"]), str(t["rol"])) for t in data.get("team") or []],
        _flag(data.get("politie_afgesproken")),
        _flag(data.get("politie_geinformeerd")),
        data.get("verzamelpunt"),
        data.get("belschema"),
        None if uitrusting is None else [str(i) for i in uitrusting],
    )


def as_json(controle: Controle, scope) -> dict:
    """The plan as this user may see it (a partner: the addresses of its own cases)."""
    return {
        "id": controle.id,
        "project_id": controle.project_id,
        "status": controle.status,
        "datum": controle.datum.isoformat(),
        "aanvang": controle.aanvang.strftime("%H:%M") if controle.aanvang else None,
        "soort": controle.soort,
        "doel": controle.doel,
        "politie_afgesproken": controle.politie_afgesproken,
        "politie_geinformeerd": controle.politie_geinformeerd,
        "politie_inzet": planning.evening_inzet(controle.planadressen),
        "verzamelpunt": controle.verzamelpunt,
        "belschema": controle.belschema,
        "team": [{"ketenpartner_id": t.ketenpartner_id, "rol": t.rol} for t in controle.team],
        "adressen": [
            {
                "id": a.id,
                "casus_id": a.casus_id,
                "adres": a.casus.adres,
                "beoordeeld": a.beoordeeld_op is not None,
                "agressie": a.agressie,
                "wapens": a.wapens,
                "honden": a.honden,
                "kwetsbare_bewoners": a.kwetsbare_bewoners,
                "indeling": a.indeling,
                "toelichting": a.toelichting,
                "voorgestelde_inzet": planning.proposal_of(a),
                "politie_inzet": planning.chosen_inzet(a),
                "inzet_reden": a.inzet_reden,
                "bezocht": a.bezocht,
            }
            for a in planning.visible_addresses(controle, scope)
        ],
        "uitrusting": [{"item": u.item, "gereed": u.gereed} for u in controle.uitrusting],
        "open_punten": planning.open_points(controle),
        "lock_version": controle.lock_version,
    }


class ControleplanningApi(ServiceApi):
    """Control evenings planned ahead: plan, assess, tick the checklist, record, cancel."""

    resource_name = "controleplanning"
    class_permission_name = roles.CASUS
    method_permission_name = {
        "plan": roles.WRITE,
        "show": roles.READ,
        "update": roles.WRITE,
        "assess": roles.WRITE,
        "checklist": roles.WRITE,
        "outcome": roles.WRITE,
        "cancel": roles.WRITE,
        "briefing": roles.READ,
    }
    openapi_spec_tag = "Casuswerk"
    openapi_spec_component_schemas = (*API_SCHEMAS, *SCHEMAS)

    def _controle(self, control_id: int) -> Controle | None:
        return cscope.visible(Controle, control_id, _scope())

    @expose("/project/<int:project_id>", methods=["POST"])
    @protect()
    @safe
    def plan(self, project_id: int):
        """Plan a control (state "Gepland").
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ControleplanningIn'}
          responses:
            201:
              description: Created
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Aangemaakt'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            controle = planning.plan_control(project_id, *_plan_args(data))
            return created(
                self, url_for("ControleplanningApi.show", control_id=controle.id), id=controle.id
            )

        return self._run(go)

    @expose("/<int:control_id>", methods=["GET"])
    @protect()
    @safe
    def show(self, control_id: int):
        """The plan of a control, its addresses in the user's scope.
        ---
        get:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The plan
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Controleplanning'}
            404: {description: Not found}
        """
        controle = self._controle(control_id)
        if controle is None:
            return self.response_404()
        return self.response(200, **as_json(controle, _scope()))

    @expose("/<int:control_id>", methods=["PUT"])
    @protect()
    @safe
    def update(self, control_id: int):
        """Change the plan while it is "Gepland" (the whole plan, as when planning).
        ---
        put:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ControleplanningIn'}
          responses:
            200:
              description: The plan
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Controleplanning'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        controle = self._controle(control_id)
        if controle is None:
            return self.response_404()
        data = self._json()

        def go():
            planning.update_plan(controle, *_plan_args(data))
            return self.response(200, **as_json(controle, _scope()))

        return self._run(go)

    @expose("/<int:control_id>/adres/<int:adres_id>/risico", methods=["POST"])
    @protect()
    @safe
    def assess(self, control_id: int, adres_id: int):
        """The risk assessment of one address; it proposes the police inzet.
        ---
        post:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          - {in: path, name: adres_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/RisicobeoordelingIn'}
          responses:
            200:
              description: The plan
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Controleplanning'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        controle = self._controle(control_id)
        adres = (
            next((a for a in controle.planadressen if a.id == adres_id), None) if controle else None
        )
        if adres is None:
            return self.response_404()
        data = self._json()

        def go():
            planning.assess_address(
                adres,
                _flag(data.get("agressie")),
                _flag(data.get("wapens")),
                _flag(data.get("honden")),
                _flag(data.get("kwetsbare_bewoners")),
                data.get("indeling"),
                data.get("toelichting"),
                data.get("politie_inzet") or None,
                data.get("inzet_reden"),
            )
            return self.response(200, **as_json(controle, _scope()))

        return self._run(go)

    @expose("/<int:control_id>/uitrusting", methods=["POST"])
    @protect()
    @safe
    def checklist(self, control_id: int):
        """Which equipment on the checklist is ready.
        ---
        post:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ChecklistIn'}
          responses:
            200:
              description: The plan
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Controleplanning'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        controle = self._controle(control_id)
        if controle is None:
            return self.response_404()
        data = self._json()

        def go():
            planning.set_checklist(controle, [str(i) for i in data.get("gereed") or []])
            return self.response(200, **as_json(controle, _scope()))

        return self._run(go)

    @expose("/<int:control_id>/uitvoering", methods=["POST"])
    @protect()
    @safe
    def outcome(self, control_id: int):
        """Record the outcome: "Gepland" becomes "Uitgevoerd".
        ---
        post:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/UitvoeringIn'}
          responses:
            200:
              description: The plan
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Controleplanning'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        controle = self._controle(control_id)
        if controle is None:
            return self.response_404()
        data = self._json()

        def go():
            n = data.get("personen_aangetroffen")
            planning.record_outcome(
                controle,
                _date(data.get("datum")),
                [int(i) for i in data.get("bezocht") or []],
                None if n is None else int(n),
                data.get("acties_ter_plaatse"),
                data.get("opmerkingen"),
            )
            return self.response(200, **as_json(controle, _scope()))

        return self._run(go)

    @expose("/<int:control_id>/annuleren", methods=["POST"])
    @protect()
    @safe
    def cancel(self, control_id: int):
        """Call the control off, with the reason.
        ---
        post:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/AnnulerenIn'}
          responses:
            200:
              description: The plan
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Controleplanning'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        controle = self._controle(control_id)
        if controle is None:
            return self.response_404()
        data = self._json()

        def go():
            planning.cancel(controle, data.get("reden"))
            return self.response(200, **as_json(controle, _scope()))

        return self._run(go)

    @expose("/<int:control_id>/briefing.docx", methods=["GET"])
    @protect()
    @safe
    def briefing(self, control_id: int):
        """The briefing for the team (.docx; a partner's copy holds its own addresses only).
        ---
        get:
          parameters:
          - {in: path, name: control_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The briefing
              content:
                application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                  schema: {type: string, format: binary}
            404: {description: Not found}
        """
        controle = self._controle(control_id)
        if controle is None:
            return self.response_404()

        def go():
            name, data = briefing.render_briefing(controle, _scope())
            return send_file(
                io.BytesIO(data),
                as_attachment=True,
                download_name=name,
                mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )

        return self._run(go)


class ControleAdresApi(PortalApi):
    """The schedule's addresses with their risk assessment, read only (writes go through
    ``/api/v1/controleplanning``, where the inzet rule is)."""

    resource_name = "controleadres"
    datamodel = SQLAInterface(ControleAdres)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read"]
    include_route_methods = {"get", "get_list", "info"}
    base_filters = cscope.SCOPED
    scoped = False
    list_columns = show_columns = [
        "id",
        "project_id",
        "controle_id",
        "casus_id",
        "volgorde",
        "agressie",
        "wapens",
        "honden",
        "kwetsbare_bewoners",
        "indeling",
        "toelichting",
        "beoordeeld_op",
        "politie_inzet",
        "inzet_reden",
        "bezocht",
    ]
    search_columns = ["project_id", "controle_id", "politie_inzet"]
