"""Master data screens for the Beheerder: regions, municipalities, partners, covenant articles."""

from __future__ import annotations

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from models import Convenantartikel, Gebruikerskoppeling, Gemeente, Ketenpartner, Regio
from portal import roles
from views.base import PortalModelView
from views.labels import DESCRIPTIONS, LABELS


class _Master(PortalModelView):
    class_permission_name = roles.STAMGEGEVENS
    base_filters = []
    scoped = False
    label_columns = LABELS
    description_columns = DESCRIPTIONS


class RegioView(_Master):
    datamodel = SQLAInterface(Regio)
    list_title = _l("Regio's")
    show_title = add_title = edit_title = _l("Regio")
    list_columns = ["naam", "code"]
    add_columns = edit_columns = show_columns = list_columns
    search_columns = list_columns
    base_order = ("naam", "asc")


class GemeenteView(_Master):
    datamodel = SQLAInterface(Gemeente)
    list_title = _l("Gemeenten")
    show_title = add_title = edit_title = _l("Gemeente")
    list_columns = ["naam", "regio"]
    add_columns = edit_columns = show_columns = [*list_columns, "postcodegebied"]
    search_columns = list_columns
    base_order = ("naam", "asc")


class KetenpartnerView(_Master):
    datamodel = SQLAInterface(Ketenpartner)
    list_title = _l("Ketenpartners")
    show_title = add_title = edit_title = _l("Ketenpartner")
    list_columns = ["naam", "code", "type", "convenantpartner"]
    add_columns = edit_columns = show_columns = [
        "naam",
        "code",
        "type",
        "convenantpartner",
        "contactpersoon",
        "email",
        "telefoon",
    ]
    search_columns = ["naam", "code", "type", "convenantpartner"]
    base_order = ("naam", "asc")


class ConvenantartikelView(_Master):
    datamodel = SQLAInterface(Convenantartikel)
    list_title = _l("Convenantartikelen")
    show_title = add_title = edit_title = _l("Convenantartikel")
    list_columns = ["convenant", "versie", "artikel", "lid", "titel"]
    add_columns = edit_columns = show_columns = [*list_columns, "tekst"]
    search_columns = ["convenant", "artikel", "titel", "tekst"]


class GebruikerskoppelingView(_Master):
    datamodel = SQLAInterface(Gebruikerskoppeling)
    class_permission_name = roles.KOPPELING
    list_title = _l("Koppelingen gebruiker - organisatie")
    show_title = add_title = edit_title = _l("Koppeling gebruiker - organisatie")
    list_columns = ["user", "gemeenten", "regio", "ketenpartner"]
    add_columns = edit_columns = show_columns = list_columns
    description_columns = {
        "gemeenten": _l("Projectleider: de gemeenten wiens projecten hij ziet."),
        "regio": _l("RCF: de regio wiens projecten hij ziet."),
        "ketenpartner": _l("Ketenpartner: de organisatie namens wie hij werkt."),
    }
