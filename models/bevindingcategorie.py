from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model
from models.versioned import Versioned

# The categories DOMAIN.md names for findings of a controle; administrators may add more.
STANDAARD_CATEGORIEEN = (
    "Adresfraude/BRP",
    "Bestemmingsplan",
    "Brandveiligheid",
    "Overbewoning",
    "Energiefraude",
    "Uitkeringsfraude",
    "Arbeidswetgeving",
    "Asbest",
    "Drugs",
    "Overig",
)


class BevindingCategorie(Versioned, Model):
    """A category of findings (managed list, seeded from DOMAIN.md)."""

    __tablename__ = "bevindingcategorie"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(80), unique=True)
    volgorde: Mapped[int] = mapped_column(default=100)
    actief: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return self.naam
