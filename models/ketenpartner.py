from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model, choice
from models.keuzelijsten import PARTNER_TYPEN
from models.versioned import Versioned


class Ketenpartner(Versioned, Model):
    """A partner organisation (a municipality or a national agency)."""

    __tablename__ = "ketenpartner"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(160), unique=True)
    code: Mapped[str] = mapped_column(sa.String(30), unique=True)
    type: Mapped[str] = mapped_column(choice(PARTNER_TYPEN, "partner_type"))
    convenantpartner: Mapped[bool] = mapped_column(default=True)
    contactpersoon: Mapped[str | None] = mapped_column(sa.String(160))
    email: Mapped[str | None] = mapped_column(sa.String(160))
    telefoon: Mapped[str | None] = mapped_column(sa.String(40))

    def __repr__(self) -> str:
        return self.naam
