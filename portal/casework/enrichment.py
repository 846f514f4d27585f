"""The information position before a casustafel (issue #19 part 4; 002 aanbeveling 4).

The projectleider asks the partners, per address selected for the casustafel, whether the
risk is still current (seed 000 C, actualisatie). Each partner sees the address, the
question and its own answer - never another partner's answer or signals (the same line as
``portal.signals.scope``). The staff see all answers on the agenda. Every answer enters the
address's dossier journal (``portal.casework.journal``), which its case carries on.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l

from models import (
    Casus,
    Casustafel,
    Dossier,
    ProjectPartner,
    Verrijkingsantwoord,
    Verrijkingsverzoek,
)
from models.casus import AFGEROND, BUITEN
from models.verrijkingsverzoek import VERRIJKING_ANTWOORDEN
from portal import access, retention, roles
from portal.access import Scope
from portal.casework import cases
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db, use_case

MAX_NOTE = 2000
DEFAULT_QUESTION = (
    "Is het risico op dit adres volgens uw organisatie nog actueel? Antwoord ja, nee of "
    "onbekend, met een korte toelichting (geen gegevens van andere partners)."
)


# --- who sees what ---------------------------------------------------------------------


def criterion(model: type, scope: Scope) -> sa.ColumnElement[bool]:
    """Staff: the requests and answers of projects they edit. A partner: its own answers
    and the requests that ask it something."""
    staff = cscope._in_projects(model, access.editable_projects(cscope.staff_scope(scope)))
    if roles.KETENPARTNER in scope.roles and scope.ketenpartner_id:
        kp = scope.ketenpartner_id
        if model is Verrijkingsantwoord:
            return sa.or_(staff, Verrijkingsantwoord.ketenpartner_id == kp)
        return sa.or_(
            staff,
            Verrijkingsverzoek.id.in_(
                sa.select(Verrijkingsantwoord.verzoek_id).where(
                    Verrijkingsantwoord.ketenpartner_id == kp
                )
            ),
        )
    return staff


class EnrichmentScope(BaseFilter):
    name = "Verrijking in scope"
    arg_name = None

    def apply(self, query, value):
        return query.filter(criterion(self.model, access.current_scope()))


SCOPED = [["id", EnrichmentScope, None]]


# --- the request -----------------------------------------------------------------------


def addresses_for(meeting: Casustafel) -> list[str]:
    """The addresses this casustafel will discuss: its agenda, and the addresses selected
    for the casustafel that have no case yet (or one still open)."""
    on_agenda = [b.casus.adres_sleutel for b in meeting.agenda]
    closed = set(
        db.session.scalars(
            sa.select(Casus.adres_sleutel).where(
                Casus.project_id == meeting.project_id, Casus.status.in_((AFGEROND, BUITEN))
            )
        )
    )
    selected = [k for k in cases.selected_addresses(meeting.project_id) if k not in closed]
    return list(dict.fromkeys([*on_agenda, *selected]))


def partners_for(project_id: int, adres_sleutel: str) -> list[int]:
    """Who is asked about an address: the partners of its case, else those that signalled
    it, else every partner of the project."""
    casus = db.session.scalar(
        sa.select(Casus).where(Casus.project_id == project_id, Casus.adres_sleutel == adres_sleutel)
    )
    ids = [p.ketenpartner_id for p in casus.partners] if casus is not None else []
    ids = ids or cases.signalling_partners(project_id, adres_sleutel)
    if not ids:
        ids = list(
            db.session.scalars(
                sa.select(ProjectPartner.ketenpartner_id).where(
                    ProjectPartner.project_id == project_id
                )
            )
        )
    return sorted(set(ids))


@use_case
def send_request(
    meeting: Casustafel,
    vraag: str | None = None,
    uiterlijk: dt.date | None = None,
    scope: Scope | None = None,
) -> Verrijkingsverzoek:
    """Ask the partners about every address of the coming casustafel (one open answer row
    per address and partner). Sending again adds only addresses or partners not asked yet."""
    scope = scope or cscope.current()
    cscope.check_editable(meeting.project_id, scope)
    if uiterlijk is not None and meeting.datum and uiterlijk > meeting.datum:
        raise RuleViolation(
            {"uiterlijk": [str(_l("Vraag de antwoorden vóór de datum van de casustafel."))]}
        )
    addresses = addresses_for(meeting)
    if not addresses:
        raise RuleViolation(
            {"adressen": [str(_l("Er zijn geen geselecteerde adressen voor deze casustafel."))]}
        )
    verzoek = db.session.scalar(
        sa.select(Verrijkingsverzoek).where(Verrijkingsverzoek.casustafel_id == meeting.id)
    )
    if verzoek is None:
        verzoek = Verrijkingsverzoek(
            project_id=meeting.project_id,
            casustafel=meeting,
            vraag=(vraag or "").strip() or DEFAULT_QUESTION,
            uiterlijk=uiterlijk,
            verzonden_door_id=scope.user_id,
        )
        db.session.add(verzoek)
        db.session.flush()
    asked = {(a.adres_sleutel, a.ketenpartner_id) for a in verzoek.antwoorden}
    for key in addresses:
        open_dossier(meeting.project_id, key)
        for kp in partners_for(meeting.project_id, key):
            if (key, kp) not in asked:
                db.session.add(
                    Verrijkingsantwoord(
                        project_id=meeting.project_id,
                        verzoek=verzoek,
                        adres_sleutel=key,
                        ketenpartner_id=kp,
                    )
                )
    db.session.flush()
    return verzoek


def may_answer(row: Verrijkingsantwoord, scope: Scope) -> bool:
    """Only the asked partner answers for itself (the staff record an answer they were
    given by phone, too)."""
    if cscope.may_edit(row.project_id, scope):
        return True
    return (
        roles.KETENPARTNER in scope.roles
        and scope.ketenpartner_id is not None
        and row.ketenpartner_id == scope.ketenpartner_id
    )


def validate_answer(antwoord: str | None, toelichting: str | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if antwoord not in VERRIJKING_ANTWOORDEN:
        errors["antwoord"] = [str(_l("Kies ja, nee of onbekend."))]
    if toelichting and len(toelichting) > MAX_NOTE:
        errors["toelichting"] = [str(_l("De toelichting is hoogstens %(n)s tekens.", n=MAX_NOTE))]
    return errors


@use_case
def answer(
    row: Verrijkingsantwoord,
    antwoord: str | None,
    toelichting: str | None = None,
    scope: Scope | None = None,
) -> Verrijkingsantwoord:
    scope = scope or cscope.current()
    if not may_answer(row, scope):
        raise AccessDenied()
    antwoord = (antwoord or "").strip().capitalize() or None
    errors = validate_answer(antwoord, toelichting)
    if errors:
        raise RuleViolation(errors)
    row.antwoord = antwoord
    row.toelichting = (toelichting or "").strip() or None
    row.beantwoord_op = dt.datetime.now(dt.UTC)
    row.beantwoord_door_id = scope.user_id
    return row


def my_questions(scope: Scope, open_only: bool = False) -> list[Verrijkingsantwoord]:
    """A partner's own rows (answered or open), newest request first."""
    if not scope.ketenpartner_id:
        return []
    q = (
        sa.select(Verrijkingsantwoord)
        .join(Verrijkingsverzoek)
        .where(Verrijkingsantwoord.ketenpartner_id == scope.ketenpartner_id)
        .order_by(Verrijkingsverzoek.id.desc(), Verrijkingsantwoord.adres_sleutel)
    )
    if open_only:
        q = q.where(Verrijkingsantwoord.antwoord.is_(None))
    return list(db.session.scalars(q))


