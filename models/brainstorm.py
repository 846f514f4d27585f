"""The brainstorm of the Verkenning and the feedback of the problem definition (seed 001
§2.2-2.4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class Brainstorm(Versioned, Model):
    """The session in which the partners' staff name the problems of the area; the problem
    definition itself (per main theme Leefbaarheid and Veiligheid) stays on the project,
    where the documents read it, and ``teruggekoppeld_op`` records that it went back to the
    participants - both before the GO/NO-GO (``portal.process.DECISIONS``). One per project."""

    __tablename__ = "brainstorm"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    project: Mapped[Project] = relationship()
    datum: Mapped[dt.date | None]
    deelnemers: Mapped[str | None] = mapped_column(sa.Text)  # participants and their partners
    methode: Mapped[str | None] = mapped_column(sa.String(200))
    uitkomst: Mapped[str | None] = mapped_column(sa.Text)
    teruggekoppeld_op: Mapped[dt.date | None]  # problem definition fed back to the participants

    def __repr__(self) -> str:
        return f"Brainstorm {self.datum.isoformat() if self.datum else ''}".strip()
