from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, choice
from models.gemeente import Gemeente
from models.versioned import Versioned

if TYPE_CHECKING:
    from models.casustafel import Casustafel
    from models.controle import Controle
    from models.project import Project

LEERPUNT_CATEGORIEEN = (
    "Voorbereiding",
    "Veiligheid",
    "Samenwerking",
    "Informatiepositie",
    "Opvolging",
    "Communicatie",
    "Overig",
)


class Leerpunt(Versioned, Model):
    """A lesson learned at a control or a casustafel, shared across the project's gemeenten
    (002 aanbeveling 6). About the approach, not about residents: no personal data."""

    __tablename__ = "leerpunt"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[Project] = relationship()
    controle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("controle.id", ondelete="CASCADE"), index=True
    )
    controle: Mapped[Controle | None] = relationship()
    casustafel_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("casustafel.id", ondelete="CASCADE"), index=True
    )
    casustafel: Mapped[Casustafel | None] = relationship()
    gemeente_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gemeente.id"), index=True)
    gemeente: Mapped[Gemeente | None] = relationship()
    tekst: Mapped[str] = mapped_column(sa.Text)
    categorie: Mapped[str | None] = mapped_column(
        choice(LEERPUNT_CATEGORIEEN, "leerpunt_categorie")
    )
    door_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id", ondelete="SET NULL"))
    door: Mapped[str | None] = mapped_column(sa.String(120))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))

    def __repr__(self) -> str:
        return (self.tekst or "")[:80]
