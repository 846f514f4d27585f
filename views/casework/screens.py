"""Case-work screens: ``CasuswerkView`` (its pages come from the cases, meetings and
controls modules), follow-up, journal, results and the finding categories.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, ModelView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from models import BevindingCategorie, Casus, Opvolgactie
from portal import access, charts, roles
from portal.casework import followup, journal, results
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from views.casework.cases import CaseScreens
from views.casework.controls import ControlScreens
from views.casework.helpers import CASE_LABELS, _date, _flash_errors, _project, _row, _scope
from views.casework.meetings import MeetingScreens
from views.navigation import safe_next


class CasuswerkView(CaseScreens, MeetingScreens, ControlScreens, BaseView):
    """The case-work pages of a project. The pages live in the mixins, one per part of
    portal.casework; FAB finds exposed methods through ``dir()``, so inherited pages keep
    their ``CasuswerkView.<method>`` endpoints and the permissions below."""

    route_base = "/casuswerk"
    class_permission_name = roles.CASUS
    method_permission_name = {
        "project": roles.READ,
        "create_cases": roles.WRITE,
        "new_meeting": roles.WRITE,
        "meeting": roles.READ,
        "add_agenda": roles.WRITE,
        "outcome": roles.WRITE,
        "meeting_document": roles.READ,
        "casus": roles.READ,
        "dossier": roles.READ,
        "casus_status": roles.WRITE,
        "casus_edit": roles.WRITE,
        "new_control": roles.WRITE,
        "control": roles.READ,
        "add_finding": roles.WRITE,
        "add_action": roles.WRITE,
        # control evenings planned ahead (views.casework.controls, issue #19)
        "plan_control": roles.WRITE,
        "edit_plan": roles.WRITE,
        "assess_address": roles.WRITE,
        "checklist": roles.WRITE,
        "control_outcome": roles.WRITE,
        "cancel_control": roles.WRITE,
        "briefing": roles.READ,
    }
    default_view = "project"


class OpvolgingView(BaseView):
    route_base = "/opvolging"
    class_permission_name = roles.OPVOLGING
    method_permission_name = {
        "mine": roles.READ,
        "start": roles.WRITE,
        "complete": roles.WRITE,
        "partners": roles.READ,
    }
    default_view = "mine"

    @expose("/mijn-acties")
    @has_access
    def mine(self):
        return self.render_template(
            "casework/my_actions.html",
            actions=followup.my_actions(_scope(), include_done=True),
            state=followup.state,
            today=dt.date.today(),
        )

    def _action(self, action_id: int) -> Opvolgactie:
        action = _row(Opvolgactie, action_id)
        if not cscope.may_complete(action, _scope()):
            abort(403)
        return action

    @expose("/actie/<int:action_id>/start", methods=["POST"])
    @has_access
    def start(self, action_id: int):
        followup.start(self._action(action_id))
        return redirect(safe_next(url_for("OpvolgingView.mine")))

    @expose("/actie/<int:action_id>/afronden", methods=["POST"])
    @has_access
    def complete(self, action_id: int):
        action = self._action(action_id)
        try:
            followup.complete(action, request.form.get("resultaat"), _date("afgerond_op"))
            flash(_l("Actie afgerond; het resultaat staat in het journaal."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("OpvolgingView.mine"))

    @expose("/project/<int:project_id>")
    @has_access
    def partners(self, project_id: int):
        project = _project(project_id)
        if not cscope.may_edit(project.id, _scope()) and not access.project_allowed(
            project.id, access.visible_projects(cscope.staff_scope(_scope()))
        ):
            abort(403)
        today = dt.date.today()
        late = list(
            db.session.scalars(
                sa.select(Opvolgactie)
                .where(Opvolgactie.project_id == project.id, followup.overdue(today))
                .order_by(Opvolgactie.deadline)
            )
        )
        return self.render_template(
            "casework/per_partner.html",
            project=project,
            rows=followup.per_partner(project.id, today),
            late=late,
            today=today,
        )


class JournaalView(BaseView):
    """Manual journal entries. Add only: entries are never edited or deleted."""

    route_base = "/journaal"
    class_permission_name = roles.JOURNAAL
    method_permission_name = {"add": roles.WRITE}

    @expose("/casus/<int:casus_id>/regel", methods=["POST"])
    @has_access
    def add(self, casus_id: int):
        casus = _row(Casus, casus_id)
        try:
            journal.add_manual(casus, request.form.get("tekst"))
            flash(_l("Journaalregel toegevoegd."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("CasuswerkView.casus", casus_id=casus.id))


class ResultatenView(BaseView):
    route_base = "/resultaten"
    class_permission_name = roles.RESULTATEN
    method_permission_name = {"project": roles.READ}
    default_view = "project"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _project(project_id)
        figures = results.compute(project.id)
        # Project people see drafts and the registration links; partners the published
        # communication and the aggregated outcomes (issue #19).
        staff = access.project_allowed(
            project.id, access.visible_projects(cscope.staff_scope(_scope()))
        )
        extra = results.registration(project.id, staff=staff)
        return self.render_template(
            "casework/results.html",
            project=project,
            r=figures,
            x=extra,
            staff=staff,
            can_register=staff and cscope.may_edit(project.id, _scope()),
            charts=[
                {"titel": c["titel"], "src": charts.data_uri(c["png"])}
                for c in results.chart_list(figures) + results.outcome_charts(extra)
            ],
        )


class BevindingCategorieView(ModelView):
    """The managed list of finding categories (Beheerder). Categories in use stay: they
    are switched off, not deleted."""

    route_base = "/bevindingcategorie"
    datamodel = SQLAInterface(BevindingCategorie)
    class_permission_name = roles.BEVINDINGCATEGORIE
    method_permission_name = roles.VIEW_METHODS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "add", "edit"}
    label_columns = CASE_LABELS
    list_title = _l("Categorieën van bevindingen")
    show_title = _l("Categorie van bevindingen")
    add_title = _l("Categorie van bevindingen toevoegen")
    edit_title = _l("Categorie van bevindingen wijzigen")
    list_columns = ["naam", "volgorde", "actief"]
    add_columns = edit_columns = show_columns = ["naam", "volgorde", "actief"]
    base_order = ("volgorde", "asc")
