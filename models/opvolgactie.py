from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import PERSONAL, Model, choice
from models.ketenpartner import Ketenpartner
from models.opvolgtype import Opvolgtype
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.bevinding import Bevinding

OPEN = "Open"
IN_BEHANDELING = "In behandeling"
AFGEROND = "Afgerond"
OPVOLG_STATUSSEN = (OPEN, IN_BEHANDELING, AFGEROND)


class Opvolgactie(Versioned, Model):
    """Follow-up of a finding: who (partner and person) does what by when, and the result."""

    __tablename__ = "opvolgactie"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    bevinding_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bevinding.id", ondelete="CASCADE"), index=True
    )
    bevinding: Mapped[Bevinding] = relationship(back_populates="opvolgacties")
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    eigenaar_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"), index=True)
    eigenaar: Mapped[User | None] = relationship()
    # The kind of follow-up (managed list, issue #19); empty for actions typed before it.
    opvolgtype_id: Mapped[int | None] = mapped_column(sa.ForeignKey("opvolgtype.id"), index=True)
    opvolgtype: Mapped[Opvolgtype | None] = relationship()
    omschrijving: Mapped[str] = mapped_column(sa.Text, info=PERSONAL)
    deadline: Mapped[dt.date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(
        choice(OPVOLG_STATUSSEN, "opvolg_status"), default=OPEN, index=True
    )
    resultaat: Mapped[str | None] = mapped_column(sa.Text, info=PERSONAL)  # fed back to the team
    afgerond_op: Mapped[dt.date | None]
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    def __repr__(self) -> str:
        return (self.omschrijving or "")[:80]
