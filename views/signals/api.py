"""API for signals and deliveries (``SignalenApi``) and the coupling (``KoppelingApi``)."""

from __future__ import annotations

from flask import request, url_for
from flask_appbuilder import expose
from flask_appbuilder.api import protect, safe
from flask_babel import lazy_gettext as _l

from models import Signaal, Signaallevering
from portal import roles
from portal.errors import RuleViolation
from portal.signals import coupling, delivery, importer
from portal.signals import scope as sscope
from views.api_schemas import ALL as API_SCHEMAS
from views.base import ServiceApi, created
from views.jobs import accepted
from views.signals.helpers import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    _filters,
    _find_levering,
    _find_project,
    _int_arg,
    _receive,
    _scope,
    _signal_page,
    _user_id,
)


class _Api(ServiceApi):
    openapi_spec_tag = "Signalen"
    openapi_spec_component_schemas = API_SCHEMAS


def _signal_json(s: Signaal) -> dict:
    return {
        "id": s.id,
        "partner": s.ketenpartner.code,
        "adres": s.adres_sleutel,
        "postcode": s.postcode,
        "huisnummer": s.huisnummer,
        "huisletter": s.huisletter,
        "huisnummertoevoeging": s.huisnummertoevoeging,
        "risico": s.risico,
        "toelichting": s.toelichting,
        "datum": s.datum.isoformat() if s.datum else None,
    }


def _levering_json(levering: Signaallevering) -> dict:
    preview = importer.stored_preview(levering)
    return {
        "id": levering.id,
        "status": levering.status,
        "bestandsnaam": levering.bestandsnaam,
        "partner": levering.ketenpartner.code,
        "rijen_totaal": levering.rijen_totaal,
        "rijen_geldig": levering.rijen_geldig,
        "rijen_fout": levering.rijen_fout,
        "rijen_opgeslagen": levering.rijen_opgeslagen,
        "bestandsfout": preview.bestandsfout if preview else None,
        "waarschuwingen": preview.waarschuwingen if preview else [],
        "fouten": preview.fouten if preview else [],
    }


