"""REST API (``/api/v1/...``) with the same resources, scope and rules as the screens."""

from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface

from models import (
    Activiteit,
    AvgPartnerrecht,
    AvgRegistratie,
    Besluit,
    Convenantartikel,
    Doelstelling,
    Gemeente,
    Ketenpartner,
    Project,
    Projectfase,
    ProjectPartner,
    Regio,
    Risico,
)
from portal import access, roles
from views.base import PortalApi
from views.labels import AVG_FIELDS
from views.workflow import DecisionInterface

_PROJECT_COLUMNS = [
    "code",
    "naam",
    "regio",
    "gemeenten",
    "gericht_op",
    "projectgebied",
    "themas",
    "lsi_jaarthema",
    "initiatiefnemer",
    "aanleiding",
    "probleem_leefbaarheid",
    "probleem_veiligheid",
    "prioritering_draagvlak",
    "prioritering_flankerend_beleid",
    "prioritering_actualiteit",
    "werkwijze",
    "gegevensverwerking",
    "communicatie",
    "begroting",
    "begroting_toelichting",
    "projectleider",
    "rcf_adviseur",
    "analist",
    "bestuurlijk_verantwoordelijke",
    "registratienummer",
    "nulmeting",
    "eenmeting",
    "evaluatie_knelpunten",
    "evaluatie_aanbevelingen",
    # The collegebesluit and the raadsinformatiebrief (as the screen's section "college").
    "organisatieonderdeel",
    "voor_vragen_telefoon",
    "voor_vragen_email",
    "datum_college",
    "kernboodschap",
    "beoogd_resultaat",
    "beoogde_voordelen",
    "inzet_gemeente",
    "prioriteit_backoffice",
    "rcf_mede_projectleider",
    "vervolg",
    "gemeentesecretaris",
    "burgemeester",
    "datum_raadsinformatiebrief",
    # AVG retention term, as on the screen (portal/rules.py keeps it within the limits).
    "bewaartermijn_maanden",
]
_CHILDREN = [
    "partners.id",
    "partners.ketenpartner_id",
    "partners.belang",
    "partners.capaciteit_uren",
    "partners.contactpersoon",
    "partners.projectverantwoordelijk",
    "doelstellingen.id",
    "doelstellingen.doel",
    "doelstellingen.indicator",
    "doelstellingen.eenheid",
    "doelstellingen.nulmeting",
    "doelstellingen.streefwaarde",
    "doelstellingen.eenmeting",
    "activiteiten.id",
    "activiteiten.ketenpartner_id",
    "activiteiten.omschrijving",
    "risicos.id",
    "risicos.risico",
    "risicos.beheersmaatregel",
    "fasen.id",
    "fasen.fase",
    "fasen.gepland_start",
    "fasen.gepland_eind",
    "fasen.werkelijk_start",
    "fasen.werkelijk_eind",
]


class ProjectApi(PortalApi):
    resource_name = "project"
    datamodel = SQLAInterface(Project)
    class_permission_name = roles.PROJECT
    list_columns = ["id", "code", "naam", "regio.naam", "fase", "gewijzigd_op"]
    show_columns = [
        "id",
        *_PROJECT_COLUMNS,
        "fase",
        "aangemaakt_op",
        "gewijzigd_op",
        "regio.naam",
        "gemeenten.naam",
        "projectleider.username",
        "rcf_adviseur.username",
        *_CHILDREN,
    ]
    add_columns = _PROJECT_COLUMNS
    edit_columns = _PROJECT_COLUMNS
    search_columns = ["code", "naam", "fase", "regio", "themas"]
    order_columns = ["code", "naam", "fase", "gewijzigd_op"]

    def pre_add(self, item):
        self._rules(item, None)
        access.check_new_project(item)


class PartnerProjectApi(PortalApi):
    resource_name = "partnerproject"
    datamodel = SQLAInterface(Project)
    class_permission_name = roles.PARTNERPROJECT
    base_permissions = ["can_read"]
    list_columns = ["id", "code", "naam", "fase"]
    show_columns = [
        "id",
        "code",
        "naam",
        "fase",
        "gemeenten.naam",
        "projectgebied",
        "themas",
        "werkwijze",
        "projectleider.first_name",
        "projectleider.last_name",
    ]


class _ChildApi(PortalApi):
    class_permission_name = roles.PROJECTINHOUD


class ProjectPartnerApi(_ChildApi):
    resource_name = "projectpartner"
    datamodel = SQLAInterface(ProjectPartner)
    list_columns = show_columns = [
        "id",
        "project_id",
        "ketenpartner_id",
        "ketenpartner.naam",
        "belang",
        "capaciteit_uren",
        "contactpersoon",
        "projectverantwoordelijk",
    ]
    add_columns = [
        "project",
        "ketenpartner",
        "belang",
        "capaciteit_uren",
        "contactpersoon",
        "projectverantwoordelijk",
    ]
    edit_columns = add_columns[1:]


class DoelstellingApi(_ChildApi):
    resource_name = "doelstelling"
    datamodel = SQLAInterface(Doelstelling)
    list_columns = show_columns = [
        "id",
        "project_id",
        "doel",
        "indicator",
        "eenheid",
        "nulmeting",
        "streefwaarde",
        "eenmeting",
    ]
    add_columns = [
        "project",
        "doel",
        "indicator",
        "eenheid",
        "nulmeting",
        "streefwaarde",
        "eenmeting",
    ]
    edit_columns = add_columns[1:]


