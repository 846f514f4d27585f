from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model
from models.bevindingcategorie import BevindingCategorie
from models.casus import Casus
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.controle import Controle
    from models.opvolgactie import Opvolgactie


class Bevinding(Versioned, Model):
    """A finding of a controle at one visited address, in a managed category."""

    __tablename__ = "bevinding"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    controle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="CASCADE"), index=True
    )
    controle: Mapped[Controle] = relationship(back_populates="bevindingen")
    casus_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("casus.id", ondelete="SET NULL"), index=True
    )
    casus: Mapped[Casus | None] = relationship()
    categorie_id: Mapped[int] = mapped_column(sa.ForeignKey("bevindingcategorie.id"), index=True)
    categorie: Mapped[BevindingCategorie] = relationship()
    ketenpartner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ketenpartner.id"), index=True
    )
    ketenpartner: Mapped[Ketenpartner | None] = relationship()
    omschrijving: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    opvolgacties: Mapped[list[Opvolgactie]] = relationship(
        back_populates="bevinding", cascade="all, delete-orphan", order_by="Opvolgactie.id"
    )

    def __repr__(self) -> str:
        return f"{self.categorie} ({self.casus})" if self.casus else str(self.categorie)
