"""Marshmallow schemas of the bodies the custom (non-model) APIs send and read.

They exist for the OpenAPI document only: the views build their JSON by hand, and the
docstrings point at these by ``$ref: '#/components/schemas/<Name>'``. A client generated from
the spec gets typed models from them. Names carry no ``Schema`` suffix, so FAB's registration
(class name) and apispec's for nested use (suffix stripped) agree on one component per schema.

Fields that may be null say so (``allow_none``); ``required`` marks keys that are always sent.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, fields
from marshmallow import Schema as _Schema

_N = {"allow_none": True}


class Schema(_Schema):
    """Open objects: a key added to a body later must not break a client built today."""

    class Meta:
        unknown = EXCLUDE


# --- background jobs (views/jobs.py) ---------------------------------------------------------


class TaakFout(Schema):
    message = fields.String(**_N)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class TaakLinks(Schema):
    self = fields.String(required=True)
    scherm = fields.String()
    resultaat = fields.String()
    resultaat_scherm = fields.String()


class Taak(Schema):
    id = fields.String(required=True)
    soort = fields.String(required=True)
    omschrijving = fields.String()
    status = fields.String(required=True)
    status_label = fields.String()
    afgelopen = fields.Boolean()
    voortgang = fields.Integer(**_N, metadata={"description": "Procent"})
    resultaat = fields.Dict(**_N)
    fout = fields.Nested(TaakFout, **_N)
    aangemaakt_op = fields.String()
    gestart_op = fields.String(**_N)
    klaar_op = fields.String(**_N)
    links = fields.Nested(TaakLinks)


class Geaccepteerd(Schema):
    """202: the work is handed to a job; follow ``taak.links.self`` (also in ``Location``)."""

    taak = fields.Nested(Taak, required=True)
    id = fields.Integer()
    status = fields.String()
    project_id = fields.Integer()


# --- signals and the coupling (views/signals/api.py) -------------------------------------------


class Signaal(Schema):
    id = fields.Integer(required=True)
    partner = fields.String()
    adres = fields.String()
    postcode = fields.String()
    huisnummer = fields.Integer()
    huisletter = fields.String(**_N)
    huisnummertoevoeging = fields.String(**_N)
    risico = fields.String()
    toelichting = fields.String(**_N)
    datum = fields.Date(**_N)


class SignaalPagina(Schema):
    count = fields.Integer(required=True)
    result = fields.List(fields.Nested(Signaal), required=True)


class LeveringFout(Schema):
    regel = fields.Integer()
    fouten = fields.List(fields.String())


class Levering(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    bestandsnaam = fields.String()
    partner = fields.String()
    rijen_totaal = fields.Integer(**_N)
    rijen_geldig = fields.Integer(**_N)
    rijen_fout = fields.Integer(**_N)
    rijen_opgeslagen = fields.Integer(**_N)
    bestandsfout = fields.String(**_N)
    waarschuwingen = fields.List(fields.String())
    fouten = fields.List(fields.Dict(), metadata={"description": "De eerste foute regels"})


class LeveringUpload(Schema):
    bestand = fields.Raw(
        required=True, metadata={"type": "string", "format": "binary", "description": "CSV"}
    )
    ketenpartner_id = fields.Integer(
        metadata={"description": "Alleen projectmensen: namens welke ketenpartner"}
    )


class LeveringOpgeslagen(Schema):
    id = fields.Integer(required=True)
    opgeslagen = fields.Integer(required=True)


class LeveringStatus(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)


class KoppelingRisico(Schema):
    partner = fields.String()
    risico = fields.String()


class KoppelingAdres(Schema):
    adres = fields.String(required=True)
    partners = fields.List(fields.String())
    meervoudig_belang = fields.Boolean()
    aantal_partners = fields.Integer()
    risicos = fields.List(fields.Nested(KoppelingRisico))
    professioneel_oordeel = fields.Boolean()
    geselecteerd = fields.Boolean()


class KoppelingPagina(Schema):
    count = fields.Integer(required=True)
    result = fields.List(fields.Nested(KoppelingAdres), required=True)


class OordeelIn(Schema):
    adres = fields.String(required=True)
    aan = fields.Boolean()
    reden = fields.String()


class Oordeel(Schema):
    adres = fields.String()
    oordeel = fields.Boolean(**_N)


class SelectieIn(Schema):
    adressen = fields.List(fields.String(), required=True)
    aan = fields.Boolean()


class Selectie(Schema):
    gewijzigd = fields.Integer()
    casussen = fields.List(fields.Integer())


# --- case work (views/casework/service_api.py) ----------------------------------------------


class CasusStatusIn(Schema):
    status = fields.String(required=True)
    reden = fields.String(**_N)


class CasusStatus(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)


class NieuweCasusIn(Schema):
    adres_sleutel = fields.String(required=True)
    partners = fields.List(fields.Integer(), metadata={"description": "Ketenpartner-ids"})


class Aangemaakt(Schema):
    id = fields.Integer(required=True)


class VerrijkingIn(Schema):
    vraag = fields.String(**_N)
    uiterlijk = fields.Date(**_N)


class Verrijkingsverzoek(Schema):
    id = fields.Integer(required=True)
    casustafel_id = fields.Integer(required=True)
    vragen = fields.Integer(required=True, metadata={"description": "Vragen (adres x partner)"})
    open = fields.Integer(required=True)


class CasustafelIn(Schema):
    datum = fields.Date(required=True)
    aanwezigen = fields.List(fields.Integer(), metadata={"description": "Ketenpartner-ids"})
    casussen = fields.List(fields.Integer())
    locatie = fields.String(**_N)
    opmerkingen = fields.String(**_N)


class PartnerUitkomst(Schema):
    ketenpartner_id = fields.Integer(required=True)
    actueel = fields.Boolean(**_N)
    trekker = fields.Boolean()
    toelichting = fields.String(**_N)


class UitkomstIn(Schema):
    partners = fields.List(fields.Nested(PartnerUitkomst))
    politiebijstand = fields.Boolean(**_N)
    politiebijstand_reden = fields.String(**_N)
    handhavingsactie = fields.String(**_N)
    afweging = fields.String(**_N)
    uitkomst = fields.String(**_N)


class Uitkomst(Schema):
    casus_id = fields.Integer(required=True)
    status = fields.String(required=True)
    reden = fields.String(**_N)


class TeamLid(Schema):
    ketenpartner_id = fields.Integer(required=True)
    rol = fields.String(required=True)


class ControleIn(Schema):
    datum = fields.Date(required=True)
    soort = fields.String(required=True)
    adressen = fields.List(fields.Integer(), metadata={"description": "Casus-ids"})
    team = fields.List(fields.Nested(TeamLid))
    personen_aangetroffen = fields.Integer()
    noodplan = fields.Boolean()
    risicoanalyse = fields.Boolean()
    acties_ter_plaatse = fields.String(**_N)
    opmerkingen = fields.String(**_N)


class Opvolgactie(Schema):
    id = fields.Integer(required=True)
    project_id = fields.Integer()
    omschrijving = fields.String()
    deadline = fields.Date()
    status = fields.String()
    stand = fields.String()


class Opvolgacties(Schema):
    result = fields.List(fields.Nested(Opvolgactie), required=True)


class AfrondenIn(Schema):
    resultaat = fields.String(required=True)
    afgerond_op = fields.Date(**_N)


class ActieStatus(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)


class Telling(Schema):
    aantal = fields.Integer()
    categorie = fields.String()
    status = fields.String()


class Resultaatcijfers(Schema):
    controles = fields.Integer()
    adressen_bezocht = fields.Integer()
    personen = fields.Integer()
    bevindingen = fields.Integer()
    bevindingen_per_categorie = fields.List(fields.Nested(Telling))
    acties_per_partner = fields.List(fields.Dict())
    opvolging = fields.Dict(keys=fields.String(), values=fields.Integer())
    casussen = fields.Integer()
    casussen_per_status = fields.List(fields.Nested(Telling))
    effectmeting = fields.List(fields.Dict())
    peildatum = fields.Date()


class Resultaten(Schema):
    result = fields.Nested(Resultaatcijfers, required=True)


# --- documents, phases, queue, history ---------------------------------------------------------


class Documentversie(Schema):
    id = fields.Integer(required=True)
    project_id = fields.Integer()
    soort = fields.String()
    versie = fields.Integer()
    status = fields.String()
    compleet = fields.Boolean()
    template_versie = fields.String(**_N)
    sha256 = fields.String(**_N)
    gegenereerd_op = fields.String()
    ingediend_op = fields.String(**_N)
    bestandsnaam = fields.String()


class Documenten(Schema):
    ontbreekt = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Per documentsoort wat nog ontbreekt"},
    )
    result = fields.List(fields.Nested(Documentversie), required=True)


class Document(Schema):
    result = fields.Nested(Documentversie, required=True)


class Vereiste(Schema):
    omschrijving = fields.String()
    voldaan = fields.Boolean()
    toelichting = fields.String(**_N)


class Overgang(Schema):
    naar = fields.String()
    open = fields.Boolean()
    vereisten = fields.List(fields.Nested(Vereiste))


class Tijdlijnstap(Schema):
    van = fields.String(**_N)
    naar = fields.String()
    reden = fields.String(**_N)
    op = fields.String()
    door = fields.String(**_N)


class Faseringsstatus(Schema):
    fase = fields.String(required=True)
    overgangen = fields.List(fields.Nested(Overgang))
    tijdlijn = fields.List(fields.Nested(Tijdlijnstap))


class Faseovergang(Schema):
    fase = fields.String(required=True)
    van = fields.String(**_N)
    naar = fields.String()


class Termijn(Schema):
    project_id = fields.Integer()
    project_code = fields.String()
    soort = fields.String()
    omschrijving = fields.String()
    datum = fields.Date()
    regel = fields.String()
    status = fields.String()


class Termijnen(Schema):
    result = fields.List(fields.Nested(Termijn), required=True)


class WachtrijBesluit(Schema):
    orgaan = fields.String()
    uitkomst = fields.String()
    datum = fields.Date()


class Wachtrijitem(Schema):
    document_id = fields.Integer()
    project_id = fields.Integer()
    project = fields.String()
    soort = fields.String()
    versie = fields.Integer()
    ingediend_op = fields.String(**_N)
    ingediend_door = fields.String(**_N)
    besluiten = fields.List(fields.Nested(WachtrijBesluit))
    # the meeting whose agenda it is on (portal.meetings_lsi); null when none takes it yet
    vergadering_id = fields.Integer(**_N)
    vergadering_orgaan = fields.String(**_N)
    vergadering_datum = fields.Date(**_N)
    indienen_uiterlijk = fields.Date(**_N)


class Wachtrij(Schema):
    result = fields.List(fields.Nested(Wachtrijitem), required=True)


class Geschiedenisregel(Schema):
    actie = fields.String()
    door = fields.String(**_N)
    op = fields.String()
    wijzigingen = fields.Dict(**_N)


class Geschiedenis(Schema):
    result = fields.List(fields.Nested(Geschiedenisregel), required=True)


# Registered once (components are global in the spec); nested schemas before their containers.
ALL = (
    VerrijkingIn,
    Verrijkingsverzoek,
    TaakFout,
    TaakLinks,
    Taak,
    Geaccepteerd,
    Signaal,
    SignaalPagina,
    LeveringFout,
    Levering,
    LeveringUpload,
    LeveringOpgeslagen,
    LeveringStatus,
    KoppelingRisico,
    KoppelingAdres,
    KoppelingPagina,
    OordeelIn,
    Oordeel,
    SelectieIn,
    Selectie,
    CasusStatusIn,
    CasusStatus,
    NieuweCasusIn,
    Aangemaakt,
    CasustafelIn,
    PartnerUitkomst,
    UitkomstIn,
    Uitkomst,
    TeamLid,
    ControleIn,
    Opvolgactie,
    Opvolgacties,
    AfrondenIn,
    ActieStatus,
    Telling,
    Resultaatcijfers,
    Resultaten,
    Documentversie,
    Documenten,
    Document,
    Vereiste,
    Overgang,
    Tijdlijnstap,
    Faseringsstatus,
    Faseovergang,
    Termijn,
    Termijnen,
    WachtrijBesluit,
    Wachtrijitem,
    Wachtrij,
    Geschiedenisregel,
    Geschiedenis,
)
