"""Expenses of an action (interpreter, locksmith): an amount and what it was for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import MONEY, Model, choice
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.controle import Controle
    from models.opvolgactie import Opvolgactie
    from models.project import Project

KOSTENSOORTEN = ("Tolk", "Slotenmaker", "Opslag en vervoer", "Huur locatie", "Overig")


class Kostenpost(Versioned, Model):
    __tablename__ = "kostenpost"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    soort: Mapped[str] = mapped_column(choice(KOSTENSOORTEN, "kostensoort"))
    # A short description of the service, never of residents ("tolk Pools, 3 uur").
    omschrijving: Mapped[str] = mapped_column(sa.String(200))
    bedrag: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), info=MONEY)
    datum: Mapped[dt.date]
    controle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="SET NULL"), index=True
    )
    controle: Mapped[Controle | None] = relationship()
    opvolgactie_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("opvolgactie.id", ondelete="SET NULL"), index=True
    )
    opvolgactie: Mapped[Opvolgactie | None] = relationship()
    ketenpartner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ketenpartner.id"), index=True
    )  # who paid
    ketenpartner: Mapped[Ketenpartner | None] = relationship()

    def __repr__(self) -> str:
        return self.omschrijving or ""
