from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model
from models.versioned import Versioned

# The kinds of follow-up the seeds' evaluations name (002 aanbeveling 1; PIT's press
# releases); the Beheerder may add more. Types in use are switched off, never deleted.
STANDAARD_OPVOLGTYPEN = (
    "Handhaving",
    "Informatiebrief eigenaar",
    "Persbericht",
    "Partners informeren",
    "Hercontrole",
    "Terugvordering",
    "Overig",
)


class Opvolgtype(Versioned, Model):
    """A type of follow-up action (managed list, like the finding categories)."""

    __tablename__ = "opvolgtype"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(80), unique=True)
    volgorde: Mapped[int] = mapped_column(default=100)
    actief: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return self.naam
