"""Screens and API of the LSI meeting calendar and of the records the gates read before
Voorbereiding and Uitvoering: the brainstorm (with the feedback of the problem definition)
and the IVT application at the BKWI (rules in portal.meetings_lsi and portal.workflow)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, url_for
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import Brainstorm, IvtAanvraag, Project, Vergadering
from portal import access, meetings_lsi, roles  # noqa: F401  (meetings_lsi: its rules)
from portal.extensions import db
from views.base import PortalApi, PortalModelView, ProjectChildView, user_may
from views.labels import DESCRIPTIONS, LABELS
from views.panels import register_panel

CALENDAR_LABELS = {
    **LABELS,
    "orgaan": _l("Orgaan"),
    "datum": _l("Datum"),
    "indienen_uiterlijk": _l("Indienen uiterlijk"),
    "locatie": _l("Locatie"),
    "opmerkingen": _l("Opmerkingen"),
    "deelnemers": _l("Deelnemers en partners"),
    "methode": _l("Methode"),
    "uitkomst": _l("Uitkomst"),
    "teruggekoppeld_op": _l("Probleemdefinitie teruggekoppeld op"),
    "contact_op": _l("Contact of afspraak met het BKWI op"),
    "contactpersoon": _l("Contactpersoon BKWI"),
    "status": _l("Status"),
    "ingericht_op": _l("Ingericht op"),
    "velden": _l("Afgesproken velden"),
}
CALENDAR_DESCRIPTIONS = {
    **DESCRIPTIONS,
    "indienen_uiterlijk": _l(
        "Een document dat uiterlijk op deze dag is ingediend, komt op de agenda van deze "
        "vergadering."
    ),
    "deelnemers": _l("Wie deelnamen, per partner (uitvoerend niveau)."),
    "methode": _l("Bijvoorbeeld de zes denkhoeden van De Bono."),
    "uitkomst": _l("De gemeenschappelijke problemen die de deelnemers noemden."),
    "teruggekoppeld_op": _l(
        "De dag waarop de probleemdefinitie (leefbaarheid en veiligheid, op de projectpagina) "
        "aan de deelnemers is teruggekoppeld."
    ),
    "velden": _l("Welke velden het project aan de standaardapplicatie toevoegt of weglaat."),
}


class VergaderingView(PortalModelView):
    datamodel = SQLAInterface(Vergadering)
    class_permission_name = roles.VERGADERING
    base_filters = []
    scoped = False  # the calendar is the same for everyone who reads projects
    label_columns = CALENDAR_LABELS
    description_columns = CALENDAR_DESCRIPTIONS
    list_title = _l("Vergaderkalender LSI")
    add_title = _l("Vergadering toevoegen")
    edit_title = _l("Vergadering bewerken")
    show_title = _l("Vergadering")
    list_columns = ["orgaan", "datum", "indienen_uiterlijk", "locatie"]
    add_columns = edit_columns = show_columns = [
        "orgaan",
        "datum",
        "indienen_uiterlijk",
        "locatie",
        "opmerkingen",
    ]
    search_columns = ["orgaan", "datum", "indienen_uiterlijk"]
    base_order = ("datum", "asc")


class BrainstormView(ProjectChildView):
    datamodel = SQLAInterface(Brainstorm)
    class_permission_name = roles.PROJECTINHOUD
    label_columns = CALENDAR_LABELS
    description_columns = CALENDAR_DESCRIPTIONS
    list_title = _l("Brainstormsessies")
    add_title = _l("Brainstormsessie vastleggen")
    edit_title = _l("Brainstormsessie bewerken")
    show_title = _l("Brainstormsessie")
    list_columns = ["project", "datum", "methode", "teruggekoppeld_op"]
    add_columns = ["project", "datum", "deelnemers", "methode", "uitkomst", "teruggekoppeld_op"]
    edit_columns = add_columns[1:]
    show_columns = add_columns
    search_columns = ["datum", "methode"]


class IvtAanvraagView(ProjectChildView):
    datamodel = SQLAInterface(IvtAanvraag)
    class_permission_name = roles.PROJECTINHOUD
    label_columns = CALENDAR_LABELS
    description_columns = CALENDAR_DESCRIPTIONS
    list_title = _l("IVT-applicaties")
    add_title = _l("IVT-aanvraag vastleggen")
    edit_title = _l("IVT-aanvraag bewerken")
    show_title = _l("IVT-aanvraag")
    list_columns = ["project", "status", "contact_op", "contactpersoon", "ingericht_op"]
    add_columns = [
        "project",
        "contact_op",
        "contactpersoon",
        "status",
        "ingericht_op",
        "velden",
        "opmerkingen",
    ]
    edit_columns = add_columns[1:]
    show_columns = add_columns
    search_columns = ["status", "contactpersoon"]


class VergaderingApi(PortalApi):
    resource_name = "vergadering"
    datamodel = SQLAInterface(Vergadering)
    class_permission_name = roles.VERGADERING
    base_filters = []
    scoped = False
    label_columns = CALENDAR_LABELS
    list_columns = show_columns = [
        "id",
        "orgaan",
        "datum",
        "indienen_uiterlijk",
        "locatie",
        "opmerkingen",
    ]
    add_columns = edit_columns = list_columns[1:]
    order_columns = ["datum", "indienen_uiterlijk"]


class BrainstormApi(PortalApi):
    resource_name = "brainstorm"
    datamodel = SQLAInterface(Brainstorm)
    class_permission_name = roles.PROJECTINHOUD
    label_columns = CALENDAR_LABELS
    list_columns = show_columns = [
        "id",
        "project_id",
        "datum",
        "deelnemers",
        "methode",
        "uitkomst",
        "teruggekoppeld_op",
    ]
    add_columns = ["project", "datum", "deelnemers", "methode", "uitkomst", "teruggekoppeld_op"]
    edit_columns = add_columns[1:]


class IvtAanvraagApi(PortalApi):
    resource_name = "ivtaanvraag"
    datamodel = SQLAInterface(IvtAanvraag)
    class_permission_name = roles.PROJECTINHOUD
    label_columns = CALENDAR_LABELS
    list_columns = show_columns = [
        "id",
        "project_id",
        "contact_op",
        "contactpersoon",
        "status",
        "ingericht_op",
        "velden",
        "opmerkingen",
    ]
    add_columns = [
        "project",
        "contact_op",
        "contactpersoon",
        "status",
        "ingericht_op",
        "velden",
        "opmerkingen",
    ]
    edit_columns = add_columns[1:]


VIEWS = [BrainstormView, IvtAanvraagView]
APIS = [VergaderingApi, BrainstormApi, IvtAanvraagApi]


def register(appbuilder) -> None:
    """The calendar in the Projecten menu; the two project records from the project page."""
    appbuilder.add_view(
        VergaderingView,
        "Vergaderkalender",
        label=_l("Vergaderkalender LSI"),
        icon="fa-calendar",
        category="Projecten",
    )
    for view in VIEWS:
        appbuilder.add_view_no_menu(view)
    for api in APIS:
        appbuilder.add_api(api)


def _record_link(model, view: str, project_id: int) -> dict:
    row = db.session.scalar(sa.select(model).where(model.project_id == project_id))
    may_write = user_may(roles.WRITE, roles.PROJECTINHOUD) and access.project_allowed(
        project_id, access.editable_projects(access.current_scope())
    )
    if row is not None:
        return {
            "row": row,
            "show": url_for(f"{view}.show", pk=row.id),
            "edit": url_for(f"{view}.edit", pk=row.id) if may_write else None,
        }
    return {
        "row": None,
        "add": url_for(f"{view}.add", _flt_0_project=project_id) if may_write else None,
    }


@register_panel(order=17, anchor="poorten", title=_l("Brainstorm, probleemdefinitie en IVT"))
def _records_panel(project_id: int) -> Markup | None:
    scope = access.current_scope()
    if not (
        scope.is_admin
        or any(
            roles.READ in roles.ROLE_RIGHTS.get(r, {}).get(roles.PROJECTINHOUD, ())
            for r in scope.roles
        )
    ):
        return None
    project = db.session.get(Project, project_id)
    if project is None:
        return None
    return Markup(
        render_template(
            "workflow/_records.html",
            project=project,
            brainstorm=_record_link(Brainstorm, "BrainstormView", project_id),
            ivt=_record_link(IvtAanvraag, "IvtAanvraagView", project_id),
        )
    )
