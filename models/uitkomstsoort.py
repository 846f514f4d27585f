from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model, choice
from models.versioned import Versioned

AANTAL, BEDRAG = "Aantal", "Bedrag"
EENHEDEN = (AANTAL, BEDRAG)
# The outcome types the evaluations report (seed 002); administrators may add more.
STANDAARD_UITKOMSTSOORTEN = (
    ("Uitkering beëindigd", AANTAL),
    ("Terugvordering", BEDRAG),
    ("Boete", BEDRAG),
    ("BRP-correctie", AANTAL),
    ("Hercontrole", AANTAL),
    ("Sluiting", AANTAL),
)


class Uitkomstsoort(Versioned, Model):
    """A kind of outcome (managed list): counted, or with an amount in euros."""

    __tablename__ = "uitkomstsoort"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(80), unique=True)
    eenheid: Mapped[str] = mapped_column(choice(EENHEDEN, "uitkomst_eenheid"), default=AANTAL)
    volgorde: Mapped[int] = mapped_column(default=100)
    actief: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return self.naam
