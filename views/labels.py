"""Dutch column labels and help texts, shared by every screen (one place per field name)."""

from flask_babel import lazy_gettext as _l

LABELS = {
    "id": _l("Nr."),
    "code": _l("Code"),
    "naam": _l("Naam"),
    "regio": _l("Regio (RPF/RCF)"),
    "gemeente": _l("Gemeente"),
    "gemeenten": _l("Gemeenten"),
    "projectgebied": _l("Projectgebied (postcodes)"),
    "themas": _l("Thema's"),
    "lsi_jaarthema": _l("LSI-jaarthema"),
    "initiatiefnemer": _l("Initiatiefnemer"),
    "aanleiding": _l("Aanleiding"),
    "probleem_leefbaarheid": _l("Probleemdefinitie leefbaarheid"),
    "probleem_veiligheid": _l("Probleemdefinitie veiligheid"),
    "prioritering_draagvlak": _l("Prioritering: draagvlak bestuur"),
    "prioritering_flankerend_beleid": _l("Prioritering: flankerend beleid"),
    "prioritering_actualiteit": _l("Prioritering: actualiteit"),
    "werkwijze": _l("Werkwijze"),
    "gegevensverwerking": _l("Gegevensverwerking"),
    "communicatie": _l("Communicatieafspraken"),
    "begroting": _l("Begroting (EUR)"),
    "begroting_toelichting": _l("Toelichting kosten en dekking"),
    "projectleider": _l("Projectleider"),
    "rcf_adviseur": _l("RCF-adviseur"),
    "analist": _l("Analist (O&A)"),
    "bestuurlijk_verantwoordelijke": _l("Bestuurlijk verantwoordelijke"),
    "intake_oa": _l("Intakeverslag O&A"),
    "nulmeting": _l("0-meting"),
    "eenmeting": _l("1-meting"),
    "registratienummer": _l("Registratienummer collegevoorstel"),
    "organisatieonderdeel": _l("Organisatieonderdeel"),
    "voor_vragen_telefoon": _l("Voor vragen: telefoonnummer"),
    "voor_vragen_email": _l("Voor vragen: e-mailadres"),
    "datum_college": _l("Datum B&W-vergadering"),
    "kernboodschap": _l("Kernboodschap"),
    "beoogd_resultaat": _l("Beoogd resultaat"),
    "beoogde_voordelen": _l("Beoogde voordelen"),
    "inzet_gemeente": _l("Personeel en administratieve ondersteuning"),
    "prioriteit_backoffice": _l("Prioriteit back-office"),
    "rcf_mede_projectleider": _l("RCF-adviseur als mede-projectleider"),
    "vervolg": _l("Vervolg"),
    "gemeentesecretaris": _l("Gemeentesecretaris (ondertekening)"),
    "burgemeester": _l("Burgemeester (ondertekening)"),
    "datum_raadsinformatiebrief": _l("Datum raadsinformatiebrief"),
    "evaluatie_knelpunten": _l("Evaluatie: knelpunten"),
    "evaluatie_aanbevelingen": _l("Evaluatie: aanbevelingen"),
    "fase": _l("Fase"),
    "aangemaakt_op": _l("Aangemaakt op"),
    "gewijzigd_op": _l("Gewijzigd op"),
    "project": _l("Project"),
    "ketenpartner": _l("Ketenpartner"),
    "belang": _l("Belang"),
    "capaciteit_uren": _l("Capaciteit (uren)"),
    "contactpersoon": _l("Contactpersoon"),
    "projectverantwoordelijk": _l("Projectverantwoordelijk (art. 7 lid 2)"),
    "doel": _l("Doelstelling"),
    "indicator": _l("Indicator"),
    "eenheid": _l("Eenheid"),
    "streefwaarde": _l("Streefwaarde"),
    "omschrijving": _l("Omschrijving"),
    "risico": _l("Risico"),
    "beheersmaatregel": _l("Beheersmaatregel"),
    "gepland_start": _l("Gepland begin"),
    "gepland_eind": _l("Gepland eind"),
    "werkelijk_start": _l("Werkelijk begin"),
    "werkelijk_eind": _l("Werkelijk eind"),
    "type": _l("Type"),
    "convenantpartner": _l("Convenantpartner"),
    "email": _l("E-mail"),
    "telefoon": _l("Telefoon"),
    "convenant": _l("Convenant"),
    "versie": _l("Versie"),
    "artikel": _l("Artikel"),
    "lid": _l("Lid"),
    "titel": _l("Titel"),
    "tekst": _l("Tekst"),
    "verwerkingsverantwoordelijken": _l("(Gezamenlijke) verwerkingsverantwoordelijken"),
    "functionaris_gegevensbescherming": _l("Functionaris gegevensbescherming"),
    "doeleinden": _l("Verwerkingsdoeleinden"),
    "categorieen_betrokkenen": _l("Categorieën betrokkenen"),
    "categorieen_persoonsgegevens": _l("Categorieën persoonsgegevens"),
    "ontvangers": _l("Ontvangers"),
    "doorgifte_buiten_eu": _l("Doorgifte buiten de EU"),
    "doorgifte_toelichting": _l("Toelichting doorgifte"),
    "bewaartermijnen": _l("Bewaartermijnen"),
    "beveiligingsmaatregelen": _l("Beveiligingsmaatregelen"),
    "grondslag": _l("Grondslag (convenantartikelen)"),
    "status": _l("Status"),
    "referentie": _l("Referentie"),
    "dpia_nodig": _l("DPIA nodig"),
    "dpia_uitgevoerd": _l("DPIA uitgevoerd"),
    "datum_ingediend": _l("Datum ingediend"),
    "datum_geregistreerd": _l("Datum geregistreerd"),
    "rechten": _l("Rechten per partner"),
    "avg_registratie": _l("AVG-registratie"),
    "mag_leveren": _l("Mag leveren"),
    "mag_bewerken": _l("Mag bewerken"),
    "mag_inzien": _l("Mag inzien"),
    "orgaan": _l("Orgaan"),
    "onderwerp": _l("Onderwerp"),
    "datum": _l("Datum"),
    "uitkomst": _l("Uitkomst"),
    "opmerkingen": _l("Opmerkingen"),
    "vastgelegd_door": _l("Vastgelegd door"),
    "vastgelegd_op": _l("Vastgelegd op"),
    "user": _l("Gebruiker"),
    "document": _l("Documentversie"),
    "corrigeert": _l("Corrigeert besluit"),
    "datum_eerste_uitvraag": _l("Geplande eerste uitvraag van gegevens"),
    "datum_start_analyse": _l("Geplande start analyse"),
    "datum_landelijke_uitvraag": _l("Landelijke uitvraag gedaan op"),
    "datum_bijeenkomst_systeembeheerders": _l(
        "Bijeenkomst systeembeheerders (gemeentelijke bronnen)"
    ),
    "gericht_op": _l("Gericht op"),
    "postcodegebied": _l("Postcodes van de gemeente"),
    "bewaartermijn_maanden": _l("Bewaartermijn persoonsgegevens (maanden)"),
}

