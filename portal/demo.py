"""Demo data: the Kempen labour-migrant housing project (seed 002) and a second project in
another region, plus one demo user per role. Idempotent: running it twice changes nothing.
Texts paraphrase the seed; facts (municipalities, partners, dates) carry over.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from models import (
    Activiteit,
    AvgPartnerrecht,
    AvgRegistratie,
    Convenantartikel,
    Doelstelling,
    Gebruikerskoppeling,
    Gemeente,
    Ketenpartner,
    Project,
    Projectfase,
    ProjectPartner,
    Regio,
    Risico,
)
from portal import gates_demo, roles
from portal.attachments import demo as attachments_demo
from portal.casework import demo as casework_demo
from portal.casework import demo_loop as casework_demo_loop
from portal.extensions import db
from portal.preparation import demo as preparation_demo
from portal.signals import demo as signals_demo

CONVENANT = "Samenwerkingsovereenkomst voor Interventieteams"
CONVENANT_VERSIE = "2017 (Stcrt. 2017, 20624)"

# Only what the seeds state about the covenant; administrators add the rest.
ARTIKELEN = [
    (
        "7",
        "2",
        "Projectverantwoordelijke convenantpartners",
        "De deelnemende partijen wijzen per project de projectverantwoordelijke "
        "convenantpartner(s) aan.",
    ),
    (
        "7",
        "5",
        "Reikwijdte van een signaal",
        "Een signaal heeft betrekking op het geanalyseerde onderwerp en op het projectgebied.",
    ),
]

REGIOS = [("Zuidoost-Brabant", "ZOB"), ("Noord-Nederland", "NN")]
KEMPEN = [
    "Bergeijk",
    "Best",
    "Bladel",
    "Eersel",
    "Oirschot",
    "Reusel-De Mierden",
    "Veldhoven",
    "Waalre",
]
GEMEENTEN = [(g, "ZOB") for g in KEMPEN] + [("Groningen", "NN")]

PARTNERS = (
    [
        ("Uitvoeringsinstituut Werknemersverzekeringen", "UWV", "UWV"),
        ("Nederlandse Arbeidsinspectie", "NLA", "Nederlandse Arbeidsinspectie"),
        ("Sociale Verzekeringsbank", "SVB", "SVB"),
        ("Belastingdienst - Belastingen", "BD-B", "Belastingdienst/Belastingen"),
        ("Belastingdienst - Toeslagen", "BD-T", "Belastingdienst/Toeslagen"),
        ("Politie basisteam De Kempen", "POL", "Politie"),
        ("Politie AVIM Oost-Brabant", "AVIM", "Politie"),
        ("Immigratie- en Naturalisatiedienst", "IND", "IND"),
        ("Inlichtingenbureau", "IB", "Inlichtingenbureau"),
    ]
    + [(f"Gemeente {g}", f"GEM-{g.split('-')[0].upper()[:10]}", "Gemeente") for g in KEMPEN]
    + [
        ("Gemeente Groningen", "GEM-GRONINGEN", "Gemeente"),
        ("Woningcorporatie Lefier", "LEFIER", "Woningcorporatie"),
    ]
)

USERS = [
    ("beheerder", roles.BEHEERDER),
    ("projectleider", roles.PROJECTLEIDER),
    ("projectleider2", roles.PROJECTLEIDER),
    ("rcf", roles.RCF),
    ("secretaris", roles.SECRETARIS),
    ("partner-uwv", roles.KETENPARTNER),
    ("partner-politie", roles.KETENPARTNER),
    ("privacy", roles.PRIVACY),
]
_NAMES = {
    "beheerder": ("Bea", "Beheer"),
    "projectleider": ("Pieter", "van de Kempen"),
    "projectleider2": ("Petra", "Groenveld"),
    "rcf": ("Rik", "Coördinator"),
    "secretaris": ("Sanne", "Secretaris"),
    "partner-uwv": ("Ursula", "Wouters"),
    "partner-politie": ("Paul", "Olsen"),
    "privacy": ("Femke", "Gegevens"),
}


def _get_or_create(model, lookup: dict, **values):
    item = db.session.scalar(sa.select(model).filter_by(**lookup))
    if item is None:
        item = model(**lookup, **values)
        db.session.add(item)
        db.session.flush()
    return item


def _master_data() -> None:
    for artikel, lid, titel, tekst in ARTIKELEN:
        _get_or_create(
            Convenantartikel,
            {"convenant": CONVENANT, "versie": CONVENANT_VERSIE, "artikel": artikel, "lid": lid},
            titel=titel,
            tekst=tekst,
        )
    regios = {code: _get_or_create(Regio, {"code": code}, naam=naam) for naam, code in REGIOS}
    for naam, code in GEMEENTEN:
        _get_or_create(Gemeente, {"naam": naam}, regio=regios[code])
    for naam, code, typ in PARTNERS:
        _get_or_create(Ketenpartner, {"code": code}, naam=naam, type=typ, convenantpartner=True)


def _users(password: str) -> dict:
    sm = current_app.appbuilder.sm
    users = {}
    for username, role_name in USERS:
        user = sm.find_user(username=username)
        if user is None:
            first, last = _NAMES[username]
            user = sm.add_user(
                username,
                first,
                last,
                f"{username}@demo.interventieportaal.nl",
                sm.find_role(role_name),
                password=password,
            )
        users[username] = user
    return users


def _koppelingen(users: dict) -> None:
    gem = {g.naam: g for g in db.session.scalars(sa.select(Gemeente))}
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    regio = {r.code: r for r in db.session.scalars(sa.select(Regio))}
    links = {
        "projectleider": {
            "gemeenten": [gem[n] for n in ("Bladel", "Eersel", "Oirschot", "Reusel-De Mierden")]
        },
        "projectleider2": {"gemeenten": [gem["Groningen"]]},
        "rcf": {"regio": regio["ZOB"]},
        "partner-uwv": {"ketenpartner": kp["UWV"]},
        "partner-politie": {"ketenpartner": kp["POL"]},
    }
    for username, values in links.items():
        user = users[username]
        if db.session.scalar(
            sa.select(Gebruikerskoppeling).where(Gebruikerskoppeling.user_id == user.id)
        ):
            continue
        db.session.add(Gebruikerskoppeling(user_id=user.id, **values))


def _kempen(users: dict) -> None:
    if db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM")):
        return
    gem = {g.naam: g for g in db.session.scalars(sa.select(Gemeente))}
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    regio = db.session.scalar(sa.select(Regio).where(Regio.code == "ZOB"))
    p = Project(
        code="KEMPEN-HAM",
        naam="Integrale controle huisvesting arbeidsmigranten De Kempen",
        regio=regio,
        gemeenten=[gem[n] for n in KEMPEN],
        projectgebied="5501-5509, 5521-5531, 5541-5542, 5571-5575, 5581-5583, 5681-5684, "
        "5688, 5091-5094",
        initiatiefnemer="Gemeente",
        aanleiding=(
            "In De Kempen wonen veel arbeidsmigranten, vermoedelijk meer dan bij de gemeenten "
            "bekend is. Zij worden gehuisvest in recreatiewoningen, bedrijfswoningen en "
            "leegstaande panden zoals stallen en loodsen. Omdat inschrijvingen in de BRP "
            "uitblijven, hebben de gemeenten deze locaties en de kwaliteit ervan niet in beeld."
        ),
        probleem_leefbaarheid=(
            "Slechte woon- en leefomstandigheden, gebrekkige hygiëne en overbewoning van "
            "panden; onzicht op recreatieparken en bedrijfspanden in het buitengebied."
        ),
        probleem_veiligheid=(
            "Brandgevaar doordat panden niet aan het Bouwbesluit voldoen; uitbuiting van "
            "arbeidsmigranten; ondermijnende activiteiten in leegstaande panden."
        ),
        prioritering_draagvlak="De burgemeesters van de acht Kempengemeenten steunen de aanpak.",
        prioritering_flankerend_beleid=(
            "Gezamenlijk beleid voor de huisvesting van arbeidsmigranten wordt ontwikkeld."
        ),
        prioritering_actualiteit="Het thema leeft in alle deelnemende gemeenten.",
        werkwijze=(
            "Elke partner brengt zijn eigen signalen in. Aan de casustafel worden adressen met "
            "signalen van meerdere partners besproken en zo nodig ingepland voor een "
            "controleavond. De gemeentelijke toezichthouder heeft daar de leiding; de politie "
            "gaat mee voor de veiligheid. Na elke controle worden overtredingen en actiepunten "
            "met de betrokken partners besproken."
        ),
        gegevensverwerking=(
            "Het interventieteam verzamelt (persoons)gegevens, vooral tijdens controles. De "
            "projectleider ontvangt en bewaart ze in een beveiligde samenwerkingsomgeving. De "
            "verwerking valt onder de AVG en het LSI-convenant."
        ),
        communicatie=(
            "Publicatie in lokale media om pandeigenaren en ondernemers te informeren; "
            "persberichten alleen na afstemming met alle partners."
        ),
        begroting=Decimal("45000"),
        begroting_toelichting="Kartrekker 18 uur per week; overige inzet uit reguliere capaciteit.",
        projectleider=users["projectleider"],
        rcf_adviseur=users["rcf"],
        analist="Analist O&A, Nederlandse Arbeidsinspectie",
        bestuurlijk_verantwoordelijke="Burgemeesters van Oirschot en Reusel-De Mierden",
        nulmeting="Aantal bekende huisvestingslocaties en BRP-inschrijvingen bij de start.",
        registratienummer="Z/18/041275",
        # The collegebesluit and raadsinformatiebrief in the municipal format (issue #18).
        organisatieonderdeel="Gemeente Oirschot, team Openbare Orde en Veiligheid",
        voor_vragen_telefoon="14 0499",
        voor_vragen_email="interventieteam@kempengemeenten.example",
        datum_college=dt.date(2018, 6, 12),
        kernboodschap=(
            "De acht Kempengemeenten pakken samen met de ketenpartners de slechte en onveilige "
            "huisvesting van arbeidsmigranten aan, onder de Landelijke Stuurgroep "
            "Interventieteams. Een gemeentelijk projectleider stuurt het team aan; de gemeente "
            "levert gegevens, mensen en middelen."
        ),
        beoogd_resultaat=(
            "Zicht op de huisvesting van arbeidsmigranten in De Kempen, veilige en fatsoenlijke "
            "huisvesting en een juiste inschrijving in de BRP."
        ),
        beoogde_voordelen=(
            "Een betere informatiepositie door de gegevens van alle partners samen; meer "
            "resultaat per controle; gemeenten leren van elkaars interventies; misstanden "
            "verschuiven niet naar de buurgemeente omdat overal dezelfde grenzen gelden."
        ),
        inzet_gemeente=(
            "Een kartrekker voor 18 uur per week, toezichthouders bij de controleavonden en "
            "administratieve ondersteuning voor de casustafels."
        ),
        prioriteit_backoffice=(
            "Dossiers uit het project gaan bij vergunningen, BRP en handhaving voor op de "
            "reguliere werkvoorraad."
        ),
        rcf_mede_projectleider=True,
        vervolg=(
            "Na het besluit dient het RCF het projectvoorstel in bij het RPF en de LSI. De "
            "projectleider zet de AVG-registratie en de uitvraag van gegevens op."
        ),
        gemeentesecretaris="A. Jansen",
        burgemeester="M. de Vries",
        datum_raadsinformatiebrief=dt.date(2018, 6, 19),
        evaluatie_knelpunten=(
            "Overtredingen die tijdens controles zijn vastgesteld, worden niet altijd "
            "opgevolgd; niet voor iedereen is duidelijk wie welke actie oppakt en wanneer. De "
            "juridische afdelingen zijn laat betrokken, waardoor capaciteit voor handhaving "
            "ontbreekt. Uitkomsten worden onvoldoende teruggekoppeld aan het team."
        ),
        evaluatie_aanbevelingen=(
            "Leg per bevinding vast wie opvolgt, met een termijn, en bespreek de stand aan elke "
            "casustafel. Betrek de juridische afdelingen vanaf de voorbereiding. Maak de rol van "
            "de projectleider en de afspraken over controleavonden vooraf schriftelijk."
        ),
        fase="Verkenning",
    )
    db.session.add(p)
    capaciteit = {
        "UWV": 240,
        "NLA": 400,
        "SVB": 80,
        "BD-B": 160,
        "BD-T": 80,
        "POL": 600,
        "AVIM": 120,
        "GEM-OIRSCHOT": 900,
        "GEM-REUSEL": 900,
    }
    belang = {
        "UWV": "Uitkeringsfraude en illegale tewerkstelling",
        "NLA": "Onderbetaling, illegale tewerkstelling en uitbuiting",
        "SVB": "Onrechtmatige kinderbijslag en AOW",
        "BD-B": "Belasting- en premiefraude van werkgevers en verhuurders",
        "BD-T": "Onrechtmatige toeslagen",
        "POL": "Veiligheid van het team; ondermijning",
        "AVIM": "Identiteit en verblijfsrecht, mensenhandel",
        "GEM-OIRSCHOT": "BRP-registratie, bestemmingsplan en brandveiligheid",
        "GEM-REUSEL": "BRP-registratie, bestemmingsplan en brandveiligheid",
    }
    for code in ["UWV", "NLA", "SVB", "BD-B", "BD-T", "POL", "AVIM"] + [
        f"GEM-{g.split('-')[0].upper()[:10]}" for g in KEMPEN
    ]:
        p.partners.append(
            ProjectPartner(
                ketenpartner=kp[code],
                belang=belang.get(code, "BRP-registratie en bestemmingsplan"),
                capaciteit_uren=capaciteit.get(code, 120),
                projectverantwoordelijk=code in ("GEM-OIRSCHOT", "GEM-REUSEL"),
            )
        )
    p.doelstellingen = [
        Doelstelling(
            doel="Illegale en onveilige huisvesting van arbeidsmigranten terugdringen",
            indicator="Aantal panden met overtredingen brandveiligheid",
            eenheid="panden",
            nulmeting=Decimal("40"),
            streefwaarde=Decimal("20"),
        ),
        Doelstelling(
            doel="Beter zicht op huisvesting en BRP-inschrijving",
            indicator="Aandeel aangetroffen bewoners ingeschreven in de BRP",
            eenheid="%",
            nulmeting=Decimal("20"),
            streefwaarde=Decimal("60"),
        ),
        Doelstelling(
            doel="Malafide verhuurders en werkgevers aanpakken",
            indicator="Aantal opgelegde boeterapporten",
            eenheid="rapporten",
            nulmeting=Decimal("0"),
            streefwaarde=Decimal("15"),
        ),
        Doelstelling(
            doel="Zorgsignalen doorgeleiden naar hulpverlening",
            indicator="Aantal doorverwijzingen",
            eenheid="doorverwijzingen",
            nulmeting=Decimal("0"),
            streefwaarde=Decimal("25"),
        ),
    ]
    p.activiteiten = [
        Activiteit(
            ketenpartner=kp["GEM-OIRSCHOT"],
            omschrijving="Pandeigenaren en ondernemers informeren via lokale media",
        ),
        Activiteit(
            ketenpartner=kp["GEM-REUSEL"],
            omschrijving="Controles op onbekende verblijfslocaties leiden",
        ),
        Activiteit(
            ketenpartner=kp["AVIM"],
            omschrijving="Identiteit en verblijfsrechtelijke status onderzoeken",
        ),
        Activiteit(
            ketenpartner=kp["NLA"],
            omschrijving="Administratie- en boekenonderzoek bij werkgevers en inleners",
        ),
        Activiteit(
            ketenpartner=kp["UWV"],
            omschrijving="Uitkeringsgegevens actualiseren en nader onderzoek uitzetten",
        ),
        Activiteit(ketenpartner=kp["BD-B"], omschrijving="Fiscale surveillance uitvoeren"),
        Activiteit(
            ketenpartner=None, omschrijving="Actief doorverwijzen naar hulpverlenende instanties"
        ),
    ]
    p.risicos = [
        Risico(
            risico="Deelnemers stellen interne keuzes bij, waardoor de inzet afneemt",
            beheersmaatregel="Inzet per partner vastleggen in het projectplan en per kwartaal "
            "bespreken in de stuurgroep",
        ),
        Risico(
            risico="Risicoadressen worden niet tijdig door partners opgepakt",
            beheersmaatregel="Opvolging per bevinding met eigenaar en termijn bewaken",
        ),
        Risico(
            risico="Ongewenste media-aandacht in een politiek gevoelige omgeving",
            beheersmaatregel="Communicatie alleen via het afgesproken woordvoeringsprotocol",
        ),
    ]
    p.fasen = [
        Projectfase(
            fase="Voorbereiding",
            gepland_start=dt.date(2018, 9, 1),
            gepland_eind=dt.date(2019, 2, 1),
        ),
        Projectfase(
            fase="Uitvoering", gepland_start=dt.date(2019, 2, 1), gepland_eind=dt.date(2020, 4, 1)
        ),
        Projectfase(
            fase="Afronding", gepland_start=dt.date(2020, 4, 1), gepland_eind=dt.date(2020, 7, 1)
        ),
    ]
    grondslag = list(db.session.scalars(sa.select(Convenantartikel)))
    reg = AvgRegistratie(
        verwerkingsverantwoordelijken="Gemeenten Oirschot en Reusel-De Mierden (gezamenlijk)",
        functionaris_gegevensbescherming="FG VTH De Kempen",
        doeleinden="Gezamenlijk toezicht op huisvesting van arbeidsmigranten en samenhangende "
        "misstanden in het projectgebied",
        categorieen_betrokkenen="Bewoners, verhuurders en werkgevers op risicoadressen",
        categorieen_persoonsgegevens="Adres, naam, BRP-inschrijving, bevindingen van controles",
        ontvangers="Deelnemende convenantpartners",
        bewaartermijnen="Tot afloop van het project plus de bewaartermijn van het LSI-convenant",
        beveiligingsmaatregelen="Beveiligde samenwerkingsomgeving met tweefactorauthenticatie",
        grondslag=grondslag,
        status="Concept",
        dpia_nodig=True,
    )
    reg.rechten = [
        AvgPartnerrecht(ketenpartner=kp[c], mag_leveren=True, mag_bewerken=False, mag_inzien=True)
        for c in ["UWV", "NLA", "SVB", "BD-B", "BD-T", "POL", "AVIM"]
    ] + [
        AvgPartnerrecht(ketenpartner=kp[c], mag_leveren=True, mag_bewerken=True, mag_inzien=True)
        for c in ["GEM-OIRSCHOT", "GEM-REUSEL"]
    ]
    p.avg_registratie = reg


def _groningen(users: dict) -> None:
    if db.session.scalar(sa.select(Project).where(Project.code == "GRN-OOST-2026")):
        return
    kp = {k.code: k for k in db.session.scalars(sa.select(Ketenpartner))}
    p = Project(
        code="GRN-OOST-2026",
        naam="Wijkgerichte aanpak Oosterpark Groningen",
        regio=db.session.scalar(sa.select(Regio).where(Regio.code == "NN")),
        gemeenten=[db.session.scalar(sa.select(Gemeente).where(Gemeente.naam == "Groningen"))],
        projectgebied="9713 AA-9713 ZZ, 9714",
        initiatiefnemer="Gemeente",
        aanleiding="Bewoners en woningcorporatie melden overbewoning en onjuiste inschrijvingen.",
        probleem_leefbaarheid="Overlast en vervuiling rond overbewoonde panden.",
        probleem_veiligheid="Brandonveilige situaties in opgesplitste woningen.",
        projectleider=users["projectleider2"],
        fase="Initiatief",
    )
    p.partners = [
        ProjectPartner(
            ketenpartner=kp["GEM-GRONINGEN"],
            belang="BRP en woonfraude",
            capaciteit_uren=500,
            projectverantwoordelijk=True,
        ),
        ProjectPartner(ketenpartner=kp["UWV"], belang="Uitkeringsfraude", capaciteit_uren=120),
        ProjectPartner(ketenpartner=kp["LEFIER"], belang="Onderhuur", capaciteit_uren=80),
    ]
    p.doelstellingen = [
        Doelstelling(
            doel="Onjuiste inschrijvingen corrigeren",
            indicator="Aantal gecorrigeerde BRP-inschrijvingen",
            eenheid="inschrijvingen",
            nulmeting=Decimal("0"),
            streefwaarde=Decimal("50"),
        ),
    ]
    db.session.add(p)


def load() -> str:
    """Load everything; returns the demo password."""
    password = current_app.config["DEMO_PASSWORD"]
    _master_data()
    users = _users(password)
    _koppelingen(users)
    _kempen(users)
    _groningen(users)
    db.session.flush()
    preparation_demo.load(users)  # themes, uitvraag plan, O&A intake, a theme project
    _kempen_signals()
    _kempen_casework(users)
    gates_demo.load(users)  # brainstorm, GO, IVT of KEMPEN-HAM; the LSI meeting calendar
    attachments_demo.load(users)  # KEMPEN-HAM's attachments and projectplan review round
    db.session.commit()
    return password


def _kempen_signals() -> None:
    """Partners' signal deliveries for KEMPEN-HAM and its bestandskoppeling."""

    signals_demo.load()


def _kempen_casework(users: dict) -> None:
    """The operational phase of KEMPEN-HAM (cases, casustafels, controls, follow-up)."""

    casework_demo.load(users)
    casework_demo_loop.load()  # follow-up types, capacity, enrichment, lessons (issue #19)
