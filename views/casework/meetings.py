"""Case-work screens on casustafels: meetings, agenda, outcomes, minutes."""

from __future__ import annotations

import datetime as dt
import io

from flask import abort, flash, redirect, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_babel import lazy_gettext as _l

from models import Casustafel, CasustafelBespreking, Opvolgactie
from portal import access
from portal.casework import meetings
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from views.casework.followup_loop import meeting_loop_context
from views.casework.helpers import (
    _date,
    _editable,
    _flash_errors,
    _int,
    _ints,
    _project,
    _row,
    _scope,
    _visible_cases,
    _yes_no,
)


class MeetingScreens:
    """Casustafel pages (rules in portal.casework.meetings).

    Mixed into ``CasuswerkView`` (views.casework.screens), which holds the permissions.
    """

    @expose("/project/<int:project_id>/casustafel", methods=["POST"])
    @has_access
    def new_meeting(self, project_id: int):
        project = _project(project_id)
        _editable(project.id)
        try:
            tafel = meetings.create_meeting(
                project.id,
                _date("datum"),
                _ints("aanwezigen"),
                _ints("casussen"),
                request.form.get("locatie"),
                request.form.get("opmerkingen"),
            )
        except RuleViolation as e:
            _flash_errors(e)
            return redirect(url_for("CasuswerkView.project", project_id=project.id))
        flash(_l("Casustafel vastgelegd."), "success")
        return redirect(url_for("CasuswerkView.meeting", meeting_id=tafel.id))

    @expose("/casustafel/<int:meeting_id>")
    @has_access
    def meeting(self, meeting_id: int):
        tafel = _row(Casustafel, meeting_id)
        scope = _scope()
        visible_items = [
            b for b in tafel.agenda if cscope.visible(CasustafelBespreking, b.id, scope) is not None
        ]
        may_edit = cscope.may_edit(tafel.project_id, scope)
        on_agenda = {b.casus_id for b in tafel.agenda}
        return self.render_template(
            "casework/meeting.html",
            tafel=tafel,
            project=tafel.project,
            agenda=visible_items,
            lookback=[
                a
                for a in meetings.lookback(tafel)
                if cscope.visible(Opvolgactie, a.id, scope) is not None
            ],
            previous=meetings.previous(tafel),
            may_edit=may_edit,
            addable=[
                c
                for c in _visible_cases(tafel.project_id)
                if c.id not in on_agenda and c.status not in meetings.CLOSED
            ]
            if may_edit
            else [],
            may_download=may_edit
            or access.project_allowed(
                tafel.project_id, access.visible_projects(cscope.staff_scope(scope))
            ),
            today=dt.date.today(),
            **meeting_loop_context(tafel, scope, may_edit),  # issue #19: results, lessons
        )

    @expose("/casustafel/<int:meeting_id>/agenda", methods=["POST"])
    @has_access
    def add_agenda(self, meeting_id: int):
        tafel = _row(Casustafel, meeting_id)
        _editable(tafel.project_id)
        try:
            meetings.add_cases_to_agenda(tafel, _ints("casussen"))
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.meeting", meeting_id=tafel.id))

    @expose("/bespreking/<int:item_id>/uitkomst", methods=["POST"])
    @has_access
    def outcome(self, item_id: int):
        item = _row(CasustafelBespreking, item_id)
        _editable(item.project_id)
        trekkers = set(_ints("trekker"))
        partners = [
            meetings.PartnerOutcome(
                p.ketenpartner_id,
                _yes_no(f"actueel_{p.ketenpartner_id}"),
                p.ketenpartner_id in trekkers,
                request.form.get(f"toelichting_{p.ketenpartner_id}"),
            )
            for p in item.casus.partners
        ]
        extra = _int("nieuwe_partner")
        if extra and extra not in {p.ketenpartner_id for p in item.casus.partners}:
            partners.append(meetings.PartnerOutcome(extra, True, extra in trekkers))
        try:
            casus = meetings.record_outcome(
                item,
                partners,
                _yes_no("politiebijstand"),
                request.form.get("politiebijstand_reden"),
                request.form.get("handhavingsactie"),
                request.form.get("afweging"),
                request.form.get("uitkomst"),
            )
            flash(
                _l(
                    "Uitkomst vastgelegd voor %(adres)s: %(status)s.",
                    adres=casus.adres,
                    status=casus.status,
                ),
                "success",
            )
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.meeting", meeting_id=item.casustafel_id))

    @expose("/casustafel/<int:meeting_id>/<soort>.docx")
    @has_access
    def meeting_document(self, meeting_id: int, soort: str):

        tafel = _row(Casustafel, meeting_id)
        scope = _scope()
        if not access.project_allowed(
            tafel.project_id, access.visible_projects(cscope.staff_scope(scope))
        ):
            abort(403)  # minutes name every case on the agenda: project people only
        try:
            name, data = meetings.render_document(tafel, soort)
        except RuleViolation:
            abort(404)
        return send_file(
            io.BytesIO(data),
            as_attachment=True,
            download_name=name,
            mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
