from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.keuzelijsten import BESLUIT_ONDERWERPEN, BESLUIT_ORGANEN, BESLUIT_UITKOMSTEN

if TYPE_CHECKING:
    from models.document import Document
    from models.project import Project


class Besluit(Model):
    """A decision taken at a GO/NO-GO moment, as logged by the person entitled to log it."""

    __tablename__ = "besluit"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(back_populates="besluiten")
    orgaan: Mapped[str] = mapped_column(choice(BESLUIT_ORGANEN, "besluit_orgaan"))
    onderwerp: Mapped[str] = mapped_column(choice(BESLUIT_ONDERWERPEN, "besluit_onderwerp"))
    datum: Mapped[dt.date]
    uitkomst: Mapped[str] = mapped_column(choice(BESLUIT_UITKOMSTEN, "besluit_uitkomst"))
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text)
    referentie: Mapped[str | None] = mapped_column(sa.String(100))
    vastgelegd_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    vastgelegd_door: Mapped[User | None] = relationship()
    vastgelegd_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    # The exact document version the decision was taken on (documents only).
    document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("document.id", ondelete="SET NULL"), index=True
    )
    document: Mapped[Document | None] = relationship()
    # A logged decision is never edited; a correction is a new decision pointing here.
    corrigeert_id: Mapped[int | None] = mapped_column(sa.ForeignKey("besluit.id"))
    corrigeert: Mapped[Besluit | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"{self.orgaan}: {self.onderwerp} {self.uitkomst} ({self.datum})"
