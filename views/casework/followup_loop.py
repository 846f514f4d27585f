"""Screens and API for issue #19 parts 2, 4 and 7: follow-up types (Beheerder), capacity
per partner per month, the enrichment request before a casustafel and lessons learned.
The rules live in ``portal.casework.capacity``, ``enrichment`` and ``lessons``."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import BaseView, ModelView, expose, has_access
from flask_appbuilder.api import protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from models import Capaciteitsinzet, Casustafel, Leerpunt, Opvolgtype, Verrijkingsantwoord
from models.leerpunt import LEERPUNT_CATEGORIEEN
from models.verrijkingsverzoek import VERRIJKING_ANTWOORDEN
from portal import access, roles
from portal.casework import capacity, enrichment, lessons
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from views.api_schemas import ALL as API_SCHEMAS
from views.base import PortalApi, ServiceApi
from views.casework.helpers import (
    CASE_LABELS,
    _date,
    _editable,
    _flash_errors,
    _int,
    _project,
    _row,
    _scope,
)

LABELS = {
    **CASE_LABELS,
    "periode": _l("Maand"),
    "gepland_uren": _l("Geplande uren"),
    "gerealiseerd_uren": _l("Gerealiseerde uren"),
    "toelichting": _l("Toelichting"),
    "ketenpartner": _l("Partner"),
    "antwoord": _l("Risico nog actueel"),
    "tekst": _l("Leerpunt"),
    "gemeente": _l("Gemeente"),
    "controle": _l("Controle"),
    "casustafel": _l("Casustafel"),
    "opvolgtype": _l("Soort opvolging"),
    "uiterlijk": _l("Antwoord uiterlijk"),
}


def _fk(item, name: str) -> int | None:
    """A foreign key the API set through its relationship (FAB fills ``item.<name>``)."""
    value = getattr(item, f"{name}_id", None)
    if value is None and getattr(item, name, None) is not None:
        value = getattr(item, name).id
    return value


def _hours(name: str) -> int | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise RuleViolation({name: [str(_l("Vul een geheel aantal uren in."))]})
    return int(value)


class OpvolgtypeView(ModelView):
    """The managed list of follow-up types (Beheerder). Types in use are switched off,
    not deleted."""

    route_base = "/opvolgtype"
    datamodel = SQLAInterface(Opvolgtype)
    class_permission_name = roles.OPVOLGTYPE
    method_permission_name = roles.VIEW_METHODS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "add", "edit"}
    label_columns = LABELS
    list_title = _l("Soorten opvolging")
    show_title = _l("Soort opvolging")
    add_title = _l("Soort opvolging toevoegen")
    edit_title = _l("Soort opvolging wijzigen")
    list_columns = ["naam", "volgorde", "actief"]
    add_columns = edit_columns = show_columns = ["naam", "volgorde", "actief"]
    base_order = ("volgorde", "asc")


class OpvolgingLusView(BaseView):
    """Capacity, enrichment and lessons pages of a project."""

    route_base = "/leerpunten"
    class_permission_name = roles.LEERPUNT
    method_permission_name = {"lessons": roles.READ, "add_lesson": roles.WRITE}
    default_view = "lessons"

    @expose("/project/<int:project_id>")
    @has_access
    def lessons(self, project_id: int):
        project = _project(project_id)
        scope = _scope()
        gemeente_id = request.args.get("gemeente", type=int)
        return self.render_template(
            "casework/lessons.html",
            project=project,
            lessons=lessons.project_lessons(project.id, scope, gemeente_id),
            gemeenten=lessons.gemeenten(project.id),
            gemeente_id=gemeente_id,
            categories=LEERPUNT_CATEGORIEEN,
            may_edit=cscope.may_edit(project.id, scope),
            controls=_controls(project.id),
            meetings=_meetings(project.id),
        )

    @expose("/project/<int:project_id>/leerpunt", methods=["POST"])
    @has_access
    def add_lesson(self, project_id: int):
        project = _project(project_id)
        _editable(project.id)
        try:
            lessons.add_lesson(
                project.id,
                request.form.get("tekst"),
                controle_id=_int("controle"),
                casustafel_id=_int("casustafel"),
                categorie=request.form.get("categorie") or None,
                gemeente_id=_int("gemeente"),
            )
            flash(_l("Leerpunt vastgelegd."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("OpvolgingLusView.lessons", project_id=project.id))


def _controls(project_id: int):
    import sqlalchemy as sa

    from models import Controle

    return list(
        db.session.scalars(
            sa.select(Controle)
            .where(Controle.project_id == project_id)
            .order_by(Controle.datum.desc())
        )
    )


def _meetings(project_id: int):
    import sqlalchemy as sa

    return list(
        db.session.scalars(
            sa.select(Casustafel)
            .where(Casustafel.project_id == project_id)
            .order_by(Casustafel.datum.desc())
        )
    )


class CapaciteitView(BaseView):
    route_base = "/capaciteit"
    class_permission_name = roles.CAPACITEIT
    method_permission_name = {"project": roles.READ, "enter": roles.WRITE}
    default_view = "project"

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        project = _project(project_id)
        scope = _scope()
        data = capacity.overview(project.id, scope)
        staff = cscope.may_edit(project.id, scope)
        return self.render_template(
            "casework/capacity.html",
            project=project,
            data=data,
            staff=staff,
            may_enter=staff or bool(scope.ketenpartner_id and data.partners),
            partners=data.partners,
            this_month=dt.date.today().replace(day=1),
        )

    @expose("/project/<int:project_id>", methods=["POST"])
    @has_access
    def enter(self, project_id: int):
        project = _project(project_id)
        scope = _scope()
        kp = _int("ketenpartner") if cscope.may_edit(project.id, scope) else scope.ketenpartner_id
        try:
            maand = (request.form.get("periode") or "").strip()
            periode = dt.date.fromisoformat(f"{maand}-01") if len(maand) == 7 else _date("periode")
            capacity.record(
                project.id,
                kp,
                periode,
                _hours("gepland_uren"),
                _hours("gerealiseerd_uren"),
                request.form.get("toelichting"),
            )
            flash(_l("Capaciteit vastgelegd."), "success")
        except ValueError:
            flash(_l("Ongeldige maand."), "danger")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("CapaciteitView.project", project_id=project.id))


class VerrijkingView(BaseView):
    route_base = "/verrijking"
    class_permission_name = roles.VERRIJKING
    method_permission_name = {
        "mine": roles.READ,
        "send": roles.WRITE,
        "answer": roles.WRITE,
    }
    default_view = "mine"

    @expose("/mijn-vragen")
    @has_access
    def mine(self):
        scope = _scope()
        return self.render_template(
            "casework/enrichment_mine.html",
            rows=enrichment.my_questions(scope),
            answers=VERRIJKING_ANTWOORDEN,
        )

    @expose("/casustafel/<int:meeting_id>", methods=["POST"])
    @has_access
    def send(self, meeting_id: int):
        tafel = _row(Casustafel, meeting_id)
        _editable(tafel.project_id)
        try:
            verzoek = enrichment.send_request(tafel, request.form.get("vraag"), _date("uiterlijk"))
            flash(
                _l("Verrijkingsverzoek verstuurd: %(n)s vragen.", n=len(verzoek.antwoorden)),
                "success",
            )
        except RuleViolation as e:
            _flash_errors(e)
        return redirect(url_for("CasuswerkView.meeting", meeting_id=tafel.id))

    @expose("/antwoord/<int:row_id>", methods=["POST"])
    @has_access
    def answer(self, row_id: int):
        scope = _scope()
        row = db.session.scalar(
            db.select(Verrijkingsantwoord).where(
                Verrijkingsantwoord.id == row_id,
                enrichment.criterion(Verrijkingsantwoord, scope),
            )
        )
        if row is None:
            abort(404)
        try:
            enrichment.answer(row, request.form.get("antwoord"), request.form.get("toelichting"))
            flash(_l("Antwoord vastgelegd."), "success")
        except RuleViolation as e:
            _flash_errors(e)
        except AccessDenied:
            abort(403)
        return redirect(url_for("VerrijkingView.mine"))


def meeting_loop_context(tafel: Casustafel, scope, may_edit: bool) -> dict:
    """What the casustafel page adds for issue #19: the look-back's completed actions with
    their results and the lessons since the previous casustafel, and the enrichment answers
    (the staff see all; a partner only its own)."""
    from models import Opvolgactie
    from portal.casework import meetings

    return {
        "completed": [
            a
            for a in meetings.completed_since(tafel)
            if cscope.visible(Opvolgactie, a.id, scope) is not None
        ],
        "lessons_back": meetings.lessons_since(tafel)
        if access.project_allowed(
            tafel.project_id, access.visible_projects(cscope.staff_scope(scope))
        )
        else [],
        "enrichment": enrichment.for_meeting(tafel, scope),
        "enrichment_request": enrichment.request_of(tafel),
        "may_send_enrichment": may_edit,
        "address_label": _display,
    }


def _display(key: str) -> str:
    from portal.addresses import display

    return display(key)


# --- API ---------------------------------------------------------------------------------


class CapaciteitsinzetApi(PortalApi):
    """Hours per partner per month; a partner reads and writes only its own rows."""

    resource_name = "capaciteitsinzet"
    datamodel = SQLAInterface(Capaciteitsinzet)
    class_permission_name = roles.CAPACITEIT
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    base_filters = capacity.SCOPED
    scoped = False  # checked below: a partner writes its own rows
    list_columns = show_columns = [
        "id",
        "project_id",
        "ketenpartner_id",
        "periode",
        "gepland_uren",
        "gerealiseerd_uren",
        "toelichting",
    ]
    add_columns = [
        "project",
        "ketenpartner",
        "periode",
        "gepland_uren",
        "gerealiseerd_uren",
        "toelichting",
    ]
    edit_columns = ["gepland_uren", "gerealiseerd_uren", "toelichting"]
    search_columns = ["project_id", "ketenpartner_id", "periode"]

    def _checked(self, item, new: bool) -> None:
        with db.session.no_autoflush:
            scope = access.current_scope()
            item.project_id = _fk(item, "project")
            item.ketenpartner_id = _fk(item, "ketenpartner")
            if not capacity.may_enter(item.project_id, item.ketenpartner_id, scope):
                raise AccessDenied()
            errors = capacity.validate(
                item.project_id,
                item.ketenpartner_id,
                item.periode,
                item.gepland_uren,
                item.gerealiseerd_uren,
            )
            if new and item.periode and not errors:
                item.periode = capacity.month(item.periode)
                if db.session.scalar(
                    db.select(Capaciteitsinzet.id).where(
                        Capaciteitsinzet.project_id == item.project_id,
                        Capaciteitsinzet.ketenpartner_id == item.ketenpartner_id,
                        Capaciteitsinzet.periode == item.periode,
                    )
                ):
                    errors["periode"] = [
                        str(_l("Voor deze maand is al capaciteit vastgelegd; wijzig die."))
                    ]
            if errors:
                raise RuleViolation(errors)
            item.ingevoerd_door_id = scope.user_id

    def pre_add(self, item):
        self._checked(item, True)

    def pre_update(self, item):
        self._checked(item, False)


class VerrijkingsantwoordApi(PortalApi):
    """A partner reads its own questions and answers them (PUT antwoord/toelichting); the
    staff read all answers of their projects. Requests are sent from the casustafel page."""

    resource_name = "verrijkingsantwoord"
    datamodel = SQLAInterface(Verrijkingsantwoord)
    class_permission_name = roles.VERRIJKING
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    base_filters = enrichment.SCOPED
    scoped = False
    list_columns = show_columns = [
        "id",
        "project_id",
        "verzoek_id",
        "adres_sleutel",
        "ketenpartner_id",
        "antwoord",
        "toelichting",
        "beantwoord_op",
    ]
    # no POST (requests create the rows); FAB would otherwise offer every relation in _info
    add_columns = edit_columns = ["antwoord", "toelichting"]
    search_columns = ["verzoek_id", "antwoord"]

    def pre_update(self, item):
        scope = access.current_scope()
        if not enrichment.may_answer(item, scope):
            raise AccessDenied()
        errors = enrichment.validate_answer(item.antwoord, item.toelichting)
        if errors:
            raise RuleViolation(errors)
        item.beantwoord_op = dt.datetime.now(dt.UTC)
        item.beantwoord_door_id = scope.user_id


class LessonInterface(SQLAInterface):
    """The API's "add" of a lesson is the use case ``lessons.add_lesson``."""

    def add(self, item, commit: bool = True) -> None:
        lessons.add_lesson(
            _fk(item, "project"),
            item.tekst,
            controle_id=_fk(item, "controle"),
            casustafel_id=_fk(item, "casustafel"),
            categorie=item.categorie,
            gemeente_id=_fk(item, "gemeente"),
            row=item,
        )


