"""Following a background job: ``/api/v1/taken/<id>`` for clients and the screens' progress
bar, ``/taken/<id>`` as the page a screen action sends the user to while the work runs.

Each user sees the jobs they started; the Beheerder sees all (also the scheduler's)."""

from __future__ import annotations

from flask import abort, g, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, protect, safe
from flask_babel import lazy_gettext as _l

from models import Taak
from models.taak import KLAAR, MISLUKT
from portal import access, formatting, jobs, roles
from portal.extensions import db
from views.api_schemas import ALL as API_SCHEMAS

# Where a finished job's result is: (screen endpoint, API endpoint, result key for the id).
RESULTS = {
    "levering_controle": ("SignalenView.levering", "SignalenApi.get_delivery", "levering_id"),
    "levering_opslaan": ("SignalenView.levering", "SignalenApi.get_delivery", "levering_id"),
    "documenten": ("DocumentenView.project", "DocumentApi.list_for_project", "project_id"),
    "pdf": ("DocumentenView.download_pdf", "DocumentApi.download_pdf", "document_id"),
    "koppeling": ("KoppelingView.project", "KoppelingApi.overview", "project_id"),
    "bewaartermijn": ("BewaartermijnView.overview", None, None),
}
_ID_ARG = {"levering_id": "levering_id", "project_id": "project_id", "document_id": "doc_id"}


def visible(taak_id: str) -> Taak | None:
    taak = db.session.get(Taak, taak_id[:32])
    if taak is None:
        return None
    if taak.aangemaakt_door_id == g.user.id or access.current_scope().is_admin:
        return taak
    return None


def _links(taak: Taak) -> dict[str, str]:
    out = {
        "self": url_for("TakenApi.get", taak_id=taak.id),
        "scherm": url_for("TakenView.show", taak_id=taak.id),
    }
    target = RESULTS.get(taak.soort)
    if taak.status == KLAAR and target and taak.resultaat is not None:
        screen, api, key = target
        if key is None:
            out["resultaat_scherm"] = url_for(screen)
        elif (value := taak.resultaat.get(key)) is not None:
            out["resultaat"] = url_for(api, **{_ID_ARG[key]: value})
            out["resultaat_scherm"] = url_for(screen, **{_ID_ARG[key]: value})
    return out


def job_json(taak: Taak) -> dict:
    errors = taak.fout or {}
    first = next((m for ms in errors.values() for m in ms), None)
    return {
        "id": taak.id,
        "soort": taak.soort,
        "omschrijving": jobs.label(taak.soort),
        "status": taak.status,
        "status_label": formatting.label(taak.status),
        "afgelopen": taak.afgelopen,
        "voortgang": jobs.progress_of(taak),
        "resultaat": taak.resultaat,
        "fout": {"message": first, "errors": errors} if taak.status == MISLUKT else None,
        "aangemaakt_op": taak.aangemaakt_op.isoformat(),
        "gestart_op": taak.gestart_op.isoformat() if taak.gestart_op else None,
        "klaar_op": taak.klaar_op.isoformat() if taak.klaar_op else None,
        "links": _links(taak),
    }


def accepted(api: BaseApi, taak: Taak, **body):
    """202 Accepted for work handed to a job: where to follow it, and what is known now."""
    response = api.response(202, taak=job_json(taak), **body)
    response.headers["Location"] = url_for("TakenApi.get", taak_id=taak.id)
    return response


class TakenApi(BaseApi):
    resource_name = "taken"
    class_permission_name = roles.TAAK
    method_permission_name = {"get": roles.READ}
    allow_browser_login = True  # the screens' progress bar follows the job with the session
    openapi_spec_tag = "Taken"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/<taak_id>", methods=["GET"])
    @protect()
    @safe
    def get(self, taak_id: str):
        """A background job: state, progress (percent), result or error.
        ---
        get:
          parameters:
          - {in: path, name: taak_id, required: true, schema: {type: string}}
          responses:
            200:
              description: The job
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Taak'}
            404: {description: Not found}
        """
        taak = visible(taak_id)
        if taak is None:
            return self.response_404()
        response = self.response(200, **job_json(taak))
        response.headers["Cache-Control"] = "no-store"
        return response


class TakenView(BaseView):
    route_base = "/taken"
    class_permission_name = roles.TAAK
    method_permission_name = {"show": roles.READ}
    default_view = "show"

    @expose("/<taak_id>")
    @has_access
    def show(self, taak_id: str):
        taak = visible(taak_id)
        if taak is None:
            abort(404)
        return self.render_template(
            "jobs/taak.html", taak=taak, job=job_json(taak), title=_l("Voortgang")
        )
