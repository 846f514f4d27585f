"""Screens and API for case work (rules in portal.casework).

Pages are FAB BaseViews (``@has_access``: the RBAC matrix sees them protected); which rows a
user sees comes from ``portal.casework.scope``. The journal has an add route only: there is
no screen or API route that edits or deletes an entry.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_appbuilder import BaseView, ModelView, expose, has_access
from flask_appbuilder.api import BaseApi, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from models import (
    Bevinding,
    BevindingCategorie,
    Casus,
    CasusPartner,
    Casustafel,
    CasustafelBespreking,
    Controle,
    Journaalregel,
    Opvolgactie,
    Project,
    ProjectPartner,
)
from models.controle import CONTROLE_SOORTEN, TEAMROLLEN
from portal import access, charts, roles
from portal.casework import (
    cases,
    controls,
    followup,
    journal,
    meetings,
    results,
    validation,  # noqa: F401  (registers the rules)
)
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from views.base import PortalApi, ServiceApi, user_may
from views.labels import LABELS
from views.panels import register_panel

CASE_LABELS = {
    **LABELS,
    "adres_sleutel": _l("Adres (sleutel)"),
    "adres": _l("Adres"),
    "status": _l("Status"),
    "politiebijstand": _l("Politiebijstand nodig"),
    "politiebijstand_reden": _l("Waarom politiebijstand"),
    "handhavingsactie": _l("Handhavingsactie"),
    "afweging": _l("Afweging subsidiariteit en proportionaliteit"),
    "reden_buiten_aanpak": _l("Reden buiten gezamenlijke aanpak"),
    "datum": _l("Datum"),
    "soort": _l("Soort"),
    "deadline": _l("Deadline"),
    "omschrijving": _l("Omschrijving"),
    "resultaat": _l("Resultaat"),
    "eigenaar": _l("Eigenaar (persoon)"),
    "categorie": _l("Categorie"),
    "naam": _l("Naam"),
    "volgorde": _l("Volgorde"),
    "actief": _l("Actief"),
}


# --- helpers -------------------------------------------------------------------------------


def _scope():
    return access.current_scope()


def _project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not access.project_allowed(project.id, access.visible_projects(_scope())):
        abort(404)
    return project


def _row(model: type, row_id: int):
    row = cscope.visible(model, row_id, _scope())
    if row is None:
        abort(404)
    return row


def _editable(project_id: int) -> None:
    if not cscope.may_edit(project_id, _scope()):
        abort(403)


def _date(name: str) -> dt.date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RuleViolation({name: [str(_l("Ongeldige datum: %(v)s", v=value))]})


def _int(name: str) -> int | None:
    value = (request.form.get(name) or "").strip()
    return int(value) if value.isdigit() else None


def _ints(name: str) -> list[int]:
    return [int(v) for v in request.form.getlist(name) if v.isdigit()]


def _yes_no(name: str) -> bool | None:
    value = request.form.get(name)
    return {"ja": True, "nee": False}.get(value)


def _flash_errors(e: RuleViolation) -> None:
    db.session.rollback()
    for field, msgs in e.errors.items():
        label = CASE_LABELS.get(field)
        for msg in msgs:
            flash(f"{label}: {msg}" if label and field != "_" else msg, "danger")


def _project_partners(project_id: int):
    return list(
        db.session.scalars(
            sa.select(ProjectPartner)
            .where(ProjectPartner.project_id == project_id)
            .options(selectinload(ProjectPartner.ketenpartner))
        )
    )


def _visible_cases(project_id: int) -> list[Casus]:
    return list(
        db.session.scalars(
            sa.select(Casus)
            .where(Casus.project_id == project_id, cscope.criterion(Casus, _scope()))
            .options(selectinload(Casus.partners).selectinload(CasusPartner.ketenpartner))
            .order_by(Casus.adres_sleutel)
        )
    )


# --- case work pages -------------------------------------------------------------------------


class CasuswerkView(BaseView):
    route_base = "/casuswerk"
    class_permission_name = roles.CASUS
    method_permission_name = {
        "project": roles.READ,
        "create_cases": roles.WRITE,
        "new_meeting": roles.WRITE,
        "meeting": roles.READ,
        "add_agenda": roles.WRITE,
        "outcome": roles.WRITE,
        "meeting_document": roles.READ,
        "casus": roles.READ,
        "casus_status": roles.WRITE,
        "casus_edit": roles.WRITE,
        "new_control": roles.WRITE,
        "control": roles.READ,
        "add_finding": roles.WRITE,
        "add_action": roles.WRITE,
    }
    default_view = "project"

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
            tafels=tafels,
            controles=controles_,
            open_cases=open_cases,
            partners=_project_partners(project.id),
            today=dt.date.today(),
            soorten=CONTROLE_SOORTEN,
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
        import io

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
            entries=journal.entries(casus.id) if see_journal else None,
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
            flash(_l("Status is nu %(s)s.", s=casus.status), "success")
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


def casus_controls(casus_id: int) -> list[Controle]:
    from models.controle import controle_casus

    return list(
        db.session.scalars(
            sa.select(Controle)
            .join(controle_casus, controle_casus.c.controle_id == Controle.id)
            .where(controle_casus.c.casus_id == casus_id)
            .order_by(Controle.datum)
        )
    )


class OpvolgingView(BaseView):
    route_base = "/opvolging"
    class_permission_name = roles.OPVOLGING
    method_permission_name = {
        "mine": roles.READ,
        "start": roles.WRITE,
        "complete": roles.WRITE,
        "partners": roles.READ,
    }
    default_view = "mine"

    @expose("/mijn-acties")
    @has_access
    def mine(self):
        return self.render_template(
            "casework/my_actions.html",
            actions=followup.my_actions(_scope(), include_done=True),
            state=followup.state,
            today=dt.date.today(),
        )

    def _action(self, action_id: int) -> Opvolgactie:
        action = _row(Opvolgactie, action_id)
        if not cscope.may_complete(action, _scope()):
            abort(403)
        return action

    @expose("/actie/<int:action_id>/start", methods=["POST"])
    @has_access
    def start(self, action_id: int):
        followup.start(self._action(action_id))
        return redirect(request.form.get("next") or url_for("OpvolgingView.mine"))

    @expose("/actie/<int:action_id>/afronden", methods=["POST"])
    @has_access
    def complete(self, action_id: int):
        action = self._action(action_id)
        try:
            followup.complete(action, request.form.get("resultaat"), _date("afgerond_op"))
            flash(_l("Actie afgerond; het resultaat staat in het journaal."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("OpvolgingView.mine"))

    @expose("/project/<int:project_id>")
    @has_access
    def partners(self, project_id: int):
        project = _project(project_id)
        if not cscope.may_edit(project.id, _scope()) and not access.project_allowed(
            project.id, access.visible_projects(cscope.staff_scope(_scope()))
        ):
            abort(403)
        today = dt.date.today()
        late = list(
            db.session.scalars(
                sa.select(Opvolgactie)
                .where(Opvolgactie.project_id == project.id, followup.overdue(today))
                .order_by(Opvolgactie.deadline)
            )
        )
        return self.render_template(
            "casework/per_partner.html",
            project=project,
            rows=followup.per_partner(project.id, today),
            late=late,
            today=today,
        )


class JournaalView(BaseView):
    """Manual journal entries. Add only: entries are never edited or deleted."""

    route_base = "/journaal"
    class_permission_name = roles.JOURNAAL
    method_permission_name = {"add": roles.WRITE}

    @expose("/casus/<int:casus_id>/regel", methods=["POST"])
    @has_access
    def add(self, casus_id: int):
        casus = _row(Casus, casus_id)
        try:
            journal.add_manual(casus, request.form.get("tekst"))
            flash(_l("Journaalregel toegevoegd."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("CasuswerkView.casus", casus_id=casus.id))


class ResultatenView(BaseView):
    route_base = "/resultaten"
    class_permission_name = roles.RESULTATEN
    method_permission_name = {"project": roles.READ}
    default_view = "project"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _project(project_id)
        figures = results.compute(project.id)
        return self.render_template(
            "casework/results.html",
            project=project,
            r=figures,
            charts=[
                {"titel": c["titel"], "src": charts.data_uri(c["png"])}
                for c in results.chart_list(figures)
            ],
        )


class BevindingCategorieView(ModelView):
    """The managed list of finding categories (Beheerder). Categories in use stay: they
    are switched off, not deleted."""

    route_base = "/bevindingcategorie"
    datamodel = SQLAInterface(BevindingCategorie)
    class_permission_name = roles.BEVINDINGCATEGORIE
    method_permission_name = roles.VIEW_METHODS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "add", "edit"}
    label_columns = CASE_LABELS
    list_title = _l("Categorieën van bevindingen")
    list_columns = ["naam", "volgorde", "actief"]
    add_columns = edit_columns = show_columns = ["naam", "volgorde", "actief"]
    base_order = ("volgorde", "asc")


# --- project page panel and dashboard block -------------------------------------------------


@register_panel(order=60)
def casework_panel(project_id: int) -> Markup | None:
    if not (user_may(roles.READ, roles.CASUS) or user_may(roles.READ, roles.RESULTATEN)):
        return None
    if not access.project_allowed(project_id, access.visible_projects(_scope())):
        return None
    scope = _scope()
    counts = {
        "casussen": db.session.scalar(
            sa.select(sa.func.count(Casus.id)).where(
                Casus.project_id == project_id, cscope.criterion(Casus, scope)
            )
        ),
        "controles": db.session.scalar(
            sa.select(sa.func.count(Controle.id)).where(
                Controle.project_id == project_id, cscope.criterion(Controle, scope)
            )
        ),
        "te_laat": db.session.scalar(
            sa.select(sa.func.count(Opvolgactie.id)).where(
                Opvolgactie.project_id == project_id,
                followup.overdue(),
                cscope.criterion(Opvolgactie, scope),
            )
        ),
    }
    return Markup(
        render_template(
            "casework/_panel.html",
            project_id=project_id,
            counts=counts,
            effect=results.effect(project_id),
            can_case=user_may(roles.READ, roles.CASUS),
            can_results=user_may(roles.READ, roles.RESULTATEN),
            can_followup=cscope.may_edit(project_id, scope),
        )
    )


def my_actions_block(scope) -> Markup | None:
    if scope.user_id is None or not user_may(roles.READ, roles.OPVOLGING):
        return None
    data = followup.dashboard_data(scope)
    return Markup(render_template("casework/_my_actions.html", data=data, state=followup.state))


# --- API --------------------------------------------------------------------------------------


class _CaseApi(PortalApi):
    base_filters = cscope.SCOPED
    scoped = False  # writes are checked below: project people edit case work

    def _check(self, item) -> None:
        # The new row is half-built: no flush until the rules have run.
        with db.session.no_autoflush:
            journal.derive_project(item)
            cscope.check_editable(item.project_id)

    def _rules(self, item, row_id) -> None:
        with db.session.no_autoflush:
            super()._rules(item, row_id)

    def pre_add(self, item):
        self._check(item)
        self._rules(item, None)

    def pre_update(self, item):
        self._check(item)
        self._rules(item, item.id)

    def pre_delete(self, item):
        self._check(item)


class CasusApi(_CaseApi):
    resource_name = "casus"
    datamodel = SQLAInterface(Casus)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    list_columns = [
        "id",
        "project_id",
        "adres_sleutel",
        "status",
        "politiebijstand",
        "politiebijstand_reden",
        "handhavingsactie",
        "afweging",
        "reden_buiten_aanpak",
    ]
    # Child lists only on one row (in a list FAB's schema would describe them wrongly).
    show_columns = [
        *list_columns,
        "partners.ketenpartner_id",
        "partners.actueel",
        "partners.trekker",
    ]
    # Status moves only through POST /api/v1/casuswerk/casus/<id>/status (the rules).
    edit_columns = ["politiebijstand", "politiebijstand_reden", "handhavingsactie", "afweging"]
    search_columns = ["status", "project_id", "adres_sleutel"]


class CasustafelApi(_CaseApi):
    resource_name = "casustafel"
    datamodel = SQLAInterface(Casustafel)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    list_columns = ["id", "project_id", "datum", "locatie", "opmerkingen"]
    show_columns = [
        *list_columns,
        "aanwezigen.id",
        "agenda.casus_id",
        "agenda.besproken",
        "agenda.uitkomst",
    ]
    edit_columns = ["datum", "locatie", "opmerkingen"]
    search_columns = ["project_id", "datum"]


class ControleApi(_CaseApi):
    resource_name = "controle"
    datamodel = SQLAInterface(Controle)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    list_columns = [
        "id",
        "project_id",
        "datum",
        "soort",
        "noodplan",
        "risicoanalyse",
        "personen_aangetroffen",
        "acties_ter_plaatse",
    ]
    show_columns = [*list_columns, "adressen.id", "team.ketenpartner_id", "team.rol"]
    edit_columns = [
        "noodplan",
        "risicoanalyse",
        "personen_aangetroffen",
        "acties_ter_plaatse",
        "opmerkingen",
    ]
    search_columns = ["project_id", "datum", "soort"]


class BevindingApi(_CaseApi):
    resource_name = "bevinding"
    datamodel = SQLAInterface(Bevinding)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    list_columns = show_columns = [
        "id",
        "project_id",
        "controle_id",
        "casus_id",
        "categorie_id",
        "categorie.naam",
        "ketenpartner_id",
        "omschrijving",
    ]
    add_columns = ["controle", "casus", "categorie", "ketenpartner", "omschrijving"]
    edit_columns = ["categorie", "ketenpartner", "omschrijving"]
    search_columns = ["project_id", "controle_id", "categorie_id"]


class OpvolgactieApi(_CaseApi):
    resource_name = "opvolgactie"
    datamodel = SQLAInterface(Opvolgactie)
    class_permission_name = roles.OPVOLGING
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    list_columns = show_columns = [
        "id",
        "project_id",
        "bevinding_id",
        "ketenpartner_id",
        "ketenpartner.naam",
        "eigenaar_id",
        "omschrijving",
        "deadline",
        "status",
        "resultaat",
        "afgerond_op",
    ]
    add_columns = ["bevinding", "ketenpartner", "eigenaar", "omschrijving", "deadline"]
    # Completing goes through POST /api/v1/casuswerk/opvolgactie/<id>/afronden (the owner).
    edit_columns = ["ketenpartner", "eigenaar", "omschrijving", "deadline"]
    search_columns = ["project_id", "status", "ketenpartner_id", "deadline"]


class JournalInterface(SQLAInterface):
    """FAB's API "add" of a journal entry is the use case ``journal.add_manual``."""

    def add(self, item, commit: bool = True) -> None:
        casus = item.casus or (db.session.get(Casus, item.casus_id) if item.casus_id else None)
        journal.add_manual(casus, item.tekst, row=item)


