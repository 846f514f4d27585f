from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.ketenpartner import Ketenpartner

if TYPE_CHECKING:
    from models.document import Document

# A partner's answer in a review round (seed 001 §3.5, §5.2).
OPEN = "Open"
AKKOORD = "Akkoord"
OPMERKINGEN = "Opmerkingen"
OORDELEN = (OPEN, AKKOORD, OPMERKINGEN)


class Reviewronde(Model):
    """The participating partners review one document version before it goes to the RPF."""

    __tablename__ = "reviewronde"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    # One round per version: a new version is a new round.
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("document.id", ondelete="CASCADE"), unique=True
    )
    document: Mapped[Document] = relationship()
    reageren_voor: Mapped[dt.date | None]
    toelichting: Mapped[str | None] = mapped_column(sa.Text)
    gestart_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    gestart_door: Mapped[User | None] = relationship(foreign_keys=[gestart_door_id])
    gestart_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    # Set when the version is submitted to the RPF: from then on the answers are frozen and
    # ``oordeel_bij_indiening`` of each partner says what the submission carried.
    ingediend_op: Mapped[dt.datetime | None]
    reviews: Mapped[list[Partnerreview]] = relationship(
        back_populates="ronde", cascade="all, delete-orphan", order_by="Partnerreview.id"
    )


class Partnerreview(Model):
    """One participating partner's answer in a round."""

    __tablename__ = "partnerreview"
    __table_args__ = (sa.UniqueConstraint("reviewronde_id", "ketenpartner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewronde_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reviewronde.id", ondelete="CASCADE"), index=True
    )
    ronde: Mapped[Reviewronde] = relationship(back_populates="reviews")
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    ketenpartner_id: Mapped[int] = mapped_column(sa.ForeignKey("ketenpartner.id"), index=True)
    ketenpartner: Mapped[Ketenpartner] = relationship()
    oordeel: Mapped[str] = mapped_column(choice(OORDELEN, "review_oordeel"), default=OPEN)
    opmerkingen: Mapped[str | None] = mapped_column(sa.Text)
    beantwoord_door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"))
    beantwoord_door: Mapped[User | None] = relationship(foreign_keys=[beantwoord_door_id])
    beantwoord_op: Mapped[dt.datetime | None]
    oordeel_bij_indiening: Mapped[str | None] = mapped_column(
        choice(OORDELEN, "review_oordeel_indiening")
    )
