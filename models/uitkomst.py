"""Outcomes as the evaluations report them (issue #19 part 5): per gemeente and partner, a
count or an amount. Linked to a case at most by id: no resident data in the row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import MONEY, Model
from models.gemeente import Gemeente
from models.ketenpartner import Ketenpartner
from models.uitkomstsoort import Uitkomstsoort
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.casus import Casus
    from models.controle import Controle
    from models.opvolgactie import Opvolgactie
    from models.project import Project


class Uitkomst(Versioned, Model):
    __tablename__ = "uitkomst"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    uitkomstsoort_id: Mapped[int] = mapped_column(sa.ForeignKey("uitkomstsoort.id"), index=True)
    uitkomstsoort: Mapped[Uitkomstsoort] = relationship()
    # Filled from the case when left empty (portal.casework.outcomes.derive).
    gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    gemeente: Mapped[Gemeente | None] = relationship()
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    casus_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("casus.id", ondelete="SET NULL"), index=True
    )
    casus: Mapped[Casus | None] = relationship()
    controle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="SET NULL"), index=True
    )
    controle: Mapped[Controle | None] = relationship()
    opvolgactie_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("opvolgactie.id", ondelete="SET NULL"), index=True
    )
    opvolgactie: Mapped[Opvolgactie | None] = relationship()
    datum: Mapped[dt.date]
    aantal: Mapped[int] = mapped_column(default=1)
    bedrag: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2), info=MONEY)

    def __repr__(self) -> str:
        return str(self.uitkomstsoort) if self.uitkomstsoort else ""
