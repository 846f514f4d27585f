"""English for the background jobs (portal/jobs, views/jobs.py) and what follows them."""

EN = {
    "Bezig": "Running",
    "Klaar": "Done",
    "Mislukt": "Failed",
    "Dit document bestaat niet meer.": "This document no longer exists.",
    "De taak is mislukt; er is niets opgeslagen. Probeer het opnieuw of meld het.": (
        "The job failed; nothing was stored. Try again or report it."
    ),
    "De taak is %(n)s keer geprobeerd en steeds mislukt; er is niets opgeslagen.": (
        "The job was tried %(n)s times and failed each time; nothing was stored."
    ),
    "Wat deze taak zou verwerken, bestaat niet meer.": (
        "What this job was to process no longer exists."
    ),
    "De gebruiker die deze taak startte, is niet actief.": (
        "The user who started this job is not active."
    ),
    "Signalenbestand controleren": "Checking the signals file",
    "Signalen opslaan en koppelen": "Storing and coupling the signals",
    "Documenten genereren": "Generating documents",
    "PDF maken": "Making the PDF",
    "Bestandskoppeling opnieuw opbouwen": "Rebuilding the file coupling",
    "Persoonsgegevens verwijderen (bewaartermijn)": "Removing personal data (retention)",
    "Achtergebleven uploadbestanden opruimen": "Removing left-over upload files",
    "Herinneringen en meldingen versturen": "Sending reminders and notifications",
    "Termijnwaarschuwingen eindrapportage versturen": "Sending final report deadline warnings",
    "Wachtende e-mails versturen": "Sending queued e-mails",
    "Termijn eindrapportage": "Final report deadline",
    "De deadline van mijn actie of van de eindrapportage van mijn project nadert of is "
    "verstreken": "The deadline of my action or of my project's final report is near or has passed",
    "De eindrapportage van %(code)s is te laat (uiterlijk %(datum)s)": (
        "The final report of %(code)s is late (due %(datum)s)"
    ),
    "De eindrapportage van %(code)s moet uiterlijk %(datum)s worden aangeboden": (
        "The final report of %(code)s is due on %(datum)s"
    ),
    "De eindrapportage wordt binnen 3 maanden na het einde van de operationele fase "
    "aangeboden. U krijgt dit bericht als projectleider of RCF-adviseur.": (
        "The final report is due within 3 months of the end of the operational phase. You "
        "receive this message as project leader or RCF adviser."
    ),
    "Bekijk de documenten van het project": "View the project's documents",
    "Deze levering wordt nog verwerkt; wacht tot dat klaar is.": (
        "This delivery is still being processed; wait until it is done."
    ),
    "Alle documenten genereren": "Generate all documents",
    "Een nieuwe versie van elk document; u ziet de voortgang.": (
        "A new version of each document; you will see the progress."
    ),
    "Gestart": "Started",
    "Voortgang": "Progress",
    "Naar het resultaat": "Go to the result",
    "Opnieuw kijken": "Check again",
    "Dit kan even duren; u kunt de pagina ook verlaten, de taak loopt door.": (
        "This may take a while; you may leave the page, the job carries on."
    ),
    "Dit bestand wordt nog verwerkt (%(wat)s).": "This file is still being processed (%(wat)s).",
    "Voortgang volgen": "Follow the progress",
}
