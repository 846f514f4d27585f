from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Model, choice

if TYPE_CHECKING:
    from models.document import Document
    from models.project import Project

# The project's document store (issue #18 part 4): what the seeds name as a project's papers.
BIJLAGE_SOORTEN = (
    "Intakerapport",
    "Gebiedsbeschrijving",
    "Vragenlijst 0-meting",
    "Brainstormresultaten",
    "Getekend besluit",
    "Persmateriaal",
    "Overig",
)
# Types that are about residents by their nature: retention removes their bytes whatever the
# flag on the attachment says (the flag marks the others that happen to hold personal data).
PERSOONLIJKE_SOORTEN = frozenset({"Intakerapport", "Vragenlijst 0-meting"})

# What the virus scan said of a version (portal.attachments.virusscan).
GESCAND = "Gescand"
NIET_GESCAND = "Niet gescand"
SCANSTATUSSEN = (GESCAND, NIET_GESCAND)


class Bijlage(Model):
    """An attachment of a project: its type and title; the file itself is in its versions."""

    __tablename__ = "bijlage"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    soort: Mapped[str] = mapped_column(choice(BIJLAGE_SOORTEN, "bijlage_soort"))
    titel: Mapped[str] = mapped_column(sa.String(200))
    persoonsgegevens: Mapped[bool] = mapped_column(default=False)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    aangemaakt_door: Mapped[User | None] = relationship(foreign_keys=[aangemaakt_door_id])
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    versies: Mapped[list[BijlageVersie]] = relationship(
        back_populates="bijlage",
        order_by="BijlageVersie.versie.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def bevat_persoonsgegevens(self) -> bool:
        return self.persoonsgegevens or self.soort in PERSOONLIJKE_SOORTEN

    @property
    def laatste(self) -> BijlageVersie | None:
        return self.versies[0] if self.versies else None

    def __repr__(self) -> str:
        return self.titel


class BijlageVersie(Model):
    """One uploaded file of an attachment. A new upload is a new version; the older stay
    readable. The bytes live in the database like documents' (one copy, which retention
    empties: ``inhoud`` None and ``verwijderd_op`` set)."""

    __tablename__ = "bijlage_versie"
    __table_args__ = (sa.UniqueConstraint("bijlage_id", "versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bijlage_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bijlage.id", ondelete="CASCADE"), index=True
    )
    bijlage: Mapped[Bijlage] = relationship(back_populates="versies")
    # Kept next to the attachment's so scope filters need no join (portal.access pattern).
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    versie: Mapped[int]
    bestandsnaam: Mapped[str] = mapped_column(sa.String(200))
    mimetype: Mapped[str] = mapped_column(sa.String(120))
    grootte: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    inhoud: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    scanstatus: Mapped[str] = mapped_column(choice(SCANSTATUSSEN, "bijlage_scanstatus"))
    scanmelding: Mapped[str | None] = mapped_column(sa.String(300))
    geupload_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    geupload_door: Mapped[User | None] = relationship(foreign_keys=[geupload_door_id])
    geupload_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    verwijderd_op: Mapped[dt.datetime | None]

    def __repr__(self) -> str:
        return f"{self.bestandsnaam} v{self.versie}"


class IndieningBijlage(Model):
    """Which attachment versions went with a document version's submission to a body."""

    __tablename__ = "indiening_bijlage"
    __table_args__ = (sa.UniqueConstraint("document_id", "bijlage_versie_id", "bij"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    document: Mapped[Document] = relationship()
    bijlage_versie_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bijlage_versie.id", ondelete="CASCADE"), index=True
    )
    bijlage_versie: Mapped[BijlageVersie] = relationship()
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    bij: Mapped[str] = mapped_column(sa.String(10))  # "RPF" or "LSI" (process.SUBMISSIONS)
