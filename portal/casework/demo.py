"""The operational phase of the demo project KEMPEN-HAM: six addresses selected for the
casustafel, two casustafels, three control evenings/days, findings in several categories
and follow-up that is partly on time, partly late and partly still open (as the seed's
evaluation describes). Idempotent: nothing happens when the project already has cases.

Known figures (tests rely on them): 6 cases (5 checked, 1 outside the joint approach),
3 controls, 5 addresses visited, 34 persons, 10 findings (BRP 3, bestemmingsplan 2,
brandveiligheid 2, overbewoning 1, uitkeringsfraude 1, arbeidswetgeving 1), 10 actions:
4 done on time, 2 done late, 4 open with the term passed.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from models import AdresBeoordeling, BevindingCategorie, Casus, Ketenpartner, Project
from portal.casework import cases, controls, demo_planning, followup, meetings
from portal.casework import scope as cscope
from portal.casework.meetings import PartnerOutcome
from portal.extensions import db

D = dt.date

ADDRESSES = {
    "A1": ("5091AB|12||", ["GEM-OIRSCHOT", "UWV", "NLA"]),
    "A2": ("5091CD|3|A|", ["GEM-OIRSCHOT", "AVIM", "BD-T"]),
    "A3": ("5092BK|48||", ["GEM-OIRSCHOT", "NLA"]),
    "A4": ("5541AA|7||", ["GEM-REUSEL", "UWV", "POL"]),
    "A5": ("5541BC|101|B|", ["GEM-REUSEL", "NLA", "SVB"]),
    "A6": ("5542KT|22||", ["GEM-REUSEL", "UWV"]),
}

APPROACH = {
    "A1": ("GEM-OIRSCHOT", False, None, "Integrale controle op bewoning en BRP-inschrijving"),
    "A2": (
        "GEM-OIRSCHOT",
        True,
        "Eerdere agressie tegen toezichthouders gemeld",
        "Integrale controle met politiebegeleiding",
    ),
    "A3": ("NLA", False, None, "Controle arbeidsvoorwaarden en huisvesting via werkgever"),
    "A4": ("UWV", True, "Onbekend aantal bewoners; veiligheid team", "Huisbezoek met UWV"),
    "A5": ("GEM-REUSEL", False, None, "Integrale controle brandveiligheid en bewoning"),
}
AFWEGING = (
    "Eerst een gezamenlijke controle; een lichter middel (brief aan de eigenaar) heeft bij dit "
    "adres eerder niet geholpen, een zwaarder middel is nog niet proportioneel."
)


def _select(project_id: int, key: str) -> None:
    """Mark the address as selected for the casustafel, as the coupling screen would."""
    row = db.session.scalar(
        sa.select(AdresBeoordeling).where(
            AdresBeoordeling.project_id == project_id, AdresBeoordeling.adres_sleutel == key
        )
    )
    if row is None:
        row = AdresBeoordeling(project_id=project_id, adres_sleutel=key)
        db.session.add(row)
    row.geselecteerd_casustafel = True
    if row.geselecteerd_op is None:
        row.geselecteerd_op = dt.datetime(2019, 2, 25, 10, 0, tzinfo=dt.UTC)
    db.session.flush()


def _outcome(item, kp: dict, partners: list[str], key: str, current: set[str]) -> None:
    trekker, politie, reden, actie = APPROACH.get(key, (None, False, None, None))
    meetings.record_outcome(
        item,
        [
            PartnerOutcome(kp[c].id, c in current, c == trekker or c == partners[0])
            for c in partners
        ],
        politie,
        reden,
        actie or "Geen gezamenlijke actie",
        AFWEGING,
        "Gezamenlijk oppakken; inplannen voor een controleavond." if len(current) >= 2 else None,
    )


def load(users: dict) -> None:
    project = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if project is None:
        return
    if db.session.scalar(sa.select(Casus.id).where(Casus.project_id == project.id).limit(1)):
        return demo_planning.load(project)  # the next control evening (issue #19)
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    cat = {c.naam: c for c in db.session.scalars(sa.select(BevindingCategorie))}
    with cscope.acting_as_system():
        c: dict[str, Casus] = {}
        for name, (key, partners) in ADDRESSES.items():
            _select(project.id, key)
            c[name] = cases.create_case(project.id, key, [kp[p].id for p in partners])

        t1 = meetings.create_meeting(
            project.id,
            D(2019, 3, 5),
            [kp[x].id for x in ("GEM-OIRSCHOT", "GEM-REUSEL", "UWV", "NLA", "POL", "AVIM")],
            [c[n].id for n in ("A1", "A2", "A3", "A4", "A6")],
            "Gemeentehuis Oirschot",
        )
        for item in t1.agenda:
            name = next(n for n, cc in c.items() if cc.id == item.casus_id)
            partners = ADDRESSES[name][1]
            current = set(partners) if name != "A6" else {"GEM-REUSEL"}
            _outcome(item, kp, partners, name, current)

        v1 = controls.create_control(
            project.id,
            D(2019, 3, 14),
            "Actieavond",
            [c["A1"].id, c["A2"].id],
            [
                (kp["GEM-OIRSCHOT"].id, "Leiding"),
                (kp["UWV"].id, "Gesprek"),
                (kp["NLA"].id, "Formulieren"),
                (kp["POL"].id, "Veiligheid"),
                (kp["AVIM"].id, "Doorzoeking"),
            ],
            11,
            True,
            True,
            "CV-installatie buiten gebruik gesteld; overkapping afgezet.",
        )
        v2 = controls.create_control(
            project.id,
            D(2019, 3, 28),
            "Actieavond",
            [c["A3"].id, c["A4"].id],
            [
                (kp["GEM-OIRSCHOT"].id, "Leiding"),
                (kp["NLA"].id, "Gesprek"),
                (kp["UWV"].id, "Formulieren"),
                (kp["POL"].id, "Veiligheid"),
            ],
            14,
            True,
            False,
            "Onderzoek uitgezet door partners.",
        )

        t2 = meetings.create_meeting(
            project.id,
            D(2019, 4, 9),
            [kp[x].id for x in ("GEM-OIRSCHOT", "GEM-REUSEL", "UWV", "NLA", "SVB")],
            [c["A5"].id, c["A3"].id],
            "Gemeentehuis Reusel",
        )
        for item in t2.agenda:
            name = next(n for n, cc in c.items() if cc.id == item.casus_id)
            _outcome(item, kp, ADDRESSES[name][1], name, set(ADDRESSES[name][1]))

        v3 = controls.create_control(
            project.id,
            D(2019, 4, 18),
            "Actiedag",
            [c["A5"].id, c["A1"].id],
            [
                (kp["GEM-REUSEL"].id, "Leiding"),
                (kp["GEM-OIRSCHOT"].id, "Gesprek"),
                (kp["NLA"].id, "Formulieren"),
                (kp["POL"].id, "Veiligheid"),
            ],
            9,
            True,
            True,
            "Woning gesloten wegens acuut brandgevaar.",
        )

        def finding(v, name, categorie, partner, tekst):
            return controls.add_finding(v, cat[categorie].id, c[name].id, kp[partner].id, tekst)

        f1 = finding(v1, "A1", "Adresfraude/BRP", "GEM-OIRSCHOT", "7 bewoners niet ingeschreven")
        f2 = finding(v1, "A1", "Brandveiligheid", "GEM-OIRSCHOT", "Geen rookmelders, één vluchtweg")
        f3 = finding(v1, "A2", "Overbewoning", "GEM-OIRSCHOT", "12 bewoners in een woning voor 5")
        f4 = finding(v1, "A2", "Adresfraude/BRP", "GEM-OIRSCHOT", "Inschrijvingen wijken af")
        f5 = finding(v2, "A3", "Bestemmingsplan", "GEM-OIRSCHOT", "Bewoning van een loods")
        f6 = finding(v2, "A3", "Arbeidswetgeving", "NLA", "Huur ingehouden op het loon")
        f7 = finding(v2, "A4", "Uitkeringsfraude", "UWV", "Uitkering op dit adres, woont elders")
        f8 = finding(v3, "A5", "Adresfraude/BRP", "GEM-REUSEL", "4 bewoners niet ingeschreven")
        f9 = finding(v3, "A5", "Brandveiligheid", "GEM-REUSEL", "Gevaarlijke elektra-aansluiting")
        finding(v3, "A1", "Bestemmingsplan", "GEM-OIRSCHOT", "Recreatiewoning permanent bewoond")

        pl, uwv = users["projectleider"].id, users["partner-uwv"].id

        def action(f, partner, tekst, deadline, done=None, resultaat=None, owner=None):
            a = followup.add_action(f, kp[partner].id, tekst, deadline, owner)
            if done:
                followup.complete(a, resultaat, done)

        action(
            f1,
            "GEM-OIRSCHOT",
            "Bewoners ambtshalve inschrijven in de BRP",
            D(2019, 3, 28),
            D(2019, 3, 25),
            "7 bewoners ingeschreven",
            pl,
        )
        action(
            f2,
            "GEM-OIRSCHOT",
            "Vooraankondiging last onder dwangsom brandveiligheid",
            D(2019, 4, 1),
            D(2019, 4, 15),
            "Vooraankondiging verstuurd",
            pl,
        )
        action(f3, "GEM-OIRSCHOT", "Eigenaar aanschrijven over maximale bewoning", D(2019, 4, 15))
        action(
            f4,
            "GEM-OIRSCHOT",
            "Adresonderzoek BRP starten",
            D(2019, 4, 1),
            D(2019, 3, 29),
            "Onderzoek gestart; 3 uitschrijvingen",
        )
        action(f5, "GEM-OIRSCHOT", "Handhavingsverzoek bestemmingsplan voorbereiden", D(2019, 5, 1))
        action(
            f6,
            "NLA",
            "Boeterapport opstellen",
            D(2019, 4, 30),
            D(2019, 4, 23),
            "Boeterapport opgesteld",
        )
        action(
            f7,
            "UWV",
            "Recht op uitkering herbeoordelen",
            D(2019, 4, 26),
            D(2019, 5, 10),
            "Uitkering stopgezet per 1 mei",
            uwv,
        )
        action(f7, "UWV", "Terugvordering voorbereiden", D(2019, 6, 1), owner=uwv)
        action(
            f8,
            "GEM-REUSEL",
            "Bewoners inschrijven in de BRP",
            D(2019, 5, 2),
            D(2019, 4, 30),
            "4 bewoners ingeschreven",
        )
        action(f9, "GEM-REUSEL", "Hercontrole elektra na herstel", D(2019, 5, 16))
        db.session.flush()
    demo_planning.load(project)
    __import__("portal.casework.demo_results").casework.demo_results.load(project)  # issue #19
