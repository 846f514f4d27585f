from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model
from models.casus import Casus
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project

casustafel_partner = sa.Table(
    "casustafel_partner",
    Model.metadata,
    sa.Column(
        "casustafel_id", sa.ForeignKey("casustafel.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("ketenpartner_id", sa.ForeignKey("ketenpartner.id"), primary_key=True),
)


class Casustafel(Versioned, Model):
    """A casustafel meeting: who attended and which cases were on the agenda."""

    __tablename__ = "casustafel"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    datum: Mapped[dt.date]
    locatie: Mapped[str | None] = mapped_column(sa.String(200))
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    aanwezigen: Mapped[list[Ketenpartner]] = relationship(secondary=casustafel_partner)
    agenda: Mapped[list[CasustafelBespreking]] = relationship(
        back_populates="casustafel",
        cascade="all, delete-orphan",
        order_by="CasustafelBespreking.volgorde",
    )

    def __repr__(self) -> str:
        return f"Casustafel {self.datum:%d-%m-%Y}" if self.datum else "Casustafel"


class CasustafelBespreking(Versioned, Model):
    """One case on a casustafel's agenda, with the outcome recorded for it."""

    __tablename__ = "casustafel_bespreking"
    __table_args__ = (sa.UniqueConstraint("casustafel_id", "casus_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    casustafel_id: Mapped[int] = mapped_column(
        sa.ForeignKey("casustafel.id", ondelete="CASCADE"), index=True
    )
    casustafel: Mapped[Casustafel] = relationship(back_populates="agenda")
    casus_id: Mapped[int] = mapped_column(sa.ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    casus: Mapped[Casus] = relationship()
    volgorde: Mapped[int] = mapped_column(default=0)
    besproken: Mapped[bool] = mapped_column(default=False)
    uitkomst: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)

    def __repr__(self) -> str:
        return f"{self.casus} ({self.casustafel})"