class SignalenApi(_Api):
    resource_name = "signalen"
    class_permission_name = roles.SIGNAAL
    method_permission_name = {
        "list_signals": roles.READ,
        "deliver": roles.WRITE,
        "get_delivery": roles.READ,
        "confirm": roles.WRITE,
        "cancel": roles.WRITE,
    }

    def _on_delivery(self, levering_id: int, action):
        """Run a service action on a delivery the user may see, in its own transaction."""
        levering = _find_levering(levering_id)
        if levering is None:
            return self.response_404()

        def go():
            body = action(levering)
            return self.response(200, id=levering_id, **body)

        return self._run(go)

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def list_signals(self, project_id: int):
        """Signals of a project: a partner gets only its own.
        ---
        get:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          - {in: query, name: page, schema: {type: integer}}
          - {in: query, name: page_size, schema: {type: integer}}
          - {in: query, name: postcode, schema: {type: string}}
          responses:
            200:
              description: Signals
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/SignaalPagina'}
            404: {description: Not found}
        """
        if _find_project(project_id) is None:
            return self.response_404()
        number = _int_arg("page", 1)
        size = _int_arg("page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        rows, total = _signal_page(project_id, number, size)
        return self.response(200, count=total, result=[_signal_json(s) for s in rows])

    @expose("/project/<int:project_id>/levering", methods=["POST"])
    @protect()
    @safe
    def deliver(self, project_id: int):
        """Upload a delivery (multipart ``bestand``; project people add ``ketenpartner_id``).
        The response is the preview; nothing is stored until it is confirmed. A large file
        is checked by a job: 202 with the job in ``Location``, the preview once it is done.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema: {$ref: '#/components/schemas/LeveringUpload'}
          responses:
            201:
              description: Delivery checked and waiting for confirmation
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Levering'}
            202:
              description: Delivery received; a job checks it (see Location)
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Geaccepteerd'}
            404: {description: Not found}
            422: {description: Refused}
        """
        if _find_project(project_id) is None:
            return self.response_404()

        def go():
            outcome = _receive(project_id)
            levering = outcome.levering
            if outcome.taak is not None:
                return accepted(self, outcome.taak, id=levering.id, status=levering.status)
            location = url_for("SignalenApi.get_delivery", levering_id=levering.id)
            return created(self, location, **_levering_json(levering))

        return self._run(go)

    @expose("/levering/<int:levering_id>", methods=["GET"])
    @protect()
    @safe
    def get_delivery(self, levering_id: int):
        """A delivery and its check.
        ---
        get:
          parameters:
          - {in: path, name: levering_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The delivery
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Levering'}
            404: {description: Not found}
        """
        levering = _find_levering(levering_id)
        if levering is None:
            return self.response_404()
        return self.response(200, **_levering_json(levering))

    @expose("/levering/<int:levering_id>/bevestig", methods=["POST"])
    @protect()
    @safe
    def confirm(self, levering_id: int):
        """Store the delivery's valid rows (one transaction); a large file by a job (202).
        ---
        post:
          parameters:
          - {in: path, name: levering_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: Stored
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/LeveringOpgeslagen'}
            202:
              description: A job stores it (see Location)
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Geaccepteerd'}
            404: {description: Not found}
            422: {description: Refused}
        """
        levering = _find_levering(levering_id)
        if levering is None:
            return self.response_404()

        def go():
            outcome = delivery.confirm(levering, _user_id())
            if outcome.taak is not None:
                return accepted(self, outcome.taak, id=levering_id, status=levering.status)
            return self.response(200, id=levering_id, opgeslagen=outcome.opgeslagen)

        return self._run(go)

    @expose("/levering/<int:levering_id>/annuleer", methods=["POST"])
    @protect()
    @safe
    def cancel(self, levering_id: int):
        """Cancel a delivery that was not confirmed.
        ---
        post:
          parameters:
          - {in: path, name: levering_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: Cancelled
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/LeveringStatus'}
            404: {description: Not found}
            422: {description: Refused}
        """

        def cancel(levering):
            importer.cancel(levering)
            return {"status": levering.status}

        return self._on_delivery(levering_id, cancel)


class KoppelingApi(_Api):
    resource_name = "koppeling"
    class_permission_name = roles.BESTANDSKOPPELING
    method_permission_name = {
        "overview": roles.READ,
        "override": roles.WRITE,
        "selection": roles.WRITE,
        "rebuild": roles.WRITE,
    }

    @expose("/project/<int:project_id>/herbouw", methods=["POST"])
    @protect()
    @safe
    def rebuild(self, project_id: int):
        """Rebuild the project's coupling from its signals, by a job (202).
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            202:
              description: A job rebuilds it (see Location)
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Geaccepteerd'}
            404: {description: Not found}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        return accepted(self, coupling.rebuild_later(project_id, _user_id()), project_id=project_id)

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def overview(self, project_id: int):
        """The coupled overview (filters: meervoudig, min_partners, partner, postcode; sort).
        ---
        get:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          - {in: query, name: page, schema: {type: integer}}
          - {in: query, name: page_size, schema: {type: integer}}
          - {in: query, name: min_partners, schema: {type: integer}}
          - {in: query, name: meervoudig, schema: {type: string}}
          - {in: query, name: partner, schema: {type: string}}
          - {in: query, name: postcode, schema: {type: string}}
          - {in: query, name: sort, schema: {type: string, enum: [partners, adres, signalen]}}
          responses:
            200:
              description: One page of addresses
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/KoppelingPagina'}
            404: {description: Not found}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        number = _int_arg("page", 1)
        size = _int_arg("page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
        lines, total = coupling.page(
            project_id, _filters(), request.args.get("sort", "partners"), number, size
        )
        return self.response(
            200,
            count=total,
            result=[
                {
                    **line.to_json(),
                    "aantal_partners": line.aantal_partners,
                    "risicos": [{"partner": c, "risico": r} for c, r in line.risicos or []],
                    "professioneel_oordeel": line.override,
                    "geselecteerd": line.geselecteerd,
                }
                for line in lines
            ],
        )

    @expose("/project/<int:project_id>/oordeel", methods=["POST"])
    @protect()
    @safe
    def override(self, project_id: int):
        """Judge a single-partner address of multiple interest: {adres, aan, reden}.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/OordeelIn'}
          responses:
            200:
              description: Recorded
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Oordeel'}
            404: {description: Not found}
            422: {description: Refused}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        data = self._json()

        def go():
            j = coupling.set_override(
                project_id,
                str(data.get("adres", "")),
                bool(data.get("aan", True)),
                str(data.get("reden") or ""),
                _user_id(),
            )
            return self.response(200, adres=j.adres_sleutel, oordeel=j.meervoudig_override)

        return self._run(go)

    @expose("/project/<int:project_id>/selectie", methods=["POST"])
    @protect()
    @safe
    def selection(self, project_id: int):
        """Select addresses for the casustafel (or take them off): {adressen: [...], aan}.
        Selected addresses get their case at once; the answer lists the new cases' ids.
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/SelectieIn'}
          responses:
            200:
              description: Selection changed
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Selectie'}
            404: {description: Not found}
            422: {description: Refused}
        """
        if not sscope.is_staff(project_id, _scope()):
            return self.response_404()
        data = self._json()
        keys = data.get("adressen")

        def go():
            if not isinstance(keys, list):
                raise RuleViolation({"adressen": [str(_l("Geef een lijst met adressen."))]})
            done = coupling.select(
                project_id, [str(k) for k in keys], bool(data.get("aan", True)), _user_id()
            )
            return self.response(200, gewijzigd=done.changed, casussen=[c.id for c in done.cases])

        return self._run(go)