class JournaalregelApi(PortalApi):
    """Read and append only: PUT and DELETE do not exist (405) for any role."""

    resource_name = "journaalregel"
    datamodel = JournalInterface(Journaalregel)
    class_permission_name = roles.JOURNAAL
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post"}
    base_filters = cscope.SCOPED
    scoped = False
    list_columns = show_columns = ["id", "project_id", "casus_id", "op", "door", "soort", "tekst"]
    add_columns = ["casus", "tekst"]
    search_columns = ["casus_id", "soort"]
    base_order = ("op", "asc")

    def pre_add(self, item):
        """Checked and filled by the use case (``JournalInterface``), as on the screen."""


class CasuswerkApi(ServiceApi):
    """The case-work actions that follow rules beyond one row."""

    resource_name = "casuswerk"
    class_permission_name = roles.CASUS
    method_permission_name = {
        "status": roles.WRITE,
        "new_case": roles.WRITE,
        "new_meeting": roles.WRITE,
        "outcome": roles.WRITE,
        "new_control": roles.WRITE,
    }
    openapi_spec_tag = "Casuswerk"

    @expose("/casus/<int:casus_id>/status", methods=["POST"])
    @protect()
    @safe
    def status(self, casus_id: int):
        """Move a case to another status (the status rules apply).
        ---
        post:
          responses:
            200: {description: New status}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        casus = cscope.visible(Casus, casus_id)
        if casus is None:
            return self.response_404()
        data = self._json()

        def go():
            cscope.check_editable(casus.project_id)
            cases.set_status(casus, str(data.get("status", "")), data.get("reden"))
            return self.response(200, id=casus.id, status=casus.status)

        return self._run(go)

    @expose("/project/<int:project_id>/casus", methods=["POST"])
    @protect()
    @safe
    def new_case(self, project_id: int):
        """Open a case for an address selected for the casustafel.
        ---
        post:
          responses:
            201: {description: Created}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            ids = data.get("partners")
            casus = cases.create_case(
                project_id,
                str(data.get("adres_sleutel", "")),
                [int(i) for i in ids] if isinstance(ids, list) else None,
            )
            return self.response(201, id=casus.id, status=casus.status)

        return self._run(go)

    @expose("/project/<int:project_id>/casustafel", methods=["POST"])
    @protect()
    @safe
    def new_meeting(self, project_id: int):
        """Record a casustafel with its attending partners and agenda.
        ---
        post:
          responses:
            201: {description: Created}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            datum = data.get("datum")
            tafel = meetings.create_meeting(
                project_id,
                dt.date.fromisoformat(datum) if isinstance(datum, str) and datum else None,
                [int(i) for i in data.get("aanwezigen") or []],
                [int(i) for i in data.get("casussen") or []],
                data.get("locatie"),
                data.get("opmerkingen"),
            )
            return self.response(201, id=tafel.id)

        return self._run(go)

    @expose("/bespreking/<int:item_id>/uitkomst", methods=["POST"])
    @protect()
    @safe
    def outcome(self, item_id: int):
        """Record the outcome of one case at a casustafel.
        ---
        post:
          responses:
            200: {description: Case status after the outcome}
            422: {description: Rule violated}
        """
        item = cscope.visible(CasustafelBespreking, item_id)
        if item is None:
            return self.response_404()
        data = self._json()

        def go():
            partners = [
                meetings.PartnerOutcome(
                    int(p["ketenpartner_id"]),
                    p.get("actueel"),
                    bool(p.get("trekker")),
                    p.get("toelichting"),
                )
                for p in data.get("partners") or []
            ]
            casus = meetings.record_outcome(
                item,
                partners,
                data.get("politiebijstand"),
                data.get("politiebijstand_reden"),
                data.get("handhavingsactie"),
                data.get("afweging"),
                data.get("uitkomst"),
            )
            return self.response(
                200, casus_id=casus.id, status=casus.status, reden=casus.reden_buiten_aanpak
            )

        return self._run(go)

    @expose("/project/<int:project_id>/controle", methods=["POST"])
    @protect()
    @safe
    def new_control(self, project_id: int):
        """Record a control (action day/evening) with team and addresses.
        ---
        post:
          responses:
            201: {description: Created}
            422: {description: Rule violated}
        """
        data = self._json()

        def go():
            datum = data.get("datum")
            controle = controls.create_control(
                project_id,
                dt.date.fromisoformat(datum) if isinstance(datum, str) and datum else None,
                str(data.get("soort", "")),
                [int(i) for i in data.get("adressen") or []],
                [(int(t["ketenpartner_id"]), str(t["rol"])) for t in data.get("team") or []],
                int(data.get("personen_aangetroffen") or 0),
                bool(data.get("noodplan")),
                bool(data.get("risicoanalyse")),
                data.get("acties_ter_plaatse"),
                data.get("opmerkingen"),
            )
            return self.response(201, id=controle.id)

        return self._run(go)


class OpvolgingApi(BaseApi):
    resource_name = "opvolging"
    class_permission_name = roles.OPVOLGING
    method_permission_name = {"complete": roles.WRITE, "mine": roles.READ}
    allow_browser_login = True
    openapi_spec_tag = "Opvolging"

    @expose("/mijn-acties", methods=["GET"])
    @protect()
    @safe
    def mine(self):
        """My open follow-up actions.
        ---
        get:
          responses:
            200: {description: Actions}
        """
        today = dt.date.today()
        return self.response(
            200,
            result=[
                {
                    "id": a.id,
                    "project_id": a.project_id,
                    "omschrijving": a.omschrijving,
                    "deadline": a.deadline.isoformat(),
                    "status": a.status,
                    "stand": followup.state(a, today),
                }
                for a in followup.my_actions(_scope())
            ],
        )

    @expose("/opvolgactie/<int:action_id>/afronden", methods=["POST"])
    @protect()
    @safe
    def complete(self, action_id: int):
        """Complete an action and feed back its result (the owning partner).
        ---
        post:
          responses:
            200: {description: Completed}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        action = cscope.visible(Opvolgactie, action_id)
        if action is None or not cscope.may_complete(action, _scope()):
            return self.response_404()
        data = request.get_json(silent=True) or {}
        try:
            afgerond = data.get("afgerond_op")
            followup.complete(
                action,
                data.get("resultaat"),
                dt.date.fromisoformat(afgerond) if isinstance(afgerond, str) else None,
            )
        except (RuleViolation, ValueError) as e:
            db.session.rollback()
            errors = e.errors if isinstance(e, RuleViolation) else {"afgerond_op": [str(e)]}
            return self.response_422(message=errors)
        return self.response(200, id=action.id, status=action.status)


