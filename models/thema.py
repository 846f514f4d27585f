"""Themes and phenomena projects can target (seed 004), with the LSI year themes: a managed
list kept by the Beheerder, referred to by projects (``Project.themas``, ``lsi_jaarthema``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model, choice
from models.versioned import Versioned

THEMA, FENOMEEN = "Thema", "Fenomeen"
THEMA_SOORTEN = (THEMA, FENOMEEN)

# What a project is aimed at: a postcode area (the classic LSI project) or a theme or
# phenomenon across the participating gemeenten (seed 004, seed 002's third recommendation).
GEBIED, THEMAGERICHT = "Gebied", "Thema of fenomeen"
GERICHT_OP = (GEBIED, THEMAGERICHT)

project_thema = sa.Table(
    "project_thema",
    Model.metadata,
    sa.Column("project_id", sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("thema_id", sa.ForeignKey("thema.id"), primary_key=True),
)

# The themes and phenomena the seeds name; administrators add the year themes and more.
STANDAARD_THEMAS = (
    ("Huisvesting arbeidsmigranten", THEMA),
    ("Adresfraude", THEMA),
    ("Arbeidsmigratie", THEMA),
    ("Taxibranche", THEMA),
    ("Schijnverlating", FENOMEEN),
    ("Onjuiste inschrijvingen", FENOMEEN),
    ("WagwEU (gedetacheerde werknemers)", FENOMEEN),
)


class Thema(Versioned, Model):
    """A theme or phenomenon; with ``jaarthema_jaar`` it is (was) the LSI year theme."""

    __tablename__ = "thema"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(120), unique=True)
    soort: Mapped[str] = mapped_column(choice(THEMA_SOORTEN, "thema_soort"), default=THEMA)
    jaarthema_jaar: Mapped[int | None]
    omschrijving: Mapped[str | None] = mapped_column(sa.Text)
    volgorde: Mapped[int] = mapped_column(default=100)
    # Themes in use are switched off, not deleted (projects keep referring to them).
    actief: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return self.naam
