from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model
from models.versioned import Versioned


class Convenantartikel(Versioned, Model):
    """A citable article of a covenant, used as legal basis (grondslag)."""

    __tablename__ = "convenantartikel"
    __table_args__ = (sa.UniqueConstraint("convenant", "versie", "artikel", "lid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    convenant: Mapped[str] = mapped_column(sa.String(200))
    versie: Mapped[str] = mapped_column(sa.String(60))
    artikel: Mapped[str] = mapped_column(sa.String(10))
    lid: Mapped[str | None] = mapped_column(sa.String(10))
    titel: Mapped[str] = mapped_column(sa.String(200))
    tekst: Mapped[str | None] = mapped_column(sa.Text)

    @property
    def verwijzing(self) -> str:
        lid = f" lid {self.lid}" if self.lid else ""
        return f"art. {self.artikel}{lid} {self.convenant} {self.versie}"

    def __repr__(self) -> str:
        return self.verwijzing
