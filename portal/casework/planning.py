"""Control evenings planned ahead (seed 002 knelpunt/aanbeveling 5: every gemeente organised
them differently, with too little attention for safety).

A control is planned ("Gepland") with its date and time, purpose, team, the addresses (cases)
on the schedule with a risk assessment each, the police arrangements, the emergency plan
and an equipment checklist; the same record later gets its outcome ("Uitgevoerd") or is
called off ("Geannuleerd"). The police inzet an assessment proposes is one rule here
(`proposed_inzet`); the planner may choose more, but less only with a reason.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Casus, Controle, ControleAdres, ControleTeamlid, ControleUitrusting, Project
from models.casus import BESPROKEN, GECONTROLEERD, IN_ONDERZOEK
from models.controle import CONTROLE_SOORTEN, GEANNULEERD, GEPLAND, UITGEVOERD
from models.controleadres import (
    GEEN_POLITIE,
    POLITIE_AANWEZIG,
    POLITIE_INZET,
    POLITIE_STANDBY,
)
from models.controleuitrusting import UITRUSTING
from portal import deadlines, formatting, retention
from portal.access import Scope
from portal.audit import REDACTED
from portal.casework import controls
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db, use_case

Errors = dict[str, list[str]]
_RANK = {v: i for i, v in enumerate(POLITIE_INZET)}
BRIEFING_DAYS = 2  # the briefing is ready this many days before the evening


# --- the police-inzet rule (the one place) ---------------------------------------------------


def proposed_inzet(agressie: bool, wapens: bool, honden: bool, kwetsbare_bewoners: bool) -> str:
    """Known aggression or weapons: the police is there; dogs or vulnerable residents: the
    police stands by; otherwise none."""
    if agressie or wapens:
        return POLITIE_AANWEZIG
    if honden or kwetsbare_bewoners:
        return POLITIE_STANDBY
    return GEEN_POLITIE


def proposal_of(adres: ControleAdres) -> str:
    return proposed_inzet(adres.agressie, adres.wapens, adres.honden, adres.kwetsbare_bewoners)


def chosen_inzet(adres: ControleAdres) -> str:
    """What was chosen, or (not yet chosen) what the assessment proposes."""
    return adres.politie_inzet or proposal_of(adres)


def evening_inzet(addresses: list[ControleAdres]) -> str:
    """The heaviest inzet of the evening's addresses: what the police must arrange."""
    return max((chosen_inzet(a) for a in addresses), key=_RANK.__getitem__, default=GEEN_POLITIE)


def lower_than_proposed(adres: ControleAdres) -> bool:
    return (
        adres.politie_inzet is not None and _RANK[adres.politie_inzet] < _RANK[proposal_of(adres)]
    )


# --- planning --------------------------------------------------------------------------------


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _check_plan(
    project_id: int,
    datum: dt.date | None,
    aanvang: dt.time | None,
    soort: str,
    doel: str | None,
    casus_ids: list[int],
    team: list[tuple[int, str]],
    uitrusting: list[str],
    errors: Errors,
) -> list[Casus]:
    if datum is None:
        errors["datum"] = [str(_l("Vul de datum van de controle in."))]
    elif datum < dt.date.today():
        errors["datum"] = [
            str(_l("Plan een controle op vandaag of later; een gehouden controle legt u vast."))
        ]
    if aanvang is None:
        errors["aanvang"] = [str(_l("Vul de aanvangstijd in."))]
    if soort not in CONTROLE_SOORTEN:
        errors["soort"] = [str(_l("Kies actiedag of actieavond."))]
    if not _text(doel):
        errors["doel"] = [str(_l("Beschrijf het doel van de controle."))]
    casussen = controls.visitable_cases(project_id, casus_ids, errors)
    if not casussen:
        errors.setdefault("adressen", []).append(
            str(_l("Kies de adressen (casussen) die op de planning staan."))
        )
    controls.check_team(project_id, team, errors)
    unknown = [i for i in uitrusting if i not in UITRUSTING]
    if unknown:
        errors["uitrusting"] = [
            str(_l("Onbekend uitrustingsstuk: %(item)s", item=", ".join(unknown)))
        ]
    return casussen


