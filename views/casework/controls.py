"""Case-work screens on controls: the control form and page, findings, actions."""

from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import Bevinding, Casus, Controle, ControleAdres, Opvolgactie
from models.controle import CONTROLE_SOORTEN, GEPLAND, TEAMROLLEN, UITGEVOERD
from models.controleadres import POLITIE_INZET
from models.controleuitrusting import UITRUSTING
from portal import access, roles
from portal.casework import briefing, controls, followup, planning
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db
from views.base import user_may
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
from views.panels import register_panel

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _time(name: str) -> dt.time | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value[:5])
    except ValueError:
        raise RuleViolation({name: [str(_l("Ongeldige tijd: %(v)s", v=value))]}) from None


def _team(partners) -> list[tuple[int, str]]:
    return [
        (p.ketenpartner_id, request.form.get(f"rol_{p.ketenpartner_id}"))
        for p in partners
        if request.form.get(f"rol_{p.ketenpartner_id}")
    ]


def _count(name: str) -> int:
    value = (request.form.get(name, "0") or "0").strip() or "0"
    if not value.lstrip("-").isdigit():
        raise RuleViolation({name: [str(_l("Vul een aantal in."))]})
    return int(value)


def _plan_args(partners) -> tuple:
    return (
        _date("datum"),
        _time("aanvang"),
        request.form.get("soort", ""),
        request.form.get("doel"),
        _ints("adressen"),
        _team(partners),
        request.form.get("politie_afgesproken") == "on",
        request.form.get("politie_geinformeerd") == "on",
        request.form.get("verzamelpunt"),
        request.form.get("belschema"),
        [i for i in request.form.getlist("uitrusting") if i],
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
            team = _team(partners)
            try:
                personen = _count("personen_aangetroffen")
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
        # A partner sees the addresses of its own cases only (visited and planned alike).
        seen = {
            c.id
            for c in db.session.scalars(
                sa.select(Casus).where(
                    Casus.id.in_([c.id for c in controle.adressen]),
                    cscope.criterion(Casus, scope),
                )
            )
        }
        return self.render_template(
            "casework/control.html",
            controle=controle,
            project=controle.project,
            may_edit=may_edit,
            visited=[c for c in controle.adressen if c.id in seen],
            planned=planning.visible_addresses(controle, scope),
            open_points=planning.open_points(controle),
            evening_inzet=planning.evening_inzet(controle.planadressen),
            proposal=planning.proposal_of,
            chosen=planning.chosen_inzet,
            inzet_choices=POLITIE_INZET,
            GEPLAND=GEPLAND,
            UITGEVOERD=UITGEVOERD,
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
                opvolgtype_id=_int("opvolgtype"),  # managed list (issue #19 part 2)
            )
            flash(_l("Opvolgactie toegewezen."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.control", control_id=finding.controle_id))

    # --- planned ahead (issue #19; rules in portal.casework.planning) -----------------------

    def _plan_form(self, project, controle=None, title=None):
        partners = _project_partners(project.id)
        visitable = [c for c in _visible_cases(project.id) if c.status in controls.VISITABLE]
        return self.render_template(
            "casework/control_plan_form.html",
            project=project,
            controle=controle,
            partners=partners,
            visitable=visitable,
            soorten=CONTROLE_SOORTEN,
            rollen=TEAMROLLEN,
            uitrusting=UITRUSTING,
            form=request.form,
            title=title,
        )

    @expose("/project/<int:project_id>/controle/plannen", methods=["GET", "POST"])
    @has_access
    def plan_control(self, project_id: int):
        project = _project(project_id)
        _editable(project.id)
        if request.method == "POST":
            try:
                controle = planning.plan_control(
                    project.id, *_plan_args(_project_partners(project.id))
                )
                flash(_l("Controle gepland."), "success")
                return redirect(url_for("CasuswerkView.control", control_id=controle.id))
            except RuleViolation as e:
                _flash_errors(e)
        return self._plan_form(project, title=_l("Controle plannen"))

    @expose("/controle/<int:control_id>/planning", methods=["GET", "POST"])
    @has_access
    def edit_plan(self, control_id: int):
        controle = _row(Controle, control_id)
        _editable(controle.project_id)
        if controle.status != GEPLAND:
            flash(_l("Alleen een geplande controle kan nog worden gewijzigd."), "danger")
            return redirect(url_for("CasuswerkView.control", control_id=controle.id))
        if request.method == "POST":
            try:
                planning.update_plan(controle, *_plan_args(_project_partners(controle.project_id)))
                flash(_l("Planning bijgewerkt."), "success")
                return redirect(url_for("CasuswerkView.control", control_id=controle.id))
            except RuleViolation as e:
                _flash_errors(e)
        return self._plan_form(controle.project, controle, title=_l("Planning wijzigen"))

    @expose("/controle/<int:control_id>/adres/<int:adres_id>/risico", methods=["POST"])
    @has_access
    def assess_address(self, control_id: int, adres_id: int):
        controle = _row(Controle, control_id)
        _editable(controle.project_id)
        adres = db.session.get(ControleAdres, adres_id)
        if adres is None or adres.controle_id != controle.id:
            abort(404)
        try:
            planning.assess_address(
                adres,
                request.form.get("agressie") == "on",
                request.form.get("wapens") == "on",
                request.form.get("honden") == "on",
                request.form.get("kwetsbare_bewoners") == "on",
                request.form.get("indeling"),
                request.form.get("toelichting"),
                request.form.get("politie_inzet") or None,
                request.form.get("inzet_reden"),
            )
            flash(
                _l("Risicobeoordeling vastgelegd voor %(adres)s.", adres=adres.casus.adres),
                "success",
            )
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.control", control_id=controle.id) + "#planning")

    @expose("/controle/<int:control_id>/uitrusting", methods=["POST"])
    @has_access
    def checklist(self, control_id: int):
        controle = _row(Controle, control_id)
        _editable(controle.project_id)
        try:
            planning.set_checklist(controle, request.form.getlist("gereed"))
            flash(_l("Checklist bijgewerkt."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.control", control_id=controle.id) + "#uitrusting")

    @expose("/controle/<int:control_id>/uitvoering", methods=["GET", "POST"])
    @has_access
    def control_outcome(self, control_id: int):
        controle = _row(Controle, control_id)
        _editable(controle.project_id)
        if controle.status != GEPLAND:
            flash(_l("Alleen een geplande controle kan nog worden gewijzigd."), "danger")
            return redirect(url_for("CasuswerkView.control", control_id=controle.id))
        if request.method == "POST":
            try:
                planning.record_outcome(
                    controle,
                    _date("datum"),
                    _ints("bezocht"),
                    _count("personen_aangetroffen"),
                    request.form.get("acties_ter_plaatse"),
                    request.form.get("opmerkingen"),
                )
                flash(_l("Uitvoering vastgelegd; leg nu de bevindingen vast."), "success")
                return redirect(url_for("CasuswerkView.control", control_id=controle.id))
            except RuleViolation as e:
                _flash_errors(e)
        return self.render_template(
            "casework/control_outcome_form.html",
            controle=controle,
            project=controle.project,
            planned=planning.visible_addresses(controle, _scope()),
            form=request.form,
        )

    @expose("/controle/<int:control_id>/annuleren", methods=["POST"])
    @has_access
    def cancel_control(self, control_id: int):
        controle = _row(Controle, control_id)
        _editable(controle.project_id)
        try:
            planning.cancel(controle, request.form.get("annuleringsreden"))
            flash(_l("Controle geannuleerd."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.control", control_id=controle.id))

    @expose("/controle/<int:control_id>/briefing.docx")
    @has_access
    def briefing(self, control_id: int):
        controle = _row(Controle, control_id)
        name, data = briefing.render_briefing(controle, _scope())
        return send_file(io.BytesIO(data), as_attachment=True, download_name=name, mimetype=DOCX)


@register_panel(order=61, anchor="controleplanning", title=_l("Geplande controles"))
def planned_controls_panel(project_id: int) -> Markup | None:
    """The project page's next control evenings, each with what is still open."""
    if not user_may(roles.READ, roles.CASUS):
        return None
    scope = _scope()
    if not access.project_allowed(project_id, access.visible_projects(scope)):
        return None
    rows = planning.planned_for(project_id, scope)
    if not rows and not cscope.may_edit(project_id, scope):
        return None
    return Markup(
        render_template(
            "casework/control_panel.html",
            project_id=project_id,
            rows=[(c, planning.open_points(c)) for c in rows],
            may_edit=cscope.may_edit(project_id, scope),
        )
    )
