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
    from models.controleadres import ControleAdres
    from models.controleuitrusting import ControleUitrusting
    from models.project import Project

CONTROLE_SOORTEN = ("Actiedag", "Actieavond")
# A control is planned ahead (briefing, risk assessment), then held or called off; controls
# recorded only afterwards (before issue #19) are "Uitgevoerd" straight away.
GEPLAND, UITGEVOERD, GEANNULEERD = "Gepland", "Uitgevoerd", "Geannuleerd"
CONTROLE_STATUSSEN = (GEPLAND, UITGEVOERD, GEANNULEERD)
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
    status: Mapped[str] = mapped_column(
        choice(CONTROLE_STATUSSEN, "controle_status"), default=UITGEVOERD
    )
    # The plan of the evening (no resident data: the addresses are cases, see planadressen).
    aanvang: Mapped[dt.time | None]
    doel: Mapped[str | None] = mapped_column(sa.Text)
    politie_afgesproken: Mapped[bool] = mapped_column(default=False)  # presence/back-up arranged
    politie_geinformeerd: Mapped[bool] = mapped_column(default=False)  # local police informed
    verzamelpunt: Mapped[str | None] = mapped_column(sa.String(200))
    belschema: Mapped[str | None] = mapped_column(sa.Text)  # the emergency plan: who calls whom
    annuleringsreden: Mapped[str | None] = mapped_column(sa.Text)
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
    # The addresses on the schedule with their risk assessment; `adressen` are those visited.
    planadressen: Mapped[list[ControleAdres]] = relationship(
        back_populates="controle", cascade="all, delete-orphan", order_by="ControleAdres.volgorde"
    )
    uitrusting: Mapped[list[ControleUitrusting]] = relationship(
        back_populates="controle", cascade="all, delete-orphan", order_by="ControleUitrusting.id"
    )

    def __repr__(self) -> str:
        # Other screens name a control by this (pickers, related columns): in the user's
        # language, the kind as its label.
        if not self.datum:
            return "Controle"
        try:
            from portal.formatting import label

            soort = label(self.soort)
        except RuntimeError:  # no application context (scripts)
            soort = self.soort
        return f"{soort} {self.datum:%d-%m-%Y}"


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
