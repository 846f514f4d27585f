"""The privacy officer's view of AVG retention: what is due and what was removed."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, g, redirect, url_for
from flask_appbuilder import BaseView, expose, has_access

from models import AuditRecord, Project
from portal import retention, roles
from portal.extensions import db


class BewaartermijnView(BaseView):
    route_base = "/bewaartermijnen"
    class_permission_name = roles.BEWAARTERMIJNEN
    method_permission_name = {"overview": roles.READ, "apply": roles.WRITE}
    default_view = "overview"

    @expose("/")
    @has_access
    def overview(self):
        removed = db.session.execute(
            sa.select(AuditRecord, Project.code)
            .join(Project, Project.id == AuditRecord.project_id, isouter=True)
            .where(AuditRecord.actie == "retentie")
            .order_by(AuditRecord.op.desc())
        ).all()
        return self.render_template(
            "retention/overview.html",
            due=retention.due(),
            removed=removed,
            default_months=current_app.config["RETENTION_MONTHS"],
        )

    @expose("/uitvoeren", methods=["POST"])
    @has_access
    def apply(self):
        # A job: the purge reads every document of each project; its page shows the progress
        # and comes back here, where "Eerder verwijderd" lists what was removed.
        taak = retention.purge_later(g.user.id)
        return redirect(url_for("TakenView.show", taak_id=taak.id))
