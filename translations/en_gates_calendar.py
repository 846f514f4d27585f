"""English for the problem-definition GO/NO-GO, the IVT application and the LSI meeting
calendar (issue #18 parts 5 and 6: portal/process.py, portal/workflow.py,
portal/meetings_lsi.py, views/calendar.py, portal/templates/workflow/)."""

EN = {
    # stored vocabulary
    "Projectgroep": "Project group",
    "Probleemdefinitie": "Problem definition",
    "Aangevraagd": "Requested",
    "Ingericht": "Set up",
    # the conditions of the gates (portal/process.py)
    "datum": "date",
    "deelnemers en partners": "participants and partners",
    "methode": "method",
    "uitkomst": "outcome",
    "probleemdefinitie leefbaarheid": "problem definition liveability",
    "probleemdefinitie veiligheid": "problem definition safety",
    "datum van de terugkoppeling": "date of the feedback",
    "status": "status",
    "Brainstormsessie vastgelegd": "Brainstorm session recorded",
    "Probleemdefinitie per hoofdthema, teruggekoppeld aan de deelnemers": (
        "Problem definition per main theme, fed back to the participants"
    ),
    "IVT-applicatie ingericht door het BKWI": "IVT application set up by the BKWI",
    # gates and decisions (portal/workflow.py)
    "geen": "none",
    "Nog vast te leggen: %(velden)s.": "Still to record: %(velden)s.",
    "%(onderwerp)s: GO van %(orgaan)s": "%(onderwerp)s: GO from %(orgaan)s",
    "Nog geen GO/NO-GO-besluit vastgelegd.": "No GO/NO-GO decision recorded yet.",
    "Besluit van %(datum)s: %(uitkomst)s.": "Decision of %(datum)s: %(uitkomst)s.",
    "GO op %(datum)s.": "GO on %(datum)s.",
    "Over de %(onderwerp)s besluit %(orgaan)s.": "%(orgaan)s decides on the %(onderwerp)s.",
    "Dit besluit gaat over het project, niet over een document.": (
        "This decision is about the project, not about a document."
    ),
    "Een GO kan pas als dit is vastgelegd: %(items)s.": (
        "A GO is possible only once this is recorded: %(items)s."
    ),
    "Vul de datum in waarop het BKWI de applicatie inrichtte.": (
        "Enter the date on which the BKWI set up the application."
    ),
    "De applicatie kan niet zijn ingericht vóór het contact met het BKWI.": (
        "The application cannot have been set up before the contact with the BKWI."
    ),
    "De terugkoppeling kan niet vóór de brainstormsessie liggen.": (
        "The feedback cannot come before the brainstorm session."
    ),
    # the meeting calendar (portal/meetings_lsi.py)
    "indienen vóór %(uiterlijk)s voor de vergadering van %(datum)s (%(orgaan)s)": (
        "submit before %(uiterlijk)s for the meeting of %(datum)s (%(orgaan)s)"
    ),
    "%(wat)s: %(tekst)s": "%(wat)s: %(tekst)s",
    "Een document komt op de agenda van de eerste vergadering waarvan de uiterste "
    "indiendatum op of na de dag van indienen ligt.": (
        "A document goes on the agenda of the first meeting whose submission cut-off is on or "
        "after the day it is submitted."
    ),
    "De uiterste indiendatum moet op of vóór de vergaderdatum liggen.": (
        "The submission cut-off must be on or before the meeting date."
    ),
    # screens (views/calendar.py)
    "Orgaan": "Body",
    "Datum": "Date",
    "Indienen uiterlijk": "Submit by",
    "Locatie": "Location",
    "Opmerkingen": "Remarks",
    "Deelnemers en partners": "Participants and partners",
    "Methode": "Method",
    "Uitkomst": "Outcome",
    "Probleemdefinitie teruggekoppeld op": "Problem definition fed back on",
    "Contact of afspraak met het BKWI op": "Contact or appointment with the BKWI on",
    "Contactpersoon BKWI": "Contact person at the BKWI",
    "Status": "Status",
    "Ingericht op": "Set up on",
    "Afgesproken velden": "Agreed fields",
    "Een document dat uiterlijk op deze dag is ingediend, komt op de agenda van deze "
    "vergadering.": "A document submitted on or before this day goes on this meeting's agenda.",
    "Wie deelnamen, per partner (uitvoerend niveau).": (
        "Who took part, per partner (operational level)."
    ),
    "Bijvoorbeeld de zes denkhoeden van De Bono.": "For example De Bono's six thinking hats.",
    "De gemeenschappelijke problemen die de deelnemers noemden.": (
        "The shared problems the participants named."
    ),
    "De dag waarop de probleemdefinitie (leefbaarheid en veiligheid, op de projectpagina) "
    "aan de deelnemers is teruggekoppeld.": (
        "The day the problem definition (liveability and safety, on the project page) was fed "
        "back to the participants."
    ),
    "Welke velden het project aan de standaardapplicatie toevoegt of weglaat.": (
        "Which fields the project adds to or leaves out of the standard application."
    ),
    "Vergaderkalender LSI": "LSI meeting calendar",
    "Vergadering toevoegen": "Add meeting",
    "Vergadering bewerken": "Edit meeting",
    "Vergadering": "Meeting",
    "Brainstormsessies": "Brainstorm sessions",
    "Brainstormsessie vastleggen": "Record brainstorm session",
    "Brainstormsessie bewerken": "Edit brainstorm session",
    "Brainstormsessie": "Brainstorm session",
    "IVT-applicaties": "IVT applications",
    "IVT-aanvraag vastleggen": "Record IVT application",
    "IVT-aanvraag bewerken": "Edit IVT application",
    "IVT-aanvraag": "IVT application",
    "Brainstorm, probleemdefinitie en IVT": "Brainstorm, problem definition and IVT",
    # templates
    "Brainstormsessie en probleemdefinitie": "Brainstorm session and problem definition",
    "Teruggekoppeld op": "Fed back on",
    "Brainstormsessie bekijken": "View brainstorm session",
    "Er is nog geen brainstormsessie vastgelegd. De GO/NO-GO op de probleemdefinitie vraagt "
    "de sessie (datum, deelnemers, methode, uitkomst) en de dag waarop de probleemdefinitie "
    "aan de deelnemers is teruggekoppeld.": (
        "No brainstorm session has been recorded yet. The GO/NO-GO on the problem definition "
        "needs the session (date, participants, method, outcome) and the day the problem "
        "definition was fed back to the participants."
    ),
    "IVT-applicatie (BKWI)": "IVT application (BKWI)",
    "Contact BKWI": "Contact BKWI",
    "IVT-aanvraag bekijken": "View IVT application",
    "Er is nog geen IVT-aanvraag vastgelegd. Vóór de Uitvoering moet het BKWI de "
    "IVT-applicatie hebben ingericht.": (
        "No IVT application has been recorded yet. Before the Execution phase the BKWI must "
        "have set up the IVT application."
    ),
    "Vergadering %(orgaan)s van %(datum)s": "Meeting of the %(orgaan)s on %(datum)s",
    "Nog geen vergadering gepland": "No meeting planned yet",
    "Uiterste indiendatum: %(datum)s": "Submission cut-off: %(datum)s",
    "Geen vergadering in de kalender heeft een uiterste indiendatum op of na de dag van "
    "indienen.": "No meeting in the calendar has a submission cut-off on or after the day of "
    "submission.",
    "Documenten voor de vergadering van %(datum)s": "Documents for the meeting of %(datum)s",
    "Documenten zonder vergadering": "Documents without a meeting",
    "Acties": "Actions",
    "Dien deze versie pas in na het GO-besluit: %(wat)s": (
        "Submit this version only after the GO decision: %(wat)s"
    ),
}
