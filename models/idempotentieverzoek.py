from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model


class Idempotentieverzoek(Model):
    """A creating API request sent with an ``Idempotency-Key`` and, once it is done, its answer.

    Written only by ``portal.idempotency`` (with Core statements, so it is not audited: the
    request's own rows are). ``status`` stays empty while the request is running - or when its
    writes were committed but its answer could not be kept. The stored answer may contain
    personal data: the row goes with the project (cascade, retention purger) and after
    ``IDEMPOTENCY_KEY_HOURS`` (``flask lsi sweep-idempotency``).
    """

    __tablename__ = "idempotentieverzoek"
    __table_args__ = (
        # A key is the client's, per user: the same text from another user is another key.
        sa.UniqueConstraint("gebruiker_id", "sleutel", name="uq_idempotentieverzoek_sleutel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(sa.ForeignKey("ab_user.id", ondelete="CASCADE"))
    sleutel: Mapped[str] = mapped_column(sa.String(255))
    # sha256 of method, path with query and body: the same key with another request is refused.
    vingerafdruk: Mapped[str] = mapped_column(sa.String(64))
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[int | None]
    antwoord: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    kopregels: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"idempotentieverzoek {self.sleutel} ({self.status})"
