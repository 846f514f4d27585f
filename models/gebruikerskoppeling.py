from __future__ import annotations

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.gemeente import Gemeente
from models.ketenpartner import Ketenpartner
from models.regio import Regio
from models.versioned import Versioned

koppeling_gemeente = sa.Table(
    "gebruikerskoppeling_gemeente",
    Model.metadata,
    sa.Column(
        "gebruikerskoppeling_id",
        sa.ForeignKey("gebruikerskoppeling.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("gemeente_id", sa.ForeignKey("gemeente.id"), primary_key=True),
)


class Gebruikerskoppeling(Versioned, Model):
    """Links a user to the organisation whose rows the user may see (row-level access)."""

    __tablename__ = "gebruikerskoppeling"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="CASCADE"), unique=True
    )
    user: Mapped[User] = relationship()
    gemeenten: Mapped[list[Gemeente]] = relationship(secondary=koppeling_gemeente)
    regio_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regio.id"))
    regio: Mapped[Regio | None] = relationship()
    ketenpartner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ketenpartner.id"))
    ketenpartner: Mapped[Ketenpartner | None] = relationship()

    def __repr__(self) -> str:
        return f"Koppeling {self.user}"
