"""Screens and API of the preparation phase (issue #18): the uitvraag plan, the O&A intake,
the managed list of themes and the results per theme. Rules live in portal.preparation."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import render_template
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import OaIntake, Project, Thema, Uitvraagitem
from portal import access, deadlines, roles
from portal.documents.context import register_context_provider
from portal.extensions import db
from portal.preparation import intake, themes, uitvraag
from views.api import _MasterApi
from views.base import PortalApi, ProjectChildView, user_may
from views.labels import DESCRIPTIONS, LABELS
from views.masterdata import _Master
from views.panels import register_panel

PREP_LABELS = {
    **LABELS,
    "bron_soort": _l("Soort bron"),
    "bron": _l("Bron"),
    "ketenpartner": _l("Ketenpartner"),
    "gegevens": _l("Uit te vragen gegevens"),
    "eigenaar": _l("Eigenaar van de gegevens"),
    "leveringsroute": _l("Leveringsroute"),
    "specificatie_verstuurd_op": _l("Specificatie verstuurd op"),
    "uitgevraagd_op": _l("Uitgevraagd op"),
    "afgesproken_levering": _l("Afgesproken levering"),
    "geleverd_op": _l("Geleverd op"),
    "status": _l("Status"),
    "toelichting": _l("Toelichting"),
    "datum_intake": _l("Datum intake"),
    "analist_uren": _l("Capaciteit analyse (uren analist)"),
    "tijdpad": _l("Indicatief tijdpad"),
    "aard_omvang": _l("Aard en omvang van het probleem"),
    "indicatoren": _l("Toe te passen indicatoren"),
    "bronnen": _l("Bronnen voor de analyse"),
    "planning_analist": _l("Indicatieve planning inzet analist"),
    "samenvatting": _l("Samenvatting intakeverslag"),
    "verslag_referentie": _l("Intakeverslag (vindplaats)"),
    "soort": _l("Soort"),
    "jaarthema_jaar": _l("LSI-jaarthema in jaar"),
    "omschrijving": _l("Omschrijving"),
    "volgorde": _l("Volgorde"),
    "actief": _l("Actief"),
}
PREP_DESCRIPTIONS = {
    **DESCRIPTIONS,
    "bron": _l("Bijv. UWV, BRP, gemeentelijke belastingen, energieleverancier."),
    "eigenaar": _l("Wie verantwoordelijk is voor deze gegevensset (bijv. de systeembeheerder)."),
    "leveringsroute": _l(
        "Landelijk: via de datamanager van het Inlichtingenbureau (Belastingdienst via zijn "
        "liaison); gemeentelijk: de systeembeheerder of de projectleider; extern: de "
        "projectleider."
    ),
    "afgesproken_levering": _l(
        "Bij een landelijke bron moet de uitvraag uiterlijk 8 weken eerder gedaan zijn."
    ),
    "verslag_referentie": _l(
        "Waar het verslag van O&A staat, tot het als bijlage aan het project is gekoppeld."
    ),
    "jaarthema_jaar": _l("Alleen invullen als het thema een LSI-jaarthema is (was)."),
}


class InProjectScope(BaseFilter):
    """Rows of the projects the current user may read (``access.visible_projects``)."""

    name = "In scope"
    arg_name = None

    def apply(self, query, value):
        visible = sa.select(Project.id).where(access.visible_projects(access.current_scope()))
        return query.filter(self.model.project_id.in_(visible))


SCOPED = [["id", InProjectScope, None]]


class _PrepChild(ProjectChildView):
    # Project content: the staff edit it for their projects, readers read it, partners
    # (who have no Projectinhoud right) see nothing of it.
    class_permission_name = roles.PROJECTINHOUD
    base_filters = SCOPED
    label_columns = PREP_LABELS
    description_columns = PREP_DESCRIPTIONS


_ITEM_FIELDS = [
    "bron_soort",
    "bron",
    "ketenpartner",
    "gegevens",
    "eigenaar",
    "leveringsroute",
    "specificatie_verstuurd_op",
    "uitgevraagd_op",
    "afgesproken_levering",
    "geleverd_op",
    "status",
    "toelichting",
]


class UitvraagitemView(_PrepChild):
    datamodel = SQLAInterface(Uitvraagitem)
    list_title = _l("Uitvraagplan")
    add_title = _l("Bron toevoegen aan het uitvraagplan")
    edit_title = _l("Uitvraag bewerken")
    show_title = _l("Uitvraag van gegevens")
    list_columns = [
        "project",
        "bron_soort",
        "bron",
        "leveringsroute",
        "afgesproken_levering",
        "status",
    ]
    add_columns = ["project", *_ITEM_FIELDS]
    edit_columns = _ITEM_FIELDS
    show_columns = add_columns
    search_columns = ["bron_soort", "bron", "status", "afgesproken_levering"]
    base_order = ("afgesproken_levering", "asc")


_INTAKE_FIELDS = [
    "datum_intake",
    "analist_uren",
    "tijdpad",
    "aard_omvang",
    "indicatoren",
    "bronnen",
    "planning_analist",
    "samenvatting",
    "verslag_referentie",
]


class OaIntakeView(_PrepChild):
    datamodel = SQLAInterface(OaIntake)
    list_title = _l("Intakes Onderzoek & Analyse")
    add_title = _l("Intake O&A vastleggen")
    edit_title = _l("Intake O&A bewerken")
    show_title = _l("Intake Onderzoek & Analyse")
    list_columns = ["project", "datum_intake", "analist_uren"]
    add_columns = ["project", *_INTAKE_FIELDS]
    edit_columns = _INTAKE_FIELDS
    show_columns = add_columns
    search_columns = ["datum_intake"]


class ThemaView(_Master):
    """The managed list of themes and phenomena with the LSI year themes (Beheerder). A theme
    in use is switched off, not deleted."""

    datamodel = SQLAInterface(Thema)
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "add", "edit"}
    label_columns = PREP_LABELS
    description_columns = PREP_DESCRIPTIONS
    list_title = _l("Thema's en fenomenen")
    show_title = _l("Thema")
    add_title = _l("Thema toevoegen")
    edit_title = _l("Thema bewerken")
    list_columns = ["naam", "soort", "jaarthema_jaar", "actief"]
    add_columns = edit_columns = show_columns = [
        "naam",
        "soort",
        "jaarthema_jaar",
        "omschrijving",
        "volgorde",
        "actief",
    ]
    search_columns = ["naam", "soort", "jaarthema_jaar", "actief"]
    base_order = ("volgorde", "asc")


class ThemaResultatenView(BaseView):
    """Results across projects, grouped by theme (only projects the user may see)."""

    route_base = "/themaresultaten"
    class_permission_name = roles.RESULTATEN
    method_permission_name = {"overzicht": roles.READ}
    default_view = "overzicht"

    @expose("/")
    @has_access
    def overzicht(self):
        groups = themes.per_theme(access.visible_projects(access.current_scope()))
        return self.render_template("preparation/themes.html", groups=groups)


# -- API --------------------------------------------------------------------------------


class _PrepApi(PortalApi):
    class_permission_name = roles.PROJECTINHOUD
    base_filters = SCOPED


class UitvraagitemApi(_PrepApi):
    resource_name = "uitvraagitem"
    datamodel = SQLAInterface(Uitvraagitem)
    list_columns = ["id", "project_id", "bron_soort", "bron", "afgesproken_levering", "status"]
    show_columns = ["id", "project_id", *_ITEM_FIELDS[:2], "ketenpartner_id", *_ITEM_FIELDS[3:]]
    add_columns = ["project", *_ITEM_FIELDS]
    edit_columns = _ITEM_FIELDS
    search_columns = ["project", "bron_soort", "status"]
    order_columns = ["afgesproken_levering", "bron", "id"]


class OaIntakeApi(_PrepApi):
    resource_name = "oa_intake"
    datamodel = SQLAInterface(OaIntake)
    list_columns = ["id", "project_id", "datum_intake", "analist_uren"]
    show_columns = ["id", "project_id", *_INTAKE_FIELDS]
    add_columns = ["project", *_INTAKE_FIELDS]
    edit_columns = _INTAKE_FIELDS
    search_columns = ["project"]


class ThemaApi(_MasterApi):
    resource_name = "thema"
    datamodel = SQLAInterface(Thema)
    base_permissions = ["can_read", "can_write"]
    list_columns = show_columns = [
        "id",
        "naam",
        "soort",
        "jaarthema_jaar",
        "omschrijving",
        "volgorde",
        "actief",
    ]
    add_columns = edit_columns = list_columns[1:]


# -- the project page ---------------------------------------------------------------------


@register_panel(order=19, anchor="voorbereiding", title=_l("Uitvraag van gegevens en intake O&A"))
def preparation_panel(project_id: int) -> Markup | None:
    if not user_may(roles.READ, roles.PROJECTINHOUD):
        return None
    scope = access.current_scope()
    if not access.project_allowed(project_id, access.visible_projects(scope)):
        return None
    project = db.session.get(Project, project_id)
    items = uitvraag.items(project_id)
    return Markup(
        render_template(
            "preparation/_panel.html",
            project=project,
            items=items,
            intake=project.oa_intake,
            intake_complete=intake.is_complete(project),
            deadlines=uitvraag.uitvraag_deadlines(project, dt.date.today()),
            may_edit=user_may(roles.WRITE, roles.PROJECTINHOUD)
            and access.project_allowed(project_id, access.editable_projects(scope)),
            theme_project=themes.is_theme_project(project),
        )
    )


VIEWS = [UitvraagitemView, OaIntakeView]
APIS = [UitvraagitemApi, OaIntakeApi, ThemaApi]


def install_services() -> None:
    """The document sections (deadlines and rules register when their modules load)."""
    register_context_provider(
        "projectplan", "uitvraag", uitvraag.for_document, uitvraag.DOCUMENT_FIELDS
    )
    register_context_provider(
        "projectvoorstel", "intake", intake.for_document, intake.DOCUMENT_FIELDS
    )
    assert uitvraag.uitvraag_deadlines in deadlines.PROVIDERS


def register(appbuilder) -> None:
    install_services()
    for view in VIEWS:
        appbuilder.add_view_no_menu(view)
    appbuilder.add_view(
        ThemaView,
        "Thema's",
        label=_l("Thema's en fenomenen"),
        icon="fa-tags",
        category="Stamgegevens",
        category_label=_l("Stamgegevens"),
    )
    appbuilder.add_view(
        ThemaResultatenView,
        "Resultaten per thema",
        label=_l("Resultaten per thema"),
        icon="fa-bar-chart",
        category="Projecten",
        category_label=_l("Projecten"),
    )
    for api in APIS:
        appbuilder.add_api(api)
