"""Builders for case-work tests: a fresh project of the demo projectleider with known data."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import sqlalchemy as sa

_seq = itertools.count(1)

PARTNERS = ("UWV", "NLA", "POL", "GEM-OIRSCHOT")


def new_project(prefix: str = "CW") -> int:
    """A project of 'projectleider' (gemeente Oirschot, regio ZOB) with four partners."""
    from flask import current_app

    from models import Doelstelling, Gemeente, Ketenpartner, Project, ProjectPartner, Regio
    from portal.extensions import db

    sm = current_app.appbuilder.sm
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    code = f"{prefix}-{next(_seq)}-{dt.datetime.now():%H%M%S%f}"[:30]
    project = Project(
        code=code,
        naam=f"Casuswerk test {code}",
        regio=db.session.scalar(sa.select(Regio).where(Regio.code == "ZOB")),
        gemeenten=[db.session.scalar(sa.select(Gemeente).where(Gemeente.naam == "Oirschot"))],
        projectgebied="5091-5094",
        projectleider=sm.find_user(username="projectleider"),
        rcf_adviseur=sm.find_user(username="rcf"),
        fase="Uitvoering",
    )
    project.partners = [ProjectPartner(ketenpartner=kp[c]) for c in PARTNERS]
    project.doelstellingen = [
        Doelstelling(
            doel="Minder brandonveilige panden",
            indicator="Panden met overtredingen",
            eenheid="panden",
            nulmeting=Decimal("40"),
            streefwaarde=Decimal("20"),
            eenmeting=Decimal("26"),
        ),
        Doelstelling(doel="Meer inschrijvingen", nulmeting=Decimal("20")),
    ]
    db.session.add(project)
    db.session.commit()
    return project.id


def partner_id(code: str) -> int:
    from models import Ketenpartner
    from portal.extensions import db

    return db.session.scalar(sa.select(Ketenpartner.id).where(Ketenpartner.code == code))


def user_id(username: str) -> int:
    from flask import current_app

    return current_app.appbuilder.sm.find_user(username=username).id


def select_address(project_id: int, key: str) -> None:
    """Select the address for the casustafel directly (bypassing signals and coupling)."""
    from models import AdresBeoordeling
    from portal.extensions import db

    row = db.session.scalar(
        sa.select(AdresBeoordeling).where(
            AdresBeoordeling.project_id == project_id, AdresBeoordeling.adres_sleutel == key
        )
    )
    if row is None:
        row = AdresBeoordeling(project_id=project_id, adres_sleutel=key)
        db.session.add(row)
    row.geselecteerd_casustafel = True
    db.session.flush()


def new_case(project_id: int, key: str, partners=("UWV", "NLA")):
    from portal.casework import cases
    from portal.casework import scope as cscope

    select_address(project_id, key)
    with cscope.acting_as_system():
        return cases.create_case(project_id, key, [partner_id(c) for c in partners])


def discuss(item, current=("UWV", "NLA"), trekker="UWV"):
    """Record a complete casustafel outcome for an agenda item."""
    from portal.casework import meetings
    from portal.casework import scope as cscope

    outcomes = [
        meetings.PartnerOutcome(
            p.ketenpartner_id, p.ketenpartner.code in current, p.ketenpartner.code == trekker
        )
        for p in item.casus.partners
    ]
    with cscope.acting_as_system():
        return meetings.record_outcome(
            item,
            outcomes,
            False,
            None,
            "Integrale controle",
            "Lichtere middelen hielpen niet",
            "Oppakken",
        )


def operational(project_id: int) -> dict:
    """Known data: 3 cases (2 jointly taken up, 1 outside), 2 controls (3 and 4 persons,
    3 distinct addresses), 4 findings (BRP 2, brandveiligheid 1, drugs 1), 4 actions
    (1 done on time, 1 done late, 1 open within term, 1 open past term)."""
    from models import BevindingCategorie
    from portal.casework import controls, followup, meetings
    from portal.casework import scope as cscope
    from portal.extensions import db

    cat = {c.naam: c.id for c in db.session.scalars(sa.select(BevindingCategorie))}
    a = new_case(project_id, "5091AA|1||", ("UWV", "NLA"))
    b = new_case(project_id, "5091AA|2||", ("UWV", "POL"))
    c = new_case(project_id, "5091AA|3||", ("NLA", "GEM-OIRSCHOT"))
    with cscope.acting_as_system():
        tafel = meetings.create_meeting(
            project_id,
            dt.date(2026, 3, 2),
            [partner_id("UWV"), partner_id("NLA")],
            [a.id, b.id, c.id],
        )
    items = {i.casus_id: i for i in tafel.agenda}
    discuss(items[a.id], ("UWV", "NLA"), "UWV")
    discuss(items[b.id], ("UWV", "POL"), "POL")
    discuss(items[c.id], ("NLA",), "NLA")  # leaves the joint approach
    team = [(partner_id("GEM-OIRSCHOT"), "Leiding"), (partner_id("UWV"), "Gesprek")]
    with cscope.acting_as_system():
        v1 = controls.create_control(
            project_id, dt.date(2026, 3, 10), "Actieavond", [a.id, b.id], team, 3
        )
        v2 = controls.create_control(project_id, dt.date(2026, 3, 20), "Actiedag", [a.id], team, 4)
        f1 = controls.add_finding(
            v1, cat["Adresfraude/BRP"], a.id, partner_id("GEM-OIRSCHOT"), "Niet ingeschreven"
        )
        f2 = controls.add_finding(v1, cat["Brandveiligheid"], b.id, None, "Geen rookmelder")
        f3 = controls.add_finding(v2, cat["Adresfraude/BRP"], a.id, None, "Opnieuw")
        controls.add_finding(v2, cat["Drugs"], a.id, partner_id("POL"), "Hennepkwekerij")
        x1 = followup.add_action(
            f1, partner_id("UWV"), "Uitkering toetsen", dt.date(2026, 4, 1), user_id("partner-uwv")
        )
        followup.complete(x1, "Getoetst", dt.date(2026, 3, 30))
        x2 = followup.add_action(
            f2, partner_id("GEM-OIRSCHOT"), "Aanschrijven", dt.date(2026, 4, 1)
        )
        followup.complete(x2, "Aangeschreven", dt.date(2026, 4, 10))
        x3 = followup.add_action(
            f3, partner_id("NLA"), "Werkgever onderzoeken", dt.date(2099, 1, 1)
        )
        x4 = followup.add_action(
            f3, partner_id("UWV"), "Terugvordering", dt.date(2026, 4, 15), user_id("partner-uwv")
        )
    db.session.commit()
    return {
        "cases": (a.id, b.id, c.id),
        "meeting": tafel.id,
        "controls": (v1.id, v2.id),
        "actions": (x1.id, x2.id, x3.id, x4.id),
        "findings": (f1.id, f2.id, f3.id),
    }
