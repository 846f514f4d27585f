"""Outward communication (issue #19 part 3): press releases per action or milestone, agreed
with the burgemeester(s) and the partners, then published.

The publishing rule lives here once (``publish_blockers``): the ``@rule(Communicatie)`` of
screens and API and the ``publish`` use case all ask it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from models import Communicatie, CommunicatieAkkoord, Controle, Opvolgactie, Project
from models.communicatie import (
    AFGESTEMD,
    COMMUNICATIE_SOORTEN,
    CONCEPT,
    GEPUBLICEERD,
    NA_VASTSTELLING,
    PARTIJ_SOORTEN,
)
from models.document import VASTGESTELD
from portal import deadlines
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db, use_case
from portal.rules import Errors, rule

# How long after the LSI established the eindrapportage the communication about it may
# wait (seed 001 §6.3.4: the results are made public once the report is established).
NA_VASTSTELLING_WEKEN = 4


def url_error(link: str | None) -> str | None:
    """A published link must be a full web address (http or https, with a host)."""
    if not link:
        return None
    parts = urlsplit(link.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in link.strip():
        return str(_l("Geef een volledig webadres, beginnend met https:// of http://."))
    return None


def _agreements(communicatie_id: int | None) -> list[CommunicatieAkkoord]:
    if communicatie_id is None:
        return []
    with db.session.no_autoflush:
        return list(
            db.session.scalars(
                sa.select(CommunicatieAkkoord)
                .where(CommunicatieAkkoord.communicatie_id == communicatie_id)
                .order_by(CommunicatieAkkoord.id)
            )
        )


def publish_blockers(communicatie_id: int | None) -> list[str]:
    """Why the item may not be published yet (empty: it may)."""
    return blockers_of(_agreements(communicatie_id))


def blockers_of(agreements: list[CommunicatieAkkoord]) -> list[str]:
    """Every required party - burgemeester(s) and partners - has agreed, and at least one
    party was asked."""
    rows = [a for a in agreements if a.vereist]
    if not rows:
        return [
            str(_l("Leg eerst vast met wie het bericht is afgestemd (burgemeester, partners)."))
        ]
    missing = [a.partij for a in rows if a.akkoord_op is None]
    if missing:
        return [str(_l("Nog geen akkoord van: %(p)s.", p=", ".join(missing)))]
    return []


def status_for(communicatie_id: int | None, current: str) -> str:
    """Concept until every required party agreed, then Afgestemd; published stays."""
    if current == GEPUBLICEERD:
        return current
    return AFGESTEMD if communicatie_id and not publish_blockers(communicatie_id) else CONCEPT


def _ref(values: Mapping[str, Any], name: str, model: type):
    obj = values.get(name)
    if obj is None and values.get(f"{name}_id"):
        obj = db.session.get(model, int(values[f"{name}_id"]))
    return obj


def _project_id(values: Mapping[str, Any]) -> int | None:
    project = values.get("project")
    return values.get("project_id") or getattr(project, "id", None)


@event.listens_for(Session, "before_flush")
def _follow_agreements(session: Session, _ctx, _instances) -> None:
    """An item is Afgestemd exactly when every required party agreed, however the agreement
    rows were written (screen, API, use case)."""
    touched = {
        a.communicatie
        for a in (*session.new, *session.dirty, *session.deleted)
        if isinstance(a, CommunicatieAkkoord) and a.communicatie is not None
    }
    for item in touched:
        if item.status == GEPUBLICEERD or item in session.deleted:
            continue
        rows = [a for a in item.akkoorden if a not in session.deleted]
        item.status = CONCEPT if blockers_of(rows) else AFGESTEMD


@event.listens_for(Session, "before_flush")
def _follow_agreements(session: Session, _ctx, _instances) -> None:
    """An item is Afgestemd exactly when every required party agreed, however the agreement
    rows were written (screen, API, use case)."""
    touched = {
        a.communicatie
        for a in (*session.new, *session.dirty, *session.deleted)
        if isinstance(a, CommunicatieAkkoord) and a.communicatie is not None
    }
    for item in touched:
        if item.status == GEPUBLICEERD or item in session.deleted:
            continue
        rows = [a for a in item.akkoorden if a not in session.deleted]
        item.status = CONCEPT if blockers_of(rows) else AFGESTEMD


@rule(Communicatie)
def _communicatie(values: Mapping[str, Any], row_id: int | None) -> Errors:
    errors: Errors = {}
    if values.get("soort") is not None and values.get("soort") not in COMMUNICATIE_SOORTEN:
        errors["soort"] = [_l("Kies een soort bericht uit de lijst.")]
    if not (values.get("titel") or "").strip():
        errors["titel"] = [_l("Geef het bericht een titel.")]
    if (err := url_error(values.get("link"))) is not None:
        errors["link"] = [err]
    project_id = _project_id(values)
    for name, model in (("controle", Controle), ("opvolgactie", Opvolgactie)):
        obj = _ref(values, name, model)
        if obj is not None and project_id and obj.project_id != project_id:
            errors[name] = [_l("Kies een onderdeel van hetzelfde project.")]
    if values.get("status") == AFGESTEMD and publish_blockers(row_id):
        errors["status"] = publish_blockers(row_id)
    if values.get("status") == GEPUBLICEERD:
        blockers = publish_blockers(row_id)
        if blockers:
            errors["status"] = blockers
        if not values.get("gepubliceerd_op"):
            errors["gepubliceerd_op"] = [_l("Vul de datum van publicatie in.")]
        if not (values.get("medium") or "").strip():
            errors["medium"] = [_l("Vul het medium in (krant, website, sociale media).")]
    elif values.get("gepubliceerd_op"):
        errors["gepubliceerd_op"] = [_l("Een publicatiedatum hoort bij een gepubliceerd bericht.")]
    return errors


@rule(CommunicatieAkkoord)
def _akkoord(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    errors: Errors = {}
    if values.get("partij_soort") not in PARTIJ_SOORTEN:
        errors["partij_soort"] = [_l("Kies burgemeester, ketenpartner of overig.")]
    if not (values.get("partij") or "").strip():
        errors["partij"] = [_l("Vul in welke partij (burgemeester, partner) akkoord geeft.")]
    item = _ref(values, "communicatie", Communicatie)
    if item is not None and item.status == GEPUBLICEERD:
        errors["_"] = [_l("Het bericht is al gepubliceerd; akkoorden liggen vast.")]
    project_id = _project_id(values)
    if item is not None and project_id and item.project_id != project_id:
        errors["communicatie"] = [_l("Kies een onderdeel van hetzelfde project.")]
    day = values.get("akkoord_op")
    if day is not None and day > dt.date.today():
        errors["akkoord_op"] = [_l("Een akkoord ligt niet in de toekomst.")]
    return errors


def _check(values: Mapping[str, Any], model: type, row_id: int | None) -> None:
    from portal.rules import enforce

    enforce(model, values, row_id)


@use_case
def create(
    project: Project,
    titel: str,
    soort: str = "Persbericht",
    tekst: str | None = None,
    woordvoerder: str | None = None,
    controle_id: int | None = None,
    opvolgactie_id: int | None = None,
    mijlpaal: str | None = None,
) -> Communicatie:
    cscope.check_editable(project.id)
    values = {
        "project_id": project.id,
        "titel": (titel or "").strip(),
        "soort": soort,
        "tekst": tekst,
        "woordvoerder": woordvoerder,
        "controle_id": controle_id,
        "opvolgactie_id": opvolgactie_id,
        "mijlpaal": mijlpaal,
        "status": CONCEPT,
    }
    _check(values, Communicatie, None)
    item = Communicatie(**values)
    db.session.add(item)
    db.session.flush()
    return item


@use_case
def add_party(
    item: Communicatie,
    partij_soort: str,
    partij: str,
    ketenpartner_id: int | None = None,
    vereist: bool = True,
) -> CommunicatieAkkoord:
    """Ask a party (one row per party) to agree."""
    cscope.check_editable(item.project_id)
    values = {
        "communicatie": item,
        "partij_soort": partij_soort,
        "partij": (partij or "").strip(),
        "ketenpartner_id": ketenpartner_id,
        "vereist": vereist,
    }
    _check(values, CommunicatieAkkoord, None)
    row = CommunicatieAkkoord(project_id=item.project_id, **values)
    db.session.add(row)
    db.session.flush()
    return row


@use_case
def record_agreement(
    row: CommunicatieAkkoord, akkoord_op: dt.date | None, akkoord_door: str | None = None
) -> CommunicatieAkkoord:
    """A party agreed (on that day, by that official); the item becomes Afgestemd once
    every required party has."""
    cscope.check_editable(row.project_id)
    if akkoord_op is None:
        raise RuleViolation({"akkoord_op": [str(_l("Vul de datum van het akkoord in."))]})
    values = {
        "communicatie": row.communicatie,
        "partij_soort": row.partij_soort,
        "partij": row.partij,
        "akkoord_op": akkoord_op,
        "akkoord_door": akkoord_door,
    }
    _check(values, CommunicatieAkkoord, row.id)
    row.akkoord_op = akkoord_op
    row.akkoord_door = (akkoord_door or "").strip() or None
    db.session.flush()
    return row


@use_case
def publish(item: Communicatie, datum: dt.date | None, medium: str | None, link: str | None):
    cscope.check_editable(item.project_id)
    values = {
        "project_id": item.project_id,
        "titel": item.titel,
        "controle_id": item.controle_id,
        "opvolgactie_id": item.opvolgactie_id,
        "status": GEPUBLICEERD,
        "gepubliceerd_op": datum,
        "medium": (medium or "").strip(),
        "link": (link or "").strip() or None,
    }
    _check(values, Communicatie, item.id)
    item.status = GEPUBLICEERD
    item.gepubliceerd_op = datum
    item.medium = values["medium"]
    item.link = values["link"]
    return item


def for_project(project_id: int, published_only: bool = False) -> list[Communicatie]:
    q = sa.select(Communicatie).where(Communicatie.project_id == project_id)
    if published_only:
        q = q.where(Communicatie.status == GEPUBLICEERD)
    return list(
        db.session.scalars(
            q.order_by(
                Communicatie.gepubliceerd_op.is_(None),
                Communicatie.gepubliceerd_op,
                Communicatie.id,
            )
        )
    )


def counts(project_id: int) -> dict[str, int]:
    rows = dict(
        db.session.execute(
            sa.select(Communicatie.status, sa.func.count(Communicatie.id))
            .where(Communicatie.project_id == project_id)
            .group_by(Communicatie.status)
        ).all()
    )
    return {s: int(rows.get(s, 0)) for s in (CONCEPT, AFGESTEMD, GEPUBLICEERD)}


def _established_on(project_id: int) -> dt.date | None:
    """The day the LSI established the latest eindrapportage (None: not yet)."""
    from models import Besluit, Document

    doc = db.session.scalar(
        sa.select(Document)
        .where(Document.project_id == project_id, Document.soort == "eindrapportage")
        .order_by(Document.versie.desc())
        .limit(1)
    )
    if doc is None or doc.status != VASTGESTELD:
        return None
    day = db.session.scalar(
        sa.select(sa.func.max(Besluit.datum)).where(Besluit.document_id == doc.id)
    )
    return day or doc.gegenereerd_op.date()


def needs_closing_communication(project_id: int) -> bool:
    """Seed 001 §6.3.4: once the eindrapportage is established, the results go out."""
    if _established_on(project_id) is None:
        return False
    return not db.session.scalar(
        sa.select(Communicatie.id).where(
            Communicatie.project_id == project_id,
            Communicatie.soort == NA_VASTSTELLING,
            Communicatie.status == GEPUBLICEERD,
        )
    )


@deadlines.register_deadlines
def _closing_deadline(project: Project, today: dt.date) -> list[deadlines.Deadline]:
    established = _established_on(project.id)
    if established is None:
        return []
    done = not needs_closing_communication(project.id)
    return [
        deadlines.deadline(
            project,
            "communicatie",
            _l("Communicatie na vaststelling van de eindrapportage"),
            established + dt.timedelta(weeks=NA_VASTSTELLING_WEKEN),
            _l("Seed 001 §6.3.4: na vaststelling door de LSI worden de resultaten gedeeld."),
            done,
            today,
        )
    ]
