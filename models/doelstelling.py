from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class Doelstelling(Versioned, Model):
    """A project goal with a measurable indicator: 0-meting, target and 1-meting."""

    __tablename__ = "doelstelling"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(back_populates="doelstellingen")
    doel: Mapped[str] = mapped_column(sa.Text)
    indicator: Mapped[str | None] = mapped_column(sa.String(300))
    eenheid: Mapped[str | None] = mapped_column(sa.String(60))
    nulmeting: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    streefwaarde: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    eenmeting: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))

    def __repr__(self) -> str:
        return self.doel[:80]
