"""The layout of the four shipped templates, and the builder that writes them as .docx.

Each template is a title page, (for long documents) a table of contents, and numbered
sections in the order of DOMAIN.md "Documents". Placeholders use the fields catalogue.
`python doc_templates/build.py` rewrites doc_templates/*.docx from this module.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as Docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from portal.documents import properties
from portal.documents.catalogue import SOORTEN
from portal.documents.formatting import marker

FONT = "Calibri"  # Carlito is metric-compatible where Calibri is absent (LibreOffice)
HEADER_FILL = "DCE3EC"  # light blue-grey behind table headings and labels
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)

# Blocks: ("p", text) | ("caption", text) (kept with what follows) | ("kv", [(label, value)])
#         | ("table", headers, loop, var, cells, widths_cm, empty) | ("raw", text) (a raw
#         docxtpl paragraph tag). A table whose loop is empty renders its `empty` sentence.
P, CAPTION, KV, TABLE, RAW, SIGN = "p", "caption", "kv", "table", "raw", "sign"
# ("sign", [(role, name)]): a signature block, side by side, without borders.
TEXT_WIDTH_CM = 16.0  # A4 with margins of 2.5 cm


def _tbl(headers, loop, var, cells, widths, empty) -> tuple:
    assert len(headers) == len(cells) == len(widths) and sum(widths) <= TEXT_WIDTH_CM
    return (TABLE, headers, loop, var, cells, widths, empty)


PARTNER_TABLE = _tbl(
    ["Partner", "Belang", "Capaciteit", "Projectverantwoordelijk"],
    "partners",
    "pt",
    [
        "{{ pt.naam }}",
        "{{ pt.belang }}",
        "{{ pt.capaciteit_uren }}",
        "{{ pt.projectverantwoordelijk }}",
    ],
    [5.0, 6.0, 2.5, 2.5],
    marker("deelnemende partners"),
)
GOAL_TABLE = _tbl(
    ["Doelstelling", "Indicator", "0-meting", "Streefwaarde"],
    "doelstellingen",
    "d",
    [
        "{{ d.doel }}",
        "{{ d.indicator }} {{ d.eenheid }}",
        "{{ d.nulmeting }}",
        "{{ d.streefwaarde }}",
    ],
    [5.5, 5.5, 2.5, 2.5],
    marker("doelstellingen met indicatoren"),
)
EFFECT_TABLE = _tbl(
    ["Doel en indicator", "0-meting", "1-meting", "Verschil", "Streefwaarde"],
    "doelstellingen",
    "d",
    [
        "{{ d.doel }}: {{ d.indicator }} {{ d.eenheid }}",
        "{{ d.nulmeting }}",
        "{{ d.eenmeting }}",
        "{{ d.verschil }}",
        "{{ d.streefwaarde }}",
    ],
    [6.0, 2.5, 2.5, 2.5, 2.5],
    marker("doelstellingen met 0- en 1-meting"),
)
ACTIVITY_TABLE = _tbl(
    ["Partner", "Activiteit"],
    "activiteiten",
    "a",
    ["{{ a.partner }}", "{{ a.omschrijving }}"],
    [5.0, 11.0],
    # The projectvoorstel prints it too, where no rule requires activities yet: a sentence.
    "Er zijn nog geen activiteiten per partner vastgelegd.",
)
RISK_TABLE = _tbl(
    ["Risico", "Beheersmaatregel"],
    "risicos",
    "r",
    ["{{ r.risico }}", "{{ r.beheersmaatregel }}"],
    [8.0, 8.0],
    marker("projectrisico's met beheersmaatregelen"),
)
PHASE_TABLE = _tbl(
    ["Fase", "Gepland", "Werkelijk", "GO/NO-GO aan het eind"],
    "fasen",
    "fs",
    [
        "{{ fs.fase }}",
        "{{ fs.gepland_start }} – {{ fs.gepland_eind }}",
        "{{ fs.werkelijk }}",
        "{{ fs.poort }}",
    ],
    [3.0, 4.5, 4.0, 4.5],
    marker("planning van de fasen"),
)
DECISION_TABLE = _tbl(
    ["Datum", "Orgaan", "Onderwerp", "Uitkomst", "Referentie"],
    "besluiten",
    "b",
    [
        "{{ b.datum }}",
        "{{ b.orgaan }}",
        "{{ b.onderwerp }}",
        "{{ b.uitkomst }}",
        "{{ b.referentie }}",
    ],
    [3.0, 3.5, 3.5, 3.0, 3.0],
    "Er zijn nog geen besluiten vastgelegd.",
)
TRANSITION_TABLE = _tbl(
    ["Datum", "Van", "Naar", "Toelichting"],
    "overgangen",
    "o",
    ["{{ o.datum }}", "{{ o.van }}", "{{ o.naar }}", "{{ o.reden }}"],
    [3.0, 3.0, 3.0, 7.0],
    "Er zijn nog geen faseovergangen vastgelegd.",
)
AVG_BLOCKS = [
    (
        KV,
        [
            ("Status", "{{ avg.status }} (referentie {{ avg.referentie }})"),
            ("Verwerkingsverantwoordelijken", "{{ avg.verwerkingsverantwoordelijken }}"),
            ("Functionaris gegevensbescherming", "{{ avg.functionaris_gegevensbescherming }}"),
            ("Doeleinden", "{{ avg.doeleinden }}"),
            ("Categorieën betrokkenen", "{{ avg.categorieen_betrokkenen }}"),
            ("Categorieën persoonsgegevens", "{{ avg.categorieen_persoonsgegevens }}"),
            ("Ontvangers", "{{ avg.ontvangers }}"),
            ("Doorgifte buiten de EU", "{{ avg.doorgifte }}"),
            ("Bewaartermijnen", "{{ avg.bewaartermijnen }}"),
            ("Beveiligingsmaatregelen", "{{ avg.beveiligingsmaatregelen }}"),
            ("Grondslag", "{{ avg.grondslag }}"),
            ("DPIA", "{{ avg.dpia }}"),
        ],
    ),
    _tbl(
        ["Partner", "Leveren", "Bewerken", "Inzien"],
        "avg.rechten",
        "rt",
        ["{{ rt.partner }}", "{{ rt.leveren }}", "{{ rt.bewerken }}", "{{ rt.inzien }}"],
        [7.0, 3.0, 3.0, 3.0],
        "Er zijn nog geen rechten per partner (leveren, bewerken, inzien) vastgelegd.",
    ),
]
PROJECT_KV = (
    KV,
    [
        ("Projectcode", "{{ project.code }}"),
        ("Projectnaam", "{{ project.naam }}"),
        ("Gemeenten", "{{ project.gemeenten }}"),
        ("Regio", "{{ project.regio }}"),
        ("Thema's", "{{ project.themas }}"),
        ("LSI-jaarthema", "{{ project.lsi_jaarthema }}"),
        ("Initiatiefnemer", "{{ project.initiatiefnemer }}"),
        ("Projectleider", "{{ project.projectleider }}"),
        ("RCF-adviseur", "{{ project.rcf_adviseur }}"),
        ("Analist O&A", "{{ project.analist }}"),
        ("Bestuurlijk verantwoordelijke", "{{ project.bestuurlijk_verantwoordelijke }}"),
        ("Looptijd", "{{ project.looptijd }}"),
    ],
)

RESULTS_BLOCKS = [
    (RAW, "{%p if resultaten %}"),
    (
        KV,
        [
            ("Controles gehouden", "{{ resultaten.controles }}"),
            ("Adressen bezocht", "{{ resultaten.adressen_bezocht }}"),
            ("Personen aangetroffen", "{{ resultaten.personen }}"),
        ],
    ),
    _tbl(
        ["Categorie", "Bevindingen"],
        "resultaten.bevindingen_per_categorie",
        "bc",
        ["{{ bc.categorie }}", "{{ bc.aantal }}"],
        [11.0, 5.0],
        "Er zijn nog geen bevindingen vastgelegd.",
    ),
    _tbl(
        ["Partner", "Acties", "Afgerond"],
        "resultaten.acties_per_partner",
        "ap",
        ["{{ ap.partner }}", "{{ ap.acties }}", "{{ ap.afgerond }}"],
        [8.0, 4.0, 4.0],
        "Er zijn nog geen opvolgacties vastgelegd.",
    ),
    # Outcomes as the evaluations report them (issue #19): per gemeente, per partner, yield.
    (CAPTION, "Uitkomsten per gemeente"),
    _tbl(
        ["Gemeente", "Uitkomsten", "Aantal", "Opbrengst"],
        "resultaten.uitkomsten_per_gemeente",
        "ug",
        ["{{ ug.naam }}", "{{ ug.uitkomsten }}", "{{ ug.aantal }}", "{{ ug.bedrag }}"],
        [3.5, 8.0, 1.5, 3.0],
        "Er zijn nog geen uitkomsten vastgelegd.",
    ),
    (CAPTION, "Uitkomsten per partner"),
    _tbl(
        ["Partner", "Uitkomsten", "Aantal", "Opbrengst"],
        "resultaten.uitkomsten_per_partner",
        "up",
        ["{{ up.naam }}", "{{ up.uitkomsten }}", "{{ up.aantal }}", "{{ up.bedrag }}"],
        [3.5, 8.0, 1.5, 3.0],
        "Er zijn nog geen uitkomsten vastgelegd.",
    ),
    (
        KV,
        [
            ("Financiële opbrengst", "{{ resultaten.opbrengst }}"),
            ("Kosten van acties", "{{ resultaten.kosten_totaal }}"),
            ("Saldo", "{{ resultaten.saldo }}"),
        ],
    ),
    (CAPTION, "Kosten per actie"),
    _tbl(
        ["Datum", "Soort", "Omschrijving", "Actie", "Bedrag"],
        "resultaten.kosten",
        "kp",
        [
            "{{ kp.datum }}",
            "{{ kp.soort }}",
            "{{ kp.omschrijving }}",
            "{{ kp.actie }}",
            "{{ kp.bedrag }}",
        ],
        [2.5, 2.5, 5.0, 3.5, 2.5],
        "Er zijn geen kosten van acties vastgelegd.",
    ),
    (RAW, "{%p for g in resultaten.grafieken %}"),
    (CAPTION, "{{ g.titel }}"),
    (P, "{{ g.afbeelding }}"),
    (RAW, "{%p endfor %}"),
    (RAW, "{%p else %}"),
    (P, "Er zijn nog geen resultaten vastgelegd."),
    (RAW, "{%p endif %}"),
]

# The header of a municipal college proposal and council note (seed 002 "Informatienota
# raad"): who writes, for whom, whom to ask, the B&W meeting's date (not the render date).
MUNICIPAL_HEADER = (
    KV,
    [
        ("Organisatieonderdeel", "{{ project.organisatieonderdeel }}"),
        ("Steller", "{{ project.projectleider }}"),
        ("Portefeuillehouder", "{{ project.bestuurlijk_verantwoordelijke }}"),
        (
            "Onderwerp",
            "Deelname aan het LSI-interventieproject {{ project.naam }} ({{ project.code }})",
        ),
        ("Voor vragen: telefoon", "{{ project.voor_vragen_telefoon }}"),
        ("Voor vragen: e-mail", "{{ project.voor_vragen_email }}"),
        ("Datum B en W", "{{ project.datum_college }}"),
        ("Registratienummer", "{{ project.registratienummer }}"),
    ],
)
SIGNATURE = [
    (
        SIGN,
        [
            ("de secretaris,", "{{ project.gemeentesecretaris }}"),
            ("de burgemeester,", "{{ project.burgemeester }}"),
        ],
    )
]
# The collegebesluit's extract of the projectvoorstel: only columns whose values are always
# there (a goal's indicator and a partner's name are required for a complete collegebesluit).
EXTRACT_GOALS = _tbl(
    ["Doelstelling", "Indicator"],
    "doelstellingen",
    "d",
    ["{{ d.doel }}", "{{ d.indicator }} {{ d.eenheid }}"],
    [8.0, 8.0],
    marker("doelstellingen met indicatoren"),
)
EXTRACT_PARTNERS = _tbl(
    ["Partner", "Projectverantwoordelijk (art. 7 lid 2)"],
    "partners",
    "pt",
    ["{{ pt.naam }}", "{{ pt.projectverantwoordelijk }}"],
    [8.5, 7.5],
    marker("deelnemende partners"),
)

LAYOUT: dict[str, dict] = {
    "collegebesluit": {
        "toc": False,
        "title_page": False,
        "subtitle": "Deelname aan het LSI-interventieproject {{ project.naam }}",
        "intro": [MUNICIPAL_HEADER],
        "sections": [
            (
                "Beslispunten",
                [
                    (P, "Het college besluit:"),
                    # Seed 001 par. 2.7: what the collegebesluit is for, point by point.
                    (
                        P,
                        "1. deel te nemen aan het interventieproject {{ project.naam }} onder de "
                        "Landelijke Stuurgroep Interventieteams (LSI), het project bestuurlijk "
                        "te dragen en als bestuurlijk verantwoordelijke "
                        "{{ project.bestuurlijk_verantwoordelijke }} aan te wijzen;",
                    ),
                    (
                        P,
                        "2. de gemeentelijk projectleider doorzettingsmacht binnen de "
                        "gemeentelijke organisatie te geven, zodat de afdelingen de afspraken "
                        "van het project uitvoeren;",
                    ),
                    (P, "3. de middelen voor het project vrij te maken: {{ project.begroting }};"),
                    (
                        P,
                        "4. personeel en administratieve ondersteuning vrij te maken: "
                        "{{ project.inzet_gemeente }};",
                    ),
                    (
                        P,
                        "5. {{ project.projectleider }} aan te wijzen als gemeentelijk "
                        "projectleider;",
                    ),
                    (
                        P,
                        "6. de voor het project benodigde gemeentelijke gegevens te verstrekken, "
                        "binnen de AVG-registratie van het project;",
                    ),
                    (P, "7. de voorwaarden van de LSI te aanvaarden, te weten:"),
                    (
                        P,
                        "a. het gebruik van de IVT-applicatie, ingericht door het BKWI, voor de "
                        "gegevens van het project;",
                    ),
                    (P, "b. {{ project.rcf_rol }};"),
                    (
                        P,
                        "c. de gemeentelijke prioriteit voor de af te handelen dossiers "
                        "(back-office): {{ project.prioriteit_backoffice }};",
                    ),
                    (P, "d. de afspraken over de communicatie: {{ project.communicatie }}"),
                ],
            ),
            (
                "Inleiding",
                [
                    (P, "{{ project.aanleiding }}"),
                    (P, "Leefbaarheid: {{ project.probleem_leefbaarheid }}"),
                    (P, "Veiligheid: {{ project.probleem_veiligheid }}"),
                ],
            ),
            ("Kernboodschap", [(P, "{{ project.kernboodschap }}")]),
            ("Beoogd resultaat", [(P, "{{ project.beoogd_resultaat }}")]),
            ("Beoogde voordelen", [(P, "{{ project.beoogde_voordelen }}")]),
            (
                "Kosten en dekking",
                [
                    (P, "Begroting: {{ project.begroting }}."),
                    (P, "{{ project.begroting_toelichting }}"),
                ],
            ),
            ("Communicatie en samenspraak", [(P, "{{ project.communicatie }}")]),
            (
                "Vervolg",
                [
                    (P, "{{ project.vervolg }}"),
                    # Signed above the appendices, as a municipal decision is.
                    (P, ""),
                    (P, "Aldus besloten in de vergadering van {{ project.datum_college }}."),
                    *SIGNATURE,
                ],
            ),
            (
                "Bijlagen",
                [
                    (
                        P,
                        "1. Uittreksel uit het projectvoorstel: projectgebied, doelstellingen "
                        "en deelnemende partners (hieronder).",
                    ),
                    (CAPTION, "Uittreksel projectvoorstel"),
                    (P, "Projectgebied: {{ project.projectgebied }}"),
                    EXTRACT_GOALS,
                    EXTRACT_PARTNERS,
                ],
            ),
        ],
    },
    # The Informatienota raad (seed 002): the college informs the council of its decision.
    "raadsinformatiebrief": {
        "toc": False,
        "title_page": False,
        "subtitle": "Deelname aan het LSI-interventieproject {{ project.naam }}",
        "intro": [
            (
                KV,
                [
                    *MUNICIPAL_HEADER[1],
                    ("Datum raadsinformatiebrief", "{{ project.datum_raadsinformatiebrief }}"),
                ],
            )
        ],
        "sections": [
            (
                "Kennisnemen van",
                [
                    (
                        P,
                        "Het besluit van het college van {{ project.datum_college }} om deel te "
                        "nemen aan het interventieproject {{ project.naam }} onder de Landelijke "
                        "Stuurgroep Interventieteams (LSI), in de gemeenten "
                        "{{ project.gemeenten }}, met {{ project.projectleider }} als "
                        "gemeentelijk projectleider en een begroting van "
                        "{{ project.begroting }}.",
                    )
                ],
            ),
            (
                "Inleiding",
                [
                    (P, "{{ project.aanleiding }}"),
                    (
                        P,
                        "Met het collegebesluit van {{ project.datum_college }} "
                        "(registratienummer {{ project.registratienummer }}) wordt hier "
                        "uitvoering aan gegeven.",
                    ),
                ],
            ),
            ("Kernboodschap", [(P, "{{ project.kernboodschap }}")]),
            ("Beoogd resultaat", [(P, "{{ project.beoogd_resultaat }}")]),
            ("Beoogde voordelen", [(P, "{{ project.beoogde_voordelen }}")]),
            (
                "Kosten en dekking",
                [
                    (P, "Begroting: {{ project.begroting }}."),
                    (P, "{{ project.begroting_toelichting }}"),
                ],
            ),
            ("Communicatie en samenspraak", [(P, "{{ project.communicatie }}")]),
            (
                "Vervolg",
                [
                    (P, "{{ project.vervolg }}"),
                    (P, ""),
                    (P, "Het college van burgemeester en wethouders,"),
                    *SIGNATURE,
                ],
            ),
            (
                "Bijlagen",
                [
                    (
                        P,
                        "1. Collegebesluit van {{ project.datum_college }} (registratienummer "
                        "{{ project.registratienummer }}).",
                    ),
                    (
                        P,
                        "2. Uittreksel uit het projectvoorstel: projectgebied, doelstellingen "
                        "en deelnemende partners (hieronder).",
                    ),
                    (CAPTION, "Uittreksel projectvoorstel"),
                    (P, "Projectgebied: {{ project.projectgebied }}"),
                    EXTRACT_GOALS,
                    EXTRACT_PARTNERS,
                ],
            ),
        ],
    },
    "projectvoorstel": {
        "toc": True,
        "title_page": True,
        "voor": "Regionaal Platform Fraudebestrijding (RPF) en Landelijke Stuurgroep "
        "Interventieteams (LSI)",
        "sections": [
            ("Projectgegevens", [PROJECT_KV]),
            ("Aanleiding", [(P, "{{ project.aanleiding }}")]),
            (
                "Probleemdefinitie",
                [
                    (P, "Leefbaarheid: {{ project.probleem_leefbaarheid }}"),
                    (P, "Veiligheid: {{ project.probleem_veiligheid }}"),
                    (P, "Draagvlak bestuur: {{ project.prioritering_draagvlak }}"),
                    (P, "Actualiteit: {{ project.prioritering_actualiteit }}"),
                ],
            ),
            (
                "Projectgebied",
                [
                    (P, "Postcodes: {{ project.projectgebied }}"),
                    (P, "Gemeenten: {{ project.gemeenten }}"),
                ],
            ),
            ("Doelstellingen en indicatoren", [GOAL_TABLE]),
            (
                "Partners, belang en capaciteit",
                [PARTNER_TABLE, (P, "Totale geplande capaciteit: {{ project.capaciteit_totaal }}")],
            ),
            (
                "Organisatie",
                [
                    (
                        P,
                        "Projectverantwoordelijke convenantpartners (art. 7 lid 2): "
                        "{{ project.projectverantwoordelijken }}",
                    ),
                    (
                        P,
                        "Projectleider: {{ project.projectleider }}; RCF-adviseur: "
                        "{{ project.rcf_adviseur }}; analist: {{ project.analist }}.",
                    ),
                ],
            ),
            ("Aanpak", [(P, "{{ project.werkwijze }}"), ACTIVITY_TABLE]),
            ("Planning en GO/NO-GO-momenten", [PHASE_TABLE]),
            (
                "Capaciteit en middelen",
                [
                    (P, "Begroting: {{ project.begroting }}"),
                    (P, "{{ project.begroting_toelichting }}"),
                ],
            ),
            ("Flankerend beleid", [(P, "{{ project.prioritering_flankerend_beleid }}")]),
            ("Gegevensverwerking", [(P, "{{ project.gegevensverwerking }}"), *AVG_BLOCKS]),
            (
                "Intake Onderzoek & Analyse",
                [
                    (
                        KV,
                        [
                            ("Datum intake", "{{ intake.datum }}"),
                            ("Capaciteit analyse", "{{ intake.analist_uren }}"),
                            ("Indicatief tijdpad", "{{ intake.tijdpad }}"),
                            ("Aard en omvang van het probleem", "{{ intake.aard_omvang }}"),
                            ("Indicatoren", "{{ intake.indicatoren }}"),
                            ("Bronnen voor de analyse", "{{ intake.bronnen }}"),
                            ("Planning inzet analist", "{{ intake.planning_analist }}"),
                            ("Samenvatting intakeverslag", "{{ intake.samenvatting }}"),
                            ("Intakeverslag", "{{ intake.verslag }}"),
                        ],
                    )
                ],
            ),
            ("0-meting", [(P, "{{ project.nulmeting }}")]),
        ],
    },
    "projectplan": {
        "toc": True,
        "title_page": True,
        "voor": "Regionaal Platform Fraudebestrijding (RPF) en Landelijke Stuurgroep "
        "Interventieteams (LSI)",
        "sections": [
            ("Projectnaam", [(P, "{{ project.naam }} ({{ project.code }})")]),
            ("Aanleiding", [(P, "{{ project.aanleiding }}")]),
            ("Deelnemende convenantpartners", [PARTNER_TABLE]),
            (
                "Projectverantwoordelijke convenantpartners",
                [
                    (
                        P,
                        "Conform art. 7 lid 2 van het LSI-convenant zijn aangewezen: "
                        "{{ project.projectverantwoordelijken }}.",
                    ),
                    (
                        P,
                        "Bestuurlijk verantwoordelijk: "
                        "{{ project.bestuurlijk_verantwoordelijke }}.",
                    ),
                ],
            ),
            ("Looptijd", [(P, "{{ project.looptijd }}"), PHASE_TABLE]),
            (
                "Geografisch gebied",
                [
                    (P, "Gemeenten: {{ project.gemeenten }}"),
                    (P, "Postcodes: {{ project.projectgebied }}"),
                ],
            ),
            ("Doelstellingen", [GOAL_TABLE]),
            ("Activiteiten", [ACTIVITY_TABLE]),
            ("Werkwijze", [(P, "{{ project.werkwijze }}")]),
            ("Projectrisico's", [RISK_TABLE]),
            ("Gegevensverwerking", [(P, "{{ project.gegevensverwerking }}"), *AVG_BLOCKS]),
            (
                "Uitvraag van gegevens",
                [
                    (
                        P,
                        "De datamanager van het Inlichtingenbureau vraagt de landelijke bronnen "
                        "uiterlijk acht weken vóór de afgesproken levering uit; de gegevens van "
                        "de Belastingdienst komen via de liaison van de Belastingdienst. De "
                        "projectleider ({{ project.projectleider }}) is verantwoordelijk voor "
                        "de gemeentelijke en externe bronnen.",
                    ),
                    (
                        P,
                        "Start van de analyse: {{ uitvraag.start_analyse }}. Bijeenkomst met de "
                        "systeembeheerders van de gemeentelijke bronnen: "
                        "{{ uitvraag.bijeenkomst }} (uiterlijk "
                        "{{ uitvraag.bijeenkomst_uiterlijk }}). Landelijke uitvraag gedaan: "
                        "{{ uitvraag.landelijke_uitvraag }}.",
                    ),
                    (CAPTION, "Uitvraagplan per bron"),
                    _tbl(
                        [
                            "Bron",
                            "Eigenaar en route",
                            "Specificatie",
                            "Uitvraag",
                            "Levering",
                            "Status",
                        ],
                        "uitvraag.plan",
                        "u",
                        [
                            "{{ u.soort }}: {{ u.bron }} ({{ u.gegevens }})",
                            "{{ u.eigenaar }}; {{ u.route }}",
                            "{{ u.specificatie }}",
                            "uiterlijk {{ u.uitvraag_uiterlijk }}; gedaan {{ u.uitgevraagd_op }}",
                            "{{ u.levering }}",
                            "{{ u.status }}",
                        ],
                        [4.0, 3.5, 2.0, 2.5, 2.0, 2.0],
                        "Er is nog geen uitvraagplan: leg per bron de gegevens, eigenaar, "
                        "route en leverdatum vast in het portaal.",
                    ),
                ],
            ),
            (
                "Capaciteit en planning",
                [
                    (
                        P,
                        "Totale geplande capaciteit: {{ project.capaciteit_totaal }}; begroting "
                        "{{ project.begroting }}.",
                    )
                ],
            ),
        ],
    },
    "eindrapportage": {
        "toc": True,
        "title_page": True,
        "voor": "RPF, Voorbereidingsgroep LSI en LSI; daarna college en gemeenteraad",
        "sections": [
            (
                "Samenvatting",
                # Written from the data (context._summary): period, partners, controls,
                # findings, follow-up and effect, one paragraph each.
                [
                    (RAW, "{%p for z in samenvatting %}"),
                    (P, "{{ z.tekst }}"),
                    (RAW, "{%p endfor %}"),
                ],
            ),
            ("Projectgegevens", [PROJECT_KV, PARTNER_TABLE]),
            (
                "Verloop per fase",
                [
                    PHASE_TABLE,
                    TRANSITION_TABLE,
                ],
            ),
            ("Resultaten", RESULTS_BLOCKS),
            (
                "Effectmeting",
                [
                    EFFECT_TABLE,
                    (P, "1-meting: {{ project.eenmeting }}"),
                    # Questionnaire results and menselijke maat as measurements (issue #19).
                    (RAW, "{%p if resultaten %}"),
                    (CAPTION, "Vragenlijsten: 0-meting en 1-meting"),
                    _tbl(
                        ["Vraag", "0-meting", "1-meting", "Verschil"],
                        "resultaten.metingen",
                        "mt",
                        [
                            "{{ mt.vraag }} ({{ mt.vragenlijst }})",
                            "{{ mt.nulmeting }}",
                            "{{ mt.eenmeting }}",
                            "{{ mt.verschil }}",
                        ],
                        [7.0, 3.0, 3.0, 3.0],
                        "Er zijn geen vragenlijsten als 0- of 1-meting vastgelegd.",
                    ),
                    (CAPTION, "Menselijke maat: hoe bewoners de controles ervoeren"),
                    _tbl(
                        ["Controle of gebied", "Vraag", "Resultaat", "Opmerkingen"],
                        "resultaten.ervaring",
                        "er",
                        [
                            "{{ er.controle }}",
                            "{{ er.vraag }}",
                            "{{ er.resultaat }}",
                            "{{ er.opmerkingen }}",
                        ],
                        [3.5, 5.0, 3.0, 4.5],
                        "Er zijn geen ervaringen van bewoners vastgelegd.",
                    ),
                    (RAW, "{%p endif %}"),
                ],
            ),
            (
                "Evaluatie",
                [
                    (P, "Knelpunten: {{ project.evaluatie_knelpunten }}"),
                    (P, "Aanbevelingen: {{ project.evaluatie_aanbevelingen }}"),
                ],
            ),
            (
                "Financiën",
                [
                    (P, "Begroting: {{ project.begroting }}"),
                    (P, "{{ project.begroting_toelichting }}"),
                ],
            ),
            (
                "Communicatie",
                [
                    (P, "{{ project.communicatie }}"),
                    # The published items, with whom they were agreed (issue #19).
                    (RAW, "{%p if resultaten %}"),
                    (CAPTION, "Gepubliceerde berichten"),
                    _tbl(
                        ["Datum", "Bericht", "Medium", "Afgestemd met"],
                        "resultaten.communicatie",
                        "cm",
                        [
                            "{{ cm.gepubliceerd_op }}",
                            "{{ cm.titel }} ({{ cm.soort }})",
                            "{{ cm.medium }} {{ cm.link }}",
                            "{{ cm.afgestemd_met }}",
                        ],
                        [2.5, 5.5, 4.5, 3.5],
                        "Er zijn geen berichten gepubliceerd.",
                    ),
                    (RAW, "{%p endif %}"),
                ],
            ),
            ("Besluitvorming", [DECISION_TABLE]),
        ],
    },
}


def headings(soort: str) -> list[str]:
    return [f"{i}. {title}" for i, (title, _) in enumerate(LAYOUT[soort]["sections"], 1)]


def _field(paragraph, instr: str, cached: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with a cached result LibreOffice/Word can update."""

    def add(tag: str, **attrs):
        run = paragraph.add_run()
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        run._r.append(el)
        return run

    add("w:fldChar", **{"w:fldCharType": "begin"})
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    add("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(cached)
    add("w:fldChar", **{"w:fldCharType": "end"})


def _shade(cell, fill: str = HEADER_FILL) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _row_flag(row, tag: str) -> None:
    """w:tblHeader: Word and LibreOffice repeat the row on every page the table spans;
    w:cantSplit: the row is never broken over two pages."""
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _widths(table, widths_cm: list[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _table(doc, headers, loop, var, cells, widths, empty) -> None:
    doc.add_paragraph(f"{{%p if {loop} %}}")
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    _row_flag(table.rows[0], "w:tblHeader")
    _row_flag(table.rows[2], "w:cantSplit")
    for i, h in enumerate(headers):
        cell = table.rows[0].cells[i]
        cell.text = h
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell)
    table.rows[1].cells[0].text = f"{{%tr for {var} in {loop} %}}"
    for i, c in enumerate(cells):
        table.rows[2].cells[i].text = c
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, widths)
    doc.add_paragraph()
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(empty)
    doc.add_paragraph("{%p endif %}")


def _kv(doc, pairs) -> None:
    table = doc.add_table(rows=len(pairs), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, pairs, strict=True):
        row.cells[0].text = label
        row.cells[0].paragraphs[0].runs[0].bold = True
        _shade(row.cells[0])
        row.cells[1].text = value
        _row_flag(row, "w:cantSplit")
    _widths(table, [5.0, 11.0])
    doc.add_paragraph()


def _blocks(doc, blocks) -> None:
    for block in blocks:
        kind = block[0]
        if kind in (P, RAW):
            doc.add_paragraph(block[1])
        elif kind == CAPTION:
            caption = doc.add_paragraph(block[1])
            caption.paragraph_format.keep_with_next = True
            caption.runs[0].italic = True
        elif kind == KV:
            _kv(doc, block[1])
        elif kind == TABLE:
            _table(doc, *block[1:])
        elif kind == SIGN:
            _signature(doc, block[1])


def _signature(doc, pairs) -> None:
    """Role above, room to sign, name below - side by side, as a municipal decision ends."""
    doc.add_paragraph().paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(pairs))
    for cell, (role, name) in zip(table.rows[0].cells, pairs, strict=True):
        cell.text = role
        cell.paragraphs[0].paragraph_format.keep_with_next = True
        for _ in range(2):
            cell.add_paragraph().paragraph_format.keep_with_next = True
        cell.add_paragraph(name)
    _row_flag(table.rows[0], "w:cantSplit")
    _widths(table, [TEXT_WIDTH_CM / len(pairs)] * len(pairs))


