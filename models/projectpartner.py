from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model
from models.ketenpartner import Ketenpartner
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.project import Project


class ProjectPartner(Versioned, Model):
    """A partner's participation in a project: interest, capacity and role (art. 7 lid 2)."""

    __tablename__ = "project_partner"
    __table_args__ = (sa.UniqueConstraint("project_id", "ketenpartner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship(back_populates="partners")
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    belang: Mapped[str | None] = mapped_column(sa.Text)
    capaciteit_uren: Mapped[int | None]
    contactpersoon: Mapped[str | None] = mapped_column(sa.String(160), info=PERSONAL)
    projectverantwoordelijk: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return str(self.ketenpartner)
