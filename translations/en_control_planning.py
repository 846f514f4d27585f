"""English for control evenings planned ahead (portal/casework/planning.py, the control
screens and their templates, issue #19 part 1)."""

EN = {
    # stored vocabulary (portal.formatting VALUE_LABELS)
    "Gepland": "Planned",
    "Uitgevoerd": "Carried out",
    "Geen": "None",
    "Politie stand-by": "Police on stand-by",
    "Politie aanwezig": "Police present",
    "Legitimatiebewijzen en machtigingen": "Identity cards and authorisations",
    "Formulieren en checklists": "Forms and checklists",
    "Telefoons of portofoons (opgeladen)": "Phones or radios (charged)",
    "Zaklampen": "Torches",
    "Veiligheidshesjes": "Safety vests",
    "EHBO-set": "First-aid kit",
    "CO-melder en meetapparatuur": "CO detector and measuring equipment",
    "Camera voor vastlegging": "Camera for the record",
    # rules
    "Plan een controle op vandaag of later; een gehouden controle legt u vast.": (
        "Plan an inspection for today or later; an inspection already held is recorded."
    ),
    "Vul de aanvangstijd in.": "Enter the start time.",
    "Beschrijf het doel van de controle.": "Describe the purpose of the inspection.",
    "Kies de adressen (casussen) die op de planning staan.": (
        "Choose the addresses (cases) on the schedule."
    ),
    "Onbekend uitrustingsstuk: %(item)s": "Unknown equipment: %(item)s",
    "Alleen een geplande controle kan nog worden gewijzigd.": (
        "Only a planned inspection can still be changed."
    ),
    "Kies geen politie, politie stand-by of aanwezig.": (
        "Choose no police, police on stand-by or police present."
    ),
    "De risicobeoordeling stelt '%(voorstel)s' voor; leg vast waarom een lichtere inzet "
    "volstaat.": (
        "The risk assessment proposes '%(voorstel)s'; record why a lighter deployment will do."
    ),
    "Niet op de checklist: %(item)s": "Not on the checklist: %(item)s",
    "Kies alleen adressen die op de planning stonden.": (
        "Choose only addresses that were on the schedule."
    ),
    "Leg vast waarom de controle niet doorgaat.": "Record why the inspection is called off.",
    "Leg bevindingen vast nadat de controle is gehouden.": (
        "Record findings after the inspection was held."
    ),
    "Risicobeoordeling ontbreekt voor %(n)s adres(sen).": (
        "Risk assessment missing for %(n)s address(es)."
    ),
    "Politie-inzet is nog niet afgesproken.": "Police deployment not yet arranged.",
    "De lokale politie is nog niet geïnformeerd.": "The local police has not been informed yet.",
    "Het calamiteitenplan (verzamelpunt en belschema) is niet compleet.": (
        "The emergency plan (assembly point and call tree) is not complete."
    ),
    "Uitrusting nog niet gereed: %(n)s onderdeel/onderdelen.": (
        "Equipment not ready yet: %(n)s item(s)."
    ),
    "Controle %(datum)s: briefing klaar": "Inspection %(datum)s: briefing ready",
    "Risicobeoordeling, politie-inzet, calamiteitenplan en uitrusting rond, %(n)s dagen vóór "
    "de controle (seed 002, aanbeveling 5).": (
        "Risk assessment, police deployment, emergency plan and equipment settled, %(n)s days "
        "before the inspection (seed 002, recommendation 5)."
    ),
    "Ongeldige tijd: %(v)s": "Invalid time: %(v)s",
    # screens
    "Controle gepland.": "Inspection planned.",
    "Controle plannen": "Plan an inspection",
    "Planning bijgewerkt.": "Plan updated.",
    "Planning wijzigen": "Change the plan",
    "Risicobeoordeling vastgelegd voor %(adres)s.": "Risk assessment recorded for %(adres)s.",
    "Checklist bijgewerkt.": "Checklist updated.",
    "Uitvoering vastgelegd; leg nu de bevindingen vast.": (
        "Outcome recorded; now record the findings."
    ),
    "Controle geannuleerd.": "Inspection called off.",
    "Geplande controles": "Planned inspections",
    "Planning en veiligheid": "Plan and safety",
    "Nog open vóór de controle": "Still open before the inspection",
    "Alles is voorbereid; de briefing is klaar.": "Everything is prepared; the briefing is ready.",
    "De avond": "The evening",
    "Doel": "Purpose",
    "Aanvang": "Start time",
    "Politie-inzet van de avond": "Police deployment for the evening",
    "Politie-inzet afgesproken": "Police deployment arranged",
    "Lokale politie geïnformeerd": "Local police informed",
    "Verzamelpunt": "Assembly point",
    "Wie belt wie": "Who calls whom",
    "Nog geen team.": "No team yet.",
    "Uitrusting": "Equipment",
    "Wat is gereed?": "What is ready?",
    "Er staat geen uitrusting op de checklist.": "There is no equipment on the checklist.",
    "Checklist opslaan": "Save checklist",
    "Reden van annuleren": "Reason for calling off",
    "Controle annuleren": "Call off the inspection",
    "Adressen op de planning en risicobeoordeling": "Addresses on the schedule and risk assessment",
    "Voorgestelde inzet": "Proposed deployment",
    "Gekozen inzet": "Chosen deployment",
    "Bezocht": "Visited",
    "casus": "case",
    "bekende agressie": "known aggression",
    "wapens": "weapons",
    "honden": "dogs",
    "kwetsbare bewoners": "vulnerable residents",
    "geen bekende risico's": "no known risks",
    "Indeling en uitgangen": "Layout and exits",
    "nog niet beoordeeld": "not assessed yet",
    "Risicobeoordeling van %(adres)s": "Risk assessment of %(adres)s",
    "Wat is bekend over dit adres?": "What is known about this address?",
    "Bekende agressie": "Known aggression",
    "Wapens": "Weapons",
    "Honden": "Dogs",
    "Kwetsbare bewoners": "Vulnerable residents",
    "Politie-inzet (leeg: het voorstel)": "Police deployment (empty: the proposal)",
    "Voorstel volgen": "Follow the proposal",
    "Reden bij een lichtere inzet dan voorgesteld": "Reason for a lighter deployment than proposed",
    "Beoordeling opslaan": "Save assessment",
    "Er staan (voor u) geen adressen op de planning.": (
        "There are no addresses on the schedule (for you)."
    ),
    "Doel van de controle": "Purpose of the inspection",
    "Politie-inzet (aanwezig of stand-by) afgesproken": (
        "Police deployment (present or on stand-by) arranged"
    ),
    "Calamiteitenplan": "Emergency plan",
    "Adressen op de planning": "Addresses on the schedule",
    "Rol": "Role",
    "Uitrusting op de checklist": "Equipment on the checklist",
    "De risicobeoordeling per adres legt u daarna vast op de pagina van de controle.": (
        "You then record the risk assessment per address on the inspection's page."
    ),
    "Planning opslaan": "Save plan",
    "Uitvoering vastleggen": "Record the outcome",
    "Terug naar de controle": "Back to the inspection",
    "Datum waarop de controle is gehouden": "Date the inspection was held",
    "Er staan geen adressen op de planning.": "There are no addresses on the schedule.",
    "Uitvoering opslaan": "Save outcome",
    "Nog %(n)s punt(en) open": "%(n)s point(s) still open",
    "Briefing klaar": "Briefing ready",
    "Er is geen controle gepland.": "No inspection is planned.",
    "Briefing downloaden (.docx)": "Download briefing (.docx)",
    "Geen adressen die u mag zien.": "No addresses you may see.",
    "adressen op de planning": "addresses on the schedule",
    "Terug": "Back",
    "Datum en aanvang": "Date and start time",
    "Partner": "Partner",
    "Reden": "Reason",
    "Toelichting": "Note",
    "Politie": "Police",
}
