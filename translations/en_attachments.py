"""English for project attachments and partner review rounds (issue #18 parts 4 and 7)."""

EN = {
    "Bestanden van het type .%(ext)s kunnen niet worden toegevoegd. Toegestaan: %(lijst)s.": (
        "Files of type .%(ext)s cannot be added. Allowed: %(lijst)s."
    ),
    "Het tekstbestand is geen geldige UTF-8-tekst. Sla het op als UTF-8.": (
        "The text file is not valid UTF-8 text. Save it as UTF-8."
    ),
    "Het tekstbestand bevat binaire gegevens.": "The text file contains binary data.",
    "De inhoud van het bestand is geen .%(ext)s; het type kon niet worden herkend.": (
        "The file's content is not a .%(ext)s; its type could not be recognised."
    ),
    "De inhoud van het bestand is %(soort)s (.%(echt)s), dat kan niet worden toegevoegd.": (
        "The file's content is %(soort)s (.%(echt)s), which cannot be added."
    ),
    "De naam eindigt op .%(ext)s, maar de inhoud is een .%(echt)s-bestand. "
    "Gebruik de juiste extensie.": (
        "The name ends in .%(ext)s, but the content is a .%(echt)s file. Use the right extension."
    ),
    "Het bestand is %(mb)s MB; het maximum is %(max)s MB.": (
        "The file is %(mb)s MB; the maximum is %(max)s MB."
    ),
    "Kies een soort bijlage.": "Choose a type of attachment.",
    "Geef de bijlage een titel.": "Give the attachment a title.",
    "De titel is langer dan 200 tekens.": "The title is longer than 200 characters.",
    "Kies alleen bijlagen van dit project.": "Choose only attachments of this project.",
    "Het bestand %(naam)s is na de bewaartermijn verwijderd en kan niet mee.": (
        "The file %(naam)s was removed after the retention term and cannot be sent."
    ),
    "Het bestand kan nu niet op virussen worden gescand (%(reden)s) en dat is hier verplicht. "
    "Probeer het later opnieuw of neem contact op met functioneel beheer.": (
        "The file cannot be scanned for viruses now (%(reden)s), and that is required here. "
        "Try again later or contact the application administrator."
    ),
    "virusscan staat uit": "virus scanning is switched off",
    "geen virusscanner (ClamAV) geïnstalleerd": "no virus scanner (ClamAV) installed",
    "de virusscanner gaf een fout: %(fout)s": "the virus scanner gave an error: %(fout)s",
    "De virusscanner heeft een besmetting gevonden (%(naam)s). Het bestand is niet "
    "opgeslagen.": "The virus scanner found an infection (%(naam)s). The file was not stored.",
    "Alleen een projectplan of eindrapportage gaat langs de partners.": (
        "Only a project plan or final report goes to the partners for review."
    ),
    "Deze versie is al ingediend; start een ronde op een concept.": (
        "This version has already been submitted; start a round on a draft."
    ),
    "Voor deze versie loopt al een reviewronde.": (
        "A review round is already under way for this version."
    ),
    "De reactiedatum ligt in het verleden.": "The respond-by date is in the past.",
    "Het project heeft nog geen deelnemende partners.": (
        "The project has no participating partners yet."
    ),
    "Deze versie is al ingediend bij het RPF; reageren kan niet meer.": (
        "This version has already been submitted to the RPF; responding is no longer possible."
    ),
    "Kies akkoord of opmerkingen.": "Choose agreed or comments.",
    "Schrijf uw opmerkingen.": "Write your comments.",
    "Laat de deelnemende partners versie %(v)s eerst beoordelen: start een reviewronde op deze "
    "versie. Indienen bij het RPF kan als alle partners hebben gereageerd of de reactietermijn "
    "is verstreken.": (
        "Have the participating partners review version %(v)s first: start a review round on "
        "this version. It can be submitted to the RPF once all partners have responded or the "
        "response period has passed."
    ),
    "Nog niet alle partners hebben op versie %(v)s gereageerd (open: %(open)s). Indienen bij "
    "het RPF kan als alle partners hebben gereageerd.": (
        "Not all partners have responded to version %(v)s yet (open: %(open)s). It can be "
        "submitted to the RPF once all partners have responded."
    ),
    "Nog niet alle partners hebben op versie %(v)s gereageerd (open: %(open)s). Indienen bij "
    "het RPF kan als alle partners hebben gereageerd of na de reactietermijn (%(datum)s).": (
        "Not all partners have responded to version %(v)s yet (open: %(open)s). It can be "
        "submitted to the RPF once all partners have responded or after the response period "
        "(%(datum)s)."
    ),
    "Kies een bestand.": "Choose a file.",
    "%(naam)s opgeslagen als versie %(v)s.": "%(naam)s saved as version %(v)s.",
    "Let op: het bestand is niet op virussen gescand (%(reden)s).": (
        "Note: the file was not scanned for viruses (%(reden)s)."
    ),
    "Bijlagen": "Attachments",
    "Bijlage": "Attachment",
    "Geef een geldige datum (jjjj-mm-dd).": "Give a valid date (yyyy-mm-dd).",
    "De partners kunnen versie %(v)s nu beoordelen.": "The partners can now review version %(v)s.",
    "Uw reactie is opgeslagen.": "Your response has been saved.",
    "Te beoordelen documenten": "Documents to review",
    "Bijlagen meesturen": "Send attachments",
    "Bijlagen bij deze indiening": "Attachments with this submission",
    "versie %(v)s": "version %(v)s",
    "Bijlage toevoegen": "Add attachment",
    "Bevat persoonsgegevens (het bestand wordt na de bewaartermijn verwijderd)": (
        "Contains personal data (the file is removed after the retention term)"
    ),
    "Een intakerapport en een vragenlijst 0-meting gelden altijd als persoonsgegevens.": (
        "An intake report and a baseline questionnaire always count as personal data."
    ),
    "Toegestaan: %(ext)s; ten hoogste %(mb)s MB. Het type wordt aan de inhoud gecontroleerd en "
    "het bestand op virussen gescand.": (
        "Allowed: %(ext)s; at most %(mb)s MB. The type is checked against the content and the "
        "file is scanned for viruses."
    ),
    "Bijlage opslaan": "Save attachment",
    "Bijlagen van het project, met alle versies": "The project's attachments, with all versions",
    "Nieuwe versie": "New version",
    "Nieuwe versie uploaden": "Upload new version",
    "persoonsgegevens": "personal data",
    "Versie %(v)s": "Version %(v)s",
    "bestand verwijderd na de bewaartermijn op %(d)s": (
        "file removed after the retention term on %(d)s"
    ),
    "bytes": "bytes",
    "Bestand voor een nieuwe versie van %(t)s": "File for a new version of %(t)s",
    "Dit project heeft nog geen bijlagen (of geen die u mag zien). Voeg bijvoorbeeld het "
    "intakerapport, de gebiedsbeschrijving of een getekend besluit toe.": (
        "This project has no attachments yet (or none you may see). Add, for example, the "
        "intake report, the area description or a signed decision."
    ),
    "Dit project heeft nog geen bijlagen die u mag zien.": (
        "This project has no attachments you may see yet."
    ),
    "Bijlagen openen": "Open attachments",
    "Partnerreview": "Partner review",
    "gereageerd": "responded",
    "reageren vóór %(d)s": "respond by %(d)s",
    "vastgelegd bij indiening op %(d)s": "recorded at submission on %(d)s",
    "Oordeel per partner": "Response per partner",
    "Oordeel": "Response",
    "Reageren vóór": "Respond by",
    "Reviewronde starten": "Start review round",
    "Bijlagen bij %(bij)s": "Attachments to %(bij)s",
    "Voordat een projectplan of eindrapportage naar het RPF gaat, beoordelen de deelnemende "
    "partners die versie. Download de versie, en geef akkoord of laat uw opmerkingen "
    "achter.": (
        "Before a project plan or final report goes to the RPF, the participating partners "
        "review that version. Download the version, and agree or leave your comments."
    ),
    "Documentversies die aan uw organisatie zijn voorgelegd": (
        "Document versions put to your organisation"
    ),
    "Uw oordeel": "Your response",
    "Reageren": "Respond",
    "Ingediend bij het RPF op %(d)s; reageren kan niet meer.": (
        "Submitted to the RPF on %(d)s; responding is no longer possible."
    ),
    "Uw oordeel over %(s)s versie %(v)s": "Your response to %(s)s version %(v)s",
    "Reactie opslaan": "Save response",
    "Er zijn geen documenten aan uw organisatie voorgelegd. Zodra de projectleider of de "
    "RCF-adviseur een reviewronde start, verschijnt de versie hier.": (
        "No documents have been put to your organisation. As soon as the project leader or the "
        "RCF adviser starts a review round, the version appears here."
    ),
    "Geef de bijlagen als een lijst van versienummers (id).": (
        "Give the attachments as a list of version ids."
    ),
    # Stored vocabulary (portal/formatting.py VALUE_LABELS).
    "Intakerapport": "Intake report",
    "Gebiedsbeschrijving": "Area description",
    "Vragenlijst 0-meting": "Baseline questionnaire",
    "Brainstormresultaten": "Brainstorm results",
    "Getekend besluit": "Signed decision",
    "Persmateriaal": "Press material",
    "Gescand": "Scanned",
    "Niet gescand": "Not scanned",
}
