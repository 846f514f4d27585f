from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model
from models.versioned import Versioned


class Regio(Versioned, Model):
    """An RPF/RCF region (Regionaal Platform / Coördinatiepunt Fraudebestrijding)."""

    __tablename__ = "regio"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(120), unique=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)

    def __repr__(self) -> str:
        return self.naam