DESCRIPTIONS = {
    "code": _l("Unieke korte code, bijv. KEMPEN-HAM-2018."),
    "projectgebied": _l(
        "Postcodes of bereiken, gescheiden door komma's: bijv. 5091-5094, 5527 AB."
    ),
    "themas": _l("Bijv. huisvesting arbeidsmigranten, adresfraude (beheerde lijst, Stamgegevens)."),
    "gericht_op": _l(
        "Een gebied (postcodes verplicht) of een thema of fenomeen in de deelnemende gemeenten."
    ),
    "lsi_jaarthema": _l("Een thema met een jaar uit de lijst van thema's."),
    "postcodegebied": _l(
        "Bijv. 5091-5094, 5521-5531: de reikwijdte van signalen van themaprojecten."
    ),
    "datum_bijeenkomst_systeembeheerders": _l(
        "Minimaal 8 weken vóór de start van de analyse (seed 001 par. 3.2)."
    ),
    "initiatiefnemer": _l("Wie nam het initiatief: gemeente, RCF of een ketenpartner."),
    "prioritering_draagvlak": _l("Hoe staat het bestuur achter de aanpak?"),
    "capaciteit_uren": _l("Geplande inzet van deze partner in uren."),
    "projectverantwoordelijk": _l(
        "Door de partijen aangewezen als projectverantwoordelijke convenantpartner."
    ),
    "nulmeting": _l("Waarde bij de start (0-meting)."),
    "eenmeting": _l("Waarde na afloop (1-meting)."),
    "grondslag": _l("Artikelen van het convenant die de gegevensuitwisseling dragen."),
    "referentie": _l("Registratienummer of kenmerk."),
    "bestuurlijk_verantwoordelijke": _l("Burgemeester of wethouder."),
    "registratienummer": _l("Zaak- of registratienummer van de gemeente voor het collegebesluit."),
    "organisatieonderdeel": _l("Afdeling of team van de steller, bijv. Team Openbare Orde."),
    "voor_vragen_telefoon": _l("Telefoonnummer in de kop van collegebesluit en raadsbrief."),
    "voor_vragen_email": _l("E-mailadres in de kop van collegebesluit en raadsbrief."),
    "datum_college": _l(
        "De vergadering van burgemeester en wethouders (niet de datum van genereren)."
    ),
    "kernboodschap": _l("De kern van het voorstel in een paar zinnen."),
    "beoogde_voordelen": _l("Wat levert de deelname de gemeente op?"),
    "inzet_gemeente": _l(
        "Welk personeel en welke administratieve ondersteuning de gemeente vrijmaakt."
    ),
    "prioriteit_backoffice": _l(
        "Hoe de gemeente de dossiers uit het project voorrang geeft (back-office)."
    ),
    "rcf_mede_projectleider": _l(
        "Wijst het college de RCF-adviseur aan als mede-projectleider namens de gemeente?"
    ),
    "vervolg": _l("Wat er na het besluit gebeurt."),
    "datum_raadsinformatiebrief": _l("Datum waarop de raad wordt geïnformeerd."),
    "evaluatie_knelpunten": _l(
        "Wat liep niet goed (bijv. opvolging, rollen, terugkoppeling)? Voor de eindrapportage."
    ),
    "evaluatie_aanbevelingen": _l("Wat moet een volgend project anders doen?"),
    "datum_start_analyse": _l(
        "De landelijke uitvraag en de bijeenkomst met de systeembeheerders moeten minstens 8 "
        "weken eerder."
    ),
    "bewaartermijn_maanden": _l(
        "Maanden na afsluiten of stoppen; leeg = standaard (6). Tussen 0 en 24."
    ),
}

# The editable fields of an AVG registration, in form order (screen and API).
AVG_FIELDS = [
    "verwerkingsverantwoordelijken",
    "functionaris_gegevensbescherming",
    "doeleinden",
    "categorieen_betrokkenen",
    "categorieen_persoonsgegevens",
    "ontvangers",
    "doorgifte_buiten_eu",
    "doorgifte_toelichting",
    "bewaartermijnen",
    "beveiligingsmaatregelen",
    "grondslag",
    "status",
    "referentie",
    "dpia_nodig",
    "dpia_uitgevoerd",
    "datum_ingediend",
    "datum_geregistreerd",
]
