from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.keuzelijsten import PLANBARE_FASEN
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class Projectfase(Versioned, Model):
    """Planned and actual period of one phase of a project."""

    __tablename__ = "projectfase"
    __table_args__ = (sa.UniqueConstraint("project_id", "fase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(back_populates="fasen")
    fase: Mapped[str] = mapped_column(choice(PLANBARE_FASEN, "planbare_fase"))
    gepland_start: Mapped[dt.date | None]
    gepland_eind: Mapped[dt.date | None]
    werkelijk_start: Mapped[dt.date | None]
    werkelijk_eind: Mapped[dt.date | None]

    def __repr__(self) -> str:
        return self.fase
