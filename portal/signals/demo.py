"""Demo signals for KEMPEN-HAM, delivered through the real import (one file per partner).

The six addresses that case work selects (``portal.casework.demo.ADDRESSES``) get a signal
from each of their partners; around them are single-partner addresses, three coupled
addresses not (yet) selected, and one single-partner address judged of multiple interest.
Idempotent: nothing happens when the project already has signals.
"""

from __future__ import annotations

import io

import sqlalchemy as sa

from models import Ketenpartner, Project, Signaal
from portal.addresses import parse_address_key
from portal.casework import scope as cscope
from portal.casework.demo import ADDRESSES
from portal.extensions import db
from portal.signals import coupling, importer
from portal.signals.reader import COLUMNS

RISKS = {
    "GEM-OIRSCHOT": "Adresfraude / BRP",
    "GEM-REUSEL": "Brandonveilige huisvesting",
    "UWV": "Uitkeringsfraude",
    "NLA": "Arbeidsuitbuiting",
    "SVB": "Toeslagen/AOW op onjuist adres",
    "AVIM": "Illegale bewoning",
    "BD-T": "Toeslagen",
    "BD-B": "Fiscale fraude",
    "POL": "Ondermijning",
}
# Coupled but not selected (yet): the project leadership still has to decide.
EXTRA_COUPLED = {
    "5092AC|5||": ["UWV", "SVB"],
    "5093XY|17||": ["NLA", "BD-B"],
    "5541CD|9|C|": ["GEM-REUSEL", "POL"],
}
OVERRIDE = (
    "5573AA|3||",
    "GEM-REUSEL",
    "Brandweer meldt eerder gevaarlijke situatie; gezamenlijke aanpak nodig.",
)
SINGLE_PARTNERS = ["GEM-OIRSCHOT", "GEM-REUSEL", "UWV", "NLA", "SVB", "POL"]
POSTCODES = ["5091AB", "5091CD", "5092BK", "5501AA", "5521BB", "5541AA", "5571CC", "5681DD"]


def _signals() -> dict[str, list[str]]:
    per_partner: dict[str, list[str]] = {}
    for key, partners in [*ADDRESSES.values(), *EXTRA_COUPLED.items()]:
        for code in partners:
            per_partner.setdefault(code, []).append(key)
    per_partner.setdefault(OVERRIDE[1], []).append(OVERRIDE[0])
    for i in range(30):  # single-partner addresses spread over the area
        key = f"{POSTCODES[i % len(POSTCODES)]}|{100 + i}||"
        per_partner.setdefault(SINGLE_PARTNERS[i % len(SINGLE_PARTNERS)], []).append(key)
    return per_partner


def _csv(code: str, keys: list[str]) -> bytes:
    lines = [";".join(COLUMNS)]
    for n, key in enumerate(keys):
        a = parse_address_key(key)
        lines.append(
            ";".join(
                [
                    a.postcode,
                    str(a.huisnummer),
                    a.huisletter or "",
                    a.toevoeging or "",
                    RISKS[code],
                    "Signaal uit eigen registratie",
                    f"2019-02-{1 + n % 20:02d}",
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def load() -> None:
    project = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if project is None or db.session.scalar(
        sa.select(Signaal.id).where(Signaal.project_id == project.id).limit(1)
    ):
        return
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    with cscope.acting_as_system():
        for code, keys in _signals().items():
            levering = importer.receive(
                io.BytesIO(_csv(code, keys)),
                f"signalen-{code.lower()}-2019-02.csv",
                project.id,
                kp[code].id,
                None,
            )
            importer.preview(levering)
            importer.confirm(levering)
        key, _code, reason = OVERRIDE
        coupling.set_override(project.id, key, True, reason, None)
    db.session.flush()
