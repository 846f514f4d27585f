"""Outward communication of a project (issue #19 part 3): press releases and other items per
action or milestone, agreed with the burgemeester(s) and the partners before they go out.

Communication texts are meant for the public: they hold no resident data (no PERSONAL)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.controle import Controle
    from models.opvolgactie import Opvolgactie
    from models.project import Project

PERSBERICHT = "Persbericht"
NA_VASTSTELLING = "Na vaststelling eindrapportage"  # seed 001 §6.3.4
COMMUNICATIE_SOORTEN = (
    PERSBERICHT,
    "Nieuwsbericht",
    "Bewonersbrief",
    "Sociale media",
    "Raadsinformatie",
    NA_VASTSTELLING,
)
CONCEPT, AFGESTEMD, GEPUBLICEERD = "Concept", "Afgestemd", "Gepubliceerd"
COMMUNICATIE_STATUSSEN = (CONCEPT, AFGESTEMD, GEPUBLICEERD)
BURGEMEESTER, PARTNER, OVERIG = "Burgemeester", "Ketenpartner", "Overig"
PARTIJ_SOORTEN = (BURGEMEESTER, PARTNER, OVERIG)


class Communicatie(Versioned, Model):
    """A press release (or other outward item): draft, agreed, published."""

    __tablename__ = "communicatie"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    soort: Mapped[str] = mapped_column(
        choice(COMMUNICATIE_SOORTEN, "communicatie_soort"), default=PERSBERICHT
    )
    titel: Mapped[str] = mapped_column(sa.String(200))
    tekst: Mapped[str | None] = mapped_column(sa.Text)
    # What it is about: a control, a follow-up action or a milestone (phase, decision).
    controle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="SET NULL"), index=True
    )
    controle: Mapped[Controle | None] = relationship()
    opvolgactie_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("opvolgactie.id", ondelete="SET NULL"), index=True
    )
    opvolgactie: Mapped[Opvolgactie | None] = relationship()
    mijlpaal: Mapped[str | None] = mapped_column(sa.String(200))
    woordvoerder: Mapped[str | None] = mapped_column(sa.String(160))
    status: Mapped[str] = mapped_column(
        choice(COMMUNICATIE_STATUSSEN, "communicatie_status"), default=CONCEPT, index=True
    )
    gepubliceerd_op: Mapped[dt.date | None]
    medium: Mapped[str | None] = mapped_column(sa.String(160))
    link: Mapped[str | None] = mapped_column(sa.String(500))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    akkoorden: Mapped[list[CommunicatieAkkoord]] = relationship(
        back_populates="communicatie",
        cascade="all, delete-orphan",
        order_by="CommunicatieAkkoord.id",
    )

    def __repr__(self) -> str:
        return self.titel or ""


class CommunicatieAkkoord(Versioned, Model):
    """One party's agreement to a communication item: who, and when (None: still asked)."""

    __tablename__ = "communicatie_akkoord"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    communicatie_id: Mapped[int] = mapped_column(
        sa.ForeignKey("communicatie.id", ondelete="CASCADE"), index=True
    )
    communicatie: Mapped[Communicatie] = relationship(back_populates="akkoorden")
    partij_soort: Mapped[str] = mapped_column(choice(PARTIJ_SOORTEN, "partij_soort"))
    partij: Mapped[str] = mapped_column(sa.String(200))  # "Burgemeester van Oirschot", "UWV"
    ketenpartner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ketenpartner.id"), index=True
    )
    ketenpartner: Mapped[Ketenpartner | None] = relationship()
    vereist: Mapped[bool] = mapped_column(default=True)  # publishing waits for this party
    akkoord_op: Mapped[dt.date | None]
    akkoord_door: Mapped[str | None] = mapped_column(sa.String(160))  # an official, by role

    def __repr__(self) -> str:
        return self.partij or ""
