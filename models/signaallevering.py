from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.ketenpartner import Ketenpartner

TER_CONTROLE = "Ter controle"  # uploaded, preview shown, nothing stored yet
VERWERKT = "Verwerkt"
GEANNULEERD = "Geannuleerd"
INGETROKKEN = "Ingetrokken"
AFGEWEZEN = "Afgewezen"  # the file as a whole could not be used
LEVERING_STATUSSEN = (TER_CONTROLE, VERWERKT, GEANNULEERD, INGETROKKEN, AFGEWEZEN)


class Signaallevering(Model):
    """One file a partner delivered: kept aside for the preview, then stored in one go.

    The file itself sits in the upload folder only until it is confirmed or cancelled; the
    record stays as the trace of who delivered what and when (without addresses).
    """

    __tablename__ = "signaallevering"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    bestandsnaam: Mapped[str] = mapped_column(sa.String(255))
    bestand_pad: Mapped[str | None] = mapped_column(sa.String(500))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(
        choice(LEVERING_STATUSSEN, "levering_status"), default=TER_CONTROLE
    )
    rijen_totaal: Mapped[int] = mapped_column(default=0)
    rijen_geldig: Mapped[int] = mapped_column(default=0)
    rijen_fout: Mapped[int] = mapped_column(default=0)
    rijen_opgeslagen: Mapped[int] = mapped_column(default=0)
    # The preview's summary (counts, warnings, the first refused rows) - see importer.Preview.
    controle: Mapped[dict | None] = mapped_column(sa.JSON, info=PERSONAL)
    geupload_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    geupload_door: Mapped[User | None] = relationship(foreign_keys=[geupload_door_id])
    geupload_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    verwerkt_op: Mapped[dt.datetime | None]

    def __repr__(self) -> str:
        return f"{self.bestandsnaam} ({self.status})"
