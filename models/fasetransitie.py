from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.keuzelijsten import FASEN


class Fasetransitie(Model):
    """One step of a project through the phases: the project timeline and its audit."""

    __tablename__ = "fasetransitie"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    van: Mapped[str] = mapped_column(choice(FASEN, "fase"))
    naar: Mapped[str] = mapped_column(choice(FASEN, "fase"))
    reden: Mapped[str | None] = mapped_column(sa.Text)
    door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    door: Mapped[User | None] = relationship()
    op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    def __repr__(self) -> str:
        return f"{self.van} -> {self.naar}"
