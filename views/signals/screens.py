"""Screens for deliveries and signals (``SignalenView``) and the coupling
(``KoppelingView``, project people only).
"""

from __future__ import annotations

import math

import sqlalchemy as sa
from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from models import Ketenpartner, Project, Signaallevering
from models.signaallevering import TER_CONTROLE
from portal import roles
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from portal.signals import coupling, delivery, importer
from portal.signals import scope as sscope
from portal.signals.reader import COLUMNS
from views.base import user_may
from views.navigation import safe_next
from views.signals.exports import _coupling_export, _csv_response, _signal_export
from views.signals.helpers import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    _deliverable_partners,
    _filters,
    _flash,
    _int_arg,
    _levering,
    _project,
    _project_partners,
    _receive,
    _scope,
    _signal_page,
    _staff_project,
    _user_id,
)


class SignalenView(BaseView):
    route_base = "/signalen"
    class_permission_name = roles.SIGNAAL
    method_permission_name = {
        "project": roles.READ,
        "export": roles.READ,
        "example": roles.READ,
        "upload": roles.WRITE,
        "levering": roles.READ,
        "fouten": roles.READ,
        "confirm": roles.WRITE,
        "cancel": roles.WRITE,
        "withdraw": roles.WRITE,
    }
    default_view = "example"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _project(project_id)
        scope = _scope()
        staff = sscope.is_staff(project.id, scope)
        number = _int_arg("page", 1)
        rows, total = _signal_page(project.id, number, PAGE_SIZE)
        deliveries_crit = [Signaallevering.project_id == project.id]
        if not staff:
            deliveries_crit.append(
                Signaallevering.ketenpartner_id == sscope.own_partner(project.id, scope)
            )
        deliveries = list(
            db.session.scalars(
                sa.select(Signaallevering)
                .where(*deliveries_crit)
                .options(selectinload(Signaallevering.ketenpartner))
                .order_by(Signaallevering.geupload_op.desc(), Signaallevering.id.desc())
                .limit(20)
            )
        )
        own = sscope.own_partner(project.id, scope)
        return self.render_template(
            "signals/project.html",
            project=project,
            staff=staff,
            rows=rows,
            total=total,
            page=number,
            pages=max(1, math.ceil(total / PAGE_SIZE)),
            deliveries=deliveries,
            partners=_deliverable_partners(project.id) if staff else [],
            own_partner=db.session.get(Ketenpartner, own) if own else None,
            may_deliver=staff or (own is not None and sscope.may_deliver(project.id, own)),
            may_write=user_may(roles.WRITE, roles.SIGNAAL),
            can_couple=staff and user_may(roles.READ, roles.BESTANDSKOPPELING),
            args=request.args,
            max_mb=importer.max_upload_bytes() // (1024 * 1024),
        )

    @expose("/project/<int:project_id>/export.csv")
    @has_access
    def export(self, project_id: int):
        project = _project(project_id)
        return _csv_response(_signal_export(project.id), f"signalen-{project.code}.csv")

    @expose("/voorbeeld.csv")
    @has_access
    def example(self):
        return _csv_response(iter([importer.example_file()]), "signalen-voorbeeld.csv")

    @expose("/project/<int:project_id>/upload", methods=["POST"])
    @has_access
    def upload(self, project_id: int):
        project = _project(project_id)
        try:
            outcome = _receive(project.id)
        except AccessDenied:
            db.session.rollback()
            abort(403)
        except RuleViolation as e:
            _flash(e)
            return redirect(url_for("SignalenView.project", project_id=project.id))
        if outcome.taak is not None:
            return redirect(url_for("TakenView.show", taak_id=outcome.taak.id))
        return redirect(url_for("SignalenView.levering", levering_id=outcome.levering.id))

    @expose("/levering/<int:levering_id>")
    @has_access
    def levering(self, levering_id: int):
        levering = _levering(levering_id)
        return self.render_template(
            "signals/levering.html",
            levering=levering,
            project=db.session.get(Project, levering.project_id),
            preview=importer.stored_preview(levering),
            taak=delivery.running_job(levering),
            open=levering.status == TER_CONTROLE,
            may_write=user_may(roles.WRITE, roles.SIGNAAL),
            columns=COLUMNS,
        )

    @expose("/levering/<int:levering_id>/fouten.csv")
    @has_access
    def fouten(self, levering_id: int):
        levering = _levering(levering_id)
        if levering.status != TER_CONTROLE:
            abort(404)  # the file is gone once the delivery is handled
        return _csv_response(importer.error_report(levering), f"fouten-levering-{levering.id}.csv")

    def _act(self, levering_id: int, action, done_message):
        levering = _levering(levering_id)
        try:
            result = action(levering)
            flash(done_message(result), "success")
        except RuleViolation as e:
            _flash(e)
        return redirect(url_for("SignalenView.levering", levering_id=levering_id))

    @expose("/levering/<int:levering_id>/bevestig", methods=["POST"])
    @has_access
    def confirm(self, levering_id: int):
        levering = _levering(levering_id)
        try:
            outcome = delivery.confirm(levering, g.user.id)
        except RuleViolation as e:
            _flash(e)
            return redirect(url_for("SignalenView.levering", levering_id=levering_id))
        if outcome.taak is not None:
            return redirect(url_for("TakenView.show", taak_id=outcome.taak.id))
        flash(
            _l("%(n)s signalen opgeslagen; de koppeling is bijgewerkt.", n=outcome.opgeslagen),
            "success",
        )
        return redirect(url_for("SignalenView.levering", levering_id=levering_id))

    @expose("/levering/<int:levering_id>/annuleer", methods=["POST"])
    @has_access
    def cancel(self, levering_id: int):
        return self._act(
            levering_id, importer.cancel, lambda _r: _l("Levering geannuleerd; niets opgeslagen.")
        )

    @expose("/levering/<int:levering_id>/intrekken", methods=["POST"])
    @has_access
    def withdraw(self, levering_id: int):
        return self._act(
            levering_id,
            importer.withdraw,
            lambda n: _l("Levering ingetrokken: %(n)s signalen verwijderd.", n=n),
        )


