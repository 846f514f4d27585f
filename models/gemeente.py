from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.regio import Regio
from models.versioned import Versioned


class Gemeente(Versioned, Model):
    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(120), unique=True)
    regio_id: Mapped[int] = mapped_column(sa.ForeignKey("regio.id"), index=True)
    regio: Mapped[Regio] = relationship()

    def __repr__(self) -> str:
        return self.naam
