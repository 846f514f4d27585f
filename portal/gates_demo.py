"""Demo data of issue #18 parts 5 and 6: KEMPEN-HAM's brainstorm, problem-definition GO and
IVT application, and a year of LSI meetings around today. Idempotent."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from models import Besluit, Brainstorm, IvtAanvraag, Project
from models.keuzelijsten import AKKOORD, IVT_INGERICHT, PROJECTGROEP
from portal import meetings_lsi
from portal.extensions import db


def load(users: dict, today: dt.date | None = None) -> None:
    meetings_lsi.load_demo(today)
    project = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if project is None:
        return
    if db.session.scalar(sa.select(Brainstorm.id).where(Brainstorm.project_id == project.id)):
        return  # loaded before
    db.session.add(
        Brainstorm(
            project_id=project.id,
            datum=dt.date(2018, 4, 17),
            deelnemers=(
                "Gemeenten Oirschot en Reusel-De Mierden (toezicht, BRP, vergunningen), "
                "UWV, Nederlandse Arbeidsinspectie, SVB, Belastingdienst, politie basisteam "
                "De Kempen en AVIM"
            ),
            methode="Zes denkhoeden van De Bono",
            uitkomst=(
                "Onbekende huisvestingslocaties in het buitengebied, overbewoning, "
                "brandonveilige panden, ontbrekende BRP-inschrijvingen en signalen van "
                "uitbuiting."
            ),
            teruggekoppeld_op=dt.date(2018, 5, 15),
        )
    )
    db.session.add(
        Besluit(
            project_id=project.id,
            orgaan=PROJECTGROEP,
            onderwerp="Probleemdefinitie",
            datum=dt.date(2018, 5, 29),
            uitkomst=AKKOORD,
            opmerkingen="GO: de partners herkennen de problemen en nemen deel aan de verkenning.",
            vastgelegd_door_id=users["projectleider"].id,
        )
    )
    db.session.add(
        IvtAanvraag(
            project_id=project.id,
            contact_op=dt.date(2018, 11, 6),
            contactpersoon="Adviseur interventieteams, BKWI",
            status=IVT_INGERICHT,
            ingericht_op=dt.date(2019, 1, 15),
            velden=(
                "Standaardapplicatie, aangevuld met huisvestingslocatie (type pand) en aantal "
                "aangetroffen bewoners."
            ),
        )
    )
