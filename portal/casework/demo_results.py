"""Demo data of issue #19 parts 3, 5, 6 for KEMPEN-HAM: press releases (one draft, one
agreed, two published), outcomes per gemeente and partner with amounts, expenses of the
control evenings, residents' experience of a held control and 0-/1-meting measurements.
Idempotent: nothing happens when the project already has communication items.

Known figures (tests rely on them): yield € 14.050,00 (Oirschot € 6.300,00, Reusel-De
Mierden € 7.750,00); expenses € 2.612,50.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from models import (
    Communicatie,
    CommunicatieAkkoord,
    Controle,
    Gemeente,
    Ketenpartner,
    Kostenpost,
    Meting,
    Project,
    Uitkomst,
    Uitkomstsoort,
)
from models.communicatie import AFGESTEMD, CONCEPT, GEPUBLICEERD
from models.controle import UITGEVOERD
from portal.extensions import db

D = dt.date


def load(project: Project) -> None:
    if db.session.scalar(
        sa.select(Communicatie.id).where(Communicatie.project_id == project.id).limit(1)
    ):
        return
    held = list(
        db.session.scalars(
            sa.select(Controle)
            .where(Controle.project_id == project.id, Controle.status == UITGEVOERD)
            .order_by(Controle.datum)
        )
    )
    if not held:
        return
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    gem = {g.naam: g for g in db.session.scalars(sa.select(Gemeente))}
    soort = {s.naam: s for s in db.session.scalars(sa.select(Uitkomstsoort))}
    first, last = held[0], held[-1]

    def release(titel, status, controle=None, published=None, link=None, agreed=True):
        item = Communicatie(
            project_id=project.id,
            titel=titel,
            tekst="Tijdens een gezamenlijke controle in De Kempen zijn adressen bezocht.",
            controle=controle,
            woordvoerder="Woordvoerder gemeente Oirschot",
            status=status,
            gepubliceerd_op=published,
            medium="Eindhovens Dagblad en gemeentelijke website" if published else None,
            link=link,
        )
        db.session.add(item)
        for partij, ps, partner in (
            ("Burgemeester van Oirschot", "Burgemeester", None),
            ("Burgemeester van Reusel-De Mierden", "Burgemeester", None),
            ("UWV", "Ketenpartner", kp["UWV"]),
        ):
            item.akkoorden.append(
                CommunicatieAkkoord(
                    project_id=project.id,
                    partij_soort=ps,
                    partij=partij,
                    ketenpartner=partner,
                    akkoord_op=(controle.datum + dt.timedelta(days=1)) if agreed else None,
                    akkoord_door="Kabinet burgemeester" if ps == "Burgemeester" else "Woordvoering",
                )
            )
        return item

    release(
        "Controle huisvesting arbeidsmigranten in Oirschot",
        GEPUBLICEERD,
        first,
        first.datum + dt.timedelta(days=2),
        "https://www.oirschot.nl/nieuws/controle-huisvesting",
    )
    release(
        "Resultaten gezamenlijke aanpak De Kempen",
        GEPUBLICEERD,
        last,
        last.datum + dt.timedelta(days=3),
        "https://www.reuseldemierden.nl/nieuws/resultaten-aanpak",
    )
    release("Tweede actieavond in Reusel-De Mierden", AFGESTEMD, last)
    release("Aankondiging hercontroles", CONCEPT, last, agreed=False)
    db.session.flush()

    oirschot, reusel = gem["Oirschot"], gem["Reusel-De Mierden"]
    for naam, g, partner, aantal, bedrag, c in (
        ("Uitkering beëindigd", reusel, "UWV", 2, None, last),
        ("Terugvordering", reusel, "UWV", 1, "7750.00", last),
        ("Terugvordering", oirschot, "SVB", 1, "3800.00", first),
        ("Boete", oirschot, "NLA", 1, "2500.00", first),
        ("BRP-correctie", oirschot, "GEM-OIRSCHOT", 3, None, first),
        ("BRP-correctie", reusel, "GEM-REUSEL", 4, None, last),
        ("Hercontrole", reusel, "GEM-REUSEL", 1, None, last),
        ("Sluiting", oirschot, "GEM-OIRSCHOT", 1, None, first),
    ):
        db.session.add(
            Uitkomst(
                project_id=project.id,
                uitkomstsoort=soort[naam],
                gemeente=g,
                ketenpartner=kp[partner],
                controle=c,
                datum=c.datum + dt.timedelta(days=14),
                aantal=aantal,
                bedrag=Decimal(bedrag) if bedrag else None,
            )
        )
    for s, oms, bedrag, c, partner in (
        ("Tolk", "Tolken Pools en Roemeens, twee avonden", "1262.50", first, "GEM-OIRSCHOT"),
        ("Slotenmaker", "Openen en vervangen van sloten", "1350.00", last, "GEM-REUSEL"),
    ):
        db.session.add(
            Kostenpost(
                project_id=project.id,
                soort=s,
                omschrijving=oms,
                bedrag=Decimal(bedrag),
                datum=c.datum,
                controle=c,
                ketenpartner=kp[partner],
            )
        )
    lijst = "Bewonersenquête leefbaarheid De Kempen"
    for vraag, nul, een in (
        ("Ik voel me veilig in mijn buurt", "3.10", "3.60"),
        ("Ik weet waar ik overlast kan melden", "2.40", "3.30"),
    ):
        for s, score, day in (("0-meting", nul, D(2018, 10, 1)), ("1-meting", een, D(2019, 9, 1))):
            db.session.add(
                Meting(
                    project_id=project.id,
                    soort=s,
                    datum=day,
                    vragenlijst=lijst,
                    vraag=vraag,
                    respondenten=212 if s == "0-meting" else 187,
                    score=Decimal(score),
                )
            )
    for vraag, score, pct, opm in (
        (
            "De controle werd respectvol uitgevoerd",
            "4.20",
            None,
            "Uitleg in eigen taal gewaardeerd",
        ),
        ("Ik begreep waarom mijn adres werd bezocht", None, "78.00", "Meer uitleg vooraf gewenst"),
    ):
        db.session.add(
            Meting(
                project_id=project.id,
                soort="Controle",
                datum=first.datum + dt.timedelta(days=7),
                controle=first,
                vragenlijst="Korte vragenlijst na de controle",
                vraag=vraag,
                respondenten=14,
                score=Decimal(score) if score else None,
                percentage=Decimal(pct) if pct else None,
                opmerkingen=opm,
            )
        )
    db.session.flush()
