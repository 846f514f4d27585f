from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model


class Koppelingstand(Model):
    """The state of a project's bestandskoppeling: its totals, kept with each rebuild so the
    overview does not count a few hundred thousand rows on every page view."""

    __tablename__ = "koppelingstand"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    adressen: Mapped[int] = mapped_column(default=0)
    meervoudig: Mapped[int] = mapped_column(default=0)
    bijgewerkt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
