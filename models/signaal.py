from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model
from models.ketenpartner import Ketenpartner

# 64-bit ids on PostgreSQL (a project may hold millions); SQLite needs INTEGER for rowid.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Signaal(Model):
    """An address plus the risk a partner links to it, within the project area.

    Deliberately without any person identifier. ``adres_sleutel`` is the normalised key
    (``portal.addresses``) on which the bestandskoppeling links the partners' signals.
    Rows are written in bulk by ``portal.signals.importer`` (Core inserts, no per-row audit:
    the delivery is the audited unit).
    """

    __tablename__ = "signaal"
    __table_args__ = (
        # One partner delivers an address/risk pair once (also guards concurrent uploads). In
        # this column order the same index serves the coupling, which groups per address and
        # partner (index-only on PostgreSQL): one index less to maintain on every import.
        sa.UniqueConstraint("project_id", "adres_sleutel", "ketenpartner_id", "risico"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("project.id", ondelete="CASCADE"))
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"))
    ketenpartner: Mapped[Ketenpartner] = relationship()
    levering_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("signaallevering.id", ondelete="SET NULL"), index=True
    )
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40))
    postcode: Mapped[str] = mapped_column(sa.String(6))
    huisnummer: Mapped[int]
    huisletter: Mapped[str | None] = mapped_column(sa.String(1))
    huisnummertoevoeging: Mapped[str | None] = mapped_column(sa.String(4))
    risico: Mapped[str] = mapped_column(sa.String(120))
    toelichting: Mapped[str | None] = mapped_column(sa.Text)
    datum: Mapped[dt.date | None]
    bronbestand: Mapped[str | None] = mapped_column(sa.String(255))
    aangeleverd_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    aangeleverd_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    @property
    def adres(self) -> str:
        from portal.addresses import display

        return display(self.adres_sleutel)

    def __repr__(self) -> str:
        return f"{self.adres} ({self.risico})"
