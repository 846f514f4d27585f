"""The fields catalogue: every name a document template may use, with its meaning.

`flask lsi template-fields > docs/template-fields.md` writes the documentation
(including the fields that features such as case work register);
a test keeps that file equal to this output, so docs and code cannot drift.
"""

from __future__ import annotations

SOORTEN = {
    "collegebesluit": "Collegebesluit",
    "projectvoorstel": "Projectvoorstel",
    "projectplan": "Projectplan",
    "eindrapportage": "Eindrapportage",
}

FIELDS: dict[str, str] = {
    "document.soort": "documentsoort, bijv. projectvoorstel",
    "document.titel": "titel van het document, bijv. Projectvoorstel",
    "document.versie": "versienummer van deze generatie",
    "document.datum": "datum van generatie, bijv. 1 september 2018",
    "project.code": "projectcode",
    "project.naam": "projectnaam",
    "project.fase": "huidige fase",
    "project.regio": "RPF/RCF-regio",
    "project.gemeenten": "betrokken gemeenten, als tekst",
    "project.projectgebied": "postcodegebied (genormaliseerd), bijv. 5091-5094, 5527AB",
    "project.themas": "thema's",
    "project.lsi_jaarthema": "LSI-jaarthema",
    "project.initiatiefnemer": "initiatiefnemer (gemeente, RCF of ketenpartner)",
    "project.aanleiding": "aanleiding",
    "project.probleem_leefbaarheid": "probleemdefinitie leefbaarheid",
    "project.probleem_veiligheid": "probleemdefinitie veiligheid",
    "project.prioritering_draagvlak": "prioritering: draagvlak bestuur",
    "project.prioritering_flankerend_beleid": "prioritering: flankerend beleid",
    "project.prioritering_actualiteit": "prioritering: actualiteit",
    "project.werkwijze": "werkwijze",
    "project.gegevensverwerking": "gegevensverwerking",
    "project.communicatie": "communicatieafspraken",
    "project.begroting": "begroting, bijv. € 45.000,00",
    "project.begroting_toelichting": "toelichting kosten en dekking",
    "project.projectleider": "naam van de gemeentelijk projectleider",
    "project.rcf_adviseur": "naam van de RCF-adviseur",
    "project.analist": "analist (O&A)",
    "project.bestuurlijk_verantwoordelijke": "bestuurlijk verantwoordelijke",
    "project.intake_oa": "intakeverslag O&A",
    "project.nulmeting": "0-meting (beschrijving)",
    "project.eenmeting": "1-meting (beschrijving)",
    "project.registratienummer": "registratienummer van het collegevoorstel",
    "project.evaluatie_knelpunten": "evaluatie: knelpunten",
    "project.evaluatie_aanbevelingen": "evaluatie: aanbevelingen",
    "project.looptijd": "looptijd van eerste tot laatste geplande datum",
    "project.projectverantwoordelijken": "projectverantwoordelijke partners (art. 7 lid 2)",
    "project.capaciteit_totaal": "totale geplande capaciteit, bijv. 1.250 uur",
    "partners[].naam": "naam van de ketenpartner",
    "partners[].code": "korte code van de ketenpartner",
    "partners[].type": "type ketenpartner",
    "partners[].belang": "belang van de partner",
    "partners[].capaciteit_uren": "geplande inzet, bijv. 1.250 uur",
    "partners[].contactpersoon": "contactpersoon",
    "partners[].projectverantwoordelijk": "ja/nee: projectverantwoordelijk (art. 7 lid 2)",
    "doelstellingen[].doel": "doelstelling",
    "doelstellingen[].indicator": "meetbare indicator",
    "doelstellingen[].eenheid": "eenheid van de indicator",
    "doelstellingen[].nulmeting": "waarde 0-meting",
    "doelstellingen[].streefwaarde": "streefwaarde",
    "doelstellingen[].eenmeting": "waarde 1-meting",
    "doelstellingen[].verschil": "verschil 1-meting min 0-meting",
    "activiteiten[].partner": "partner die de activiteit uitvoert (of: gezamenlijk)",
    "activiteiten[].omschrijving": "omschrijving van de activiteit",
    "risicos[].risico": "projectrisico",
    "risicos[].beheersmaatregel": "beheersmaatregel",
    "fasen[].fase": "fase",
    "fasen[].gepland_start": "geplande start",
    "fasen[].gepland_eind": "gepland einde",
    "fasen[].werkelijk_start": "werkelijke start",
    "fasen[].werkelijk_eind": "werkelijk einde",
    "fasen[].werkelijk": "werkelijke periode, bijv. sinds 1 februari 2019 of nog niet begonnen",
    "fasen[].poort": "GO/NO-GO-moment aan het eind van de fase",
    "avg.status": "status van de AVG-registratie",
    "avg.referentie": "referentie van de registratie",
    "avg.verwerkingsverantwoordelijken": "(gezamenlijke) verwerkingsverantwoordelijken",
    "avg.functionaris_gegevensbescherming": "functionaris gegevensbescherming",
    "avg.doeleinden": "verwerkingsdoeleinden",
    "avg.categorieen_betrokkenen": "categorieën betrokkenen",
    "avg.categorieen_persoonsgegevens": "categorieën persoonsgegevens",
    "avg.ontvangers": "ontvangers",
    "avg.doorgifte": "doorgifte buiten de EU (met toelichting)",
    "avg.bewaartermijnen": "bewaartermijnen",
    "avg.beveiligingsmaatregelen": "beveiligingsmaatregelen",
    "avg.grondslag": "grondslag: convenantartikelen",
    "avg.dpia": "DPIA nodig / uitgevoerd",
    "avg.rechten[].partner": "partner met rechten onder de registratie",
    "avg.rechten[].leveren": "ja/nee: mag leveren",
    "avg.rechten[].bewerken": "ja/nee: mag bewerken",
    "avg.rechten[].inzien": "ja/nee: mag inzien",
    "besluiten[].datum": "datum van het besluit",
    "besluiten[].orgaan": "orgaan (College B&W, RPF, LSI ...)",
    "besluiten[].onderwerp": "onderwerp",
    "besluiten[].uitkomst": "uitkomst",
    "besluiten[].referentie": "referentie",
    "overgangen[].datum": "datum van een faseovergang",
    "overgangen[].van": "fase voor de overgang",
    "overgangen[].naar": "fase na de overgang",
    "overgangen[].reden": "toelichting bij de overgang",
    "resultaten": "operationele resultaten (leeg zolang er niets is vastgelegd)",
}

# Features that add context (e.g. casework results) document their fields here at import.
EXTRA_FIELDS: dict[str, str] = {}


def markdown() -> str:
    lines = [
        "# Template fields",
        "",
        "Generated from `portal/documents/catalogue.py` (`flask lsi template-fields`);",
        "do not edit by hand. Templates use these names with docxtpl/Jinja syntax, e.g.",
        "`{{ project.naam }}` or a table row loop `{%tr for p in partners %}` ... "
        "`{{ p.capaciteit_uren }}`.",
        "Missing optional data renders as `[nog in te vullen: ...]`.",
        "",
        "| field | meaning |",
        "|---|---|",
    ]
    for name, meaning in {**FIELDS, **EXTRA_FIELDS}.items():
        lines.append(f"| `{name}` | {meaning} |")
    return "\n".join(lines) + "\n"
