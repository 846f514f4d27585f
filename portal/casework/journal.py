"""The case journal: a chronological, append-only log per case (seed 003).

Entries are written automatically for status changes, casustafel decisions, controls,
findings and follow-up (one session hook, so screens, API, CLI and demo data all log the
same way), plus manual entries. Nobody edits or deletes an entry: the ORM refuses it
(``_refuse``) and no screen or API offers it. The one exception is the AVG retention rule,
``purge_for_retention``, which deletes with a Core statement on purpose.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from models import (
    AdresBeoordeling,
    Bevinding,
    Casus,
    CasusPartner,
    Casustafel,
    CasustafelBespreking,
    Controle,
    ControleTeamlid,
    Dossier,
    Journaalregel,
    Opvolgactie,
    Verrijkingsantwoord,
)
from portal import audit, retention
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db, use_case

STATUS, CASUSTAFEL, CONTROLE, BEVINDING, OPVOLGING, HANDMATIG = (
    "Status",
    "Casustafel",
    "Controle",
    "Bevinding",
    "Opvolging",
    "Handmatig",
)
# The dossier's own entries (issue #19, seed 003): from the selection until the case.
SELECTIE, VERRIJKING = "Selectie", "Verrijking"


class JournalIsAppendOnly(PermissionError):
    pass


def _who() -> tuple[int | None, str]:
    return audit._who()


def _d(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "?"


def _entry(session: Session, casus: Casus | None, soort: str, tekst: str) -> None:
    if casus is None:
        return
    user_id, username = _who()
    session.add(
        Journaalregel(
            casus=casus,
            project_id=casus.project_id,
            soort=soort,
            tekst=tekst,
            door_id=user_id,
            door=username,
            op=dt.datetime.now(dt.UTC),
        )
    )


MAX_TEXT = 5000


@use_case
def add_manual(
    casus: Casus | None, tekst: str | None, row: Journaalregel | None = None
) -> Journaalregel:
    """A manual entry (observation, information received, agreement) by someone who may
    write this case's journal; screen and API both come here (``row``: the API's new object,
    filled in rather than replaced)."""
    if casus is None or not cscope.may_write_journal(casus):
        raise AccessDenied()
    tekst = (tekst or "").strip()
    if not tekst:
        raise RuleViolation({"tekst": [str(_l("Schrijf op wat u wilt vastleggen."))]})
    if len(tekst) > MAX_TEXT:
        raise RuleViolation(
            {
                "tekst": [
                    str(
                        _l(
                            "Een journaalregel is hoogstens %(n)s tekens; deze heeft er %(m)s. "
                            "Splits hem in meer regels.",
                            n=format_number(MAX_TEXT),
                            m=format_number(len(tekst)),
                        )
                    )
                ]
            }
        )
    user_id, username = _who()
    row = row or Journaalregel()
    row.casus_id = casus.id
    row.project_id = casus.project_id
    row.soort = HANDMATIG
    row.tekst = tekst
    row.door_id = user_id
    row.door = username
    row.op = dt.datetime.now(dt.UTC)
    db.session.add(row)
    return row


def entries(casus_id: int, with_dossier: bool = True) -> list[Journaalregel]:
    """The case's journal; ``with_dossier``: from the start, i.e. with the entries of its
    address's dossier written before the case existed (only the project's own people see
    those: they hold every partner's enrichment answer)."""
    where = Journaalregel.casus_id == casus_id
    if with_dossier:
        where = sa.or_(
            where,
            Journaalregel.dossier_id.in_(sa.select(Dossier.id).where(Dossier.casus_id == casus_id)),
        )
    return list(
        db.session.scalars(
            sa.select(Journaalregel).where(where).order_by(Journaalregel.op, Journaalregel.id)
        )
    )


def dossier_entries(dossier_id: int) -> list[Journaalregel]:
    return list(
        db.session.scalars(
            sa.select(Journaalregel)
            .where(Journaalregel.dossier_id == dossier_id)
            .order_by(Journaalregel.op, Journaalregel.id)
        )
    )


# --- dossiers (seed 003) -----------------------------------------------------------------


def dossiers_of(project_id: int, adres_sleutels: list[str]) -> dict[str, Dossier]:
    """The dossiers of these selected addresses, by address key."""
    return {
        d.adres_sleutel: d
        for d in db.session.scalars(
            sa.select(Dossier).where(
                Dossier.project_id == project_id, Dossier.adres_sleutel.in_(adres_sleutels)
            )
        )
    }


def _dossier_entry(
    session: Session, dossier: Dossier, soort: str, tekst: str, shared: bool = True
) -> None:
    """``shared=False``: the entry stays in the dossier only - a partner answer is for the
    project's own people, never for the other partners of the case."""
    user_id, username = _who()
    session.add(
        Journaalregel(
            dossier=dossier,
            casus=dossier.casus if shared else None,
            project_id=dossier.project_id,
            soort=soort,
            tekst=tekst,
            door_id=user_id,
            door=username,
            op=dt.datetime.now(dt.UTC),
        )
    )


