from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class Activiteit(Versioned, Model):
    """What a partner will do in the project (no partner: a joint activity)."""

    __tablename__ = "activiteit"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(back_populates="activiteiten")
    ketenpartner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ketenpartner.id"))
    ketenpartner: Mapped[Ketenpartner | None] = relationship()
    omschrijving: Mapped[str] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return self.omschrijving[:80]
