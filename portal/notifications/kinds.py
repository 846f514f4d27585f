"""The kinds of e-mail notification, the preference switch each falls under, and their labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from models.mailbericht import OVERGESLAGEN, VERZENDEN, VERZONDEN, WACHTRIJ

TOEGEWEZEN = "toegewezen"  # a follow-up action was assigned to you
HERINNERING = "herinnering"  # your action's deadline is near
VERLOPEN = "verlopen"  # your action's deadline has passed
ESCALATIE = "escalatie"  # an action in your project stays overdue (to the projectleider)
INGEDIEND = "ingediend"  # a document was submitted to the body you serve
BESLUIT = "besluit"  # a decision was logged on your project
POORT = "poort"  # a gate opened: the project may move on
FASE = "fase"  # the project entered a phase
TERMIJN = "projecttermijn"  # the eindrapportage is due soon or late (to the project staff)
DIGEST = "weekoverzicht"  # not a row's kind: the weekly mail that bundles rows

KINDS = (TOEGEWEZEN, HERINNERING, VERLOPEN, ESCALATIE, INGEDIEND, BESLUIT, POORT, FASE, TERMIJN)

# Which switch of ``Mailvoorkeur`` turns a kind on or off.
SWITCH = {
    TOEGEWEZEN: "toegewezen",
    HERINNERING: "termijnen",
    VERLOPEN: "termijnen",
    ESCALATIE: "escalaties",
    INGEDIEND: "indieningen",
    BESLUIT: "besluiten",
    POORT: "poorten",
    FASE: "poorten",
    TERMIJN: "termijnen",
}

KIND_LABELS = {
    TOEGEWEZEN: _l("Actie toegewezen"),
    HERINNERING: _l("Deadline nadert"),
    VERLOPEN: _l("Deadline verstreken"),
    ESCALATIE: _l("Escalatie"),
    INGEDIEND: _l("Document ingediend"),
    BESLUIT: _l("Besluit vastgelegd"),
    POORT: _l("Poort open"),
    FASE: _l("Nieuwe fase"),
    TERMIJN: _l("Termijn eindrapportage"),
    DIGEST: _l("Weekoverzicht"),
}

SWITCH_LABELS = {
    "toegewezen": _l("Een opvolgactie is aan mij toegewezen"),
    "termijnen": _l(
        "De deadline van mijn actie of van de eindrapportage van mijn project nadert of is "
        "verstreken"
    ),
    "escalaties": _l("Een actie in mijn project blijft te laat (escalatie)"),
    "indieningen": _l("Een document is ingediend bij het orgaan waarvoor ik werk"),
    "besluiten": _l("Er is een besluit vastgelegd over mijn project"),
    "poorten": _l("Mijn project kan naar de volgende fase, of is in een nieuwe fase"),
}

STATUS_LABELS = {
    WACHTRIJ: _l("In de wachtrij"),
    VERZENDEN: _l("Wordt verzonden"),
    VERZONDEN: _l("Verzonden"),
    OVERGESLAGEN: _l("Niet verzonden"),
}

FREQUENCY_LABELS = {
    "direct": _l("Direct, één e-mail per melding"),
    "wekelijks": _l("Eén keer per week een overzicht"),
}
LANGUAGE_LABELS = {"nl": "Nederlands", "en": "English"}


def kind_label(value: str | None) -> str:
    return str(KIND_LABELS.get(value or "", value or "–"))


def status_label(value: str | None) -> str:
    return str(STATUS_LABELS.get(value or "", value or "–"))
