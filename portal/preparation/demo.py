"""Demo data of the preparation phase: the theme list, KEMPEN-HAM's uitvraag plan (each kind
of source, dates after seed 002's planning, one national request too late) and O&A intake,
the gemeenten's postcodes, and a theme project (taxibranche) that shows the theme scope.
Idempotent: every row is looked up first."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from models import Gemeente, Ketenpartner, OaIntake, Project, ProjectPartner, Regio, Thema
from models.thema import FENOMEEN, STANDAARD_THEMAS, THEMA, THEMAGERICHT
from models.uitvraagitem import (
    EXTERN,
    GELEVERD,
    GEMEENTELIJK,
    LANDELIJK,
    UITGEVRAAGD,
    VIA_DATAMANAGER,
    VIA_LIAISON,
    VIA_PROJECTLEIDER,
    VIA_SYSTEEMBEHEERDER,
    Uitvraagitem,
)
from portal.extensions import db

# The former free-text themes of the demo projects, now in the list.
EXTRA_THEMAS = (
    ("BRP-registratie", THEMA),
    ("Brandveiligheid", THEMA),
    ("Adreskwaliteit", THEMA),
    ("Overbewoning", FENOMEEN),
)
# PC4 ranges per Kempen gemeente (together the KEMPEN-HAM project area) and Groningen.
POSTCODES = {
    "Veldhoven": "5501-5509",
    "Eersel": "5521-5524",
    "Bladel": "5525-5531",
    "Reusel-De Mierden": "5541-5542",
    "Bergeijk": "5571-5575",
    "Waalre": "5581-5583",
    "Best": "5681-5684",
    "Oirschot": "5688, 5091-5094",
    "Groningen": "9711-9747",
}
D = dt.date
# (soort, bron, partner code, gegevens, eigenaar, route, spec, uitgevraagd, levering, geleverd)
PLAN = [
    (LANDELIJK, "UWV", "UWV", "Uitkeringen en dienstverbanden op de adressen",
     "Datamanager Inlichtingenbureau", VIA_DATAMANAGER,
     D(2018, 8, 20), D(2018, 9, 3), D(2018, 11, 1), D(2018, 10, 30)),
    (LANDELIJK, "SVB", "SVB", "Kinderbijslag en AOW op de adressen",
     "Datamanager Inlichtingenbureau", VIA_DATAMANAGER,
     D(2018, 8, 20), D(2018, 9, 3), D(2018, 11, 1), D(2018, 10, 29)),
    # Too late: asked after the 8 weeks before the agreed delivery, not delivered yet.
    (LANDELIJK, "Belastingdienst", "BD-B", "Loonaangiften en huurinkomsten",
     "Liaison Belastingdienst in het project", VIA_LIAISON,
     D(2018, 8, 20), D(2018, 9, 20), D(2018, 11, 1), None),
    (GEMEENTELIJK, "BRP", None, "Inschrijvingen op de adressen in het projectgebied",
     "Systeembeheerder BRP Oirschot", VIA_SYSTEEMBEHEERDER,
     D(2018, 8, 27), D(2018, 9, 5), D(2018, 10, 15), D(2018, 10, 12)),
    (GEMEENTELIJK, "Gemeentelijke belastingen", None, "WOZ en aanslagen per adres",
     "Team belastingen De Kempen", VIA_PROJECTLEIDER,
     D(2018, 8, 27), D(2018, 9, 5), D(2018, 10, 15), D(2018, 10, 15)),
    (GEMEENTELIJK, "Vergunningen", None, "Omgevings- en huisvestingsvergunningen",
     "Systeembeheerder VTH", VIA_SYSTEEMBEHEERDER,
     D(2018, 8, 27), D(2018, 9, 5), D(2018, 10, 15), D(2018, 10, 10)),
    (GEMEENTELIJK, "Sociale Zaken", None, "Bijstandsuitkeringen op de adressen",
     "Applicatiebeheer Sociale Zaken", VIA_PROJECTLEIDER,
     D(2018, 8, 27), D(2018, 9, 5), D(2018, 10, 15), D(2018, 10, 16)),
    (EXTERN, "Energieleverancier", None, "Energieverbruik per aansluiting",
     "Netbeheerder Enexis", VIA_PROJECTLEIDER,
     D(2018, 8, 27), D(2018, 9, 10), D(2018, 10, 20), D(2018, 10, 19)),
    (EXTERN, "Waterleverancier", None, "Waterverbruik per aansluiting",
     "Brabant Water", VIA_PROJECTLEIDER,
     D(2018, 8, 27), D(2018, 9, 10), D(2018, 10, 20), D(2018, 10, 22)),
    (EXTERN, "Woningcorporatie", None, "Huurders en woningen in bezit",
     "Woonbedrijf De Kempen", VIA_PROJECTLEIDER,
     D(2018, 8, 27), D(2018, 9, 10), D(2018, 10, 20), D(2018, 10, 18)),
]  # fmt: skip


def _themes() -> dict[str, Thema]:
    existing = {t.naam: t for t in db.session.scalars(sa.select(Thema))}
    for i, (naam, soort) in enumerate((*STANDAARD_THEMAS, *EXTRA_THEMAS), 1):
        if naam not in existing:
            existing[naam] = Thema(naam=naam, soort=soort, volgorde=i * 10)
            db.session.add(existing[naam])
    if existing["Arbeidsmigratie"].jaarthema_jaar is None:
        existing["Arbeidsmigratie"].jaarthema_jaar = 2018
    db.session.flush()
    return existing


def _postcodes() -> None:
    for g in db.session.scalars(sa.select(Gemeente).where(Gemeente.naam.in_(POSTCODES))):
        if not g.postcodegebied:
            g.postcodegebied = POSTCODES[g.naam]


def _kempen(themas: dict[str, Thema]) -> None:
    p = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if p is None:
        return
    if not p.themas:
        p.themas = [themas[n] for n in ("Huisvesting arbeidsmigranten", "BRP-registratie")]
        p.themas.append(themas["Brandveiligheid"])
    if p.lsi_jaarthema is None:
        p.lsi_jaarthema = themas["Arbeidsmigratie"]
    if p.datum_start_analyse is None:
        p.datum_start_analyse = D(2018, 11, 1)
        p.datum_bijeenkomst_systeembeheerders = D(2018, 9, 4)
        p.datum_landelijke_uitvraag = D(2018, 9, 3)
    if not db.session.scalar(sa.select(Uitvraagitem.id).where(Uitvraagitem.project_id == p.id)):
        kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
        for soort, bron, code, gegevens, eigenaar, route, spec, asked, due, got in PLAN:
            db.session.add(
                Uitvraagitem(
                    project=p,
                    bron_soort=soort,
                    bron=bron,
                    ketenpartner=kp.get(code) if code else None,
                    gegevens=gegevens,
                    eigenaar=eigenaar,
                    leveringsroute=route,
                    specificatie_verstuurd_op=spec,
                    uitgevraagd_op=asked,
                    afgesproken_levering=due,
                    geleverd_op=got,
                    status=GELEVERD if got else UITGEVRAAGD,
                )
            )
    if p.oa_intake is None:
        p.oa_intake = OaIntake(
            datum_intake=D(2018, 7, 10),
            analist_uren=320,
            tijdpad="Analyse september-november 2018; eerste casustafel februari 2019.",
            aard_omvang=(
                "Naar schatting 1.500 arbeidsmigranten op circa 300 adressen die niet in de BRP "
                "staan; de inzet van UWV, NLA en de gemeenten is nodig voor de controles."
            ),
            indicatoren=(
                "Meerdere volwassenen op één adres zonder BRP-inschrijving; hoog energie- en "
                "waterverbruik; huurinkomsten zonder vergunning."
            ),
            bronnen="BRP, WOZ, vergunningen, UWV-polisadministratie, energie- en waterverbruik.",
            planning_analist="16 uur per week van september tot en met november 2018.",
            samenvatting="Intake gehouden met de analist O&A van de Nederlandse Arbeidsinspectie.",
            verslag_referentie="Intakeverslag O&A KEMPEN-HAM, 10 juli 2018",
        )


def _theme_project(users: dict, themas: dict[str, Thema]) -> None:
    if db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-TAXI")):
        return
    gem = {g.naam: g for g in db.session.scalars(sa.select(Gemeente))}
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    p = Project(
        code="KEMPEN-TAXI",
        naam="Thema-aanpak taxibranche De Kempen",
        regio=db.session.scalar(sa.select(Regio).where(Regio.code == "ZOB")),
        gemeenten=[gem["Oirschot"], gem["Reusel-De Mierden"]],
        gericht_op=THEMAGERICHT,
        themas=[themas["Taxibranche"]],
        initiatiefnemer="Ketenpartner",
        aanleiding=(
            "De Nederlandse Arbeidsinspectie ziet in de taxibranche schijnzelfstandigheid en "
            "onderbetaling; de aanpak volgt het fenomeen, niet één wijk."
        ),
        projectleider=users["projectleider"],
        rcf_adviseur=users["rcf"],
        fase="Initiatief",
    )
    p.partners = [
        ProjectPartner(
            ketenpartner=kp["NLA"],
            belang="Arbeidsvoorwaarden en schijnzelfstandigheid",
            capaciteit_uren=200,
            projectverantwoordelijk=True,
        ),
        ProjectPartner(ketenpartner=kp["GEM-OIRSCHOT"], belang="Vergunningen", capaciteit_uren=80),
    ]
    db.session.add(p)


def load(users: dict) -> None:
    themas = _themes()
    _postcodes()
    _kempen(themas)
    _theme_project(users, themas)
    db.session.flush()
