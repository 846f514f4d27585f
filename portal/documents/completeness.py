"""Required data per document type: what is missing, with where to fill it in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from models import Project
from portal.preparation import intake as oa_intake
from portal.preparation.themes import is_theme_project


@dataclass
class Missing:
    label: str
    endpoint: str
    args: dict


Where = Callable[[Project], tuple[str, dict]]


def _edit(field: str) -> Where:
    """The project's edit form, scrolled to the field (its id is the field's name)."""
    return lambda p: ("ProjectView.edit", {"pk": p.id, "_anchor": field})


def _add(view: str) -> Where:
    """The add form of a part of the project, with the project chosen."""
    return lambda p: (f"{view}.add", {"_flt_0_project": p.id})


def _fix(view: str, rows: str, field: str, ok: Callable[[object], bool]) -> Where:
    """The first part that lacks ``field`` (its edit form at the field), else a new one."""

    def where(p: Project) -> tuple[str, dict]:
        row = next((r for r in getattr(p, rows) if not ok(r)), None)
        if row is None:
            return _add(view)(p)
        return f"{view}.edit", {"pk": row.id, "_anchor": field}

    return where


def _has(field: str) -> Callable[[object], bool]:
    return lambda row: getattr(row, field) is not None


def _section(anchor: str) -> Where:
    """The project page's section where the choice is made among the parts listed there."""
    return lambda p: ("ProjectView.show", {"pk": p.id, "_anchor": anchor})


Check = tuple[Any, Callable[[Project], bool], Where]

_BASE: list[Check] = [
    (_l("Aanleiding"), lambda p: bool(p.aanleiding), _edit("aanleiding")),
    (_l("Gemeenten"), lambda p: bool(p.gemeenten), _edit("gemeenten")),
    (_l("Projectleider"), lambda p: p.projectleider_id is not None, _edit("projectleider")),
    (
        _l("Bestuurlijk verantwoordelijke"),
        lambda p: bool(p.bestuurlijk_verantwoordelijke),
        _edit("bestuurlijk_verantwoordelijke"),
    ),
]
_PLAN: list[Check] = [
    (
        # A theme or phenomenon project has no area of its own (portal.preparation.themes).
        _l("Projectgebied (postcodes)"),
        lambda p: bool(p.projectgebied) or is_theme_project(p),
        _edit("projectgebied"),
    ),
    (
        _l("Probleemdefinitie leefbaarheid"),
        lambda p: bool(p.probleem_leefbaarheid),
        _edit("probleem_leefbaarheid"),
    ),
    (
        _l("Probleemdefinitie veiligheid"),
        lambda p: bool(p.probleem_veiligheid),
        _edit("probleem_veiligheid"),
    ),
    (_l("Minstens twee partners"), lambda p: len(p.partners) >= 2, _add("ProjectPartnerView")),
    (
        _l("Projectverantwoordelijke convenantpartner (art. 7 lid 2)"),
        lambda p: any(pp.projectverantwoordelijk for pp in p.partners),
        lambda p: _section("partners")(p) if p.partners else _add("ProjectPartnerView")(p),
    ),
    (
        _l("Capaciteit per partner"),
        lambda p: bool(p.partners) and all(pp.capaciteit_uren is not None for pp in p.partners),
        _fix("ProjectPartnerView", "partners", "capaciteit_uren", _has("capaciteit_uren")),
    ),
    (
        _l("Doelstellingen met indicator"),
        lambda p: bool(p.doelstellingen) and all(d.indicator for d in p.doelstellingen),
        _fix("DoelstellingView", "doelstellingen", "indicator", lambda d: bool(d.indicator)),
    ),
    (
        _l("0-meting per indicator"),
        lambda p: bool(p.doelstellingen) and all(d.nulmeting is not None for d in p.doelstellingen),
        _fix("DoelstellingView", "doelstellingen", "nulmeting", _has("nulmeting")),
    ),
    (_l("Werkwijze"), lambda p: bool(p.werkwijze), _edit("werkwijze")),
    (_l("Gegevensverwerking"), lambda p: bool(p.gegevensverwerking), _edit("gegevensverwerking")),
    (
        _l("Planning van de fasen"),
        lambda p: any(f.gepland_start for f in p.fasen),
        _fix("ProjectfaseView", "fasen", "gepland_start", _has("gepland_start")),
    ),
    (_l("RCF-adviseur"), lambda p: p.rcf_adviseur_id is not None, _edit("rcf_adviseur")),
]


def _filled(field: str, label) -> Check:
    return (label, lambda p: bool(getattr(p, field)), _edit(field))


