"""Fixed vocabularies of the LSI domain (DOMAIN.md), in the Dutch the documents use."""

FASEN = (
    "Initiatief",
    "Verkenning",
    "Voorbereiding",
    "Uitvoering",
    "Afronding",
    "Afgesloten",
    "Gestopt",
)
# Phases that have a planned/actual period (the two end states have none).
PLANBARE_FASEN = FASEN[:5]

PARTNER_TYPEN = (
    "Gemeente",
    "UWV",
    "SVB",
    "Belastingdienst/Belastingen",
    "Belastingdienst/Toeslagen",
    "Nederlandse Arbeidsinspectie",
    "IND",
    "Politie",
    "OM",
    "KvK",
    "RDW",
    "Inlichtingenbureau",
    "BKWI",
    "Veiligheidsregio",
    "Omgevingsdienst",
    "Woningcorporatie",
    "Energie-/waterleverancier",
    "Overig",
)

# The bodies that decide (or advise) on the LSI route; portal/process.py orders them.
COLLEGE = "College B&W"
GEMEENTERAAD = "Gemeenteraad"
RPF = "RPF"
VOORBEREIDINGSGROEP = "Voorbereidingsgroep LSI"
LSI = "LSI"
# The project group (gemeente, RCF and the brainstorm's partners) takes the GO/NO-GO on the
# problem definition (seed 001 §2.4).
PROJECTGROEP = "Projectgroep"
BESLUIT_ORGANEN = (COLLEGE, GEMEENTERAAD, RPF, VOORBEREIDINGSGROEP, LSI, PROJECTGROEP)
# The bodies whose meetings the secretaris LSI keeps in the calendar.
VERGADER_ORGANEN = (VOORBEREIDINGSGROEP, LSI)
BESLUIT_ONDERWERPEN = (
    "Probleemdefinitie",
    "Collegebesluit",
    "Projectvoorstel",
    "Projectplan",
    "Eindrapportage",
    "Overig",
)
AKKOORD = "Akkoord"
AKKOORD_MET_VOORWAARDEN = "Akkoord met voorwaarden"
AANGEHOUDEN = "Aangehouden"
AFGEWEZEN = "Afgewezen"
ADVIES = "Advies"
BESLUIT_UITKOMSTEN = (AKKOORD, AKKOORD_MET_VOORWAARDEN, AANGEHOUDEN, AFGEWEZEN, ADVIES)

AVG_STATUSSEN = ("Concept", "Ingediend", "Geregistreerd")
# The IVT application at the BKWI (seed 001 §3.7).
IVT_AANGEVRAAGD = "Aangevraagd"
IVT_INGERICHT = "Ingericht"
IVT_STATUSSEN = (IVT_AANGEVRAAGD, IVT_INGERICHT)
