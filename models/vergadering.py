"""A meeting of the Voorbereidingsgroep LSI or the LSI, with its submission cut-off."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model, choice
from models.keuzelijsten import VERGADER_ORGANEN
from models.versioned import Versioned


class Vergadering(Versioned, Model):
    """The secretaris LSI keeps the year's meeting calendar (seed 001 §2.10 "jaarplanning
    vergaderingen"); a document version goes on the agenda of the first meeting whose
    cut-off it makes (``portal.meetings_lsi``)."""

    __tablename__ = "vergadering"
    __table_args__ = (sa.UniqueConstraint("orgaan", "datum"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    orgaan: Mapped[str] = mapped_column(choice(VERGADER_ORGANEN, "vergadering_orgaan"))
    datum: Mapped[dt.date] = mapped_column(index=True)
    indienen_uiterlijk: Mapped[dt.date] = mapped_column(index=True)
    locatie: Mapped[str | None] = mapped_column(sa.String(200))
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"{self.orgaan} {self.datum.isoformat()}"
