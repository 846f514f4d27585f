"""Record history (from the audit trail) and the full audit log for the administrator."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from models import AuditRecord
from portal import access, audit, roles
from portal.extensions import db
from views.api_schemas import ALL as API_SCHEMAS
from views.base import PortalModelView


def _readable(tabel: str, rij_id: str) -> list[AuditRecord] | None:
    """The history of a row, or None when the user may not read that row."""
    records = audit.history(tabel, rij_id)
    if not records:
        return None
    scope = access.current_scope()
    project_id = next((r.project_id for r in records if r.project_id is not None), None)
    if project_id is None:
        return records if scope.roles else None  # master data: every signed-in role reads it
    if roles.KETENPARTNER in scope.roles and not scope.reads_all_projects:
        return None  # partners read their own rows in their own screens, not project history
    if not access.project_allowed(project_id, access.visible_projects(scope)):
        return None
    return records


class GeschiedenisView(BaseView):
    route_base = "/geschiedenis"
    class_permission_name = roles.GESCHIEDENIS
    method_permission_name = {"record": roles.READ}

    @expose("/<tabel>/<rij_id>")
    @has_access
    def record(self, tabel: str, rij_id: str):
        records = _readable(tabel, rij_id)
        if records is None:
            abort(404)
        return self.render_template(
            "audit/history.html", records=records, tabel=tabel, rij_id=rij_id
        )


class GeschiedenisApi(BaseApi):
    resource_name = "geschiedenis"
    class_permission_name = roles.GESCHIEDENIS
    method_permission_name = {"record": roles.READ}
    allow_browser_login = True
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/<tabel>/<rij_id>", methods=["GET"])
    @protect()
    @safe
    def record(self, tabel: str, rij_id: str):
        """History of one record, newest first.
        ---
        get:
          parameters:
          - {in: path, name: tabel, schema: {type: string}}
          - {in: path, name: rij_id, schema: {type: string}}
          responses:
            200:
              description: History
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Geschiedenis'}
            404: {description: Not found}
        """
        records = _readable(tabel, rij_id)
        if records is None:
            return self.response_404()
        return self.response(
            200,
            result=[
                {
                    "actie": r.actie,
                    "door": r.door,
                    "op": r.op.isoformat(),
                    "wijzigingen": r.wijzigingen,
                }
                for r in records
            ],
        )


class AuditLogView(PortalModelView):
    """The whole audit log, read-only for every role (append-only by construction)."""

    datamodel = SQLAInterface(AuditRecord)
    class_permission_name = roles.AUDITLOG
    base_permissions = ["can_read"]
    include_route_methods = {"list", "show"}
    base_filters = []
    scoped = False
    list_title = show_title = _l("Auditlog")
    list_columns = ["op", "door", "actie", "tabel", "rij_id", "project_id"]
    show_columns = [*list_columns, "wijzigingen"]
    search_columns = ["tabel", "actie", "door", "project_id", "op"]
    base_order = ("op", "desc")
    label_columns = {
        "op": _l("Tijdstip"),
        "door": _l("Door"),
        "actie": _l("Actie"),
        "tabel": _l("Tabel"),
        "rij_id": _l("Record"),
        "project_id": _l("Project"),
        "wijzigingen": _l("Wijzigingen"),
    }


def history_count(tabel: str, rij_id: str) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditRecord)
            .where(AuditRecord.tabel == tabel, AuditRecord.rij_id == rij_id)
        )
        or 0
    )
