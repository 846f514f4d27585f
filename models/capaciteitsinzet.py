from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class Capaciteitsinzet(Versioned, Model):
    """Hours a partner planned and spent on a project in one period (a month, keyed by its
    first day): set against ProjectPartner.capaciteit_uren (002 knelpunt 1: capacity)."""

    __tablename__ = "capaciteitsinzet"
    __table_args__ = (sa.UniqueConstraint("project_id", "ketenpartner_id", "periode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    periode: Mapped[dt.date]
    gepland_uren: Mapped[int] = mapped_column(default=0)
    gerealiseerd_uren: Mapped[int | None]
    toelichting: Mapped[str | None] = mapped_column(sa.String(500))  # about the work, no residents
    ingevoerd_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    ingevoerd_door: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"{self.ketenpartner} {self.periode:%m-%Y}" if self.periode else "Capaciteit"
