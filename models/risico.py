from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class Risico(Versioned, Model):
    """A project risk and the measure that mitigates it."""

    __tablename__ = "risico"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(back_populates="risicos")
    risico: Mapped[str] = mapped_column(sa.Text)
    beheersmaatregel: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return self.risico[:80]
