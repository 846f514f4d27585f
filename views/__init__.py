"""Screens and APIs. ``register`` adds them to an AppBuilder with their menu entries."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from views.api import ALL_APIS
from views.api_keys import ApiSleutelsView
from views.attachments import register as register_attachments
from views.audit import AuditLogView, GeschiedenisApi, GeschiedenisView
from views.calendar import register as register_calendar
from views.casework import BevindingCategorieView, OpvolgingView
from views.casework import register as register_casework
from views.casework.followup_loop import OpvolgtypeView, VerrijkingView
from views.documents import DocumentApi, DocumentenView, SjabloonView
from views.help import HelpView
from views.jobs import TakenApi, TakenView
from views.masterdata import (
    ConvenantartikelView,
    GebruikerskoppelingView,
    GemeenteView,
    KetenpartnerView,
    RegioView,
)
from views.navigation import may_open
from views.preferences import MailberichtView, MeldingenView
from views.preparation import register as register_preparation
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
from views.review import register as register_review
from views.signals import register as register_signals
from views.workflow import FaseringApi, FaseringView, WachtrijApi, WachtrijView

# (view, menu name, label, category, icon); None as name: reachable from the project page only.
MENU = [
    # The entry is named apart from its category: a shared name would make the category's menu
    # right (which a partner has for "Mijn projecten") open the list of all projects too.
    (ProjectView, "Projectenlijst", _l("Projecten"), "Projecten", "fa-folder-open"),
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
        OpvolgtypeView,
        "Soorten opvolging",
        _l("Soorten opvolging"),
        "Stamgegevens",
        "fa-list",
    ),
    (VerrijkingView, "Verrijkingsvragen", _l("Verrijkingsvragen"), "Projecten", "fa-question"),
    (
        ConvenantartikelView,
        "Convenantartikelen",
        _l("Convenantartikelen"),
        "Stamgegevens",
        "fa-book",
    ),
    (AuditLogView, "Auditlog", _l("Auditlog"), "Security", "fa-history"),
    (MailberichtView, "Verzonden e-mails", _l("Verzonden e-mails"), "Security", "fa-envelope"),
    (ApiSleutelsView, "API-sleutels", _l("API-sleutels van ketenpartners"), "Security", "fa-key"),
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
# FAB's own security screens, labelled in our words (FAB's Dutch is stilted or, for its
# newer screens, missing: "List Groups"). The names stay FAB's: its permissions use them.
SECURITY_LABELS = {
    "Security": _l("Beveiliging"),
    "List Users": _l("Gebruikers"),
    "List Roles": _l("Rollen"),
    "List Groups": _l("Groepen"),
    "Base Permissions": _l("Basisrechten"),
    "Views/Menus": _l("Schermen en menu's"),
    "Permission on Views/Menus": _l("Rechten per scherm"),
}
CATEGORIES = {
    "Projecten": _l("Projecten"),
    "Privacy": _l("Privacy"),
    "Stamgegevens": _l("Stamgegevens"),
}


def register(appbuilder) -> None:
    current_app.jinja_env.globals["may_open"] = may_open
    for view, name, label, category, icon in MENU:
        appbuilder.add_view(
            view,
            name,
            label=label,
            icon=icon,
            category=category,
            category_label=CATEGORIES.get(category, category),
        )
    appbuilder.add_view(HelpView, "Help", label=_l("Help"))  # top level, for every role
    for item in appbuilder.menu.get_list():
        for entry in [item, *(item.childs or [])]:
            if entry.name in SECURITY_LABELS:
                entry.label = SECURITY_LABELS[entry.name]
    for view in HIDDEN:
        appbuilder.add_view_no_menu(view)
    appbuilder.add_view_no_menu(GeschiedenisView)
    appbuilder.add_view_no_menu(DocumentenView)
    appbuilder.add_view_no_menu(MeldingenView)  # from the user menu (navbar_right.html)
    appbuilder.add_view_no_menu(TakenView)
    for api in [*ALL_APIS, FaseringApi, WachtrijApi, GeschiedenisApi, DocumentApi, TakenApi]:
        appbuilder.add_api(api)
    register_signals(appbuilder)
    register_casework(appbuilder)
    register_preparation(appbuilder)
    register_calendar(appbuilder)
    register_attachments(appbuilder)
    register_review(appbuilder)
