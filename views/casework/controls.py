"""Case-work screens on controls: the control form and page, findings, actions."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_babel import lazy_gettext as _l

from models import Bevinding, Controle, Opvolgactie
from models.controle import CONTROLE_SOORTEN, TEAMROLLEN
from portal.casework import controls, followup
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from views.casework.helpers import (
    _date,
    _editable,
    _flash_errors,
    _int,
    _ints,
    _project,
    _project_partners,
    _row,
    _scope,
    _visible_cases,
)


class ControlScreens:
    """Control pages (rules in portal.casework.controls and followup).

    Mixed into ``CasuswerkView`` (views.casework.screens), which holds the permissions.
    """

    @expose("/project/<int:project_id>/controle", methods=["GET", "POST"])
    @has_access
    def new_control(self, project_id: int):
        project = _project(project_id)
        _editable(project.id)
        partners = _project_partners(project.id)
        visitable = [c for c in _visible_cases(project.id) if c.status in controls.VISITABLE]
        if request.method == "POST":
            team = [
                (p.ketenpartner_id, request.form.get(f"rol_{p.ketenpartner_id}"))
                for p in partners
                if request.form.get(f"rol_{p.ketenpartner_id}")
            ]
            try:
                personen = request.form.get("personen_aangetroffen", "0").strip() or "0"
                if not personen.lstrip("-").isdigit():
                    raise RuleViolation({"personen_aangetroffen": [str(_l("Vul een aantal in."))]})
                controle = controls.create_control(
                    project.id,
                    _date("datum"),
                    request.form.get("soort", ""),
                    _ints("adressen"),
                    team,
                    int(personen),
                    request.form.get("noodplan") == "on",
                    request.form.get("risicoanalyse") == "on",
                    request.form.get("acties_ter_plaatse"),
                    request.form.get("opmerkingen"),
                )
                flash(_l("Controle vastgelegd."), "success")
                return redirect(url_for("CasuswerkView.control", control_id=controle.id))
            except RuleViolation as e:
                _flash_errors(e)
        return self.render_template(
            "casework/control_form.html",
            project=project,
            partners=partners,
            visitable=visitable,
            soorten=CONTROLE_SOORTEN,
            rollen=TEAMROLLEN,
            form=request.form,
        )

    @expose("/controle/<int:control_id>")
    @has_access
    def control(self, control_id: int):
        controle = _row(Controle, control_id)
        scope = _scope()
        may_edit = cscope.may_edit(controle.project_id, scope)
        return self.render_template(
            "casework/control.html",
            controle=controle,
            project=controle.project,
            may_edit=may_edit,
            findings=[b for b in controle.bevindingen if cscope.visible(Bevinding, b.id, scope)],
            visible_action=lambda a: cscope.visible(Opvolgactie, a.id, scope) is not None,
            categories=controls.categories() if may_edit else [],
            partners=_project_partners(controle.project_id) if may_edit else [],
            owners=followup.owners_for(controle.project_id) if may_edit else [],
            state=followup.state,
            today=dt.date.today(),
        )

    @expose("/controle/<int:control_id>/bevinding", methods=["POST"])
    @has_access
    def add_finding(self, control_id: int):
        controle = _row(Controle, control_id)
        _editable(controle.project_id)
        try:
            controls.add_finding(
                controle,
                _int("categorie"),
                _int("casus"),
                _int("ketenpartner"),
                request.form.get("omschrijving"),
            )
            flash(_l("Bevinding vastgelegd."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.control", control_id=controle.id))

    @expose("/bevinding/<int:finding_id>/opvolgactie", methods=["POST"])
    @has_access
    def add_action(self, finding_id: int):
        finding = _row(Bevinding, finding_id)
        _editable(finding.project_id)
        try:
            followup.add_action(
                finding,
                _int("ketenpartner"),
                request.form.get("omschrijving"),
                _date("deadline"),
                _int("eigenaar"),
            )
            flash(_l("Opvolgactie toegewezen."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.control", control_id=finding.controle_id))
