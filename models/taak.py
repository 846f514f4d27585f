from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice

WACHTRIJ = "In de wachtrij"
BEZIG = "Bezig"
KLAAR = "Klaar"
MISLUKT = "Mislukt"
TAAK_STATUSSEN = (WACHTRIJ, BEZIG, KLAAR, MISLUKT)
AFGELOPEN = (KLAAR, MISLUKT)


class Taak(Model):
    """A piece of work done off the request (portal.jobs): who asked, how far it is, and its
    result or error. The row is the job's truth for every process - web workers answer
    ``/api/v1/taken/<id>`` from it, whichever worker runs the job.

    Parameters and result hold ids and counts only, never residents' data: a delivery's
    findings stay on the delivery, which has its own rights and retention."""

    __tablename__ = "taak"

    # Random, not a sequence: a job's address says nothing about how many others there are.
    id: Mapped[str] = mapped_column(
        sa.String(32), primary_key=True, default=lambda: uuid.uuid4().hex
    )
    soort: Mapped[str] = mapped_column(sa.String(40), index=True)
    status: Mapped[str] = mapped_column(choice(TAAK_STATUSSEN, "taak_status"), default=WACHTRIJ)
    voortgang: Mapped[int] = mapped_column(default=0)  # percent
    parameters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    resultaat: Mapped[dict | None] = mapped_column(sa.JSON)
    # Messages per field in the language of the one who started it, as the API's 422 has them.
    fout: Mapped[dict | None] = mapped_column(sa.JSON)
    taal: Mapped[str] = mapped_column(sa.String(5), default="nl")
    pogingen: Mapped[int] = mapped_column(default=0)
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    aangemaakt_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL"), index=True
    )
    aangemaakt_door: Mapped[User | None] = relationship()
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    gestart_op: Mapped[dt.datetime | None]
    klaar_op: Mapped[dt.datetime | None]

    @property
    def afgelopen(self) -> bool:
        return self.status in AFGELOPEN

    def __repr__(self) -> str:
        return f"{self.soort} ({self.status})"
