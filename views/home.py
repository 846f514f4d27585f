"""Home page: each role's dashboard (data from portal.dashboard)."""

from __future__ import annotations

from flask import g
from flask_appbuilder import IndexView, expose

from portal import access, dashboard, roles

# Extra dashboard blocks contributed by features: functions (scope) -> Markup | None.
BLOCKS: list = []


class PortalIndexView(IndexView):
    route_base = ""
    index_template = "home.html"

    @expose("/")
    def index(self):
        user = getattr(g, "user", None)
        if user is None or not user.is_authenticated:
            return self.render_template("home.html", anonymous=True)
        scope = access.current_scope()
        rows = dashboard.per_phase(scope)
        total = sum(n for _, n in rows)
        return self.render_template(
            "home.html",
            anonymous=False,
            per_fase=rows,
            total=total,
            chart=dashboard.phase_chart_png(rows) if total else None,
            tasks=dashboard.tasks(scope),
            urgent=dashboard.urgent_deadlines(scope),
            blocks=[b for b in (fn(scope) for fn in BLOCKS) if b],
            role_names=sorted(scope.roles),
            project_view="PartnerProjectView"
            if roles.KETENPARTNER in scope.roles
            else "ProjectView",
            can_create=bool(scope.roles & {roles.BEHEERDER, roles.PROJECTLEIDER, roles.RCF}),
            is_secretary=roles.SECRETARIS in scope.roles,
        )
