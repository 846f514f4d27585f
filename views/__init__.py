"""Screens and APIs. ``register`` adds them to an AppBuilder with their menu entries."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from views.api import ALL_APIS
from views.audit import AuditLogView, GeschiedenisApi, GeschiedenisView
from views.casework import BevindingCategorieView, OpvolgingView
from views.casework import register as register_casework
from views.documents import DocumentApi, DocumentenView, SjabloonView
from views.masterdata import (
    ConvenantartikelView,
    GebruikerskoppelingView,
    GemeenteView,
    KetenpartnerView,
    RegioView,
)
from views.project import (
    ActiviteitView,
    AvgPartnerrechtView,
    AvgRegistratieView,
    BesluitView,
    DoelstellingView,
    PartnerProjectView,
    ProjectfaseView,
    ProjectPartnerView,
    ProjectView,
    RisicoView,
)
from views.retention import BewaartermijnView
from views.signals import register as register_signals
from views.workflow import FaseringApi, FaseringView, WachtrijApi, WachtrijView

# (view, menu name, label, category, icon); None as name: reachable from the project page only.
MENU = [
    (ProjectView, "Projecten", _l("Projecten"), "Projecten", "fa-folder-open"),
    (PartnerProjectView, "Mijn projecten", _l("Mijn projecten"), "Projecten", "fa-folder"),
    (BesluitView, "Besluiten", _l("Besluiten"), "Projecten", "fa-gavel"),
    (OpvolgingView, "Mijn acties", _l("Mijn acties"), "Projecten", "fa-check-square-o"),
    (WachtrijView, "Wachtrij LSI", _l("Wachtrij LSI"), "Projecten", "fa-inbox"),
    (FaseringView, "Termijnen", _l("Termijnen"), "Projecten", "fa-clock-o"),
    (AvgRegistratieView, "AVG-registraties", _l("AVG-registraties"), "Privacy", "fa-lock"),
    (BewaartermijnView, "Bewaartermijnen", _l("Bewaartermijnen"), "Privacy", "fa-trash"),
    (KetenpartnerView, "Ketenpartners", _l("Ketenpartners"), "Stamgegevens", "fa-handshake-o"),
    (GemeenteView, "Gemeenten", _l("Gemeenten"), "Stamgegevens", "fa-building"),
    (RegioView, "Regio's", _l("Regio's"), "Stamgegevens", "fa-map"),
    (SjabloonView, "Documentsjablonen", _l("Documentsjablonen"), "Stamgegevens", "fa-file-word-o"),
    (
        BevindingCategorieView,
        "Bevindingcategorieën",
        _l("Categorieën van bevindingen"),
        "Stamgegevens",
        "fa-tags",
    ),
    (
        ConvenantartikelView,
        "Convenantartikelen",
        _l("Convenantartikelen"),
        "Stamgegevens",
        "fa-book",
    ),
    (AuditLogView, "Auditlog", _l("Auditlog"), "Security", "fa-history"),
    (
        GebruikerskoppelingView,
        "Koppelingen",
        _l("Koppelingen gebruiker - organisatie"),
        "Security",
        "fa-link",
    ),
]
HIDDEN = [
    ProjectPartnerView,
    DoelstellingView,
    ActiviteitView,
    RisicoView,
    ProjectfaseView,
    AvgPartnerrechtView,
]
CATEGORIES = {
    "Projecten": _l("Projecten"),
    "Privacy": _l("Privacy"),
    "Stamgegevens": _l("Stamgegevens"),
}


def register(appbuilder) -> None:
    for view, name, label, category, icon in MENU:
        appbuilder.add_view(
            view,
            name,
            label=label,
            icon=icon,
            category=category,
            category_label=CATEGORIES.get(category, category),
        )
    for view in HIDDEN:
        appbuilder.add_view_no_menu(view)
    appbuilder.add_view_no_menu(GeschiedenisView)
    appbuilder.add_view_no_menu(DocumentenView)
    for api in [*ALL_APIS, FaseringApi, WachtrijApi, GeschiedenisApi, DocumentApi]:
        appbuilder.add_api(api)
    register_signals(appbuilder)
    register_casework(appbuilder)
