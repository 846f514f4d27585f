"""Screens and API for the results registration (issue #19 parts 3, 5, 6): communication
items and their agreements, outcomes with amounts, expenses, questionnaire measurements and
the managed list of outcome types. Rules in portal.casework.communication / outcomes /
measurements; the rows are read and written by project staff (roles.RESULTAATWERK)."""

from __future__ import annotations

from flask_appbuilder import ModelView
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from models import Communicatie, CommunicatieAkkoord, Kostenpost, Meting, Uitkomst, Uitkomstsoort
from portal import access, roles
from portal.casework import (  # noqa: F401  (register the rules enforced below)
    communication,
    measurements,
    outcomes,
)
from views.base import PortalApi, ProjectChildView
from views.labels import LABELS

RESULT_LABELS = {
    **LABELS,
    "project": _l("Project"),
    "soort": _l("Soort"),
    "titel": _l("Titel"),
    "tekst": _l("Tekst"),
    "controle": _l("Controle"),
    "opvolgactie": _l("Opvolgactie"),
    "mijlpaal": _l("Mijlpaal (fase of besluit)"),
    "woordvoerder": _l("Woordvoerder"),
    "status": _l("Status"),
    "gepubliceerd_op": _l("Gepubliceerd op"),
    "medium": _l("Medium"),
    "link": _l("Link"),
    "communicatie": _l("Bericht"),
    "partij_soort": _l("Soort partij"),
    "partij": _l("Partij"),
    "ketenpartner": _l("Partner"),
    "vereist": _l("Akkoord vereist"),
    "akkoord_op": _l("Akkoord op"),
    "akkoord_door": _l("Akkoord gegeven door"),
    "uitkomstsoort": _l("Soort uitkomst"),
    "gemeente": _l("Gemeente"),
    "casus": _l("Casus"),
    "datum": _l("Datum"),
    "aantal": _l("Aantal"),
    "bedrag": _l("Bedrag"),
    "omschrijving": _l("Omschrijving"),
    "gebied": _l("Gebied"),
    "vragenlijst": _l("Vragenlijst"),
    "vraag": _l("Vraag"),
    "respondenten": _l("Respondenten"),
    "score": _l("Gemiddelde score (1-5)"),
    "percentage": _l("Percentage"),
    "opmerkingen": _l("Opmerkingen (samengevat)"),
    "naam": _l("Naam"),
    "eenheid": _l("Eenheid"),
    "volgorde": _l("Volgorde"),
    "actief": _l("Actief"),
}
RESULT_DESCRIPTIONS = {
    "link": _l("Het volledige webadres van de publicatie, beginnend met https://."),
    "gemeente": _l("Leeg: de gemeente van de casus."),
    "omschrijving": _l("Wat de kosten waren, zonder namen of gegevens van bewoners."),
    "opmerkingen": _l("Samengevat, zonder namen of gegevens van bewoners."),
    "vereist": _l("Publiceren kan pas als elke vereiste partij akkoord heeft gegeven."),
    "score": _l("Vul een score of een percentage in."),
}


# The fields a user fills in, the same on the screen and in the API (one list per record).
COMMUNICATIE_FIELDS = [
    "project",
    "soort",
    "titel",
    "tekst",
    "controle",
    "opvolgactie",
    "mijlpaal",
    "woordvoerder",
]
UITKOMST_FIELDS = [
    "project",
    "uitkomstsoort",
    "datum",
    "ketenpartner",
    "gemeente",
    "casus",
    "controle",
    "opvolgactie",
    "aantal",
    "bedrag",
]
KOSTENPOST_FIELDS = [
    "project",
    "soort",
    "omschrijving",
    "bedrag",
    "datum",
    "controle",
    "opvolgactie",
    "ketenpartner",
]
METING_FIELDS = [
    "project",
    "soort",
    "datum",
    "controle",
    "gebied",
    "vragenlijst",
    "vraag",
    "respondenten",
    "score",
    "percentage",
    "opmerkingen",
]


class ProjectRows(BaseFilter):
    """Only rows of projects the current user may read."""

    name = "Project in scope"
    arg_name = None

    def apply(self, query, value):
        visible = access.visible_projects(access.current_scope())
        return query.filter(
            self.model.project_id.in_(access._project_ids(visible))  # noqa: SLF001
        )


ROWS_SCOPED = [["id", ProjectRows, None]]


