from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.casus import Casus
from models.dossier import Dossier

if TYPE_CHECKING:
    from models.project import Project

JOURNAAL_SOORTEN = (
    "Status",
    "Casustafel",
    "Controle",
    "Bevinding",
    "Opvolging",
    "Handmatig",
    "Selectie",
    "Verrijking",
)


class Journaalregel(Model):
    """One entry of a case's journal: who, when, what. Append-only (portal.casework.journal)."""

    __tablename__ = "journaalregel"
    __table_args__ = (sa.Index("ix_journaalregel_casus_op", "casus_id", "op"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    # An entry belongs to a case, or - from the address's selection until its case exists -
    # to its dossier (seed 003); the case shows its dossier's entries from the start.
    casus_id: Mapped[int | None] = mapped_column(sa.ForeignKey("casus.id", ondelete="CASCADE"))
    casus: Mapped[Casus | None] = relationship()
    dossier_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    dossier: Mapped[Dossier | None] = relationship()
    op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id", ondelete="SET NULL"))
    door: Mapped[str] = mapped_column(sa.String(120))
    soort: Mapped[str] = mapped_column(choice(JOURNAAL_SOORTEN, "journaal_soort"))
    tekst: Mapped[str] = mapped_column(sa.Text, info=PERSONAL)

    def __repr__(self) -> str:
        return f"{self.op:%d-%m-%Y %H:%M} {self.door}: {self.tekst[:60]}"
