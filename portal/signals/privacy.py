"""AVG retention for signals: the addresses partners delivered, the coupling built from them
and the judgements per address are personal data; the delivery records (counts, file name,
who and when) stay as the trace of what was delivered."""

from __future__ import annotations

import sqlalchemy as sa

from models import AdresBeoordeling, Adreskoppeling, Signaal, Signaallevering
from portal.extensions import db

_TABLES = (Signaal, Adreskoppeling, AdresBeoordeling)


def count(project_id: int) -> int:
    return sum(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.project_id == project_id)
        )
        or 0
        for model in _TABLES
    )


def purge(project_id: int) -> int:
    from pathlib import Path

    n = 0
    for model in _TABLES:
        n += (
            db.session.execute(sa.delete(model).where(model.project_id == project_id)).rowcount or 0
        )
    for levering in db.session.scalars(
        sa.select(Signaallevering).where(
            Signaallevering.project_id == project_id, Signaallevering.bestand_pad.is_not(None)
        )
    ):
        Path(levering.bestand_pad).unlink(missing_ok=True)
        levering.bestand_pad = None
        levering.controle = None  # the preview quotes rows of the file
    db.session.execute(
        sa.update(Signaallevering)
        .where(Signaallevering.project_id == project_id)
        .values(controle=None)
    )
    return n


def install() -> None:
    from portal import retention

    retention.register_purger("signalen, adreskoppeling en adresbeoordelingen", count, purge)
