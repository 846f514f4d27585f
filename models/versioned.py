"""Optimistic locking for editable records (a second save of a stale copy is refused)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class Versioned:
    """Adds ``lock_version``; SQLAlchemy bumps it on every UPDATE and checks it in the WHERE."""

    lock_version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.lock_version}
