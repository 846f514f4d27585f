"""Cases (one per address selected for the casustafel) and the rules of their status.

The seed's procedure (000, step 2-3): per address the partners say whether their risk is
still current (actualisatie); the partners with the largest interest take it up jointly;
police assistance and the enforcement action (weighing subsidiarity and proportionality)
are agreed. When fewer than two partners keep a current interest the address leaves the
joint approach, with a recorded reason.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import (
    AdresBeoordeling,
    Bevinding,
    Casus,
    CasusPartner,
    Opvolgactie,
    ProjectPartner,
    Signaal,
)
from models.casus import (
    AANGEMELD,
    AFGEROND,
    BESPROKEN,
    BUITEN,
    GECONTROLEERD,
    IN_ONDERZOEK,
)
from models.controle import controle_casus
from models.opvolgactie import AFGEROND as ACTIE_AFGEROND
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db, use_case

Errors = dict[str, list[str]]

TRANSITIONS: dict[str, tuple[str, ...]] = {
    AANGEMELD: (BESPROKEN, BUITEN),
    BESPROKEN: (IN_ONDERZOEK, GECONTROLEERD, AFGEROND, BUITEN),
    IN_ONDERZOEK: (GECONTROLEERD, AFGEROND, BUITEN),
    GECONTROLEERD: (IN_ONDERZOEK, AFGEROND, BUITEN),
    AFGEROND: (IN_ONDERZOEK,),
    BUITEN: (AANGEMELD,),
}
# Statuses in which the case is taken up jointly: they need at least two current interests.
JOINT = (BESPROKEN, IN_ONDERZOEK, GECONTROLEERD)
MIN_PARTNERS = 2


def current_partners(casus: Casus) -> list[CasusPartner]:
    return [p for p in casus.partners if p.actueel]


def check_status(casus: Casus, target: str, reden: str | None = None) -> Errors:
    """What stands in the way of moving ``casus`` to ``target`` (empty: allowed)."""
    errors: Errors = {}

    def add(field: str, msg) -> None:
        errors.setdefault(field, []).append(str(msg))

    if target not in TRANSITIONS.get(casus.status, ()):
        add(
            "status",
            _l(
                "Een casus met status %(van)s kan niet naar %(naar)s.",
                van=casus.status,
                naar=target,
            ),
        )
        return errors
    if target in JOINT:
        if any(p.actueel is None for p in casus.partners):
            add("partners", _l("Leg per betrokken partner vast of het belang nog actueel is."))
        current = current_partners(casus)
        if len(current) < MIN_PARTNERS:
            add(
                "partners",
                _l(
                    "Minder dan twee partners hebben een actueel belang; de casus valt buiten "
                    "de gezamenlijke aanpak."
                ),
            )
        if not any(p.trekker for p in current):
            add("partners", _l("Wijs de partner(s) met het grootste belang aan als trekker."))
        if any(p.trekker and not p.actueel for p in casus.partners):
            add("partners", _l("Een trekker moet een actueel belang hebben."))
        if casus.politiebijstand is None:
            add("politiebijstand", _l("Geef aan of politiebijstand nodig is."))
        elif casus.politiebijstand and not (casus.politiebijstand_reden or "").strip():
            add("politiebijstand_reden", _l("Geef aan waarom politiebijstand nodig is."))
        if not (casus.handhavingsactie or "").strip():
            add("handhavingsactie", _l("Leg de gekozen handhavingsactie vast."))
        if not (casus.afweging or "").strip():
            add(
                "afweging",
                _l("Motiveer de handhavingsactie (subsidiariteit en proportionaliteit)."),
            )
    if target == GECONTROLEERD and not _visited(casus):
        add("status", _l("Deze casus is nog bij geen controle bezocht."))
    if target == AFGEROND and open_actions(casus):
        add(
            "status",
            _l(
                "Er staan nog %(n)s opvolgacties open; rond die eerst af.",
                n=len(open_actions(casus)),
            ),
        )
    if target == BUITEN and not (reden or casus.reden_buiten_aanpak or "").strip():
        add(
            "reden_buiten_aanpak",
            _l("Leg vast waarom de casus buiten de gezamenlijke aanpak valt."),
        )
    return errors


def _visited(casus: Casus) -> bool:
    return (
        db.session.scalar(
            sa.select(controle_casus.c.casus_id).where(controle_casus.c.casus_id == casus.id)
        )
        is not None
    )


def open_actions(casus: Casus) -> list[Opvolgactie]:
    return list(
        db.session.scalars(
            sa.select(Opvolgactie)
            .join(Bevinding, Bevinding.id == Opvolgactie.bevinding_id)
            .where(Bevinding.casus_id == casus.id, Opvolgactie.status != ACTIE_AFGEROND)
        )
    )


def allowed_targets(casus: Casus) -> list[str]:
    return list(TRANSITIONS.get(casus.status, ()))


@use_case
def set_status(casus: Casus, target: str, reden: str | None = None) -> Casus:
    """Move a case, enforcing the rules; the journal records the change."""
    errors = check_status(casus, target, reden)
    if errors:
        raise RuleViolation(errors)
    if target == BUITEN and reden:
        casus.reden_buiten_aanpak = reden.strip()
    if target == AANGEMELD:
        casus.reden_buiten_aanpak = None
    casus.status = target
    return casus


@use_case
def set_approach(
    casus: Casus,
    politiebijstand: bool | None,
    politiebijstand_reden: str | None,
    handhavingsactie: str | None,
    afweging: str | None,
) -> Casus:
    """Record the agreed approach (police assistance, enforcement action and the weighing of
    subsidiarity and proportionality); a case taken up jointly must keep what that needs."""
    casus.politiebijstand = politiebijstand
    casus.politiebijstand_reden = (politiebijstand_reden or "").strip() or None
    casus.handhavingsactie = (handhavingsactie or "").strip() or None
    casus.afweging = (afweging or "").strip() or None
    if casus.status in JOINT:
        errors = {
            k: v
            for k, v in check_status(casus, BESPROKEN).items()
            if k not in ("status", "partners")
        }
        if errors:
            raise RuleViolation(errors)
    return casus


def leave_if_no_joint_interest(casus: Casus, context: str = "") -> bool:
    """When fewer than two partners keep a current interest, the case leaves the joint
    approach with a reason naming who still has one. Returns True when it left."""
    if casus.status not in (*JOINT, AANGEMELD):
        return False
    if any(p.actueel is None for p in casus.partners):
        return False
    current = current_partners(casus)
    if len(current) >= MIN_PARTNERS:
        return False
    names = ", ".join(p.ketenpartner.naam for p in current) or "geen enkele partner"
    reden = (
        f"{context}Minder dan twee partners met een actueel belang (nog actueel: {names}); "
        "de betrokken partner kan het adres onder eigen verantwoordelijkheid oppakken."
    )
    casus.reden_buiten_aanpak = reden
    casus.status = BUITEN
    return True


@use_case
def record_actualisatie(
    casus: Casus,
    ketenpartner_id: int,
    actueel: bool | None,
    trekker: bool = False,
    toelichting: str | None = None,
) -> CasusPartner:
    partner = next((p for p in casus.partners if p.ketenpartner_id == ketenpartner_id), None)
    if partner is None:
        partner = add_partner(casus, ketenpartner_id)
    partner.actueel = actueel
    partner.trekker = bool(trekker and actueel)
    if toelichting is not None:
        partner.toelichting = toelichting.strip() or None
    return partner


def _project_partner_ids(project_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sa.select(ProjectPartner.ketenpartner_id).where(ProjectPartner.project_id == project_id)
        )
    )


@use_case
def add_partner(casus: Casus, ketenpartner_id: int) -> CasusPartner:
    if ketenpartner_id not in _project_partner_ids(casus.project_id):
        raise RuleViolation(
            {"ketenpartner": [str(_l("Deze partner neemt niet deel aan het project."))]}
        )
    partner = CasusPartner(
        casus=casus, project_id=casus.project_id, ketenpartner_id=ketenpartner_id
    )
    db.session.add(partner)  # casus=... already put it in casus.partners (back_populates)
    db.session.flush()
    return partner


# --- from the signals' selection ----------------------------------------------------------


def _selected(project_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        AdresBeoordeling.project_id == project_id,
        AdresBeoordeling.geselecteerd_casustafel.is_(True),
    )


def selected_addresses(project_id: int) -> list[str]:
    """Address keys the project leadership selected for the casustafel (portal.signals)."""
    return list(
        db.session.scalars(
            sa.select(AdresBeoordeling.adres_sleutel)
            .where(_selected(project_id))
            .order_by(AdresBeoordeling.adres_sleutel)
        )
    )


def is_selected(project_id: int, adres_sleutel: str) -> bool:
    return (
        db.session.scalar(
            sa.select(AdresBeoordeling.id).where(
                _selected(project_id), AdresBeoordeling.adres_sleutel == adres_sleutel
            )
        )
        is not None
    )


def signalling_partners(project_id: int, adres_sleutel: str) -> list[int]:
    """Partners that delivered a signal on the address: the case's first participants."""
    return list(
        db.session.scalars(
            sa.select(Signaal.ketenpartner_id)
            .where(Signaal.project_id == project_id, Signaal.adres_sleutel == adres_sleutel)
            .distinct()
        )
    )