def _title_page(doc, spec: dict) -> None:
    # "Concept – Eindrapportage" before Afronding (document.concept is empty otherwise).
    doc.add_paragraph("{{ document.concept }}{{ document.titel }}", style="Title")
    doc.add_paragraph("{{ project.naam }}", style="Subtitle")
    _kv(
        doc,
        [
            ("Gemeente(n)", "{{ project.gemeenten }}"),
            ("Projectcode", "{{ project.code }}"),
            ("Versie en datum", "Versie {{ document.versie }}, {{ document.datum }}"),
            ("Projectleider", "{{ project.projectleider }}"),
            ("RCF-adviseur", "{{ project.rcf_adviseur }}"),
            ("Bestemd voor", spec["voor"]),
        ],
    )
    doc.add_paragraph(
        "Interventieproject onder het Samenwerkingsconvenant Interventieteams (LSI), "
        "regio {{ project.regio }}."
    )
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _running_header_footer(section) -> None:
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = "{{ project.naam }} – {{ document.concept }}{{ document.titel }}"
    header.runs[0].font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.add_run("Versie {{ document.versie }} – {{ document.datum }} – pagina ")
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(9)


def build(soort: str) -> Docx:
    spec = LAYOUT[soort]
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Subtitle"):
        doc.styles[name].font.name = FONT
        doc.styles[name].font.color.rgb = ACCENT

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _running_header_footer(section)
    if spec["title_page"]:
        # The title page has no running header/footer; every later page has both.
        section.different_first_page_header_footer = True
        _title_page(doc, spec)
    else:
        # A collegebesluit opens with its header block, as a municipal decision form does.
        doc.add_paragraph("{{ document.titel }}", style="Title")
        if spec.get("subtitle"):
            doc.add_paragraph(spec["subtitle"], style="Subtitle")
        _blocks(doc, spec.get("intro", []))

    if spec["toc"]:
        doc.add_paragraph("Inhoud", style="Subtitle")
        toc = doc.add_paragraph()
        _field(toc, 'TOC \\o "1-1" \\h \\z \\u', "\n".join(headings(soort)))
        body = doc.add_section(WD_SECTION.NEW_PAGE)
        body.different_first_page_header_footer = False

    for number, (title, blocks) in enumerate(spec["sections"], 1):
        doc.add_heading(f"{number}. {title}", level=1)
        _blocks(doc, blocks)
    _blocks(doc, spec.get("outro", []))  # e.g. the signature block

    # Ask Word to refresh the table of contents and page numbers when the file is opened.
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    # The shipped file itself is Dutch and named too (an administrator may start from it);
    # every render sets the language and properties again for whatever template it gets.
    titel = SOORTEN[soort]
    properties.apply(
        doc,
        properties.Properties(title=f"Sjabloon {titel}", author=properties.PORTAL, category=titel),
    )
    return doc


def build_all(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    out = []
    for soort in LAYOUT:
        path = target / f"{soort}.docx"
        build(soort).save(path)
        out.append(path)
    return out