class _ResultView(ProjectChildView):
    class_permission_name = roles.RESULTAATWERK
    base_filters = ROWS_SCOPED
    label_columns = RESULT_LABELS
    description_columns = RESULT_DESCRIPTIONS
    # A control reads "Action evening 14/03/2019" in the reader's language (its repr is Dutch).
    formatters_columns = {"controle": outcomes.control_label}


class CommunicatieView(_ResultView):
    route_base = "/communicatie"
    datamodel = SQLAInterface(Communicatie)
    list_title = _l("Communicatie")
    show_title = _l("Bericht")
    add_title = _l("Bericht opstellen")
    edit_title = _l("Bericht bewerken")
    list_columns = ["project", "soort", "titel", "status", "gepubliceerd_op", "medium"]
    add_columns = list(COMMUNICATIE_FIELDS)  # a copy: FAB may adjust its own lists
    # Agreements and publishing go through the message's own page (the rule in one place).
    edit_columns = add_columns[1:]
    show_columns = [*add_columns, "status", "gepubliceerd_op", "medium", "link"]
    search_columns = ["project", "soort", "status", "titel"]
    base_order = ("id", "desc")


class CommunicatieAkkoordView(_ResultView):
    route_base = "/communicatieakkoord"
    datamodel = SQLAInterface(CommunicatieAkkoord)
    related_column = "communicatie"
    list_title = _l("Akkoorden op berichten")
    show_title = _l("Akkoord")
    add_title = _l("Partij toevoegen")
    edit_title = _l("Akkoord bewerken")
    list_columns = ["communicatie", "partij_soort", "partij", "vereist", "akkoord_op"]
    add_columns = ["communicatie", "partij_soort", "partij", "ketenpartner", "vereist"]
    edit_columns = [
        "partij_soort",
        "partij",
        "ketenpartner",
        "vereist",
        "akkoord_op",
        "akkoord_door",
    ]
    show_columns = [*add_columns, "akkoord_op", "akkoord_door"]
    search_columns = ["communicatie", "partij_soort", "partij"]

    def pre_add(self, item):
        if item.communicatie is not None:
            item.project_id = item.communicatie.project_id
        super().pre_add(item)


class UitkomstView(_ResultView):
    route_base = "/uitkomst"
    datamodel = SQLAInterface(Uitkomst)
    list_title = _l("Uitkomsten")
    show_title = _l("Uitkomst")
    add_title = _l("Uitkomst vastleggen")
    edit_title = _l("Uitkomst bewerken")
    list_columns = [
        "project",
        "datum",
        "uitkomstsoort",
        "gemeente",
        "ketenpartner",
        "aantal",
        "bedrag",
    ]
    add_columns = list(UITKOMST_FIELDS)  # a copy: FAB may adjust its own lists
    edit_columns = add_columns[1:]
    show_columns = add_columns
    search_columns = ["project", "uitkomstsoort", "gemeente", "ketenpartner", "datum"]
    base_order = ("datum", "desc")


class KostenpostView(_ResultView):
    route_base = "/kostenpost"
    datamodel = SQLAInterface(Kostenpost)
    list_title = _l("Kosten van acties")
    show_title = _l("Kostenpost")
    add_title = _l("Kosten vastleggen")
    edit_title = _l("Kosten bewerken")
    list_columns = ["project", "datum", "soort", "omschrijving", "bedrag"]
    add_columns = list(KOSTENPOST_FIELDS)  # a copy: FAB may adjust its own lists
    edit_columns = add_columns[1:]
    show_columns = add_columns
    search_columns = ["project", "soort", "datum"]
    base_order = ("datum", "desc")


class MetingView(_ResultView):
    route_base = "/meting"
    datamodel = SQLAInterface(Meting)
    list_title = _l("Metingen (vragenlijsten)")
    show_title = _l("Meting")
    add_title = _l("Meting vastleggen")
    edit_title = _l("Meting bewerken")
    list_columns = ["project", "soort", "datum", "vraag", "respondenten", "score", "percentage"]
    add_columns = list(METING_FIELDS)  # a copy: FAB may adjust its own lists
    edit_columns = add_columns[1:]
    show_columns = add_columns
    search_columns = ["project", "soort", "datum", "vragenlijst"]
    base_order = ("datum", "desc")