class ResultatenApi(BaseApi):
    resource_name = "resultaten"
    class_permission_name = roles.RESULTATEN
    method_permission_name = {"project": roles.READ}
    allow_browser_login = True
    openapi_spec_tag = "Resultaten"

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def project(self, project_id: int):
        """Results and effect measurement of a project.
        ---
        get:
          responses:
            200: {description: Figures}
            404: {description: Not found}
        """
        if not access.project_allowed(project_id, access.visible_projects(_scope())):
            return self.response_404()
        figures = results.compute(project_id)
        figures["peildatum"] = figures["peildatum"].isoformat()
        return self.response(200, result=figures)


# OpvolgingView ("Mijn acties") and BevindingCategorieView are in views.MENU.
VIEWS = [CasuswerkView, JournaalView, ResultatenView]
APIS = [
    CasusApi,
    CasustafelApi,
    ControleApi,
    BevindingApi,
    OpvolgactieApi,
    JournaalregelApi,
    CasuswerkApi,
    OpvolgingApi,
    ResultatenApi,
]


def register(appbuilder) -> None:
    """Views, APIs, the dashboard block and the eindrapportage provider."""
    from views import home

    for view in VIEWS:
        appbuilder.add_view_no_menu(view)
    for api in APIS:
        appbuilder.add_api(api)
    if my_actions_block not in home.BLOCKS:
        home.BLOCKS.append(my_actions_block)
    results.register_document_provider()
