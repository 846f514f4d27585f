from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned
from portal.addresses import display

if TYPE_CHECKING:
    from models.casustafel import Casustafel

JA, NEE, ONBEKEND = "Ja", "Nee", "Onbekend"
VERRIJKING_ANTWOORDEN = (JA, NEE, ONBEKEND)


class Verrijkingsverzoek(Versioned, Model):
    """The projectleider's question to the partners before a casustafel: is the risk on each
    selected address still current (seed 000 C, actualisatie; 002 aanbeveling 4)."""

    __tablename__ = "verrijkingsverzoek"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    casustafel_id: Mapped[int] = mapped_column(
        sa.ForeignKey("casustafel.id", ondelete="CASCADE"), index=True
    )
    casustafel: Mapped[Casustafel] = relationship()
    vraag: Mapped[str] = mapped_column(sa.Text)
    uiterlijk: Mapped[dt.date | None]
    verzonden_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    verzonden_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    antwoorden: Mapped[list[Verrijkingsantwoord]] = relationship(
        back_populates="verzoek", cascade="all, delete-orphan", order_by="Verrijkingsantwoord.id"
    )

    def __repr__(self) -> str:
        return f"Verrijkingsverzoek {self.casustafel}" if self.casustafel else "Verrijkingsverzoek"


class Verrijkingsantwoord(Versioned, Model):
    """One partner's answer for one address; open while ``antwoord`` is empty. A partner
    sees only its own rows (portal.casework.enrichment)."""

    __tablename__ = "verrijkingsantwoord"
    __table_args__ = (sa.UniqueConstraint("verzoek_id", "adres_sleutel", "ketenpartner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    verzoek_id: Mapped[int] = mapped_column(
        sa.ForeignKey("verrijkingsverzoek.id", ondelete="CASCADE"), index=True
    )
    verzoek: Mapped[Verrijkingsverzoek] = relationship(back_populates="antwoorden")
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40), info=PERSONAL)
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    antwoord: Mapped[str | None] = mapped_column(
        choice(VERRIJKING_ANTWOORDEN, "verrijking_antwoord")
    )
    toelichting: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    beantwoord_op: Mapped[dt.datetime | None]
    beantwoord_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )

    @property
    def adres(self) -> str:
        return display(self.adres_sleutel)

    def __repr__(self) -> str:
        return f"{self.adres} ({self.ketenpartner})"