@use_case
def create_case(project_id: int, adres_sleutel: str, partner_ids: list[int] | None = None) -> Casus:
    """Open the case for a selected address; the signalling partners are its participants."""
    cscope.check_editable(project_id)
    if not is_selected(project_id, adres_sleutel):
        raise RuleViolation(
            {"adres_sleutel": [str(_l("Dit adres is niet geselecteerd voor de casustafel."))]}
        )
    existing = db.session.scalar(
        sa.select(Casus).where(Casus.project_id == project_id, Casus.adres_sleutel == adres_sleutel)
    )
    if existing is not None:
        return existing
    casus = Casus(project_id=project_id, adres_sleutel=adres_sleutel, status=AANGEMELD)
    db.session.add(casus)
    db.session.flush()
    ids = partner_ids if partner_ids is not None else signalling_partners(project_id, adres_sleutel)
    for kp in dict.fromkeys(ids):
        add_partner(casus, kp)
    return casus


@use_case
def ensure_cases(project_id: int) -> list[Casus]:
    """A case for every selected address that has none yet; returns the new cases."""
    cscope.check_editable(project_id)
    have = set(
        db.session.scalars(sa.select(Casus.adres_sleutel).where(Casus.project_id == project_id))
    )
    return [
        create_case(project_id, key) for key in selected_addresses(project_id) if key not in have
    ]
