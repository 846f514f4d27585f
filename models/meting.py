"""Questionnaire measurements (issue #19 part 6, menselijke maat; seed 004): the 0-meting,
the 1-meting and how residents experienced a control. Aggregated: no personal data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.controle import Controle
    from models.project import Project

NULMETING, EENMETING, CONTROLE = "0-meting", "1-meting", "Controle"
METING_SOORTEN = (NULMETING, EENMETING, CONTROLE)


class Meting(Versioned, Model):
    """One question's aggregated answer: respondents and an average score (1-5) or a
    percentage."""

    __tablename__ = "meting"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    soort: Mapped[str] = mapped_column(choice(METING_SOORTEN, "meting_soort"), index=True)
    datum: Mapped[dt.date]
    controle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="SET NULL"), index=True
    )
    controle: Mapped[Controle | None] = relationship()
    gebied: Mapped[str | None] = mapped_column(sa.String(120))  # a street, wijk or PC4 area
    vragenlijst: Mapped[str] = mapped_column(sa.String(200))
    vraag: Mapped[str] = mapped_column(sa.String(300))
    respondenten: Mapped[int]
    score: Mapped[Decimal | None] = mapped_column(sa.Numeric(3, 2))  # average, 1-5
    percentage: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))  # 0-100
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text)  # summarised, no names

    def __repr__(self) -> str:
        return self.vraag or ""
