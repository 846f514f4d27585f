from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.casus import Casus
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.bevinding import Bevinding
    from models.project import Project

CONTROLE_SOORTEN = ("Actiedag", "Actieavond")
TEAMROLLEN = ("Leiding", "Gesprek", "Doorzoeking", "Formulieren", "Veiligheid", "Overig")

controle_casus = sa.Table(
    "controle_casus",
    Model.metadata,
    sa.Column("controle_id", sa.ForeignKey("controle.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("casus_id", sa.ForeignKey("casus.id", ondelete="CASCADE"), primary_key=True),
)


class Controle(Versioned, Model):
    """An action day or evening: the team, the addresses visited and what was done there."""

    __tablename__ = "controle"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    datum: Mapped[dt.date]
    soort: Mapped[str] = mapped_column(choice(CONTROLE_SOORTEN, "controle_soort"))
    noodplan: Mapped[bool] = mapped_column(default=False)
    risicoanalyse: Mapped[bool] = mapped_column(default=False)
    personen_aangetroffen: Mapped[int] = mapped_column(default=0)  # a count only, no names
    acties_ter_plaatse: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    adressen: Mapped[list[Casus]] = relationship(secondary=controle_casus, info=PERSONAL)
    team: Mapped[list[ControleTeamlid]] = relationship(
        back_populates="controle", cascade="all, delete-orphan", order_by="ControleTeamlid.id"
    )
    bevindingen: Mapped[list[Bevinding]] = relationship(
        back_populates="controle", cascade="all, delete-orphan", order_by="Bevinding.id"
    )

    def __repr__(self) -> str:
        return f"{self.soort} {self.datum:%d-%m-%Y}" if self.datum else "Controle"


class ControleTeamlid(Versioned, Model):
    """A partner's place in the team of a controle, with its role."""

    __tablename__ = "controle_teamlid"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    controle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="CASCADE"), index=True
    )
    controle: Mapped[Controle] = relationship(back_populates="team")
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    rol: Mapped[str] = mapped_column(choice(TEAMROLLEN, "teamrol"))

    def __repr__(self) -> str:
        return f"{self.ketenpartner} ({self.rol})"
