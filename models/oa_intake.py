"""The intake with Onderzoek & Analyse of the Nederlandse Arbeidsinspectie (seed 001 par.
2.8): analyst capacity and the problem analysis; its report goes with the projectvoorstel."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models.base import Model
from models.project import Project
from models.versioned import Versioned


class OaIntake(Versioned, Model):
    __tablename__ = "oa_intake"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    project: Mapped[Project] = relationship(
        backref=backref(
            "oa_intake", uselist=False, cascade="all, delete-orphan", passive_deletes=True
        )
    )
    datum_intake: Mapped[dt.date | None]
    analist_uren: Mapped[int | None]  # capaciteit analyse
    tijdpad: Mapped[str | None] = mapped_column(sa.Text)  # indicatief tijdpad project
    aard_omvang: Mapped[str | None] = mapped_column(sa.Text)  # in relation to partners' effort
    indicatoren: Mapped[str | None] = mapped_column(sa.Text)
    bronnen: Mapped[str | None] = mapped_column(sa.Text)
    planning_analist: Mapped[str | None] = mapped_column(sa.Text)
    # The former free text Project.intake_oa (migration 0017) and any summary of the report.
    samenvatting: Mapped[str | None] = mapped_column(sa.Text)
    # Where the O&A report is kept until it is linked as a project attachment (Bijlage).
    verslag_referentie: Mapped[str | None] = mapped_column(sa.String(300))

    def __repr__(self) -> str:
        return f"Intake O&A {self.project.code if self.project else ''}".strip()
