from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from models.base import MONEY, Model, choice
from models.gemeente import Gemeente
from models.keuzelijsten import FASEN
from models.regio import Regio
from models.thema import GEBIED, GERICHT_OP, Thema, project_thema
from models.versioned import Versioned
from portal.postcodes import normalise_area_or_keep

if TYPE_CHECKING:
    from models.activiteit import Activiteit
    from models.avg_registratie import AvgRegistratie
    from models.besluit import Besluit
    from models.doelstelling import Doelstelling
    from models.projectfase import Projectfase
    from models.projectpartner import ProjectPartner
    from models.risico import Risico

project_gemeente = sa.Table(
    "project_gemeente",
    Model.metadata,
    sa.Column("project_id", sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("gemeente_id", sa.ForeignKey("gemeente.id"), primary_key=True),
)

INITIATIEFNEMERS = ("Gemeente", "RCF", "Ketenpartner")


class Project(Versioned, Model):
    """An LSI intervention project: the data every document is rendered from."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(30), unique=True)
    naam: Mapped[str] = mapped_column(sa.String(200), index=True)
    regio_id: Mapped[int] = mapped_column(sa.ForeignKey("regio.id"), index=True)
    regio: Mapped[Regio] = relationship()
    gemeenten: Mapped[list[Gemeente]] = relationship(secondary=project_gemeente)
    projectgebied: Mapped[str | None] = mapped_column(sa.Text)
    # A project targets an area (postcodes) or a theme/phenomenon (models.thema); themes and
    # the LSI year theme are references to the managed list.
    gericht_op: Mapped[str] = mapped_column(
        choice(GERICHT_OP, "project_gericht_op"), default=GEBIED, server_default=GEBIED
    )
    themas: Mapped[list[Thema]] = relationship(secondary=project_thema)
    lsi_jaarthema_id: Mapped[int | None] = mapped_column(sa.ForeignKey("thema.id"), index=True)
    lsi_jaarthema: Mapped[Thema | None] = relationship(foreign_keys=[lsi_jaarthema_id])
    initiatiefnemer: Mapped[str | None] = mapped_column(choice(INITIATIEFNEMERS, "initiatiefnemer"))
    aanleiding: Mapped[str | None] = mapped_column(sa.Text)
    probleem_leefbaarheid: Mapped[str | None] = mapped_column(sa.Text)
    probleem_veiligheid: Mapped[str | None] = mapped_column(sa.Text)
    prioritering_draagvlak: Mapped[str | None] = mapped_column(sa.Text)
    prioritering_flankerend_beleid: Mapped[str | None] = mapped_column(sa.Text)
    prioritering_actualiteit: Mapped[str | None] = mapped_column(sa.Text)
    werkwijze: Mapped[str | None] = mapped_column(sa.Text)
    gegevensverwerking: Mapped[str | None] = mapped_column(sa.Text)
    communicatie: Mapped[str | None] = mapped_column(sa.Text)
    begroting: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2), info=MONEY)
    begroting_toelichting: Mapped[str | None] = mapped_column(sa.Text)
    projectleider_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"), index=True)
    projectleider: Mapped[User | None] = relationship(foreign_keys=[projectleider_id])
    rcf_adviseur_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ab_user.id"), index=True)
    rcf_adviseur: Mapped[User | None] = relationship(foreign_keys=[rcf_adviseur_id])
    analist: Mapped[str | None] = mapped_column(sa.String(160))
    bestuurlijk_verantwoordelijke: Mapped[str | None] = mapped_column(sa.String(160))
    nulmeting: Mapped[str | None] = mapped_column(sa.Text)
    eenmeting: Mapped[str | None] = mapped_column(sa.Text)
    # The collegebesluit carries the municipality's own registration (zaak) number.
    registratienummer: Mapped[str | None] = mapped_column(sa.String(60))
    # The collegebesluit and the raadsinformatiebrief in the municipal format (seed 002
    # "Informatienota raad", seed 001 par. 2.7): header, core text and signatures. Officials'
    # names and the municipality's general contact details - no residents' personal data.
    organisatieonderdeel: Mapped[str | None] = mapped_column(sa.String(160))
    voor_vragen_telefoon: Mapped[str | None] = mapped_column(sa.String(40))
    voor_vragen_email: Mapped[str | None] = mapped_column(sa.String(160))
    datum_college: Mapped[dt.date | None]  # the B&W meeting, not the render date
    kernboodschap: Mapped[str | None] = mapped_column(sa.Text)
    beoogd_resultaat: Mapped[str | None] = mapped_column(sa.Text)
    beoogde_voordelen: Mapped[str | None] = mapped_column(sa.Text)
    inzet_gemeente: Mapped[str | None] = mapped_column(sa.Text)  # staff, admin support
    prioriteit_backoffice: Mapped[str | None] = mapped_column(sa.Text)
    rcf_mede_projectleider: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    vervolg: Mapped[str | None] = mapped_column(sa.Text)
    gemeentesecretaris: Mapped[str | None] = mapped_column(sa.String(160))
    burgemeester: Mapped[str | None] = mapped_column(sa.String(160))
    datum_raadsinformatiebrief: Mapped[dt.date | None]
    # Evaluation for the eindrapportage (seed 001 par. 5: knelpunten en aanbevelingen).
    evaluatie_knelpunten: Mapped[str | None] = mapped_column(sa.Text)
    evaluatie_aanbevelingen: Mapped[str | None] = mapped_column(sa.Text)
    fase: Mapped[str] = mapped_column(choice(FASEN, "fase"), default="Initiatief", index=True)
    # Dates the deadlines are computed from (seed 001 par. 3.1-3.2).
    datum_eerste_uitvraag: Mapped[dt.date | None]
    datum_start_analyse: Mapped[dt.date | None]
    # The meeting with the municipal system administrators (seed 001 par. 3.2).
    datum_bijeenkomst_systeembeheerders: Mapped[dt.date | None]
    datum_landelijke_uitvraag: Mapped[dt.date | None]
    # AVG retention: months after closing (None: the configured default), and when done.
    bewaartermijn_maanden: Mapped[int | None]
    persoonsgegevens_verwijderd_op: Mapped[dt.date | None]
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(default=lambda: dt.datetime.now(dt.UTC))
    gewijzigd_op: Mapped[dt.datetime] = mapped_column(
        default=lambda: dt.datetime.now(dt.UTC), onupdate=lambda: dt.datetime.now(dt.UTC)
    )

    partners: Mapped[list[ProjectPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    doelstellingen: Mapped[list[Doelstelling]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    activiteiten: Mapped[list[Activiteit]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    risicos: Mapped[list[Risico]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    fasen: Mapped[list[Projectfase]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    avg_registratie: Mapped[AvgRegistratie | None] = relationship(
        back_populates="project", cascade="all, delete-orphan", uselist=False
    )
    besluiten: Mapped[list[Besluit]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )

    @validates("projectgebied")
    def _normalise_gebied(self, _key: str, value: str | None) -> str | None:
        return normalise_area_or_keep(value)

    @validates("code")
    def _normalise_code(self, _key: str, value: str) -> str:
        return value.strip().upper() if value else value

    def __repr__(self) -> str:
        return f"{self.code} {self.naam}"
