"""The page of one communication item: who must agree, their agreements, and publishing
(portal.casework.communication holds the rules)."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from models import Communicatie, CommunicatieAkkoord
from models.communicatie import GEPUBLICEERD, PARTIJ_SOORTEN
from portal import access, roles
from portal.casework import communication
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from views.casework.helpers import _date, _int, _project_partners
from views.casework.outcomes import RESULT_LABELS


def _item(model: type, row_id: int):
    row = db.session.get(model, row_id)
    if row is None or not access.project_allowed(
        row.project_id, access.visible_projects(access.current_scope())
    ):
        abort(404)
    return row


def _flash(e: RuleViolation) -> None:
    db.session.rollback()
    for field, msgs in e.errors.items():
        label = RESULT_LABELS.get(field)
        for msg in msgs:
            flash(f"{label}: {msg}" if label and field != "_" else msg, "danger")


class BerichtView(BaseView):
    route_base = "/bericht"
    class_permission_name = roles.RESULTAATWERK
    method_permission_name = {
        "show": roles.READ,
        "add_party": roles.WRITE,
        "agree": roles.WRITE,
        "publish": roles.WRITE,
    }
    default_view = "show"

    @expose("/<int:item_id>")
    @has_access
    def show(self, item_id: int):
        item = _item(Communicatie, item_id)
        return self.render_template(
            "casework/communication.html",
            item=item,
            blockers=communication.publish_blockers(item.id),
            partners=_project_partners(item.project_id),
            partij_soorten=PARTIJ_SOORTEN,
            published=item.status == GEPUBLICEERD,
        )

    def _back(self, item_id: int):
        return redirect(url_for("BerichtView.show", item_id=item_id))

    @expose("/<int:item_id>/partij", methods=["POST"])
    @has_access
    def add_party(self, item_id: int):
        item = _item(Communicatie, item_id)
        try:
            communication.add_party(
                item,
                request.form.get("partij_soort") or "",
                request.form.get("partij") or "",
                _int("ketenpartner_id"),
                request.form.get("vereist", "ja") == "ja",
            )
            flash(_l("Partij toegevoegd; leg het akkoord vast zodra het er is."), "success")
        except RuleViolation as e:
            _flash(e)
        except AccessDenied:
            abort(403)
        return self._back(item_id)

    @expose("/akkoord/<int:row_id>", methods=["POST"])
    @has_access
    def agree(self, row_id: int):
        row = _item(CommunicatieAkkoord, row_id)
        try:
            communication.record_agreement(
                row, _date("akkoord_op"), request.form.get("akkoord_door")
            )
            flash(_l("Akkoord vastgelegd."), "success")
        except RuleViolation as e:
            _flash(e)
        except AccessDenied:
            abort(403)
        return self._back(row.communicatie_id)

    @expose("/<int:item_id>/publiceren", methods=["POST"])
    @has_access
    def publish(self, item_id: int):
        item = _item(Communicatie, item_id)
        try:
            communication.publish(
                item,
                _date("gepubliceerd_op"),
                request.form.get("medium"),
                request.form.get("link"),
            )
            flash(_l("Bericht gepubliceerd."), "success")
        except RuleViolation as e:
            _flash(e)
        except AccessDenied:
            abort(403)
        return self._back(item_id)
