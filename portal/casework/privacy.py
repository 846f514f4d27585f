"""AVG retention for case work: free text about people and the case addresses are removed;
statuses, categories, counts and dates stay, so the results figures do not change."""

from __future__ import annotations

import sqlalchemy as sa

from models import Bevinding, Casus, CasusPartner, Controle, Opvolgactie
from models.casustafel import CasustafelBespreking
from portal.extensions import db

REMOVED = "[verwijderd na bewaartermijn]"
# model -> free-text columns that may describe people; None where the column is NOT NULL.
_TEXT = {
    Casus: {
        "politiebijstand_reden": None,
        "handhavingsactie": None,
        "afweging": None,
        "reden_buiten_aanpak": None,
    },
    CasusPartner: {"toelichting": None},
    Bevinding: {"omschrijving": None},
    Opvolgactie: {"omschrijving": REMOVED, "resultaat": None},
    Controle: {"acties_ter_plaatse": None, "opmerkingen": None},
    CasustafelBespreking: {"uitkomst": None},
}


def _address_criteria(project_id: int):
    return sa.and_(Casus.project_id == project_id, ~Casus.adres_sleutel.like("anon-%"))


def count(project_id: int) -> int:
    total = (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Casus).where(_address_criteria(project_id))
        )
        or 0
    )
    for model, columns in _TEXT.items():
        filled = sa.or_(
            *[getattr(model, c).is_not(None) & (getattr(model, c) != REMOVED) for c in columns]
        )
        total += (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(model)
                .where(model.project_id == project_id, filled)
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
        filled = sa.or_(
            *[getattr(model, c).is_not(None) & (getattr(model, c) != REMOVED) for c in columns]
        )
        n += (
            db.session.execute(
                sa.update(model)
                .where(model.project_id == project_id, filled)
                .values(**columns, lock_version=model.lock_version + 1)
            ).rowcount
            or 0
        )
    return n


def install() -> None:
    from portal import retention

    retention.register_purger("casusadressen en vrije tekst over personen", count, purge)
