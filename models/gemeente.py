from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import Model
from models.regio import Regio
from models.versioned import Versioned
from portal.postcodes import normalise_area_or_keep


class Gemeente(Versioned, Model):
    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(120), unique=True)
    regio_id: Mapped[int] = mapped_column(sa.ForeignKey("regio.id"), index=True)
    regio: Mapped[Regio] = relationship()
    # The gemeente's postcodes (PC4 ranges): the signal scope of theme projects, which have no
    # project area of their own (portal.preparation.themes.signal_area).
    postcodegebied: Mapped[str | None] = mapped_column(sa.Text)

    @validates("postcodegebied")
    def _normalise_gebied(self, _key: str, value: str | None) -> str | None:
        return normalise_area_or_keep(value)

    def __repr__(self) -> str:
        return self.naam