class UitkomstsoortView(ModelView):
    """The managed list of outcome types (Beheerder). Types in use are switched off."""

    route_base = "/uitkomstsoort"
    datamodel = SQLAInterface(Uitkomstsoort)
    class_permission_name = roles.UITKOMSTSOORT
    method_permission_name = roles.VIEW_METHODS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"list", "show", "add", "edit"}
    label_columns = RESULT_LABELS
    list_title = _l("Soorten uitkomsten")
    show_title = _l("Soort uitkomst")
    add_title = _l("Soort uitkomst toevoegen")
    edit_title = _l("Soort uitkomst wijzigen")
    list_columns = ["naam", "eenheid", "volgorde", "actief"]
    add_columns = edit_columns = show_columns = list_columns
    base_order = ("volgorde", "asc")


class _ResultApi(PortalApi):
    class_permission_name = roles.RESULTAATWERK
    base_filters = ROWS_SCOPED


class CommunicatieApi(_ResultApi):
    resource_name = "communicatie"
    datamodel = SQLAInterface(Communicatie)
    list_columns = show_columns = [
        "id",
        "project_id",
        "soort",
        "titel",
        "tekst",
        "controle_id",
        "opvolgactie_id",
        "mijlpaal",
        "woordvoerder",
        "status",
        "gepubliceerd_op",
        "medium",
        "link",
    ]
    add_columns = list(COMMUNICATIE_FIELDS)  # a copy: FAB may adjust its own lists
    # Publishing: PUT status "Gepubliceerd" with date and medium; the rule checks agreements.
    edit_columns = [*add_columns[1:], "status", "gepubliceerd_op", "medium", "link"]
    search_columns = ["project_id", "status", "soort"]


class CommunicatieAkkoordApi(_ResultApi):
    resource_name = "communicatieakkoord"
    datamodel = SQLAInterface(CommunicatieAkkoord)
    list_columns = show_columns = [
        "id",
        "project_id",
        "communicatie_id",
        "partij_soort",
        "partij",
        "ketenpartner_id",
        "vereist",
        "akkoord_op",
        "akkoord_door",
    ]
    add_columns = ["project", "communicatie", "partij_soort", "partij", "ketenpartner", "vereist"]
    edit_columns = [
        "partij_soort",
        "partij",
        "ketenpartner",
        "vereist",
        "akkoord_op",
        "akkoord_door",
    ]
    search_columns = ["project_id", "communicatie_id"]


class UitkomstApi(_ResultApi):
    resource_name = "uitkomst"
    datamodel = SQLAInterface(Uitkomst)
    list_columns = show_columns = [
        "id",
        "project_id",
        "uitkomstsoort_id",
        "gemeente_id",
        "ketenpartner_id",
        "casus_id",
        "controle_id",
        "opvolgactie_id",
        "datum",
        "aantal",
        "bedrag",
    ]
    add_columns = list(UITKOMST_FIELDS)  # a copy: FAB may adjust its own lists
    edit_columns = add_columns[1:]
    search_columns = ["project_id", "gemeente_id", "ketenpartner_id"]


class KostenpostApi(_ResultApi):
    resource_name = "kostenpost"
    datamodel = SQLAInterface(Kostenpost)
    list_columns = show_columns = [
        "id",
        "project_id",
        "soort",
        "omschrijving",
        "bedrag",
        "datum",
        "controle_id",
        "opvolgactie_id",
        "ketenpartner_id",
    ]
    add_columns = list(KOSTENPOST_FIELDS)  # a copy: FAB may adjust its own lists
    edit_columns = add_columns[1:]
    search_columns = ["project_id"]


class MetingApi(_ResultApi):
    resource_name = "meting"
    datamodel = SQLAInterface(Meting)
    list_columns = show_columns = [
        "id",
        "project_id",
        "soort",
        "datum",
        "controle_id",
        "gebied",
        "vragenlijst",
        "vraag",
        "respondenten",
        "score",
        "percentage",
        "opmerkingen",
    ]
    add_columns = list(METING_FIELDS)  # a copy: FAB may adjust its own lists
    edit_columns = add_columns[1:]
    search_columns = ["project_id", "soort"]


VIEWS = [
    CommunicatieView,
    CommunicatieAkkoordView,
    UitkomstView,
    KostenpostView,
    MetingView,
    UitkomstsoortView,
]
APIS = [CommunicatieApi, CommunicatieAkkoordApi, UitkomstApi, KostenpostApi, MetingApi]