class ActiviteitApi(_ChildApi):
    resource_name = "activiteit"
    datamodel = SQLAInterface(Activiteit)
    list_columns = show_columns = ["id", "project_id", "ketenpartner_id", "omschrijving"]
    add_columns = ["project", "ketenpartner", "omschrijving"]
    edit_columns = add_columns[1:]


class RisicoApi(_ChildApi):
    resource_name = "risico"
    datamodel = SQLAInterface(Risico)
    list_columns = show_columns = ["id", "project_id", "risico", "beheersmaatregel"]
    add_columns = ["project", "risico", "beheersmaatregel"]
    edit_columns = add_columns[1:]


class ProjectfaseApi(_ChildApi):
    resource_name = "projectfase"
    datamodel = SQLAInterface(Projectfase)
    list_columns = show_columns = [
        "id",
        "project_id",
        "fase",
        "gepland_start",
        "gepland_eind",
        "werkelijk_start",
        "werkelijk_eind",
    ]
    add_columns = [
        "project",
        "fase",
        "gepland_start",
        "gepland_eind",
        "werkelijk_start",
        "werkelijk_eind",
    ]
    edit_columns = add_columns[1:]


class AvgRegistratieApi(PortalApi):
    resource_name = "avgregistratie"
    datamodel = SQLAInterface(AvgRegistratie)
    class_permission_name = roles.AVG
    list_columns = [
        "id",
        "project_id",
        "project.code",
        "status",
        "referentie",
        "dpia_nodig",
        "dpia_uitgevoerd",
    ]
    show_columns = [
        "id",
        "project_id",
        *[f for f in AVG_FIELDS if f != "grondslag"],
        "grondslag.id",
        "grondslag.artikel",
        "grondslag.lid",
        "rechten.ketenpartner_id",
        "rechten.mag_leveren",
        "rechten.mag_bewerken",
        "rechten.mag_inzien",
    ]
    add_columns = ["project", *AVG_FIELDS]
    edit_columns = AVG_FIELDS


class AvgPartnerrechtApi(PortalApi):
    resource_name = "avgpartnerrecht"
    datamodel = SQLAInterface(AvgPartnerrecht)
    class_permission_name = roles.AVG
    list_columns = show_columns = [
        "id",
        "avg_registratie_id",
        "ketenpartner_id",
        "mag_leveren",
        "mag_bewerken",
        "mag_inzien",
    ]
    add_columns = ["avg_registratie", "ketenpartner", "mag_leveren", "mag_bewerken", "mag_inzien"]
    edit_columns = add_columns[1:]


class BesluitApi(PortalApi):
    resource_name = "besluit"
    datamodel = DecisionInterface(Besluit)
    class_permission_name = roles.BESLUIT
    base_permissions = ["can_read", "can_write"]
    # Logged decisions are never edited or deleted; corrections are new decisions.
    include_route_methods = {"get", "get_list", "info", "post"}
    list_columns = show_columns = [
        "id",
        "project_id",
        "orgaan",
        "onderwerp",
        "datum",
        "uitkomst",
        "opmerkingen",
        "referentie",
        "document_id",
        "corrigeert_id",
        "vastgelegd_door.username",
        "vastgelegd_op",
    ]
    add_columns = [
        "project",
        "orgaan",
        "onderwerp",
        "document",
        "corrigeert",
        "datum",
        "uitkomst",
        "opmerkingen",
        "referentie",
    ]
    search_columns = ["orgaan", "onderwerp", "uitkomst", "datum", "project"]

    def pre_add(self, item):
        """Checked and stored by the use case (``DecisionInterface``), not here."""


class _MasterApi(PortalApi):
    class_permission_name = roles.STAMGEGEVENS
    base_filters = []
    scoped = False


class KetenpartnerApi(_MasterApi):
    resource_name = "ketenpartner"
    datamodel = SQLAInterface(Ketenpartner)
    list_columns = show_columns = [
        "id",
        "naam",
        "code",
        "type",
        "convenantpartner",
        "contactpersoon",
        "email",
        "telefoon",
    ]
    add_columns = edit_columns = list_columns[1:]


class ConvenantartikelApi(_MasterApi):
    resource_name = "convenantartikel"
    datamodel = SQLAInterface(Convenantartikel)
    list_columns = show_columns = ["id", "convenant", "versie", "artikel", "lid", "titel", "tekst"]
    add_columns = edit_columns = list_columns[1:]


class RegioApi(_MasterApi):
    resource_name = "regio"
    datamodel = SQLAInterface(Regio)
    list_columns = show_columns = ["id", "naam", "code"]
    add_columns = edit_columns = ["naam", "code"]


class GemeenteApi(_MasterApi):
    resource_name = "gemeente"
    datamodel = SQLAInterface(Gemeente)
    list_columns = show_columns = ["id", "naam", "regio_id", "regio.naam"]
    add_columns = edit_columns = ["naam", "regio"]


ALL_APIS = [
    ProjectApi,
    PartnerProjectApi,
    ProjectPartnerApi,
    DoelstellingApi,
    ActiviteitApi,
    RisicoApi,
    ProjectfaseApi,
    AvgRegistratieApi,
    AvgPartnerrechtApi,
    BesluitApi,
    KetenpartnerApi,
    ConvenantartikelApi,
    RegioApi,
    GemeenteApi,
]
