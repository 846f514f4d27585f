"""Required data per document type: what is missing, with where to fill it in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models import Project


@dataclass
class Missing:
    label: str
    endpoint: str
    args: dict


def _edit(p: Project) -> tuple[str, dict]:
    return "ProjectView.edit", {"pk": p.id}


def _show(p: Project) -> tuple[str, dict]:
    return "ProjectView.show", {"pk": p.id}


Check = tuple[str, Callable[[Project], bool], Callable[[Project], tuple[str, dict]]]

_BASE: list[Check] = [
    ("Aanleiding", lambda p: bool(p.aanleiding), _edit),
    ("Gemeenten", lambda p: bool(p.gemeenten), _edit),
    ("Projectleider", lambda p: p.projectleider_id is not None, _edit),
    ("Bestuurlijk verantwoordelijke", lambda p: bool(p.bestuurlijk_verantwoordelijke), _edit),
]
_PLAN: list[Check] = [
    ("Projectgebied (postcodes)", lambda p: bool(p.projectgebied), _edit),
    ("Probleemdefinitie leefbaarheid", lambda p: bool(p.probleem_leefbaarheid), _edit),
    ("Probleemdefinitie veiligheid", lambda p: bool(p.probleem_veiligheid), _edit),
    ("Minstens twee partners", lambda p: len(p.partners) >= 2, _show),
    (
        "Projectverantwoordelijke convenantpartner (art. 7 lid 2)",
        lambda p: any(pp.projectverantwoordelijk for pp in p.partners),
        _show,
    ),
    (
        "Capaciteit per partner",
        lambda p: bool(p.partners) and all(pp.capaciteit_uren is not None for pp in p.partners),
        _show,
    ),
    (
        "Doelstellingen met indicator",
        lambda p: bool(p.doelstellingen) and all(d.indicator for d in p.doelstellingen),
        _show,
    ),
    (
        "0-meting per indicator",
        lambda p: bool(p.doelstellingen) and all(d.nulmeting is not None for d in p.doelstellingen),
        _show,
    ),
    ("Werkwijze", lambda p: bool(p.werkwijze), _edit),
    ("Gegevensverwerking", lambda p: bool(p.gegevensverwerking), _edit),
    ("Planning van de fasen", lambda p: any(f.gepland_start for f in p.fasen), _show),
    ("RCF-adviseur", lambda p: p.rcf_adviseur_id is not None, _edit),
]
REQUIRED: dict[str, list[Check]] = {
    "collegebesluit": [*_BASE, ("Begroting", lambda p: p.begroting is not None, _edit)],
    "projectvoorstel": [*_BASE, *_PLAN],
    "projectplan": [
        *_BASE,
        *_PLAN,
        ("Activiteiten", lambda p: bool(p.activiteiten), _show),
        ("Projectrisico's", lambda p: bool(p.risicos), _show),
        ("AVG-registratie", lambda p: p.avg_registratie is not None, _show),
    ],
    "eindrapportage": [
        *_BASE,
        *_PLAN,
        (
            "1-meting per indicator",
            lambda p: (
                bool(p.doelstellingen) and all(d.eenmeting is not None for d in p.doelstellingen)
            ),
            _show,
        ),
        (
            "Evaluatie (knelpunten en aanbevelingen)",
            lambda p: bool(p.evaluatie_knelpunten and p.evaluatie_aanbevelingen),
            _edit,
        ),
    ],
}


def missing(project: Project, soort: str) -> list[Missing]:
    out = []
    for label, ok, where in REQUIRED[soort]:
        if not ok(project):
            endpoint, args = where(project)
            out.append(Missing(label, endpoint, args))
    return out