def _apply(
    controle: Controle,
    datum: dt.date,
    aanvang: dt.time,
    soort: str,
    doel: str | None,
    casussen: list[Casus],
    team: list[tuple[int, str]],
    politie_afgesproken: bool,
    politie_geinformeerd: bool,
    verzamelpunt: str | None,
    belschema: str | None,
    uitrusting: list[str],
) -> None:
    controle.datum, controle.aanvang, controle.soort = datum, aanvang, soort
    controle.doel = _text(doel)
    controle.politie_afgesproken = bool(politie_afgesproken)
    controle.politie_geinformeerd = bool(politie_geinformeerd)
    controle.verzamelpunt = _text(verzamelpunt)
    controle.belschema = _text(belschema)
    controle.noodplan = bool(controle.verzamelpunt and controle.belschema)
    # Addresses kept keep their risk assessment; new ones are added, dropped ones go.
    wanted = [c.id for c in casussen]
    kept = {a.casus_id: a for a in controle.planadressen if a.casus_id in wanted}
    controle.planadressen = [
        kept.get(cid) or ControleAdres(project_id=controle.project_id, casus_id=cid)
        for cid in wanted
    ]
    for i, a in enumerate(controle.planadressen, 1):
        a.volgorde = i
    current = {(t.ketenpartner_id, t.rol): t for t in controle.team}
    controle.team = [
        current.get((kp, rol))
        or ControleTeamlid(project_id=controle.project_id, ketenpartner_id=kp, rol=rol)
        for kp, rol in dict.fromkeys(team)
    ]
    items = {u.item: u for u in controle.uitrusting}
    controle.uitrusting = [
        items.get(item) or ControleUitrusting(project_id=controle.project_id, item=item)
        for item in UITRUSTING
        if item in uitrusting or item in items
    ]
    controle.risicoanalyse = bool(controle.planadressen) and all(
        a.beoordeeld_op for a in controle.planadressen
    )


@use_case
def plan_control(
    project_id: int,
    datum: dt.date | None,
    aanvang: dt.time | None,
    soort: str,
    doel: str | None,
    casus_ids: list[int],
    team: list[tuple[int, str]],
    politie_afgesproken: bool = False,
    politie_geinformeerd: bool = False,
    verzamelpunt: str | None = None,
    belschema: str | None = None,
    uitrusting: list[str] | None = None,
) -> Controle:
    """A new planned control; the checklist starts with every item unless one is given."""
    cscope.check_editable(project_id)
    uitrusting = list(UITRUSTING) if uitrusting is None else list(uitrusting)
    errors: Errors = {}
    casussen = _check_plan(
        project_id, datum, aanvang, soort, doel, casus_ids, team, uitrusting, errors
    )
    if errors:
        raise RuleViolation(errors)
    controle = Controle(project_id=project_id, status=GEPLAND, personen_aangetroffen=0)
    db.session.add(controle)
    _apply(
        controle, datum, aanvang, soort, doel, casussen, team,
        politie_afgesproken, politie_geinformeerd, verzamelpunt, belschema, uitrusting,
    )  # fmt: skip
    db.session.flush()
    return controle


def _check_planned(controle: Controle) -> None:
    cscope.check_editable(controle.project_id)
    if controle.status != GEPLAND:
        raise RuleViolation(
            {"status": [str(_l("Alleen een geplande controle kan nog worden gewijzigd."))]}
        )


@use_case
def update_plan(
    controle: Controle,
    datum: dt.date | None,
    aanvang: dt.time | None,
    soort: str,
    doel: str | None,
    casus_ids: list[int],
    team: list[tuple[int, str]],
    politie_afgesproken: bool = False,
    politie_geinformeerd: bool = False,
    verzamelpunt: str | None = None,
    belschema: str | None = None,
    uitrusting: list[str] | None = None,
) -> Controle:
    _check_planned(controle)
    uitrusting = [u.item for u in controle.uitrusting] if uitrusting is None else uitrusting
    errors: Errors = {}
    casussen = _check_plan(
        controle.project_id, datum, aanvang, soort, doel, casus_ids, team, uitrusting, errors
    )
    if errors:
        raise RuleViolation(errors)
    # Items taken off the list go; _apply keeps existing ones, so drop them first.
    controle.uitrusting = [u for u in controle.uitrusting if u.item in uitrusting]
    _apply(
        controle, datum, aanvang, soort, doel, casussen, team,
        politie_afgesproken, politie_geinformeerd, verzamelpunt, belschema, uitrusting,
    )  # fmt: skip
    db.session.flush()
    return controle


