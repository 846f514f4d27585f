from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model
from models.ketenpartner import Ketenpartner
from portal.addresses import display

# 64-bit ids on PostgreSQL (a project may hold millions); SQLite needs INTEGER for rowid.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Signaal(Model):
    """An address plus the risk a partner links to it, within the project area.

    Deliberately without any person identifier. ``adres_sleutel`` is the normalised key
    (``portal.addresses``) on which the bestandskoppeling links the partners' signals.
    Rows are written in bulk by ``portal.signals.importer`` (Core inserts, no per-row audit:
    the delivery is the audited unit).

    ``ketenpartner_id`` and ``aangeleverd_door_id`` are copies of the delivery's own
    (``signaallevering`` has the foreign keys, and a partner with deliveries cannot be
    removed), so they carry no foreign key of their own: PostgreSQL checks a foreign key row
    by row, and the four of them took half of every bulk import (2.0 of 4.5 s per 100,000
    rows). The project (cascade on delete) and the delivery keep theirs.
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
    ketenpartner_id: Mapped[int]
    ketenpartner: Mapped[Ketenpartner] = relationship(
        primaryjoin="foreign(Signaal.ketenpartner_id) == Ketenpartner.id", viewonly=True
    )
    levering_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("signaallevering.id", ondelete="SET NULL"), index=True
    )
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40), info=PERSONAL)
    postcode: Mapped[str] = mapped_column(sa.String(6), info=PERSONAL)
    huisnummer: Mapped[int] = mapped_column(info=PERSONAL)
    huisletter: Mapped[str | None] = mapped_column(sa.String(1), info=PERSONAL)
    huisnummertoevoeging: Mapped[str | None] = mapped_column(sa.String(4), info=PERSONAL)
    risico: Mapped[str] = mapped_column(sa.String(120))
    toelichting: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    datum: Mapped[dt.date | None]
    bronbestand: Mapped[str | None] = mapped_column(sa.String(255))
    aangeleverd_door_id: Mapped[int | None]
    aangeleverd_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    @property
    def adres(self) -> str:
        return display(self.adres_sleutel)

    def __repr__(self) -> str:
        return f"{self.adres} ({self.risico})"
