"""Case-work screens on cases: the project's case list and one case's page."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import lazy_gettext as _l

from models import Bevinding, Casus, Casustafel, Controle
from models.controle import CONTROLE_SOORTEN, controle_casus
from portal import access, roles
from portal.casework import cases, journal, meetings
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db
from portal.formatting import label
from views.base import user_may
from views.casework.helpers import (
    _editable,
    _flash_errors,
    _ints,
    _project,
    _project_partners,
    _row,
    _scope,
    _visible_cases,
    _yes_no,
)


class CaseScreens:
    """The project's case-work page and the case pages (rules in portal.casework.cases).

    Mixed into ``CasuswerkView`` (views.casework.screens), which holds the permissions.
    """

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _project(project_id)
        scope = _scope()
        may_edit = cscope.may_edit(project.id, scope)
        casussen = _visible_cases(project.id)
        have = {c.adres_sleutel for c in casussen}
        pending = (
            [k for k in cases.selected_addresses(project.id) if k not in have] if may_edit else []
        )
        dossiers = journal.dossiers_of(project.id, pending) if pending else {}
        tafels = list(
            db.session.scalars(
                sa.select(Casustafel)
                .where(Casustafel.project_id == project.id, cscope.criterion(Casustafel, scope))
                .order_by(Casustafel.datum.desc(), Casustafel.id.desc())
            )
        )
        controles_ = list(
            db.session.scalars(
                sa.select(Controle)
                .where(Controle.project_id == project.id, cscope.criterion(Controle, scope))
                .order_by(Controle.datum.desc(), Controle.id.desc())
            )
        )
        open_cases = [c for c in casussen if c.status not in meetings.CLOSED]
        return self.render_template(
            "casework/project.html",
            project=project,
            may_edit=may_edit,
            casussen=casussen,
            pending=pending,
            dossiers=dossiers,
            tafels=tafels,
            controles=controles_,
            open_cases=open_cases,
            partners=_project_partners(project.id),
            today=dt.date.today(),
            soorten=CONTROLE_SOORTEN,
        )

    @expose("/dossier/<int:dossier_id>")
    @has_access
    def dossier(self, dossier_id: int):
        """An address's dossier from its selection on (seed 003), before it has a case: the
        project staff only - it holds the partners' enrichment answers."""
        from models import Dossier

        dossier = db.session.get(Dossier, dossier_id)
        if dossier is None or not cscope.may_edit(dossier.project_id, _scope()):
            abort(404)
        if dossier.casus_id is not None:  # carried into its case: one journal, on the case
            return redirect(url_for("CasuswerkView.casus", casus_id=dossier.casus_id))
        return self.render_template(
            "casework/dossier.html",
            dossier=dossier,
            project=_project(dossier.project_id),
            entries=journal.dossier_entries(dossier.id),
        )

    @expose("/project/<int:project_id>/casussen", methods=["POST"])
    @has_access
    def create_cases(self, project_id: int):
        project = _project(project_id)
        _editable(project.id)
        try:
            adres = (request.form.get("adres_sleutel") or "").strip()
            if adres:
                cases.create_case(project.id, adres, _ints("partners") or None)
                n = 1
            else:
                n = len(cases.ensure_cases(project.id))
            flash(_l("%(n)s casus(sen) aangemaakt.", n=n), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.project", project_id=project.id))

    @expose("/casus/<int:casus_id>")
    @has_access
    def casus(self, casus_id: int):
        casus = _row(Casus, casus_id)
        scope = _scope()
        may_edit = cscope.may_edit(casus.project_id, scope)
        see_journal = cscope.visible(Casus, casus.id, scope) is not None and (
            access.project_allowed(
                casus.project_id, access.editable_projects(cscope.staff_scope(scope))
            )
            or cscope.may_write_journal(casus, scope)
        )
        findings = list(
            db.session.scalars(
                sa.select(Bevinding)
                .where(Bevinding.casus_id == casus.id, cscope.criterion(Bevinding, scope))
                .order_by(Bevinding.id)
            )
        )
        return self.render_template(
            "casework/casus.html",
            casus=casus,
            project=casus.project,
            may_edit=may_edit,
            targets=cases.allowed_targets(casus) if may_edit else [],
            # the dossier's entries (from the selection on) only for the project's own people
            entries=journal.entries(casus.id, with_dossier=may_edit) if see_journal else None,
            may_write_journal=cscope.may_write_journal(casus, scope)
            and user_may(roles.WRITE, roles.JOURNAAL),
            findings=findings,
            controls=[c for c in casus_controls(casus.id) if cscope.visible(Controle, c.id, scope)],
            today=dt.date.today(),
        )

    @expose("/casus/<int:casus_id>/status", methods=["POST"])
    @has_access
    def casus_status(self, casus_id: int):
        casus = _row(Casus, casus_id)
        _editable(casus.project_id)
        try:
            cases.set_status(casus, request.form.get("status", ""), request.form.get("reden"))
            flash(_l("Status is nu %(s)s.", s=label(casus.status)), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.casus", casus_id=casus.id))

    @expose("/casus/<int:casus_id>/aanpak", methods=["POST"])
    @has_access
    def casus_edit(self, casus_id: int):
        casus = _row(Casus, casus_id)
        _editable(casus.project_id)
        try:
            cases.set_approach(
                casus,
                _yes_no("politiebijstand"),
                request.form.get("politiebijstand_reden"),
                request.form.get("handhavingsactie"),
                request.form.get("afweging"),
            )
            flash(_l("Aanpak opgeslagen."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.casus", casus_id=casus_id))


def casus_controls(casus_id: int) -> list[Controle]:
    return list(
        db.session.scalars(
            sa.select(Controle)
            .join(controle_casus, controle_casus.c.controle_id == Controle.id)
            .where(controle_casus.c.casus_id == casus_id)
            .order_by(Controle.datum)
        )
    )
