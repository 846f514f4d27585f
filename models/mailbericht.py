"""The outbox and the sent log of e-mail notifications in one table (portal.notifications).

A row is written in the same transaction as what caused it (a transactional outbox), so a
rolled-back change sends nothing and a committed one is never forgotten. ``sleutel`` names the
event and its recipient; its unique constraint is what keeps a mail from being queued - and so
sent - twice, however often the scheduler or the CLI runs.

Only what the mail needs is kept: the kind, the object it is about (type and id) and a few
non-personal facts (a deadline, a phase, a body). Never residents' data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model

if TYPE_CHECKING:
    from models.project import Project

WACHTRIJ = "wachtrij"
VERZENDEN = "verzenden"  # claimed by one sender; never picked up again (at most once)
VERZONDEN = "verzonden"
OVERGESLAGEN = "overgeslagen"  # the recipient switched this kind off, or has no address
MAIL_STATUSSEN = (WACHTRIJ, VERZENDEN, VERZONDEN, OVERGESLAGEN)


class Mailbericht(Model):
    __tablename__ = "mailbericht"
    __table_args__ = (
        sa.UniqueConstraint("sleutel", name="uq_mailbericht_sleutel"),
        sa.Index("ix_mailbericht_status_ontvanger", "status", "ontvanger_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ontvanger_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ab_user.id", ondelete="CASCADE"), index=True
    )
    ontvanger: Mapped[User] = relationship()
    soort: Mapped[str] = mapped_column(sa.String(20), index=True)
    onderwerp_type: Mapped[str] = mapped_column(sa.String(20))
    onderwerp_id: Mapped[int]
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project | None] = relationship()
    gegevens: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    sleutel: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(20), default=WACHTRIJ)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(index=True)
    verzonden_op: Mapped[dt.datetime | None]
    # The weekly digest the mail went out in ("<user>-<year>-W<week>"), if any.
    bundel_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)

    def __repr__(self) -> str:
        return f"{self.soort} -> {self.ontvanger_id} ({self.status})"
