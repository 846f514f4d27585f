"""One dataset of a project's uitvraag plan (seed 001 par. 3.2): which source, who owns it,
how it is delivered, and the dates the 8-week rules are computed from."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models.base import Model, choice
from models.ketenpartner import Ketenpartner
from models.project import Project
from models.versioned import Versioned

# The three groups of sources of seed 001 par. 3.2.
LANDELIJK, GEMEENTELIJK, EXTERN = "Landelijk", "Gemeentelijk", "Extern"
BRON_SOORTEN = (LANDELIJK, GEMEENTELIJK, EXTERN)

# Delivery routes: national sources deliver to the Inlichtingenbureau, the Belastingdienst
# through its liaison in the project; municipal sets directly by the system administrator or
# through the projectleider; external parties (energy, water, corporations) to the projectleider.
VIA_DATAMANAGER = "Datamanager Inlichtingenbureau"
VIA_LIAISON = "Liaison Belastingdienst"
VIA_SYSTEEMBEHEERDER = "Systeembeheerder aan Inlichtingenbureau"
VIA_PROJECTLEIDER = "Via gemeentelijk projectleider"
ROUTES = (VIA_DATAMANAGER, VIA_LIAISON, VIA_SYSTEEMBEHEERDER, VIA_PROJECTLEIDER)
ROUTES_PER_SOORT = {
    LANDELIJK: (VIA_DATAMANAGER, VIA_LIAISON),
    GEMEENTELIJK: (VIA_SYSTEEMBEHEERDER, VIA_PROJECTLEIDER),
    EXTERN: (VIA_PROJECTLEIDER,),
}

TE_DOEN = "Te doen"
SPECIFICATIE_VERSTUURD = "Specificatie verstuurd"
UITGEVRAAGD = "Uitgevraagd"
GELEVERD = "Geleverd"
VERVALLEN = "Vervallen"
UITVRAAG_STATUSSEN = (TE_DOEN, SPECIFICATIE_VERSTUURD, UITGEVRAAGD, GELEVERD, VERVALLEN)


class Uitvraagitem(Versioned, Model):
    __tablename__ = "uitvraagitem"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(
        backref=backref("uitvraag", cascade="all, delete-orphan", passive_deletes=True)
    )
    bron_soort: Mapped[str] = mapped_column(choice(BRON_SOORTEN, "uitvraag_bron_soort"))
    bron: Mapped[str] = mapped_column(sa.String(160))  # e.g. UWV, BRP, Enexis
    ketenpartner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ketenpartner.id"), index=True
    )
    ketenpartner: Mapped[Ketenpartner | None] = relationship()
    gegevens: Mapped[str | None] = mapped_column(sa.Text)  # which data, per the specification
    eigenaar: Mapped[str | None] = mapped_column(sa.String(160))  # responsible for "his" set
    leveringsroute: Mapped[str] = mapped_column(choice(ROUTES, "uitvraag_route"))
    specificatie_verstuurd_op: Mapped[dt.date | None]
    uitgevraagd_op: Mapped[dt.date | None]
    afgesproken_levering: Mapped[dt.date | None]
    geleverd_op: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(
        choice(UITVRAAG_STATUSSEN, "uitvraag_status"), default=TE_DOEN
    )
    toelichting: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"{self.bron_soort}: {self.bron}"
