from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Model, choice

if TYPE_CHECKING:
    from models.project import Project

# The raadsinformatiebrief (issue #18) informs the council; it goes to no body of the route.
DOCUMENT_SOORTEN = (
    "collegebesluit",
    "projectvoorstel",
    "projectplan",
    "eindrapportage",
    "raadsinformatiebrief",
)
# Where a version is on the decision route (portal/process.py says what moves it).
CONCEPT = "Concept"
INGEDIEND_RPF = "Ingediend bij RPF"
INGEDIEND_LSI = "Ingediend bij LSI"
VASTGESTELD = "Vastgesteld"
DOCUMENT_STATUSSEN = (CONCEPT, INGEDIEND_RPF, INGEDIEND_LSI, VASTGESTELD)


class Document(Model):
    """A generated document version: immutable bytes plus where it is in the decision route."""

    __tablename__ = "document"
    __table_args__ = (sa.UniqueConstraint("project_id", "soort", "versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    soort: Mapped[str] = mapped_column(choice(DOCUMENT_SOORTEN, "document_soort"))
    versie: Mapped[int]
    status: Mapped[str] = mapped_column(
        choice(DOCUMENT_STATUSSEN, "document_status"), default=CONCEPT
    )
    compleet: Mapped[bool] = mapped_column(default=False)
    template_versie: Mapped[str | None] = mapped_column(sa.String(40))
    template_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    gegenereerd_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    gegenereerd_door: Mapped[User | None] = relationship(foreign_keys=[gegenereerd_door_id])
    gegenereerd_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    bestandsnaam: Mapped[str] = mapped_column(sa.String(200))
    inhoud: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    # The PDF of these bytes, made once by a job (portal.jobs.kinds) and kept: a version never
    # changes, so neither does its PDF - except when retention scrubs both.
    pdf: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    ingediend_op: Mapped[dt.datetime | None]
    ingediend_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    ingediend_door: Mapped[User | None] = relationship(foreign_keys=[ingediend_door_id])

    def __repr__(self) -> str:
        return f"{self.soort} v{self.versie}"
