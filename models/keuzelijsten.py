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

BESLUIT_ORGANEN = (
    "College B&W",
    "Gemeenteraad",
    "RPF",
    "Voorbereidingsgroep LSI",
    "LSI",
)
BESLUIT_ONDERWERPEN = (
    "Collegebesluit",
    "Projectvoorstel",
    "Projectplan",
    "Eindrapportage",
    "Overig",
)
BESLUIT_UITKOMSTEN = (
    "Akkoord",
    "Akkoord met voorwaarden",
    "Aangehouden",
    "Afgewezen",
    "Advies",
)

AVG_STATUSSEN = ("Concept", "Ingediend", "Geregistreerd")
