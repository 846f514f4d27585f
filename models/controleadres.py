from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.casus import Casus
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.controle import Controle

# The police inzet for an address, from least to most (the order is the rule's scale:
# portal.casework.planning.proposed_inzet).
GEEN_POLITIE, POLITIE_STANDBY, POLITIE_AANWEZIG = "Geen", "Politie stand-by", "Politie aanwezig"
POLITIE_INZET = (GEEN_POLITIE, POLITIE_STANDBY, POLITIE_AANWEZIG)


class ControleAdres(Versioned, Model):
    """An address (case) on the schedule of a planned control, with its risk assessment and
    the police inzet chosen for it; after the evening, whether it was visited."""

    __tablename__ = "controle_adres"
    __table_args__ = (sa.UniqueConstraint("controle_id", "casus_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    controle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="CASCADE"), index=True
    )
    controle: Mapped[Controle] = relationship(back_populates="planadressen")
    casus_id: Mapped[int] = mapped_column(sa.ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    casus: Mapped[Casus] = relationship()
    volgorde: Mapped[int] = mapped_column(default=1)
    # The risk assessment: what is known about the address (flags), and free text about it.
    agressie: Mapped[bool] = mapped_column(default=False)
    wapens: Mapped[bool] = mapped_column(default=False)
    honden: Mapped[bool] = mapped_column(default=False)
    kwetsbare_bewoners: Mapped[bool] = mapped_column(default=False)
    indeling: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)  # layout and exits
    toelichting: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    beoordeeld_op: Mapped[dt.datetime | None]
    politie_inzet: Mapped[str | None] = mapped_column(choice(POLITIE_INZET, "politie_inzet"))
    inzet_reden: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)  # when lower
    bezocht: Mapped[bool | None]

    def __repr__(self) -> str:
        return str(self.casus) if self.casus else "Adres"
