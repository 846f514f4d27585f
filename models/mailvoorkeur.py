"""Per user: which e-mail notifications, how often and in which language (portal.notifications).

A user without a row gets the defaults: every kind, sent at once, in Dutch - so a new user is
reminded from the first day without visiting the preferences page.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model

DIRECT = "direct"
WEKELIJKS = "wekelijks"  # one weekly digest instead of single mails
FREQUENTIES = (DIRECT, WEKELIJKS)
TALEN = ("nl", "en")
# The switches a user has, one per group of mail kinds (portal.notifications.kinds).
SCHAKELAARS = ("toegewezen", "termijnen", "escalaties", "indieningen", "besluiten", "poorten")


class Mailvoorkeur(Model):
    """A user's own choice of notifications; edited only by that user (views/preferences.py).

    Plain strings with a check rather than a vocabulary column: the values are codes, shown
    through the preferences page's own labels."""

    __tablename__ = "mailvoorkeur"
    __table_args__ = (
        sa.CheckConstraint("frequentie IN ('direct', 'wekelijks')", name="frequentie"),
        sa.CheckConstraint("taal IN ('nl', 'en')", name="taal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="CASCADE"), unique=True
    )
    toegewezen: Mapped[bool] = mapped_column(default=True)
    termijnen: Mapped[bool] = mapped_column(default=True)
    escalaties: Mapped[bool] = mapped_column(default=True)
    indieningen: Mapped[bool] = mapped_column(default=True)
    besluiten: Mapped[bool] = mapped_column(default=True)
    poorten: Mapped[bool] = mapped_column(default=True)
    frequentie: Mapped[str] = mapped_column(sa.String(20), default=DIRECT)
    taal: Mapped[str] = mapped_column(sa.String(5), default="nl")

    def __repr__(self) -> str:
        return f"mailvoorkeur {self.user_id} ({self.frequentie}, {self.taal})"
