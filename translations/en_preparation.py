"""English for the preparation phase: uitvraag plan, O&A intake, themes (portal/preparation,
views/preparation.py, portal/templates/preparation)."""

EN = {
    # rules and messages
    "Vul een getal van 0 of hoger in.": "Enter a number of 0 or more.",
    "Bestaat al: dit project heeft al een intake O&A. Bewerk die in plaats van een nieuwe.": (
        "Already exists: this project already has an O&A intake. Edit it instead of adding "
        "a new one."
    ),
    "postcodes van de gemeenten %(namen)s": "postcodes of the municipalities %(namen)s",
    "geen postcodes vastgelegd voor %(namen)s (Stamgegevens, Gemeenten)": (
        "no postcodes recorded for %(namen)s (Master data, Municipalities)"
    ),
    "geen gemeenten gekozen": "no municipalities chosen",
    "Vul een jaartal tussen 2000 en 2100 in.": "Enter a year between 2000 and 2100.",
    "%(naam)s is geen LSI-jaarthema: kies een thema met een jaar, of leg het jaar vast bij "
    "Stamgegevens, Thema's.": (
        "%(naam)s is not an LSI year theme: choose a theme with a year, or record the year "
        "under Master data, Themes."
    ),
    "Minimaal 8 weken vóór de start van de analyse (%(start)s).": (
        "At least 8 weeks before the analysis starts (%(start)s)."
    ),
    "Bijeenkomst met de systeembeheerders van de gemeentelijke bronnen": (
        "Meeting with the system administrators of the municipal sources"
    ),
    "Landelijke uitvraag via het Inlichtingenbureau": (
        "National data request via the Inlichtingenbureau"
    ),
    "Landelijke uitvraag: %(bron)s": "National data request: %(bron)s",
    "Uiterlijk 8 weken vóór de afgesproken levering (%(levering)s).": (
        "At the latest 8 weeks before the agreed delivery (%(levering)s)."
    ),
    "Levering van gegevens: %(bron)s": "Data delivery: %(bron)s",
    "De met de bron afgesproken leverdatum.": "The delivery date agreed with the source.",
    "Deze leveringsroute past niet bij de soort bron %(soort)s; kies uit: %(routes)s.": (
        "This delivery route does not fit the source type %(soort)s; choose from: %(routes)s."
    ),
    "Gegevens van de Belastingdienst gaan niet rechtstreeks naar het Inlichtingenbureau: kies "
    "de liaison van de Belastingdienst.": (
        "Data of the Belastingdienst does not go directly to the Inlichtingenbureau: choose the "
        "Belastingdienst's liaison."
    ),
    "Vul in wanneer de gegevens geleverd zijn.": "Enter when the data was delivered.",
    "Vul in wanneer de gegevens uitgevraagd zijn.": "Enter when the data was requested.",
    "De levering ligt vóór de uitvraag.": "The delivery is before the request.",
    # labels and help texts
    "Soort bron": "Source type",
    "Bron": "Source",
    "Ketenpartner": "Partner organisation",
    "Uit te vragen gegevens": "Data to request",
    "Eigenaar van de gegevens": "Owner of the data",
    "Leveringsroute": "Delivery route",
    "Specificatie verstuurd op": "Specification sent on",
    "Uitgevraagd op": "Requested on",
    "Afgesproken levering": "Agreed delivery",
    "Geleverd op": "Delivered on",
    "Status": "Status",
    "Toelichting": "Explanation",
    "Datum intake": "Intake date",
    "Capaciteit analyse (uren analist)": "Analysis capacity (analyst hours)",
    "Indicatief tijdpad": "Indicative timeline",
    "Aard en omvang van het probleem": "Nature and size of the problem",
    "Toe te passen indicatoren": "Indicators to apply",
    "Bronnen voor de analyse": "Sources for the analysis",
    "Indicatieve planning inzet analist": "Indicative planning of the analyst",
    "Samenvatting intakeverslag": "Summary of the intake report",
    "Intakeverslag (vindplaats)": "Intake report (where it is kept)",
    "Soort": "Kind",
    "LSI-jaarthema in jaar": "LSI year theme in year",
    "Omschrijving": "Description",
    "Volgorde": "Order",
    "Actief": "Active",
    "Bijv. UWV, BRP, gemeentelijke belastingen, energieleverancier.": (
        "E.g. UWV, BRP, municipal taxes, energy supplier."
    ),
    "Wie verantwoordelijk is voor deze gegevensset (bijv. de systeembeheerder).": (
        "Who is responsible for this data set (e.g. the system administrator)."
    ),
    "Landelijk: via de datamanager van het Inlichtingenbureau (Belastingdienst via zijn "
    "liaison); gemeentelijk: de systeembeheerder of de projectleider; extern: de "
    "projectleider.": (
        "National: through the Inlichtingenbureau's data manager (Belastingdienst through its "
        "liaison); municipal: the system administrator or the project leader; external: the "
        "project leader."
    ),
    "Bij een landelijke bron moet de uitvraag uiterlijk 8 weken eerder gedaan zijn.": (
        "For a national source the request must be made at least 8 weeks earlier."
    ),
    "Waar het verslag van O&A staat, tot het als bijlage aan het project is gekoppeld.": (
        "Where the O&A report is kept, until it is linked to the project as an attachment."
    ),
    "Alleen invullen als het thema een LSI-jaarthema is (was).": (
        "Fill in only if the theme is (was) an LSI year theme."
    ),
    "Bijeenkomst systeembeheerders (gemeentelijke bronnen)": (
        "Meeting of system administrators (municipal sources)"
    ),
    "Gericht op": "Aimed at",
    "Postcodes van de gemeente": "Postcodes of the municipality",
    "Bijv. huisvesting arbeidsmigranten, adresfraude (beheerde lijst, Stamgegevens).": (
        "E.g. housing of labour migrants, address fraud (managed list, Master data)."
    ),
    "Een gebied (postcodes verplicht) of een thema of fenomeen in de deelnemende gemeenten.": (
        "An area (postcodes required) or a theme or phenomenon in the participating municipalities."
    ),
    "Een thema met een jaar uit de lijst van thema's.": "A theme with a year from the theme list.",
    "Bijv. 5091-5094, 5521-5531: de reikwijdte van signalen van themaprojecten.": (
        "E.g. 5091-5094, 5521-5531: the scope of signals of theme projects."
    ),
    "Minimaal 8 weken vóór de start van de analyse (seed 001 par. 3.2).": (
        "At least 8 weeks before the analysis starts (seed 001 par. 3.2)."
    ),
    "De landelijke uitvraag en de bijeenkomst met de systeembeheerders moeten minstens 8 weken "
    "eerder.": (
        "The national data request and the meeting with the system administrators must be at "
        "least 8 weeks earlier."
    ),
    # screens
    "Uitvraagplan": "Data request plan",
    "Bron toevoegen aan het uitvraagplan": "Add a source to the data request plan",
    "Uitvraag bewerken": "Edit data request",
    "Uitvraag van gegevens": "Data request",
    "Intakes Onderzoek & Analyse": "Research & Analysis intakes",
    "Intake O&A vastleggen": "Record the O&A intake",
    "Intake O&A bewerken": "Edit the O&A intake",
    "Intake Onderzoek & Analyse": "Research & Analysis intake",
    "Thema's en fenomenen": "Themes and phenomena",
    "Thema": "Theme",
    "Fenomeen": "Phenomenon",
    "Thema toevoegen": "Add theme",
    "Thema bewerken": "Edit theme",
    "Uitvraag van gegevens en intake O&A": "Data request and O&A intake",
    "Resultaten per thema": "Results per theme",
    "Dit project richt zich op een thema of fenomeen: signalen moeten liggen in de postcodes "
    "van de deelnemende gemeenten (of in het projectgebied, als dat is ingevuld).": (
        "This project targets a theme or phenomenon: signals must lie in the postcodes of the "
        "participating municipalities (or in the project area, if one is filled in)."
    ),
    "De intake is compleet voor het projectvoorstel.": (
        "The intake is complete for the project proposal."
    ),
    "De intake is nog niet compleet: vul uren, tijdpad, aard en omvang, indicatoren, bronnen "
    "en planning in.": (
        "The intake is not complete yet: fill in hours, timeline, nature and size, indicators, "
        "sources and planning."
    ),
    "Intake bekijken": "View intake",
    "Intake bewerken": "Edit intake",
    "Nog geen intake met O&A vastgelegd; het projectvoorstel is pas compleet met de intake.": (
        "No O&A intake recorded yet; the project proposal is complete only with the intake."
    ),
    "Intake vastleggen": "Record intake",
    "Uitvraagplan per bron": "Data request plan per source",
    "Nog geen uitvraagplan: leg per bron (landelijk, gemeentelijk, extern) vast welke "
    "gegevens, van wie, langs welke route en wanneer.": (
        "No data request plan yet: record per source (national, municipal, external) which "
        "data, from whom, by which route and when."
    ),
    "Bron toevoegen": "Add source",
    "Termijnen van de uitvraag": "Deadlines of the data request",
    "Per thema de resultaten van de projecten die u mag zien; een project met meer thema's "
    "telt bij elk thema mee.": (
        "Per theme the results of the projects you may see; a project with several themes "
        "counts under each."
    ),
    "LSI-jaarthema %(jaar)s": "LSI year theme %(jaar)s",
    "Resultaten van de projecten met thema %(naam)s": "Results of the projects with theme %(naam)s",
    "Totaal": "Total",
    "Nog geen projecten met een thema die u mag zien. Kies de thema's van een project op zijn "
    "bewerkpagina.": (
        "No projects with a theme that you may see yet. Choose a project's themes on its edit page."
    ),
    # stored vocabulary (portal.formatting.VALUE_LABELS)
    "Gebied": "Area",
    "Thema of fenomeen": "Theme or phenomenon",
    "Landelijk": "National",
    "Gemeentelijk": "Municipal",
    "Extern": "External",
    "Datamanager Inlichtingenbureau": "Data manager of the Inlichtingenbureau",
    "Liaison Belastingdienst": "Belastingdienst liaison",
    "Systeembeheerder aan Inlichtingenbureau": "System administrator to the Inlichtingenbureau",
    "Via gemeentelijk projectleider": "Through the municipal project leader",
    "Te doen": "To do",
    "Specificatie verstuurd": "Specification sent",
    "Uitgevraagd": "Requested",
    "Geleverd": "Delivered",
    "Vervallen": "Cancelled",
}
