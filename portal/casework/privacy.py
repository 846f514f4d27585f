"""AVG retention for case work: free text about people and the case addresses are removed;
statuses, categories, counts and dates stay, so the results figures do not change.

Which columns are personal is what the models say (``models.base.PERSONAL``), so a new
personal column of a case-work table is purged without a change here."""

from __future__ import annotations

import sqlalchemy as sa

from models import (
    Bevinding,
    Casus,
    CasusPartner,
    Casustafel,
    CasustafelBespreking,
    Controle,
    Opvolgactie,
)
from portal import retention
from portal.audit import REDACTED as REMOVED
from portal.extensions import db

# The journal is not here: portal.casework.journal deletes it (append-only, so all or nothing).
_MODELS = (Casus, CasusPartner, Bevinding, Opvolgactie, Controle, Casustafel, CasustafelBespreking)


def _text_columns(model) -> dict[str, str | None]:
    """Personal free-text columns -> what they become (None, or a marker where NOT NULL)."""
    return {
        col.name: None if col.nullable else REMOVED
        for col in model.__table__.columns
        if col.info.get("persoonsgegeven") and col.name != "adres_sleutel"
    }


_TEXT = {model: _text_columns(model) for model in _MODELS}


def _address_criteria(project_id: int):
    return sa.and_(Casus.project_id == project_id, ~Casus.adres_sleutel.like("anon-%"))


def _filled(model, columns):
    return sa.or_(
        *[getattr(model, c).is_not(None) & (getattr(model, c) != REMOVED) for c in columns]
    )


def count(project_id: int) -> int:
    total = (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Casus).where(_address_criteria(project_id))
        )
        or 0
    )
    for model, columns in _TEXT.items():
        if columns:
            total += (
                db.session.scalar(
                    sa.select(sa.func.count())
                    .select_from(model)
                    .where(model.project_id == project_id, _filled(model, columns))
                )
                or 0
            )
    return total


def purge(project_id: int) -> int:
    n = (
        db.session.execute(
            sa.update(Casus)
            .where(_address_criteria(project_id))
            # Unique per case, so "addresses visited" still counts the same.
            .values(
                adres_sleutel=sa.literal("anon-") + sa.cast(Casus.id, sa.String),
                lock_version=Casus.lock_version + 1,
            )
        ).rowcount
        or 0
    )
    for model, columns in _TEXT.items():
        if columns:
            n += (
                db.session.execute(
                    sa.update(model)
                    .where(model.project_id == project_id, _filled(model, columns))
                    .values(**columns, lock_version=model.lock_version + 1)
                ).rowcount
                or 0
            )
    return n


def install() -> None:
    retention.register_purger("casusadressen en vrije tekst over personen", count, purge)
