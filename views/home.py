"""Home page: each role's starting point with its projects per phase and an empty state."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask_appbuilder import IndexView, expose

from models import Project
from models.keuzelijsten import FASEN
from portal import access, roles
from portal.extensions import db


class PortalIndexView(IndexView):
    route_base = ""
    index_template = "home.html"

    @expose("/")
    def index(self):
        user = getattr(g, "user", None)
        if user is None or not user.is_authenticated:
            return self.render_template("home.html", anonymous=True)
        scope = access.current_scope()
        counts = dict(
            db.session.execute(
                sa.select(Project.fase, sa.func.count())
                .where(access.visible_projects(scope))
                .group_by(Project.fase)
            ).all()
        )
        per_fase = [(f, counts.get(f, 0)) for f in FASEN]
        project_view = "PartnerProjectView" if roles.KETENPARTNER in scope.roles else "ProjectView"
        return self.render_template(
            "home.html",
            anonymous=False,
            per_fase=per_fase,
            total=sum(counts.values()),
            role_names=sorted(scope.roles),
            project_view=project_view,
            can_create=bool(scope.roles & {roles.BEHEERDER, roles.PROJECTLEIDER, roles.RCF}),
        )
