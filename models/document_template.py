from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Model, choice
from models.document import DOCUMENT_SOORTEN


class DocumentTemplate(Model):
    """An uploaded version of a document template; one per type is active.

    Without an uploaded version the shipped file in doc_templates/ is used (version "standaard").
    """

    __tablename__ = "document_template"
    __table_args__ = (sa.UniqueConstraint("soort", "versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    soort: Mapped[str] = mapped_column(choice(DOCUMENT_SOORTEN, "document_soort"))
    versie: Mapped[int]
    bestandsnaam: Mapped[str] = mapped_column(sa.String(200))
    inhoud: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    actief: Mapped[bool] = mapped_column(default=False)
    geupload_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    geupload_door: Mapped[User | None] = relationship()
    geupload_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    def __repr__(self) -> str:
        return f"{self.soort} sjabloon v{self.versie}"
