"""Deadlines computed from project data, each with the rule it comes from (seed 001)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app
from flask_babel import lazy_gettext as _l

from models import AvgRegistratie, Besluit, Document, Project, Projectfase
from models.keuzelijsten import AANGEHOUDEN
from portal import formatting, process
from portal.extensions import db

SOON_DAYS = 14
OVERDUE, SOON, OPEN, DONE = "te laat", "binnenkort", "open", "gedaan"


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's end: 31 May + 3 = 31 Aug, 30 Nov + 3 = 28/29 Feb."""
    return day + relativedelta(months=months)


@dataclass
class Deadline:
    project_id: int
    project_code: str
    soort: str
    omschrijving: str
    datum: dt.date
    regel: str
    status: str

    def to_json(self) -> dict:
        d = asdict(self)
        d["datum"] = self.datum.isoformat()
        return d


def _status(deadline: dt.date, done: bool, today: dt.date) -> str:
    if done:
        return DONE
    if deadline < today:
        return OVERDUE
    if deadline <= today + dt.timedelta(days=SOON_DAYS):
        return SOON
    return OPEN


# Features add deadlines of their own (the uitvraag plan, meeting cut-offs, control
# evenings ...): fn(project, today) -> [Deadline], called for projects that have not ended.
PROVIDERS: list[Callable[[Project, dt.date], list[Deadline]]] = []


def register_deadlines(
    fn: Callable[[Project, dt.date], list[Deadline]],
) -> Callable[[Project, dt.date], list[Deadline]]:
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def deadline(
    project: Project,
    soort: str,
    omschrijving: object,
    datum: dt.date,
    regel: object,
    done: bool,
    today: dt.date,
) -> Deadline:
    """One deadline with its status on ``today`` (for providers)."""
    return Deadline(
        project.id,
        project.code,
        soort,
        str(omschrijving),
        datum,
        str(regel),
        _status(datum, done, today),
    )


def for_project(project: Project, today: dt.date | None = None) -> list[Deadline]:
    today = today or dt.date.today()
    out: list[Deadline] = []

    def add(soort: str, omschrijving, datum: dt.date, regel, done: bool) -> None:
        out.append(deadline(project, soort, omschrijving, datum, regel, done, today))

    if project.fase in process.ENDED:
        return out
    if project.datum_eerste_uitvraag:
        reg = db.session.scalar(
            sa.select(AvgRegistratie).where(AvgRegistratie.project_id == project.id)
        )
        registered = (
            reg is not None
            and reg.status == "Geregistreerd"
            and (
                reg.datum_geregistreerd is None
                or reg.datum_geregistreerd <= project.datum_eerste_uitvraag
            )
        )
        add(
            "avg",
            _l("AVG-registratie afronden"),
            project.datum_eerste_uitvraag,
            _l("De AVG-registratie moet geregistreerd zijn vóór de eerste uitvraag van gegevens."),
            registered,
        )
    # The 8-week rules of the data request (national request, system administrators'
    # meeting, per dataset of the uitvraag plan) are portal.preparation.uitvraag's provider.
    uitvoering = db.session.scalar(
        sa.select(Projectfase).where(
            Projectfase.project_id == project.id, Projectfase.fase == "Uitvoering"
        )
    )
    einde = uitvoering and (uitvoering.werkelijk_eind or uitvoering.gepland_eind)
    if einde and project.fase in ("Uitvoering", "Afronding"):
        submitted = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Document)
            .where(
                Document.project_id == project.id,
                Document.soort == "eindrapportage",
                Document.status != process.CONCEPT,
            )
        )
        add(
            "eindrapportage",
            _l("Eindrapportage aanbieden"),
            add_months(einde, 3),
            _l(
                "Binnen 3 maanden na het einde van de operationele fase (%(einde)s).",
                einde=formatting.datum(einde),
            ),
            bool(submitted),
        )
    weeks = int(current_app.config.get("DECISION_PENDING_WEEKS", 6))
    for doc in db.session.scalars(
        sa.select(Document).where(
            Document.project_id == project.id,
            Document.status.in_(process.WAITS_FOR),
            Document.ingediend_op.is_not(None),
        )
    ):
        orgaan = process.WAITS_FOR[doc.status]
        decided = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Besluit)
            .where(
                Besluit.document_id == doc.id,
                Besluit.orgaan == orgaan,
                Besluit.uitkomst != AANGEHOUDEN,
            )
        )
        add(
            "besluit",
            _l(
                "Besluit %(orgaan)s over %(soort)s v%(v)s",
                orgaan=orgaan,
                soort=doc.soort,
                v=doc.versie,
            ),
            doc.ingediend_op.date() + dt.timedelta(weeks=weeks),
            _l("Een ingediend document wacht hoogstens %(n)s weken op een besluit.", n=weeks),
            bool(decided),
        )
    for provider in PROVIDERS:
        out.extend(provider(project, today))
    return out


def for_projects(
    criterion: sa.ColumnElement[bool] | None = None, today: dt.date | None = None
) -> list[Deadline]:
    q = sa.select(Project).where(Project.fase.not_in(process.ENDED))
    if criterion is not None:
        q = q.where(criterion)
    items = [d for p in db.session.scalars(q.order_by(Project.code)) for d in for_project(p, today)]
    return sorted(items, key=lambda d: (d.datum, d.project_code))
