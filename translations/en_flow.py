"""English of the msgids added for issue #15 §5 "Flow" (project page, decisions, coupling)."""
# ruff: noqa: E501

EN = {
    "Kies een uitkomst": "Choose an outcome",
    "Besluit vastgelegd": "Decision logged",
    "Planning": "Planning",
    "Gegevens": "Details",
    "projectleider en RCF-adviseur": "project leader and RCF adviser",
    "privacyfunctionaris": "privacy officer",
    "Wijzigen": "Edit",
    "Stand van zaken": "Status",
    "Volgende poort": "Next gate",
    "open": "open",
    "het project kan naar de volgende fase.": "the project can move to the next phase.",
    "Fase overzetten": "Change the phase",
    "dicht": "closed",
    "Wacht op": "Waiting for",
    "bij: %(wie)s": "with: %(wie)s",
    "Onderdelen van het project": "Parts of the project",
    "Naar de onderdelen": "Back to the parts",
    "Naar het casuswerk": "To the case work",
    "%(adres)s selecteren voor de casustafel": "Select %(adres)s for the case meeting",
    "%(n)s adres(sen) geselecteerd voor de casustafel; %(c)s casus(sen) aangemaakt in het casuswerk.": "%(n)s address(es) selected for the case meeting; %(c)s case(s) opened in the case work.",
    "Voor elk adres dat u selecteert, wordt meteen een casus aangemaakt in het casuswerk, met de partners die er een signaal over gaven. Daar leggen de partners vast of hun belang nog actueel is en plant u de casustafel.": "Each address you select gets a case in the case work at once, with the partners that signalled it. There the partners record whether their interest is still current and you plan the case meeting.",
}
