"""English for the collegebesluit and the raadsinformatiebrief in the municipal format
(issue #18 part 1): project fields, their help texts and the completeness rules."""

EN = {
    "Organisatieonderdeel": "Organisational unit",
    "Voor vragen: telefoonnummer": "For questions: telephone",
    "Voor vragen: e-mailadres": "For questions: e-mail",
    "Datum B&W-vergadering": "Date of the B&W meeting",
    "Kernboodschap": "Key message",
    "Beoogd resultaat": "Intended result",
    "Beoogde voordelen": "Intended benefits",
    "Vervolg": "Next steps",
    "Gemeentesecretaris (ondertekening)": "Municipal secretary (signature)",
    "Burgemeester (ondertekening)": "Mayor (signature)",
    "Personeel en administratieve ondersteuning": "Staff and administrative support",
    "Prioriteit back-office": "Back-office priority",
    "Datum raadsinformatiebrief": "Date of the council information letter",
    "Deelnemende partners": "Participating partners",
    "RCF-adviseur als mede-projectleider": "RCF adviser as co-project leader",
    "Collegebesluit en raadsinformatiebrief": "College decision and council information letter",
    "raadsinformatiebrief": "council information letter",
    "Afdeling of team van de steller, bijv. Team Openbare Orde.": (
        "Department or team of the author, e.g. Team Public Order."
    ),
    "Telefoonnummer in de kop van collegebesluit en raadsbrief.": (
        "Telephone number in the header of the college decision and the council letter."
    ),
    "E-mailadres in de kop van collegebesluit en raadsbrief.": (
        "E-mail address in the header of the college decision and the council letter."
    ),
    "De vergadering van burgemeester en wethouders (niet de datum van genereren).": (
        "The meeting of the mayor and aldermen (not the date of generating)."
    ),
    "De kern van het voorstel in een paar zinnen.": "The core of the proposal in a few sentences.",
    "Wat levert de deelname de gemeente op?": "What does taking part bring the municipality?",
    "Welk personeel en welke administratieve ondersteuning de gemeente vrijmaakt.": (
        "Which staff and administrative support the municipality makes available."
    ),
    "Hoe de gemeente de dossiers uit het project voorrang geeft (back-office).": (
        "How the municipality gives the project's files priority (back office)."
    ),
    "Wijst het college de RCF-adviseur aan als mede-projectleider namens de gemeente?": (
        "Does the college appoint the RCF adviser as co-project leader for the municipality?"
    ),
    "Wat er na het besluit gebeurt.": "What happens after the decision.",
    "Datum waarop de raad wordt geïnformeerd.": "Date on which the council is informed.",
    (
        "Een raadsinformatiebrief informeert de gemeenteraad; hij wordt niet bij RPF of LSI "
        "ingediend."
    ): (
        "A council information letter informs the municipal council; it is not submitted to "
        "the RPF or the LSI."
    ),
}
