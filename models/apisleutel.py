"""An API key of a partner's system (portal.api_keys).

A key belongs to a *service account*: a FAB user with the role Ketenpartner, linked to its
partner through ``gebruikerskoppeling`` like a person of that partner, but without a usable
password. The user that holds keys is the service account - keys are never deleted (a
revoked one stays on record with its use), so it stays one.

Only a hash of the key is stored; the key itself is shown once, when it is made. The visible
``prefix`` names the key in lists, logs and the audit trail and finds its row.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model


class Apisleutel(Model):
    __tablename__ = "apisleutel"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The service account the key signs in as.
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="CASCADE"), index=True
    )
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    prefix: Mapped[str] = mapped_column(sa.String(16), unique=True)
    # sha256 of the whole key, hex: the key is 256 random bits, so a fast hash is enough.
    sleutel_hash: Mapped[str] = mapped_column(sa.String(64))
    naam: Mapped[str] = mapped_column(sa.String(100))
    omschrijving: Mapped[str | None] = mapped_column(sa.Text)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    aangemaakt_door: Mapped[User | None] = relationship(foreign_keys=[aangemaakt_door_id])
    aangemaakt_op: Mapped[dt.datetime]
    laatst_gebruikt_op: Mapped[dt.datetime | None]
    ingetrokken_op: Mapped[dt.datetime | None]
    verloopt_op: Mapped[dt.datetime | None]
    # Rotation: the key that replaced this one (this one works until ``verloopt_op``).
    vervangen_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("apisleutel.id", ondelete="SET NULL")
    )

    def geldig_op(self, moment: dt.datetime) -> bool:
        """Whether the key may sign in at ``moment`` (naive UTC, as stored)."""
        if self.ingetrokken_op is not None and self.ingetrokken_op <= moment:
            return False
        return self.verloopt_op is None or moment < self.verloopt_op

    def __repr__(self) -> str:
        return f"API-sleutel {self.prefix} ({self.naam})"