def check_assessment(
    agressie: bool,
    wapens: bool,
    honden: bool,
    kwetsbare_bewoners: bool,
    politie_inzet: str | None,
    inzet_reden: str | None,
) -> Errors:
    """The chosen inzet is known and, when lower than the proposal, explained."""
    if politie_inzet is None or politie_inzet == "":
        return {}
    if politie_inzet not in POLITIE_INZET:
        return {"politie_inzet": [str(_l("Kies geen politie, politie stand-by of aanwezig."))]}
    proposal = proposed_inzet(agressie, wapens, honden, kwetsbare_bewoners)
    if _RANK[politie_inzet] < _RANK[proposal] and not _text(inzet_reden):
        return {
            "inzet_reden": [
                str(
                    _l(
                        "De risicobeoordeling stelt '%(voorstel)s' voor; leg vast waarom een "
                        "lichtere inzet volstaat.",
                        voorstel=proposal,
                    )
                )
            ]
        }
    return {}


@use_case
def assess_address(
    adres: ControleAdres,
    agressie: bool,
    wapens: bool,
    honden: bool,
    kwetsbare_bewoners: bool,
    indeling: str | None,
    toelichting: str | None,
    politie_inzet: str | None,
    inzet_reden: str | None,
) -> ControleAdres:
    """The risk assessment of one address; without a choice the proposal is taken."""
    _check_planned(adres.controle)
    flags = (bool(agressie), bool(wapens), bool(honden), bool(kwetsbare_bewoners))
    errors = check_assessment(*flags, politie_inzet or None, inzet_reden)
    if errors:
        raise RuleViolation(errors)
    adres.agressie, adres.wapens, adres.honden, adres.kwetsbare_bewoners = flags
    adres.indeling, adres.toelichting = _text(indeling), _text(toelichting)
    adres.politie_inzet = politie_inzet or proposed_inzet(*flags)
    # A reason is kept only where it explains something: a lower inzet than proposed.
    adres.inzet_reden = _text(inzet_reden) if lower_than_proposed(adres) else None
    adres.beoordeeld_op = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    controle = adres.controle
    controle.risicoanalyse = all(a.beoordeeld_op for a in controle.planadressen)
    db.session.flush()
    return adres


@use_case
def set_checklist(controle: Controle, gereed: list[str]) -> Controle:
    _check_planned(controle)
    unknown = [i for i in gereed if i not in {u.item for u in controle.uitrusting}]
    if unknown:
        raise RuleViolation(
            {"uitrusting": [str(_l("Niet op de checklist: %(item)s", item=", ".join(unknown)))]}
        )
    for u in controle.uitrusting:
        u.gereed = u.item in gereed
    db.session.flush()
    return controle


@use_case
def record_outcome(
    controle: Controle,
    datum: dt.date | None,
    bezocht: list[int],
    personen_aangetroffen: int | None,
    acties_ter_plaatse: str | None = None,
    opmerkingen: str | None = None,
) -> Controle:
    """ "Gepland" becomes "Uitgevoerd": the addresses visited (of those planned), the number
    of people met and what was done; findings are added afterwards on the control page."""
    _check_planned(controle)
    errors: Errors = {}
    datum = datum or controle.datum
    if datum > dt.date.today() + dt.timedelta(days=1):
        errors["datum"] = [str(_l("Leg een controle vast nadat ze is gehouden."))]
    if personen_aangetroffen is None or personen_aangetroffen < 0:
        errors["personen_aangetroffen"] = [str(_l("Vul een aantal van 0 of hoger in."))]
    planned = {a.casus_id: a for a in controle.planadressen}
    if not bezocht:
        errors["adressen"] = [str(_l("Kies de bezochte adressen (casussen)."))]
    elif any(cid not in planned for cid in bezocht):
        errors["adressen"] = [str(_l("Kies alleen adressen die op de planning stonden."))]
    if errors:
        raise RuleViolation(errors)
    controle.datum = datum
    controle.personen_aangetroffen = int(personen_aangetroffen)
    controle.acties_ter_plaatse = _text(acties_ter_plaatse)
    controle.opmerkingen = _text(opmerkingen)
    for cid, a in planned.items():
        a.bezocht = cid in bezocht
    visited = [planned[cid].casus for cid in dict.fromkeys(bezocht)]
    controle.adressen = visited  # the journal notes the visit on each case
    for c in visited:
        if c.status in (BESPROKEN, IN_ONDERZOEK):
            c.status = GECONTROLEERD
    controle.status = UITGEVOERD
    db.session.flush()
    return controle


