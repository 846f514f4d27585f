from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import PERSONAL, Model


class AdresBeoordeling(Model):
    """The project leadership's judgement on one coupled address.

    ``meervoudig_override``: a single-partner address judged to be of multiple interest
    (professional judgement, reason required). ``geselecteerd_casustafel``: the address goes
    to the casustafel (``portal.casework`` opens its case).
    """

    __tablename__ = "adresbeoordeling"
    __table_args__ = (sa.UniqueConstraint("project_id", "adres_sleutel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40), info=PERSONAL)
    meervoudig_override: Mapped[bool] = mapped_column(default=False)
    override_reden: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)
    override_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    override_op: Mapped[dt.datetime | None]
    geselecteerd_casustafel: Mapped[bool] = mapped_column(default=False)
    geselecteerd_door_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="SET NULL")
    )
    geselecteerd_op: Mapped[dt.datetime | None]
