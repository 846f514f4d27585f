from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.controle import Controle

# What the team takes along on a control evening (seed 002 aanbeveling 5: one way of
# preparing in every gemeente). A new plan starts with all of them on its checklist.
UITRUSTING = (
    "Legitimatiebewijzen en machtigingen",
    "Formulieren en checklists",
    "Telefoons of portofoons (opgeladen)",
    "Zaklampen",
    "Veiligheidshesjes",
    "EHBO-set",
    "CO-melder en meetapparatuur",
    "Camera voor vastlegging",
)


class ControleUitrusting(Versioned, Model):
    """One item of a control's equipment checklist and whether it is ready."""

    __tablename__ = "controle_uitrusting"
    __table_args__ = (sa.UniqueConstraint("controle_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    controle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="CASCADE"), index=True
    )
    controle: Mapped[Controle] = relationship(back_populates="uitrusting")
    item: Mapped[str] = mapped_column(choice(UITRUSTING, "uitrusting_item"))
    gereed: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return self.item or "Uitrusting"
