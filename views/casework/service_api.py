"""Case-work APIs that call services: status moves, meetings, controls, follow-up,
results.
"""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_appbuilder import expose
from flask_appbuilder.api import BaseApi, protect, safe

from models import Casus, CasustafelBespreking, Opvolgactie
from portal import access, roles
from portal.casework import cases, controls, followup, meetings, results
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db
from views.api_schemas import ALL as API_SCHEMAS
from views.base import ServiceApi, created, json_body
from views.casework.helpers import _scope


def _date(value) -> dt.date | None:
    """An ISO date from a JSON body; missing or empty is None."""
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


class CasuswerkApi(ServiceApi):
    """The case-work actions that follow rules beyond one row."""

    resource_name = "casuswerk"
    class_permission_name = roles.CASUS
    method_permission_name = {
        "status": roles.WRITE,
        "new_case": roles.WRITE,
        "new_meeting": roles.WRITE,
        "outcome": roles.WRITE,
        "new_control": roles.WRITE,
    }
    openapi_spec_tag = "Casuswerk"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/casus/<int:casus_id>/status", methods=["POST"])
    @protect()
    @safe
    def status(self, casus_id: int):
        """Move a case to another status (the status rules apply).
        ---
        post:
          parameters:
          - {in: path, name: casus_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/CasusStatusIn'}
          responses:
            200:
              description: New status
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/CasusStatus'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        casus = cscope.visible(Casus, casus_id)
        if casus is None:
            return self.response_404()
        data = self._json()

        def go():
            cscope.check_editable(casus.project_id)
            cases.set_status(casus, str(data.get("status", "")), data.get("reden"))
            return self.response(200, id=casus.id, status=casus.status)

        return self._run(go)

    @expose("/project/<int:project_id>/casus", methods=["POST"])
    @protect()
    @safe
    def new_case(self, project_id: int):
        """Open a case for an address selected for the casustafel.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/NieuweCasusIn'}
          responses:
            201:
              description: Created
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/CasusStatus'}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            ids = data.get("partners")
            casus = cases.create_case(
                project_id,
                str(data.get("adres_sleutel", "")),
                [int(i) for i in ids] if isinstance(ids, list) else None,
            )
            return created(
                self, url_for("CasusApi.get", pk=casus.id), id=casus.id, status=casus.status
            )

        return self._run(go)

    @expose("/project/<int:project_id>/casustafel", methods=["POST"])
    @protect()
    @safe
    def new_meeting(self, project_id: int):
        """Record a casustafel with its attending partners and agenda.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/CasustafelIn'}
          responses:
            201:
              description: Created
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Aangemaakt'}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            tafel = meetings.create_meeting(
                project_id,
                _date(data.get("datum")),
                [int(i) for i in data.get("aanwezigen") or []],
                [int(i) for i in data.get("casussen") or []],
                data.get("locatie"),
                data.get("opmerkingen"),
            )
            return created(self, url_for("CasustafelApi.get", pk=tafel.id), id=tafel.id)

        return self._run(go)

    @expose("/bespreking/<int:item_id>/uitkomst", methods=["POST"])
    @protect()
    @safe
    def outcome(self, item_id: int):
        """Record the outcome of one case at a casustafel.
        ---
        post:
          parameters:
          - {in: path, name: item_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/UitkomstIn'}
          responses:
            200:
              description: Case status after the outcome
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Uitkomst'}
            422: {description: Rule violated}
        """
        item = cscope.visible(CasustafelBespreking, item_id)
        if item is None:
            return self.response_404()
        data = self._json()

        def go():
            partners = [
                meetings.PartnerOutcome(
                    int(p["ketenpartner_id"]),
                    p.get("actueel"),
                    bool(p.get("trekker")),
                    p.get("toelichting"),
                )
                for p in data.get("partners") or []
            ]
            casus = meetings.record_outcome(
                item,
                partners,
                data.get("politiebijstand"),
                data.get("politiebijstand_reden"),
                data.get("handhavingsactie"),
                data.get("afweging"),
                data.get("uitkomst"),
            )
            return self.response(
                200, casus_id=casus.id, status=casus.status, reden=casus.reden_buiten_aanpak
            )

        return self._run(go)

    @expose("/project/<int:project_id>/controle", methods=["POST"])
    @protect()
    @safe
    def new_control(self, project_id: int):
        """Record a control (action day/evening) with team and addresses.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ControleIn'}
          responses:
            201:
              description: Created
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Aangemaakt'}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            controle = controls.create_control(
                project_id,
                _date(data.get("datum")),
                str(data.get("soort", "")),
                [int(i) for i in data.get("adressen") or []],
                [(int(t["ketenpartner_id"]), str(t["rol"])) for t in data.get("team") or []],
                int(data.get("personen_aangetroffen") or 0),
                bool(data.get("noodplan")),
                bool(data.get("risicoanalyse")),
                data.get("acties_ter_plaatse"),
                data.get("opmerkingen"),
            )
            return created(self, url_for("ControleApi.get", pk=controle.id), id=controle.id)

        return self._run(go)


class OpvolgingApi(BaseApi):
    resource_name = "opvolging"
    class_permission_name = roles.OPVOLGING
    method_permission_name = {"complete": roles.WRITE, "mine": roles.READ}
    allow_browser_login = True
    openapi_spec_tag = "Opvolging"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/mijn-acties", methods=["GET"])
    @protect()
    @safe
    def mine(self):
        """My open follow-up actions.
        ---
        get:
          responses:
            200:
              description: Actions
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Opvolgacties'}
        """
        today = dt.date.today()
        return self.response(
            200,
            result=[
                {
                    "id": a.id,
                    "project_id": a.project_id,
                    "omschrijving": a.omschrijving,
                    "deadline": a.deadline.isoformat(),
                    "status": a.status,
                    "stand": followup.state(a, today),
                }
                for a in followup.my_actions(_scope())
            ],
        )

    @expose("/opvolgactie/<int:action_id>/afronden", methods=["POST"])
    @protect()
    @safe
    def complete(self, action_id: int):
        """Complete an action and feed back its result (the owning partner).
        ---
        post:
          parameters:
          - {in: path, name: action_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/AfrondenIn'}
          responses:
            200:
              description: Completed
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ActieStatus'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        action = cscope.visible(Opvolgactie, action_id)
        if action is None or not cscope.may_complete(action, _scope()):
            return self.response_404()
        data = json_body()
        try:
            afgerond = data.get("afgerond_op")
            followup.complete(
                action,
                data.get("resultaat"),
                dt.date.fromisoformat(afgerond) if isinstance(afgerond, str) else None,
            )
        except (RuleViolation, ValueError) as e:
            db.session.rollback()
            errors = e.errors if isinstance(e, RuleViolation) else {"afgerond_op": [str(e)]}
            return self.response_422(message=errors)
        return self.response(200, id=action.id, status=action.status)


class ResultatenApi(BaseApi):
    resource_name = "resultaten"
    class_permission_name = roles.RESULTATEN
    method_permission_name = {"project": roles.READ}
    allow_browser_login = True
    openapi_spec_tag = "Resultaten"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def project(self, project_id: int):
        """Results and effect measurement of a project.
        ---
        get:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: Figures
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Resultaten'}
            404: {description: Not found}
        """
        if not access.project_allowed(project_id, access.visible_projects(_scope())):
            return self.response_404()
        figures = results.compute(project_id)
        figures["peildatum"] = figures["peildatum"].isoformat()
        return self.response(200, result=figures)
