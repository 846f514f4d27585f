from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.gemeente import Gemeente
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned
from portal.addresses import display

if TYPE_CHECKING:
    from models.project import Project

AANGEMELD = "Aangemeld"
BESPROKEN = "Besproken"
IN_ONDERZOEK = "In onderzoek"
GECONTROLEERD = "Gecontroleerd"
AFGEROND = "Afgerond"
BUITEN = "Buiten gezamenlijke aanpak"
CASUS_STATUSSEN = (AANGEMELD, BESPROKEN, IN_ONDERZOEK, GECONTROLEERD, AFGEROND, BUITEN)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Casus(Versioned, Model):
    """An address selected for the casustafel (meervoudig belang) and its joint approach.

    The address is the signals' key (``portal.addresses``), not a foreign key: the selection
    (AdresBeoordeling) and the case live side by side on (project_id, adres_sleutel).
    """

    __tablename__ = "casus"
    __table_args__ = (sa.UniqueConstraint("project_id", "adres_sleutel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40), info=PERSONAL)
    status: Mapped[str] = mapped_column(
        choice(CASUS_STATUSSEN, "casus_status"), default=AANGEMELD, index=True
    )
    politiebijstand: Mapped[bool | None]
    politiebijstand_reden: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    handhavingsactie: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    afweging: Mapped[str | None] = mapped_column(
        sa.Text, info=PERSONAL
    )  # subsidiariteit en proportionaliteit
    reden_buiten_aanpak: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    # The gemeente the address lies in (results per gemeente, issue #19); filled on creation
    # from the postcode or the project's gemeente (portal.casework.outcomes.default_gemeente).
    gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    gemeente: Mapped[Gemeente | None] = relationship()
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=_now)
    gewijzigd_op: Mapped[dt.datetime] = mapped_column(default=_now, onupdate=_now)

    partners: Mapped[list[CasusPartner]] = relationship(
        back_populates="casus", cascade="all, delete-orphan", order_by="CasusPartner.id"
    )

    @property
    def adres(self) -> str:
        """Readable address: '5091 AB 12A' (portal.addresses.display, as everywhere)."""
        return display(self.adres_sleutel)

    def __repr__(self) -> str:
        return self.adres


class CasusPartner(Versioned, Model):
    """A partner involved in a case: is its interest still current, does it take it up."""

    __tablename__ = "casus_partner"
    __table_args__ = (sa.UniqueConstraint("casus_id", "ketenpartner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    casus_id: Mapped[int] = mapped_column(sa.ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    casus: Mapped[Casus] = relationship(back_populates="partners")
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    # None: not yet asked (actualisatie at the casustafel).
    actueel: Mapped[bool | None]
    trekker: Mapped[bool] = mapped_column(default=False)  # largest interest, takes it up jointly
    toelichting: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)

    def __repr__(self) -> str:
        return str(self.ketenpartner)