@use_case
def cancel(controle: Controle, reden: str | None) -> Controle:
    _check_planned(controle)
    if not _text(reden):
        raise RuleViolation(
            {"annuleringsreden": [str(_l("Leg vast waarom de controle niet doorgaat."))]}
        )
    controle.annuleringsreden = _text(reden)
    controle.status = GEANNULEERD
    db.session.flush()
    return controle


# --- reading ---------------------------------------------------------------------------------


def visible_addresses(controle: Controle, scope: Scope) -> list[ControleAdres]:
    """The schedule's addresses this user may see: a partner only those of its own cases."""
    return list(
        db.session.scalars(
            sa.select(ControleAdres)
            .where(
                ControleAdres.controle_id == controle.id,
                cscope.criterion(ControleAdres, scope),
            )
            .order_by(ControleAdres.volgorde, ControleAdres.id)
        )
    )


def open_points(controle: Controle) -> list[str]:
    """What is still missing before the evening (shown on the page and the briefing)."""
    if controle.status != GEPLAND:
        return []
    out = []
    unassessed = [a for a in controle.planadressen if not a.beoordeeld_op]
    if unassessed:
        out.append(str(_l("Risicobeoordeling ontbreekt voor %(n)s adres(sen).", n=len(unassessed))))
    if evening_inzet(controle.planadressen) != GEEN_POLITIE and not controle.politie_afgesproken:
        out.append(str(_l("Politie-inzet is nog niet afgesproken.")))
    if not controle.politie_geinformeerd:
        out.append(str(_l("De lokale politie is nog niet geïnformeerd.")))
    if not controle.noodplan:
        out.append(str(_l("Het calamiteitenplan (verzamelpunt en belschema) is niet compleet.")))
    not_ready = [u for u in controle.uitrusting if not u.gereed]
    if not_ready:
        out.append(
            str(_l("Uitrusting nog niet gereed: %(n)s onderdeel/onderdelen.", n=len(not_ready)))
        )
    return out


def planned_for(project_id: int, scope: Scope) -> list[Controle]:
    return list(
        db.session.scalars(
            sa.select(Controle)
            .where(
                Controle.project_id == project_id,
                Controle.status == GEPLAND,
                cscope.criterion(Controle, scope),
            )
            .order_by(Controle.datum, Controle.aanvang)
        )
    )


# --- deadlines -------------------------------------------------------------------------------


@deadlines.register_deadlines
def _briefing_deadlines(project: Project, today: dt.date) -> list[deadlines.Deadline]:
    """A planned evening: its briefing (every open point closed) is due two days before."""
    rows = db.session.scalars(
        sa.select(Controle).where(Controle.project_id == project.id, Controle.status == GEPLAND)
    )
    return [
        deadlines.deadline(
            project,
            "controleavond",
            _l("Controle %(datum)s: briefing klaar", datum=formatting.datum(c.datum)),
            c.datum - dt.timedelta(days=BRIEFING_DAYS),
            _l(
                "Risicobeoordeling, politie-inzet, calamiteitenplan en uitrusting rond, "
                "%(n)s dagen vóór de controle (seed 002, aanbeveling 5).",
                n=BRIEFING_DAYS,
            ),
            not open_points(c),
            today,
        )
        for c in rows
    ]


# --- retention -------------------------------------------------------------------------------

_PERSONAL = [c.name for c in ControleAdres.__table__.columns if c.info.get("persoonsgegeven")]


def _filled():
    return sa.or_(
        *[
            getattr(ControleAdres, c).is_not(None) & (getattr(ControleAdres, c) != REDACTED)
            for c in _PERSONAL
        ]
    )


def _count(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ControleAdres)
            .where(ControleAdres.project_id == project_id, _filled())
        )
        or 0
    )


def _purge(project_id: int) -> int:
    return (
        db.session.execute(
            sa.update(ControleAdres)
            .where(ControleAdres.project_id == project_id, _filled())
            .values(
                **dict.fromkeys(_PERSONAL),
                lock_version=ControleAdres.lock_version + 1,
            )
        ).rowcount
        or 0
    )


retention.register_purger("risicobeoordelingen van controleadressen", _count, _purge)