def _find_dossier(session: Session, project_id: int, adres_sleutel: str) -> Dossier | None:
    for obj in session.new:  # opened earlier in this flush
        if (
            isinstance(obj, Dossier)
            and obj.project_id == project_id
            and obj.adres_sleutel == adres_sleutel
        ):
            return obj
    return session.scalar(
        sa.select(Dossier).where(
            Dossier.project_id == project_id, Dossier.adres_sleutel == adres_sleutel
        )
    )


def open_dossier(session: Session, project_id: int, adres_sleutel: str) -> Dossier:
    """The address's dossier, opened with its first entry when it does not exist yet."""
    dossier = _find_dossier(session, project_id, adres_sleutel)
    if dossier is not None:
        return dossier
    casus = session.scalar(
        sa.select(Casus).where(Casus.project_id == project_id, Casus.adres_sleutel == adres_sleutel)
    )
    dossier = Dossier(project_id=project_id, adres_sleutel=adres_sleutel, casus=casus)
    session.add(dossier)
    _dossier_entry(
        session, dossier, SELECTIE, "Adres geselecteerd voor de casustafel; dossier geopend."
    )
    return dossier


def _log_dossier(session: Session, obj: Any, new: bool) -> None:
    if isinstance(obj, AdresBeoordeling):
        if new:
            selected = bool(obj.geselecteerd_casustafel)
        else:
            changed, _old, value = _changed(obj, "geselecteerd_casustafel")
            selected = changed and bool(value)
        if selected:
            open_dossier(session, obj.project_id, obj.adres_sleutel)
    elif isinstance(obj, Casus) and new:
        dossier = _find_dossier(session, obj.project_id, obj.adres_sleutel)
        if dossier is not None and dossier.casus_id is None:
            dossier.casus = obj
            _dossier_entry(
                session, dossier, STATUS, "Casus geopend; het dossier loopt door in de casus."
            )
    elif isinstance(obj, Verrijkingsantwoord) and not new:
        changed, _old, value = _changed(obj, "antwoord")
        if changed and value:
            dossier = _find_dossier(session, obj.project_id, obj.adres_sleutel)
            if dossier is None:
                dossier = open_dossier(session, obj.project_id, obj.adres_sleutel)
            partner = obj.ketenpartner.naam if obj.ketenpartner else str(obj.ketenpartner_id)
            _dossier_entry(
                session,
                dossier,
                VERRIJKING,
                f"Verrijking {partner}: risico nog actueel: {value.lower()}"
                + (f" ({obj.toelichting})" if obj.toelichting else "")
                + ".",
                shared=False,
            )


# --- automatic entries ------------------------------------------------------------------

_PARENT = {
    CasusPartner: "casus",
    CasustafelBespreking: "casustafel",
    ControleTeamlid: "controle",
    Bevinding: "controle",
    Opvolgactie: "bevinding",
}


def _get(session: Session, obj: Any, rel: str, model: type):
    value = getattr(obj, rel, None)
    if value is None and getattr(obj, f"{rel}_id", None):
        value = session.get(model, getattr(obj, f"{rel}_id"))
    return value


def derive_project(obj: Any, session: Session | None = None) -> None:
    """Child rows carry their parent's project_id (row-level access works on project_id)."""
    session = session or db.session
    if getattr(obj, "project_id", None):
        return
    project = getattr(obj, "project", None)
    if project is not None and project.id:
        obj.project_id = project.id
        return
    rel = _PARENT.get(type(obj))
    if rel is None:
        return
    model = inspect(type(obj)).relationships[rel].mapper.class_
    with session.no_autoflush:
        parent = _get(session, obj, rel, model)
        if parent is not None:
            derive_project(parent, session)
            obj.project_id = parent.project_id


def _changed(obj: Any, attr: str) -> tuple[bool, Any, Any]:
    hist = inspect(obj).attrs[attr].history
    if not hist.has_changes():
        return False, None, None
    old = hist.deleted[0] if hist.deleted else None
    new = hist.added[0] if hist.added else None
    return old != new, old, new


def _casus_of_action(session: Session, action: Opvolgactie) -> Casus | None:
    finding = _get(session, action, "bevinding", Bevinding)
    return _get(session, finding, "casus", Casus) if finding is not None else None


