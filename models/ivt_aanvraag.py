"""The project's IVT application, set up by the BKWI before the operational phase."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.keuzelijsten import IVT_AANGEVRAAGD, IVT_STATUSSEN
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class IvtAanvraag(Versioned, Model):
    """Seed 001 §3.7: the project leadership contacts the BKWI, which sets up the (mandatory)
    IVT application with the fields the project agreed; the gate into Uitvoering needs it
    "Ingericht" (``portal.process.CONDITIONS``). One per project."""

    __tablename__ = "ivt_aanvraag"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    project: Mapped[Project] = relationship()
    contact_op: Mapped[dt.date | None]  # contact with the BKWI / the appointment at its office
    contactpersoon: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(
        choice(IVT_STATUSSEN, "ivt_status"), default=IVT_AANGEVRAAGD
    )
    ingericht_op: Mapped[dt.date | None]
    velden: Mapped[str | None] = mapped_column(sa.Text)  # fields added or left out
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"IVT-applicatie ({self.status})"
