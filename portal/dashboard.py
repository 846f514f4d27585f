"""What each role's home page shows: projects per phase, what waits on the user, deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Besluit, Document, Project
from models.keuzelijsten import AANGEHOUDEN, FASEN
from portal import access, charts, deadlines, formatting, meetings_lsi, process, roles, workflow
from portal.extensions import db


@dataclass
class Task:
    soort: str
    project: Project
    tekst: str
    endpoint: str
    args: dict


def per_phase(scope: access.Scope) -> list[tuple[str, int]]:
    counts = dict(
        db.session.execute(
            sa.select(Project.fase, sa.func.count())
            .where(access.visible_projects(scope))
            .group_by(Project.fase)
        ).all()
    )
    return [(f, counts.get(f, 0)) for f in FASEN]


def phase_chart_png(rows: list[tuple[str, int]]) -> str:
    """A small horizontal bar chart as a data URI (no external requests from the page)."""
    labelled = [(formatting.label(fase), n) for fase, n in rows]
    return charts.data_uri(charts.counts(labelled, str(_l("Aantal projecten"))))


def _undecided(doc: Document, orgaan: str) -> bool:
    b = workflow.latest_decision(doc.id, orgaan)
    return b is None or b.uitkomst == AANGEHOUDEN


def tasks(scope: access.Scope, today: dt.date | None = None) -> list[Task]:
    out: list[Task] = []
    if scope.is_admin:
        return out
    if roles.SECRETARIS in scope.roles:
        for item in workflow.lsi_queue():
            out.append(
                Task(
                    "besluit",
                    item.project,
                    str(
                        _l(
                            "Besluit LSI vastleggen over %(soort)s v%(v)s",
                            soort=item.document.soort,
                            v=item.document.versie,
                        )
                    ),
                    "WachtrijView.queue",
                    {},
                )
            )
    editable = access.editable_projects(scope)
    projects = db.session.scalars(
        sa.select(Project)
        .where(editable, Project.fase.not_in(process.ENDED))
        .order_by(Project.code)
    ).all()
    for p in projects:
        if roles.RCF in scope.roles:
            for doc in db.session.scalars(
                sa.select(Document).where(
                    Document.project_id == p.id,
                    Document.status == process.SUBMISSIONS[process.RPF],
                )
            ):
                if _undecided(doc, process.RPF):
                    out.append(
                        Task(
                            "besluit",
                            p,
                            str(
                                _l(
                                    "Besluit RPF vastleggen over %(soort)s v%(v)s",
                                    soort=doc.soort,
                                    v=doc.versie,
                                )
                            ),
                            "ProjectView.show",
                            {"pk": p.id},
                        )
                    )
            route = process.submitted_in(p.fase)
            soort = route.soort if route else None
            doc = workflow.latest_document(p.id, soort) if soort else None
            if doc is not None and doc.status == process.CONCEPT:
                out.append(
                    Task(
                        "indienen",
                        p,
                        str(
                            _l(
                                "%(soort)s v%(v)s indienen bij het RPF",
                                soort=soort.capitalize(),
                                v=doc.versie,
                            )
                        ),
                        "ProjectView.show",
                        {"pk": p.id},
                    )
                )
            # The next LSI meeting's cut-off for what must still go to the LSI.
            cutoff = meetings_lsi.next_cutoff(p, today or dt.date.today())
            if cutoff is not None:
                what, meeting = cutoff
                out.append(
                    Task(
                        "vergadering",
                        p,
                        f"{what}: {meetings_lsi.submit_text(meeting)}",
                        "ProjectView.show",
                        {"pk": p.id},
                    )
                )
        if roles.PROJECTLEIDER in scope.roles and p.fase == "Verkenning":
            doc = workflow.latest_document(p.id, "collegebesluit")
            if doc is not None and _undecided(doc, "College B&W"):
                out.append(
                    Task(
                        "besluit",
                        p,
                        str(
                            _l(
                                "Besluit College B&W vastleggen over collegebesluit v%(v)s",
                                v=doc.versie,
                            )
                        ),
                        "ProjectView.show",
                        {"pk": p.id},
                    )
                )
        nxt = workflow.next_phase(p.fase)
        if nxt and workflow.gate(p, nxt).open and workflow.gate(p, nxt).requirements:
            out.append(
                Task(
                    "overgang",
                    p,
                    str(_l("Klaar voor de overgang naar %(naar)s", naar=formatting.label(nxt))),
                    "FaseringView.project",
                    {"project_id": p.id},
                )
            )
    return out


def urgent_deadlines(scope: access.Scope) -> list[deadlines.Deadline]:
    return [
        d
        for d in deadlines.for_projects(access.visible_projects(scope))
        if d.status in (deadlines.OVERDUE, deadlines.SOON)
    ]


def pending_decision_count() -> int:
    """Decisions logged in total (shown to administrators as a sign of life)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Besluit)) or 0
