"""The case-work section of the project page and the "my actions" dashboard block."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal import access, roles
from portal.casework import followup, results
from portal.casework import scope as cscope
from views.base import user_may
from views.casework.helpers import _scope
from views.panels import register_panel


@register_panel(order=60, anchor="casuswerk", title=_l("Casuswerk"))
def casework_panel(project_id: int) -> Markup | None:
    if not (user_may(roles.READ, roles.CASUS) or user_may(roles.READ, roles.RESULTATEN)):
        return None
    if not access.project_allowed(project_id, access.visible_projects(_scope())):
        return None
    scope = _scope()
    return Markup(
        render_template(
            "casework/_panel.html",
            project_id=project_id,
            counts=cscope.counts(project_id, scope),
            effect=results.effect(project_id),
            can_case=user_may(roles.READ, roles.CASUS),
            can_results=user_may(roles.READ, roles.RESULTATEN),
            can_followup=cscope.may_edit(project_id, scope),
        )
    )


def results_block(scope) -> Markup | None:
    """The yield of the staff's running projects on their dashboard (issue #19 part 5)."""
    if scope.user_id is None or not user_may(roles.WRITE, roles.RESULTAATWERK):
        return None
    from models import Project
    from portal import charts, process
    from portal.casework import outcomes

    rows = outcomes.per_project(
        access.editable_projects(scope) & Project.fase.not_in(process.ENDED)
    )
    if not rows:
        return None
    chart = charts.data_uri(
        charts.amounts(
            [(r["project"].code, float(r["opbrengst"])) for r in rows],
            str(_l("Financiële opbrengst per project")),
            str(_l("Bedrag in euro")),
        )
    )
    return Markup(render_template("casework/_results_block.html", rows=rows, chart=chart))


def my_actions_block(scope) -> Markup | None:
    if scope.user_id is None or not user_may(roles.READ, roles.OPVOLGING):
        return None
    data = followup.dashboard_data(scope)
    return Markup(render_template("casework/_my_actions.html", data=data, state=followup.state))