# What the municipal documents print (seed 002's Informatienota raad; the collegebesluit
# also the LSI conditions of seed 001 par. 2.7): the header, the core text, the costs, the
# communication and the signatures. Every field they print as a marker is one of these.
_MUNICIPAL: list[Check] = [
    _filled("organisatieonderdeel", _l("Organisatieonderdeel")),
    _filled("voor_vragen_telefoon", _l("Voor vragen: telefoonnummer")),
    _filled("voor_vragen_email", _l("Voor vragen: e-mailadres")),
    _filled("datum_college", _l("Datum B&W-vergadering")),
    _filled("registratienummer", _l("Registratienummer collegevoorstel")),
    _filled("kernboodschap", _l("Kernboodschap")),
    _filled("beoogd_resultaat", _l("Beoogd resultaat")),
    _filled("beoogde_voordelen", _l("Beoogde voordelen")),
    (_l("Begroting"), lambda p: p.begroting is not None, _edit("begroting")),
    _filled("begroting_toelichting", _l("Toelichting kosten en dekking")),
    _filled("communicatie", _l("Communicatieafspraken")),
    _filled("vervolg", _l("Vervolg")),
    _filled("gemeentesecretaris", _l("Gemeentesecretaris (ondertekening)")),
    _filled("burgemeester", _l("Burgemeester (ondertekening)")),
]
# Both append the extract of the projectvoorstel (area, goals, partners).
_EXTRACT: list[Check] = [
    (
        _l("Projectgebied (postcodes)"),
        lambda p: bool(p.projectgebied) or is_theme_project(p),
        _edit("projectgebied"),
    ),
    (
        _l("Doelstellingen met indicator"),
        lambda p: bool(p.doelstellingen) and all(d.indicator for d in p.doelstellingen),
        _fix("DoelstellingView", "doelstellingen", "indicator", lambda d: bool(d.indicator)),
    ),
    (_l("Deelnemende partners"), lambda p: bool(p.partners), _add("ProjectPartnerView")),
]
REQUIRED: dict[str, list[Check]] = {
    "collegebesluit": [
        *_BASE,
        *_MUNICIPAL,
        (
            _l("Probleemdefinitie leefbaarheid"),
            lambda p: bool(p.probleem_leefbaarheid),
            _edit("probleem_leefbaarheid"),
        ),
        (
            _l("Probleemdefinitie veiligheid"),
            lambda p: bool(p.probleem_veiligheid),
            _edit("probleem_veiligheid"),
        ),
        *_EXTRACT,
        _filled("inzet_gemeente", _l("Personeel en administratieve ondersteuning")),
        _filled("prioriteit_backoffice", _l("Prioriteit back-office")),
        (_l("RCF-adviseur"), lambda p: p.rcf_adviseur_id is not None, _edit("rcf_adviseur")),
    ],
    # The Informatienota raad informs the council of the college's decision (seed 002).
    "raadsinformatiebrief": [
        *_BASE,
        *_MUNICIPAL,
        *_EXTRACT,
        _filled("datum_raadsinformatiebrief", _l("Datum raadsinformatiebrief")),
    ],
    "projectvoorstel": [
        *_BASE,
        *_PLAN,
        (_l("Intake Onderzoek & Analyse"), oa_intake.is_complete, oa_intake.fix_endpoint),
    ],
    "projectplan": [
        *_BASE,
        *_PLAN,
        (_l("Activiteiten"), lambda p: bool(p.activiteiten), _add("ActiviteitView")),
        (_l("Projectrisico's"), lambda p: bool(p.risicos), _add("RisicoView")),
        (
            _l("AVG-registratie"),
            lambda p: p.avg_registratie is not None,
            _add("AvgRegistratieView"),
        ),
    ],
    "eindrapportage": [
        *_BASE,
        *_PLAN,
        (
            _l("1-meting per indicator"),
            lambda p: (
                bool(p.doelstellingen) and all(d.eenmeting is not None for d in p.doelstellingen)
            ),
            _fix("DoelstellingView", "doelstellingen", "eenmeting", _has("eenmeting")),
        ),
        (
            _l("Evaluatie (knelpunten en aanbevelingen)"),
            lambda p: bool(p.evaluatie_knelpunten and p.evaluatie_aanbevelingen),
            lambda p: _edit(
                "evaluatie_aanbevelingen" if p.evaluatie_knelpunten else "evaluatie_knelpunten"
            )(p),
        ),
    ],
}


def missing(project: Project, soort: str) -> list[Missing]:
    out = []
    for label, ok, where in REQUIRED[soort]:
        if not ok(project):
            endpoint, args = where(project)
            out.append(Missing(str(label), endpoint, args))  # in the reader's language
    return out
