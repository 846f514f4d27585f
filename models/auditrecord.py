from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model


class AuditRecord(Model):
    """One create, update or delete of a domain row: who, when, which fields from what to what.

    Written by the central listener in portal.audit; append-only for every role.
    """

    __tablename__ = "auditrecord"
    __table_args__ = (sa.Index("ix_auditrecord_tabel_rij", "tabel", "rij_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tabel: Mapped[str] = mapped_column(sa.String(60))
    rij_id: Mapped[str] = mapped_column(sa.String(40))
    actie: Mapped[str] = mapped_column(sa.String(10))
    wijzigingen: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    project_id: Mapped[int | None] = mapped_column(index=True)
    door_id: Mapped[int | None]
    door: Mapped[str | None] = mapped_column(sa.String(120))
    op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC), index=True)

    def __repr__(self) -> str:
        return f"{self.actie} {self.tabel} {self.rij_id}"
