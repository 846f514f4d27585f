from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model
from models.casus import Casus
from portal.addresses import display


class Dossier(Model):
    """An address's dossier from the moment it is selected for the casustafel (seed 003):
    its journal entries (``Journaalregel.dossier_id``) are carried into its case."""

    __tablename__ = "dossier"
    __table_args__ = (sa.UniqueConstraint("project_id", "adres_sleutel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40), info=PERSONAL)
    geopend_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    casus_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("casus.id", ondelete="SET NULL"), index=True
    )
    casus: Mapped[Casus | None] = relationship()

    @property
    def adres(self) -> str:
        return display(self.adres_sleutel)

    def __repr__(self) -> str:
        return self.adres
