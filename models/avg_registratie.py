from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.convenantartikel import Convenantartikel
from models.ketenpartner import Ketenpartner
from models.keuzelijsten import AVG_STATUSSEN
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project

avg_grondslag = sa.Table(
    "avg_grondslag",
    Model.metadata,
    sa.Column(
        "avg_registratie_id",
        sa.ForeignKey("avg_registratie.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("convenantartikel_id", sa.ForeignKey("convenantartikel.id"), primary_key=True),
)


class AvgRegistratie(Versioned, Model):
    """The register entry of the project's processing (AVG art. 30 lid 1), one per project."""

    __tablename__ = "avg_registratie"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    project: Mapped[Project] = relationship(back_populates="avg_registratie")
    verwerkingsverantwoordelijken: Mapped[str | None] = mapped_column(sa.Text)
    functionaris_gegevensbescherming: Mapped[str | None] = mapped_column(sa.Text)
    doeleinden: Mapped[str | None] = mapped_column(sa.Text)
    categorieen_betrokkenen: Mapped[str | None] = mapped_column(sa.Text)
    categorieen_persoonsgegevens: Mapped[str | None] = mapped_column(sa.Text)
    ontvangers: Mapped[str | None] = mapped_column(sa.Text)
    doorgifte_buiten_eu: Mapped[bool] = mapped_column(default=False)
    doorgifte_toelichting: Mapped[str | None] = mapped_column(sa.Text)
    bewaartermijnen: Mapped[str | None] = mapped_column(sa.Text)
    beveiligingsmaatregelen: Mapped[str | None] = mapped_column(sa.Text)
    grondslag: Mapped[list[Convenantartikel]] = relationship(secondary=avg_grondslag)
    status: Mapped[str] = mapped_column(choice(AVG_STATUSSEN, "avg_status"), default="Concept")
    referentie: Mapped[str | None] = mapped_column(sa.String(100))
    dpia_nodig: Mapped[bool] = mapped_column(default=False)
    dpia_uitgevoerd: Mapped[bool] = mapped_column(default=False)
    datum_ingediend: Mapped[dt.date | None]
    datum_geregistreerd: Mapped[dt.date | None]
    rechten: Mapped[list[AvgPartnerrecht]] = relationship(
        back_populates="avg_registratie", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"AVG-registratie {self.project}"


class AvgPartnerrecht(Versioned, Model):
    """Which partner may deliver, edit and read data under this registration."""

    __tablename__ = "avg_partnerrecht"
    __table_args__ = (sa.UniqueConstraint("avg_registratie_id", "ketenpartner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    avg_registratie_id: Mapped[int] = mapped_column(
        sa.ForeignKey("avg_registratie.id", ondelete="CASCADE"), index=True
    )
    avg_registratie: Mapped[AvgRegistratie] = relationship(back_populates="rechten")
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"))
    ketenpartner: Mapped[Ketenpartner] = relationship()
    mag_leveren: Mapped[bool] = mapped_column(default=False)
    mag_bewerken: Mapped[bool] = mapped_column(default=False)
    mag_inzien: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return str(self.ketenpartner)
