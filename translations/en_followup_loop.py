# ruff: noqa: E501
"""English for issue #19 parts 2, 4 and 7: follow-up types, capacity per partner, the
enrichment request before a casustafel, dossiers and lessons learned."""

EN = {
    "Vraag de antwoorden vóór de datum van de casustafel.": (
        "Ask for the answers before the date of the casustafel."
    ),
    "Er zijn geen geselecteerde adressen voor deze casustafel.": (
        "There are no selected addresses for this casustafel."
    ),
    "Kies ja, nee of onbekend.": "Choose yes, no or unknown.",
    "De toelichting is hoogstens %(n)s tekens.": "The note is at most %(n)s characters.",
    "Kies de maand.": "Choose the month.",
    "Kies de partner.": "Choose the partner.",
    "Vul een aantal uren in tussen 0 en %(n)s.": "Enter a number of hours between 0 and %(n)s.",
    "Vul de geplande uren in.": "Enter the planned hours.",
    "Beschrijf het leerpunt.": "Describe the lesson.",
    "Een leerpunt is hoogstens %(n)s tekens.": "A lesson is at most %(n)s characters.",
    "Een leerpunt hoort bij één controle of bij één casustafel.": (
        "A lesson belongs to one control or to one casustafel."
    ),
    "Deze hoort niet bij dit project.": "This does not belong to this project.",
    "Kies een categorie uit de lijst.": "Choose a category from the list.",
    "Deze gemeente neemt niet deel aan het project.": (
        "This municipality does not take part in the project."
    ),
    "Kies een soort opvolging uit de lijst.": "Choose a follow-up type from the list.",
    "Maand": "Month",
    "Geplande uren": "Planned hours",
    "Gerealiseerde uren": "Realised hours",
    "Risico nog actueel": "Risk still current",
    "Leerpunt": "Lesson",
    "Soort opvolging": "Follow-up type",
    "Antwoord uiterlijk": "Answer by",
    "Vul een geheel aantal uren in.": "Enter a whole number of hours.",
    "Soorten opvolging": "Follow-up types",
    "Soort opvolging toevoegen": "Add follow-up type",
    "Soort opvolging wijzigen": "Edit follow-up type",
    "Leerpunt vastgelegd.": "Lesson recorded.",
    "Capaciteit vastgelegd.": "Capacity recorded.",
    "Ongeldige maand.": "Invalid month.",
    "Verrijkingsverzoek verstuurd: %(n)s vragen.": "Enrichment request sent: %(n)s questions.",
    "Antwoord vastgelegd.": "Answer recorded.",
    "Voor deze maand is al capaciteit vastgelegd; wijzig die.": (
        "Capacity for this month has already been recorded; edit that."
    ),
    "Verrijkingsvragen": "Enrichment questions",
    "Onbekend": "Unknown",
    "Verrijking": "Enrichment",
    "Selectie": "Selection",
    "Samenwerking": "Cooperation",
    "Informatiepositie": "Information position",
    "Communicatie": "Communication",
    "Terugblik: afgeronde acties en hun resultaat": "Look-back: completed actions and their result",
    "Opvolgacties afgerond sinds de vorige casustafel": (
        "Follow-up actions completed since the previous casustafel"
    ),
    "Afgerond op": "Completed on",
    "Geen soort": "No type",
    "Sinds de vorige casustafel is geen actie afgerond.": (
        "No action has been completed since the previous casustafel."
    ),
    "Terugblik: leerpunten": "Look-back: lessons learned",
    "Alle leerpunten van het project": "All lessons of the project",
    "controle": "control",
    "casustafel": "casustafel",
    "Geen leerpunten sinds de vorige casustafel.": "No lessons since the previous casustafel.",
    "Informatiepositie: is het risico nog actueel?": "Information position: is the risk still current?",
    "Verrijkingsverzoek verstuurd op %(d)s.": "Enrichment request sent on %(d)s.",
    "Antwoord uiterlijk %(d)s.": "Answer by %(d)s.",
    "Nog geen verrijkingsverzoek verstuurd voor deze casustafel.": (
        "No enrichment request has been sent for this casustafel yet."
    ),
    "Verrijkingsverzoek versturen aan de partners": "Send the enrichment request to the partners",
    "Nieuwe adressen en partners ook vragen": "Also ask new addresses and partners",
    "Antwoorden van de partners per adres": "The partners' answers per address",
    "nog geen antwoord": "no answer yet",
    "Leerpunten": "Lessons learned",
    "Eén centrale tabel met de leerpunten van de controles en casustafels, gedeeld tussen de gemeenten van het project.": (
        "One central table of the lessons of the controls and casustafels, shared between "
        "the municipalities of the project."
    ),
    "Alle gemeenten": "All municipalities",
    "Leerpunten, nieuwste eerst": "Lessons, newest first",
    "Bij": "At",
    "Nog geen leerpunten. Leg na een controle of casustafel vast wat de volgende keer beter kan.": (
        "No lessons yet. After a control or casustafel, record what can be done better next time."
    ),
    "Leerpunt toevoegen": "Add lesson",
    "of casustafel": "or casustafel",
    "Over de aanpak, niet over bewoners: geen persoonsgegevens.": (
        "About the approach, not about residents: no personal data."
    ),
    "Geplande en gerealiseerde uren per maand, naast de capaciteit die het project per partner heeft afgesproken.": (
        "Planned and realised hours per month, next to the capacity the project agreed per partner."
    ),
    "Totalen per partner": "Totals per partner",
    "Afgesproken capaciteit (uren)": "Agreed capacity (hours)",
    "Gerealiseerd": "Realised",
    "Benut van afgesproken": "Used of agreed",
    "Per maand (gepland / gerealiseerd)": "Per month (planned / realised)",
    "Nog geen uren ingevoerd.": "No hours entered yet.",
    "Dit project heeft (voor u) geen partners met capaciteit.": (
        "This project has no partners with capacity (for you)."
    ),
    "Uren invoeren": "Enter hours",
    "Vóór een casustafel vraagt de projectleider per geselecteerd adres of het risico volgens uw organisatie nog actueel is. U ziet alleen uw eigen vragen en antwoorden.": (
        "Before a casustafel the project leader asks, per selected address, whether the risk "
        "is still current according to your organisation. You see only your own questions "
        "and answers."
    ),
    "Uw vragen, nieuwste verzoek eerst": "Your questions, newest request first",
    "Vraag": "Question",
    "Uw antwoord": "Your answer",
    "uiterlijk %(d)s": "by %(d)s",
    "Risico nog actueel op %(a)s": "Risk still current at %(a)s",
    "Korte toelichting": "Short note",
    "Antwoord opslaan": "Save answer",
    "Antwoord wijzigen": "Change answer",
    "Er staan geen verrijkingsvragen voor uw organisatie open.": (
        "There are no open enrichment questions for your organisation."
    ),
    "Geëscaleerd naar de projectleider": "Escalated to the project leader",
    "Opvolgacties die %(n)s dagen of langer over hun deadline zijn": (
        "Follow-up actions %(n)s days or more past their deadline"
    ),
    "(soort opvolging)": "(follow-up type)",
    "Voorbereiding": "Preparation",
    "Dossier": "Dossier",
    "Terug naar het casuswerk van %(code)s": "Back to the case work of %(code)s",
    "Geopend op %(op)s, bij de selectie voor de casustafel. Zodra er een casus voor dit adres is, staat dit journaal bij de casus.": (
        "Opened on %(op)s, at the selection for the casustafel. Once this address has a case, "
        "this journal is shown with the case."
    ),
    "Journaal van het dossier": "Journal of the dossier",
    "Nog geen journaalregels.": "No journal entries yet.",
}