def _log_new(session: Session, obj: Any) -> None:
    if isinstance(obj, Casus):
        _entry(session, obj, STATUS, f"Casus aangemaakt met status {obj.status or 'Aangemeld'}.")
    elif isinstance(obj, CasustafelBespreking):
        tafel = _get(session, obj, "casustafel", Casustafel)
        _entry(
            session,
            _get(session, obj, "casus", Casus),
            CASUSTAFEL,
            f"Geagendeerd voor de casustafel van {_d(tafel.datum if tafel else None)}.",
        )
    elif isinstance(obj, Bevinding):
        controle = _get(session, obj, "controle", Controle)
        categorie = obj.categorie.naam if obj.categorie else str(obj.categorie_id)
        partner = f" ({obj.ketenpartner.naam})" if obj.ketenpartner else ""
        _entry(
            session,
            _get(session, obj, "casus", Casus),
            BEVINDING,
            f"Bevinding {categorie}{partner} bij de controle van "
            f"{_d(controle.datum if controle else None)}: {obj.omschrijving or '-'}",
        )
    elif isinstance(obj, Opvolgactie):
        partner = obj.ketenpartner.naam if obj.ketenpartner else str(obj.ketenpartner_id)
        _entry(
            session,
            _casus_of_action(session, obj),
            OPVOLGING,
            f"Opvolgactie voor {partner}, uiterlijk {_d(obj.deadline)}: {obj.omschrijving}",
        )


def _log_dirty(session: Session, obj: Any) -> None:
    if isinstance(obj, Casus):
        changed, old, new = _changed(obj, "status")
        if changed:
            reden = (
                f" Reden: {obj.reden_buiten_aanpak}" if new == "Buiten gezamenlijke aanpak" else ""
            )
            _entry(session, obj, STATUS, f"Status {old} → {new}.{reden}")
    elif isinstance(obj, CasusPartner):
        changed, _old, new = _changed(obj, "actueel")
        if changed and new is not None:
            partner = obj.ketenpartner.naam if obj.ketenpartner else str(obj.ketenpartner_id)
            _entry(
                session,
                _get(session, obj, "casus", Casus),
                CASUSTAFEL,
                f"Actualisatie {partner}: {'actueel belang' if new else 'geen actueel belang meer'}"
                + (f" ({obj.toelichting})" if obj.toelichting else "")
                + ".",
            )
    elif isinstance(obj, CasustafelBespreking):
        changed, _old, new = _changed(obj, "besproken")
        if changed and new:
            tafel = _get(session, obj, "casustafel", Casustafel)
            _entry(
                session,
                _get(session, obj, "casus", Casus),
                CASUSTAFEL,
                f"Besproken aan de casustafel van {_d(tafel.datum if tafel else None)}: "
                f"{obj.uitkomst or '-'}",
            )
    elif isinstance(obj, Opvolgactie):
        changed, old, new = _changed(obj, "status")
        if changed:
            tekst = f"Opvolgactie '{obj.omschrijving[:80]}': {old} → {new}."
            if new == "Afgerond":
                tekst += f" Resultaat: {obj.resultaat or '-'}"
            _entry(session, _casus_of_action(session, obj), OPVOLGING, tekst)


def _log_visits(session: Session, obj: Controle) -> None:
    added = inspect(obj).attrs["adressen"].history.added
    for casus in added:
        _entry(
            session,
            casus,
            CONTROLE,
            f"Bezocht tijdens de {obj.soort.lower() if obj.soort else 'controle'} van "
            f"{_d(obj.datum)}; {obj.personen_aangetroffen or 0} personen aangetroffen op "
            "de controle.",
        )


def _before_flush(session: Session, _ctx, _instances) -> None:
    with session.no_autoflush:
        for obj in list(session.new):
            if isinstance(obj, Journaalregel):
                continue
            if type(obj) in _PARENT or isinstance(obj, Casus | Casustafel | Controle):
                derive_project(obj, session)
        for obj in list(session.new):
            _log_new(session, obj)
            _log_dossier(session, obj, True)
            if isinstance(obj, Controle):
                _log_visits(session, obj)
        for obj in list(session.dirty):
            if isinstance(obj, Journaalregel):
                continue
            _log_dirty(session, obj)
            _log_dossier(session, obj, False)
            if isinstance(obj, Controle):
                _log_visits(session, obj)


def _refuse(_mapper, _conn, _target) -> None:
    raise JournalIsAppendOnly("Journaalregels kunnen niet worden gewijzigd of verwijderd.")


# --- retention ----------------------------------------------------------------------------


def count_for_retention(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Journaalregel)
            .where(Journaalregel.project_id == project_id)
        )
        or 0
    )


def purge_for_retention(project_id: int) -> int:
    """Delete a project's journal when its AVG retention term has passed.

    The only way an entry ever disappears. It deliberately bypasses the ORM guard with a
    Core DELETE; ``portal.retention`` calls it and records the count in the audit trail.
    """
    result = db.session.execute(
        sa.delete(Journaalregel.__table__).where(Journaalregel.project_id == project_id)
    )
    return result.rowcount or 0


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Journaalregel, "before_update", _refuse)
    event.listen(Journaalregel, "before_delete", _refuse)

    retention.register_purger("journaalregels", count_for_retention, purge_for_retention)
    _installed = True


install()

from portal.casework import privacy as _privacy  # noqa: E402  (registers its purger too)

_privacy.install()