class LeerpuntApi(PortalApi):
    resource_name = "leerpunt"
    datamodel = LessonInterface(Leerpunt)
    class_permission_name = roles.LEERPUNT
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post"}
    base_filters = lessons.SCOPED
    scoped = False
    list_columns = show_columns = [
        "id",
        "project_id",
        "controle_id",
        "casustafel_id",
        "gemeente_id",
        "categorie",
        "tekst",
        "door",
        "aangemaakt_op",
    ]
    add_columns = ["project", "controle", "casustafel", "gemeente", "categorie", "tekst"]
    search_columns = ["project_id", "gemeente_id", "categorie"]

    def pre_add(self, item):
        """Checked and filled by the use case (``LessonInterface``), as on the screen."""


# OpvolgtypeView and VerrijkingView have menu entries (views/__init__.py MENU).
class VerrijkingApi(ServiceApi):
    """Sending the enrichment request of a casustafel (the staff)."""

    resource_name = "verrijking"
    class_permission_name = roles.VERRIJKING
    method_permission_name = {"send": roles.WRITE}
    openapi_spec_tag = "Casuswerk"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/casustafel/<int:meeting_id>", methods=["POST"])
    @protect()
    @safe
    def send(self, meeting_id: int):
        """Ask the partners, per address of the casustafel, whether the risk is still current.
        ---
        post:
          parameters:
          - {in: path, name: meeting_id, required: true, schema: {type: integer}}
          requestBody:
            content:
              application/json:
                schema: {$ref: '#/components/schemas/VerrijkingIn'}
          responses:
            200:
              description: The request with its number of questions
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Verrijkingsverzoek'}
            404: {description: Not found}
            422: {description: Rule violated}
        """
        tafel = cscope.visible(Casustafel, meeting_id)
        if tafel is None:
            return self.response_404()
        data = self._json()

        def go():
            uiterlijk = data.get("uiterlijk")
            verzoek = enrichment.send_request(
                tafel,
                data.get("vraag") if isinstance(data.get("vraag"), str) else None,
                dt.date.fromisoformat(uiterlijk)
                if isinstance(uiterlijk, str) and uiterlijk
                else None,
            )
            return self.response(
                200,
                id=verzoek.id,
                casustafel_id=tafel.id,
                vragen=len(verzoek.antwoorden),
                open=sum(1 for a in verzoek.antwoorden if not a.antwoord),
            )

        return self._run(go)


VIEWS = [OpvolgingLusView, CapaciteitView]
APIS = [CapaciteitsinzetApi, VerrijkingsantwoordApi, LeerpuntApi, VerrijkingApi]
