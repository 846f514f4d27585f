"""Screens and API for phases, gates, the LSI queue and deadlines (rules in portal.workflow)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import Project
from portal import access, deadlines, roles, workflow
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from portal.formatting import label
from views.api_schemas import ALL as API_SCHEMAS
from views.base import json_body
from views.panels import register_panel


class DecisionInterface(SQLAInterface):
    """FAB's "add" of a decision - the screen's form and the API's POST alike - is the use
    case ``workflow.log_decision``: rules, right to log the body, the decision and its
    consequences in one transaction."""

    def add(self, item, commit: bool = True) -> None:
        workflow.log_decision(item, g.user.id if g.user else None)


def _visible_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not access.project_allowed(
        project.id, access.visible_projects(access.current_scope())
    ):
        abort(404)
    return project


def _may_transition(project: Project) -> bool:
    return (
        access.project_allowed(project.id, access.editable_projects(access.current_scope()))
        and g.user is not None
        and any(
            roles.WRITE in roles.ROLE_RIGHTS.get(r, {}).get(roles.FASERING, ())
            or r == roles.BEHEERDER
            for r in access.current_scope().roles
        )
    )


def _status(project: Project) -> dict:
    targets = workflow.allowed_targets(project)
    return {
        "project": project,
        "gates": [workflow.gate(project, t) for t in targets],
        "timeline": workflow.timeline(project.id),
        "stop_suggested": workflow.stop_suggested(project),
        "deadlines": deadlines.for_project(project),
    }


class FaseringView(BaseView):
    route_base = "/fasering"
    class_permission_name = roles.FASERING
    method_permission_name = {
        "project": roles.READ,
        "transition": roles.WRITE,
        "deadlines": roles.READ,
    }
    default_view = "deadlines"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _visible_project(project_id)
        return self.render_template(
            "workflow/project.html", may_transition=_may_transition(project), **_status(project)
        )

    @expose("/project/<int:project_id>/overgang", methods=["POST"])
    @has_access
    def transition(self, project_id: int):
        project = _visible_project(project_id)
        naar = request.form.get("naar", "")
        try:
            workflow.transition(project, naar, g.user.id, request.form.get("reden"))
        except workflow.GateClosed as e:
            db.session.rollback()
            flash(
                _l(
                    "Overgang naar %(naar)s is niet mogelijk. Nog nodig: %(missing)s",
                    naar=naar,
                    missing="; ".join(r.label for r in e.gate.missing),
                ),
                "danger",
            )
        except RuleViolation as e:
            db.session.rollback()
            flash(str(e), "danger")
        except AccessDenied:
            db.session.rollback()
            abort(403)
        else:
            flash(_l("Het project is nu in fase %(fase)s.", fase=label(naar)), "success")
        return redirect(url_for("FaseringView.project", project_id=project_id))

    @expose("/termijnen")
    @has_access
    def deadlines(self):
        items = deadlines.for_projects(access.visible_projects(access.current_scope()))
        return self.render_template("workflow/deadlines.html", items=items)


class WachtrijView(BaseView):
    route_base = "/wachtrij"
    class_permission_name = roles.WACHTRIJ
    method_permission_name = {"queue": roles.READ}
    default_view = "queue"

    @expose("/")
    @has_access
    def queue(self):
        return self.render_template("workflow/queue.html", groups=workflow.lsi_queue_by_meeting())


class FaseringApi(BaseApi):
    resource_name = "fasering"
    class_permission_name = roles.FASERING
    method_permission_name = {
        "status": roles.READ,
        "transition": roles.WRITE,
        "deadlines": roles.READ,
    }
    allow_browser_login = True
    openapi_spec_tag = "Fasering"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def status(self, project_id: int):
        """Phase, possible transitions with what is missing, and the timeline.
        ---
        get:
          parameters:
          - in: path
            name: project_id
            schema: {type: integer}
          responses:
            200:
              description: Status
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Faseringsstatus'}
            404: {description: Not found}
        """
        project = db.session.get(Project, project_id)
        if project is None or not access.project_allowed(
            project_id, access.visible_projects(access.current_scope())
        ):
            return self.response_404()
        data = _status(project)
        return self.response(
            200,
            fase=project.fase,
            overgangen=[
                {
                    "naar": gt.naar,
                    "open": gt.open,
                    "vereisten": [
                        {"omschrijving": r.label, "voldaan": r.met, "toelichting": r.hint}
                        for r in gt.requirements
                    ],
                }
                for gt in data["gates"]
            ],
            tijdlijn=[
                {
                    "van": t.van,
                    "naar": t.naar,
                    "reden": t.reden,
                    "op": t.op.isoformat(),
                    "door": t.door.username if t.door else None,
                }
                for t in data["timeline"]
            ],
        )

    @expose("/project/<int:project_id>/overgang", methods=["POST"])
    @protect()
    @safe
    def transition(self, project_id: int):
        """Move the project to the next phase (or stop it) when its gate is met.
        ---
        post:
          parameters:
          - in: path
            name: project_id
            schema: {type: integer}
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    naar: {type: string}
                    reden: {type: string}
          responses:
            200:
              description: Transition done
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Faseovergang'}
            404: {description: Not found}
            422: {description: Gate closed or invalid}
        """
        project = db.session.get(Project, project_id)
        if project is None or not access.project_allowed(
            project_id, access.visible_projects(access.current_scope())
        ):
            return self.response_404()
        body = json_body()
        try:
            step = workflow.transition(
                project, str(body.get("naar", "")), g.user.id, body.get("reden")
            )
        except workflow.GateClosed as e:
            db.session.rollback()
            return self.response_422(message={"ontbreekt": [r.label for r in e.gate.missing]})
        except RuleViolation as e:
            db.session.rollback()
            return self.response_422(message=e.errors)
        except AccessDenied:
            db.session.rollback()
            return self.response_403()
        return self.response(200, fase=project.fase, van=step.van, naar=step.naar)

    @expose("/termijnen", methods=["GET"])
    @protect()
    @safe
    def deadlines(self):
        """Overdue and upcoming deadlines of the projects the user may see.
        ---
        get:
          responses:
            200:
              description: Deadlines
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Termijnen'}
        """
        items = deadlines.for_projects(access.visible_projects(access.current_scope()))
        return self.response(200, result=[d.to_json() for d in items])


class WachtrijApi(BaseApi):
    resource_name = "wachtrij"
    class_permission_name = roles.WACHTRIJ
    method_permission_name = {"queue": roles.READ}
    allow_browser_login = True
    openapi_spec_tag = "Wachtrij LSI"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/", methods=["GET"])
    @protect()
    @safe
    def queue(self):
        """Document versions submitted to the LSI awaiting its decision.
        ---
        get:
          responses:
            200:
              description: Queue
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Wachtrij'}
        """
        return self.response(
            200,
            result=[
                {
                    "document_id": i.document.id,
                    "project_id": i.project.id,
                    "project": i.project.code,
                    "soort": i.document.soort,
                    "versie": i.document.versie,
                    "ingediend_op": i.document.ingediend_op.isoformat()
                    if i.document.ingediend_op
                    else None,
                    "ingediend_door": i.document.ingediend_door.username
                    if i.document.ingediend_door
                    else None,
                    "besluiten": [
                        {"orgaan": b.orgaan, "uitkomst": b.uitkomst, "datum": b.datum.isoformat()}
                        for b in i.besluiten
                    ],
                    **_meeting_json(i.vergadering),
                }
                for i in workflow.lsi_queue()
            ],
        )


def _meeting_json(meeting) -> dict:
    return {
        "vergadering_id": meeting.id if meeting else None,
        "vergadering_orgaan": meeting.orgaan if meeting else None,
        "vergadering_datum": meeting.datum.isoformat() if meeting else None,
        "indienen_uiterlijk": meeting.indienen_uiterlijk.isoformat() if meeting else None,
    }


@register_panel(order=16, anchor="fase", title=_l("Fase en besluitvorming"))
def _phase_panel(project_id: int) -> Markup | None:
    scope = access.current_scope()
    if not (
        scope.is_admin
        or any(
            roles.READ in roles.ROLE_RIGHTS.get(r, {}).get(roles.FASERING, ()) for r in scope.roles
        )
    ):
        return None
    project = db.session.get(Project, project_id)
    if project is None:
        return None
    return Markup(render_template("workflow/_panel.html", **_status(project)))


def project_count_by_phase(criterion) -> dict[str, int]:
    return dict(
        db.session.execute(
            sa.select(Project.fase, sa.func.count()).where(criterion).group_by(Project.fase)
        ).all()
    )
