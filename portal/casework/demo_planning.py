"""The demo project's next control evening (issue #19): planned, with team, three addresses
with their risk assessment (one each for "politie aanwezig", "stand-by" and "geen"), the
emergency plan and a checklist that is partly ready. Idempotent: nothing happens when the
project already has a planned control."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from models import Casus, Controle, Ketenpartner, Project, ProjectPartner
from models.controle import GEPLAND
from models.controleuitrusting import UITRUSTING
from portal.casework import planning
from portal.casework import scope as cscope
from portal.extensions import db

DATE = dt.date(2026, 12, 10)  # the next evening after the demo's "today" (2 December 2026)
TEAM = (
    ("GEM-REUSEL", "Leiding"),
    ("UWV", "Gesprek"),
    ("NLA", "Formulieren"),
    ("GEM-OIRSCHOT", "Doorzoeking"),
    ("POL", "Veiligheid"),
)
# address key -> (aggression, weapons, dogs, vulnerable, layout and exits, note)
RISKS = {
    "5091CD|3|A|": (
        True,
        False,
        False,
        False,
        "Bovenwoning, één trap; tweede uitgang via het dakterras",
        "Eerder agressie tegen toezichthouders gemeld",
    ),
    "5541AA|7||": (
        False,
        False,
        True,
        False,
        "Vrijstaand, achterom via de tuin",
        "Twee honden op het erf",
    ),
    "5541BC|101|B|": (False, False, False, False, "Portiekflat, lift en trappenhuis", None),
}


def load(project: Project | None = None) -> Controle | None:
    project = project or db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if project is None:
        return None
    if db.session.scalar(
        sa.select(Controle.id).where(Controle.project_id == project.id, Controle.status == GEPLAND)
    ):
        return None
    cases = {
        c.adres_sleutel: c
        for c in db.session.scalars(
            sa.select(Casus).where(
                Casus.project_id == project.id, Casus.adres_sleutel.in_(list(RISKS))
            )
        )
    }
    if len(cases) < len(RISKS):
        return None  # the case-work demo has not run
    kp = {
        k.code: k.id
        for k in db.session.scalars(
            sa.select(Ketenpartner)
            .join(ProjectPartner, ProjectPartner.ketenpartner_id == Ketenpartner.id)
            .where(ProjectPartner.project_id == project.id)
        )
    }
    day = max(DATE, dt.date.today() + dt.timedelta(days=7))
    with cscope.acting_as_system():
        controle = planning.plan_control(
            project.id,
            day,
            dt.time(19, 30),
            "Actieavond",
            "Hercontrole van drie adressen na de eerste actieavonden: bewoning, BRP-inschrijving "
            "en herstel van de brandveiligheid.",
            [cases[k].id for k in RISKS],
            [(kp[code], rol) for code, rol in TEAM if code in kp],
            True,
            False,
            "Parkeerplaats gemeentehuis Reusel, Burgemeester Willekensplein 1",
            "Teamleider gemeente Reusel belt 112 en de politiecoördinator; elke partner belt "
            "zijn eigen leidinggevende; teamleden melden zich bij de teamleider.",
            list(UITRUSTING),
        )
        for adres in controle.planadressen:
            flags = RISKS[adres.casus.adres_sleutel]
            planning.assess_address(adres, *flags, None, None)
        planning.set_checklist(controle, list(UITRUSTING[:5]))
    return controle
