from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from models.base import PERSONAL, Model


class Adreskoppeling(Model):
    """The bestandskoppeling of a project: one row per address with signals.

    Derived data, rebuilt set-based by ``portal.signals.coupling`` whenever signals or a
    judgement change, so the overview pages read an indexed table instead of aggregating a
    million signals per page view. ``partners`` holds the partner ids as ``,3,7,`` (the
    delimiters make a partner filter exact; codes are looked up when shown).

    No foreign key on ``project_id``: checking it cost a second per million-signal rebuild.
    Rows go with the project through ``portal.signals.coupling`` (rebuild, retention purge and
    a listener on project deletion). On PostgreSQL the table is UNLOGGED (migration 0008):
    derived data need not go through the WAL; after a crash ``coupling.ensure`` rebuilds what
    PostgreSQL emptied. Only the primary key is indexed: sorting one project's rows for a
    page is cheaper than keeping a second index up to date on every rebuild.
    """

    __tablename__ = "adreskoppeling"

    project_id: Mapped[int] = mapped_column(primary_key=True)
    adres_sleutel: Mapped[str] = mapped_column(sa.String(40), primary_key=True, info=PERSONAL)
    postcode: Mapped[str] = mapped_column(sa.String(6), info=PERSONAL)
    aantal_partners: Mapped[int]
    aantal_signalen: Mapped[int]
    partners: Mapped[str] = mapped_column(sa.Text)
    meervoudig_belang: Mapped[bool]

    @property
    def partner_ids(self) -> list[int]:
        return [int(p) for p in self.partners.split(",") if p]