def for_meeting(meeting: Casustafel, scope: Scope) -> dict[str, list[Verrijkingsantwoord]]:
    """Per address the answers this user may see (the staff: all; a partner: its own)."""
    rows = db.session.scalars(
        sa.select(Verrijkingsantwoord)
        .join(Verrijkingsverzoek)
        .where(
            Verrijkingsverzoek.casustafel_id == meeting.id,
            criterion(Verrijkingsantwoord, scope),
        )
        .order_by(Verrijkingsantwoord.adres_sleutel, Verrijkingsantwoord.id)
    )
    out: dict[str, list[Verrijkingsantwoord]] = {}
    for r in rows:
        out.setdefault(r.adres_sleutel, []).append(r)
    return out


def request_of(meeting: Casustafel) -> Verrijkingsverzoek | None:
    return db.session.scalar(
        sa.select(Verrijkingsverzoek).where(Verrijkingsverzoek.casustafel_id == meeting.id)
    )


# --- dossiers --------------------------------------------------------------------------


def dossier_of(project_id: int, adres_sleutel: str) -> Dossier | None:
    return db.session.scalar(
        sa.select(Dossier).where(
            Dossier.project_id == project_id, Dossier.adres_sleutel == adres_sleutel
        )
    )


def open_dossier(project_id: int, adres_sleutel: str) -> Dossier:
    """The address's dossier (opened when it is selected; ``journal`` does that on the
    selection itself, this covers addresses selected before dossiers existed)."""
    from portal.casework import journal

    dossier = dossier_of(project_id, adres_sleutel)
    if dossier is None:
        dossier = journal.open_dossier(db.session, project_id, adres_sleutel)
        db.session.flush()
    return dossier


# --- retention -------------------------------------------------------------------------


def _count(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Verrijkingsantwoord)
            .where(Verrijkingsantwoord.project_id == project_id)
        )
        or 0
    ) + (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Dossier).where(Dossier.project_id == project_id)
        )
        or 0
    )


def _purge(project_id: int) -> int:
    """The answers name addresses and say things about residents: they go with the term,
    as do the dossiers (their journal entries go with the journal's purger, which runs
    first on the same project: the foreign key cascades either way)."""
    n = db.session.execute(
        sa.delete(Verrijkingsverzoek.__table__).where(Verrijkingsverzoek.project_id == project_id)
    ).rowcount
    n2 = db.session.execute(
        sa.delete(Verrijkingsantwoord.__table__).where(Verrijkingsantwoord.project_id == project_id)
    ).rowcount
    n3 = db.session.execute(
        sa.delete(Dossier.__table__).where(Dossier.project_id == project_id)
    ).rowcount
    return (n or 0) + (n2 or 0) + (n3 or 0)


retention.register_purger("verrijking_en_dossiers", _count, _purge, last=True)