class KoppelingView(BaseView):
    route_base = "/koppeling"
    class_permission_name = roles.BESTANDSKOPPELING
    method_permission_name = {
        "project": roles.READ,
        "export": roles.READ,
        "override": roles.WRITE,
        "selection": roles.WRITE,
    }
    default_view = "project"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _staff_project(project_id)
        number = _int_arg("page", 1)
        size = _int_arg("page_size", PAGE_SIZE, 10, MAX_PAGE_SIZE)
        sort = request.args.get("sort", "partners")
        lines, total = coupling.page(project.id, _filters(), sort, number, size)
        return self.render_template(
            "signals/koppeling.html",
            project=project,
            lines=lines,
            total=total,
            page=number,
            pages=max(1, math.ceil(total / size)),
            counts=coupling.counts(project.id),
            partners=_project_partners(project.id),
            args=request.args,
            sort=sort,
            may_write=user_may(roles.WRITE, roles.BESTANDSKOPPELING),
            min_reason=coupling.MIN_REASON,
        )

    @expose("/project/<int:project_id>/export.csv")
    @has_access
    def export(self, project_id: int):
        project = _staff_project(project_id)
        return _csv_response(_coupling_export(project.id), f"koppeling-{project.code}.csv")

    def _back(self, project_id: int):
        return redirect(safe_next(url_for("KoppelingView.project", project_id=project_id)))

    @expose("/project/<int:project_id>/oordeel", methods=["POST"])
    @has_access
    def override(self, project_id: int):
        project = _staff_project(project_id)
        try:
            coupling.set_override(
                project.id,
                request.form.get("adres", ""),
                request.form.get("aan") == "1",
                request.form.get("reden"),
                _user_id(),
            )
            flash(_l("Professioneel oordeel vastgelegd."), "success")
        except RuleViolation as e:
            _flash(e)
        return self._back(project.id)

    @expose("/project/<int:project_id>/selectie", methods=["POST"])
    @has_access
    def selection(self, project_id: int):
        project = _staff_project(project_id)
        on = request.form.get("aan") == "1"
        try:
            done = coupling.select(project.id, request.form.getlist("adres"), on, _user_id())
            flash(
                _l(
                    "%(n)s adres(sen) geselecteerd voor de casustafel; %(c)s casus(sen) "
                    "aangemaakt in het casuswerk.",
                    n=done.changed,
                    c=len(done.cases),
                )
                if on
                else _l("%(n)s adres(sen) uit de selectie gehaald.", n=done.changed),
                "success",
            )
        except RuleViolation as e:
            _flash(e)
        return self._back(project.id)
