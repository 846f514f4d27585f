"""AVG retention for signals: the addresses partners delivered, the coupling built from them
and the judgements per address are personal data, and so are the delivered files and the
preview summaries that quote their rows. The delivery records (counts, file name, who and
when) stay as the trace of what was delivered."""

from __future__ import annotations

import sqlalchemy as sa

from models import AdresBeoordeling, Adreskoppeling, Signaal, Signaallevering
from portal import retention
from portal.extensions import db, on_commit
from portal.signals import importer

_TABLES = (Signaal, Adreskoppeling, AdresBeoordeling)


def _with_summary(project_id: int):
    return sa.and_(
        Signaallevering.project_id == project_id,
        sa.or_(Signaallevering.controle.is_not(None), Signaallevering.bestand_pad.is_not(None)),
    )


def count(project_id: int) -> int:
    rows = sum(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.project_id == project_id)
        )
        or 0
        for model in _TABLES
    )
    summaries = (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Signaallevering).where(_with_summary(project_id))
        )
        or 0
    )
    return rows + summaries + len(importer.project_files(project_id))


def purge(project_id: int) -> int:
    n = 0
    for model in _TABLES:
        n += (
            db.session.execute(sa.delete(model).where(model.project_id == project_id)).rowcount or 0
        )
    files = importer.project_files(project_id)
    n += (
        db.session.execute(
            # JSON null, not the JSON value 'null': the preview quotes rows of the file.
            sa.update(Signaallevering)
            .where(_with_summary(project_id))
            .values(controle=sa.null(), bestand_pad=None)
        ).rowcount
        or 0
    )
    # Files go once the rows that point at them are gone for good (a failed retention run
    # leaves both); files received for the project without a delivery row go as well.
    for path in files:
        on_commit(lambda path=path: path.unlink(missing_ok=True))
    return n + len(files)


def install() -> None:
    retention.register_purger("signalen, adreskoppeling en adresbeoordelingen", count, purge)
