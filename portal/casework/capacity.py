"""Capacity per partner per period (issue #19 part 2; 002 knelpunt 1: follow-up failed for
want of capacity). A partner enters the hours it planned and spent for itself; the staff
see them against the capacity the project planned (ProjectPartner.capaciteit_uren)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l

from models import Capaciteitsinzet, Ketenpartner, ProjectPartner
from portal import access, roles
from portal.access import Scope
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db, use_case

MAX_HOURS = 10_000


def month(value: dt.date) -> dt.date:
    """A period is a month, keyed by its first day."""
    return value.replace(day=1)


def criterion(scope: Scope) -> sa.ColumnElement[bool]:
    """Staff: the project's rows; a partner: only its own partner's rows."""
    clauses = [
        cscope._in_projects(Capaciteitsinzet, access.visible_projects(cscope.staff_scope(scope)))
    ]
    if roles.KETENPARTNER in scope.roles and scope.ketenpartner_id:
        clauses.append(Capaciteitsinzet.ketenpartner_id == scope.ketenpartner_id)
    return sa.or_(*clauses)


class CapacityScope(BaseFilter):
    name = "Capaciteit in scope"
    arg_name = None

    def apply(self, query, value):
        return query.filter(criterion(access.current_scope()))


SCOPED = [["id", CapacityScope, None]]


def may_enter(project_id: int | None, ketenpartner_id: int | None, scope: Scope) -> bool:
    if cscope.may_edit(project_id, scope):
        return True
    return (
        roles.KETENPARTNER in scope.roles
        and scope.ketenpartner_id is not None
        and ketenpartner_id == scope.ketenpartner_id
        and access.project_allowed(project_id, access.visible_projects(scope))
    )


def validate(
    project_id: int | None,
    ketenpartner_id: int | None,
    periode: dt.date | None,
    gepland: int | None,
    gerealiseerd: int | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if periode is None:
        errors["periode"] = [str(_l("Kies de maand."))]
    if ketenpartner_id is None:
        errors["ketenpartner"] = [str(_l("Kies de partner."))]
    elif (
        db.session.scalar(
            sa.select(ProjectPartner.id).where(
                ProjectPartner.project_id == project_id,
                ProjectPartner.ketenpartner_id == ketenpartner_id,
            )
        )
        is None
    ):
        errors["ketenpartner"] = [str(_l("Deze partner neemt niet deel aan het project."))]
    for name, value in (("gepland_uren", gepland), ("gerealiseerd_uren", gerealiseerd)):
        if value is not None and not (0 <= value <= MAX_HOURS):
            errors[name] = [
                str(
                    _l(
                        "Vul een aantal uren in tussen 0 en %(n)s.",
                        n=f"{MAX_HOURS:,}".replace(",", "."),
                    )
                )
            ]
    if gepland is None:
        errors.setdefault("gepland_uren", [str(_l("Vul de geplande uren in."))])
    return errors


@use_case
def record(
    project_id: int,
    ketenpartner_id: int | None,
    periode: dt.date | None,
    gepland_uren: int | None,
    gerealiseerd_uren: int | None = None,
    toelichting: str | None = None,
    scope: Scope | None = None,
) -> Capaciteitsinzet:
    """Enter (or correct) a partner's hours for one month: one row per partner and month."""
    scope = scope or cscope.current()
    if not may_enter(project_id, ketenpartner_id, scope):
        raise AccessDenied()
    errors = validate(project_id, ketenpartner_id, periode, gepland_uren, gerealiseerd_uren)
    if errors:
        raise RuleViolation(errors)
    periode = month(periode)
    row = db.session.scalar(
        sa.select(Capaciteitsinzet).where(
            Capaciteitsinzet.project_id == project_id,
            Capaciteitsinzet.ketenpartner_id == ketenpartner_id,
            Capaciteitsinzet.periode == periode,
        )
    )
    if row is None:
        row = Capaciteitsinzet(
            project_id=project_id, ketenpartner_id=ketenpartner_id, periode=periode
        )
        db.session.add(row)
    row.gepland_uren = gepland_uren
    row.gerealiseerd_uren = gerealiseerd_uren
    row.toelichting = (toelichting or "").strip()[:500] or None
    row.ingevoerd_door_id = scope.user_id
    db.session.flush()
    return row


@dataclass
class PartnerCapacity:
    ketenpartner_id: int
    partner: str
    toegezegd: int | None  # ProjectPartner.capaciteit_uren: what the project planned
    gepland: int = 0
    gerealiseerd: int = 0
    perioden: list[Capaciteitsinzet] = field(default_factory=list)

    @property
    def verschil(self) -> int:
        return self.gerealiseerd - self.gepland

    @property
    def benutting(self) -> float | None:
        """Realised hours as a share of the project's planned capacity."""
        return self.gerealiseerd / self.toegezegd if self.toegezegd else None


@dataclass
class CapacityOverview:
    partners: list[PartnerCapacity]
    perioden: list[dt.date]
    per_periode: dict[dt.date, tuple[int, int]]  # (planned, realised) over all partners

    @property
    def toegezegd(self) -> int:
        return sum(p.toegezegd or 0 for p in self.partners)

    @property
    def gepland(self) -> int:
        return sum(p.gepland for p in self.partners)

    @property
    def gerealiseerd(self) -> int:
        return sum(p.gerealiseerd for p in self.partners)


def overview(project_id: int, scope: Scope | None = None) -> CapacityOverview:
    """Per partner (a partner user: its own only) the project's planned capacity, the
    planned and realised hours per month and in total; per month the totals."""
    scope = scope or cscope.current()
    pps = db.session.execute(
        sa.select(ProjectPartner.ketenpartner_id, Ketenpartner.naam, ProjectPartner.capaciteit_uren)
        .join(Ketenpartner, Ketenpartner.id == ProjectPartner.ketenpartner_id)
        .where(ProjectPartner.project_id == project_id)
        .order_by(Ketenpartner.naam)
    ).all()
    staff = cscope.may_edit(project_id, scope) or access.project_allowed(
        project_id, access.visible_projects(cscope.staff_scope(scope))
    )
    partners = {
        kp: PartnerCapacity(kp, naam, uren)
        for kp, naam, uren in pps
        if staff or kp == scope.ketenpartner_id
    }
    rows = db.session.scalars(
        sa.select(Capaciteitsinzet)
        .where(Capaciteitsinzet.project_id == project_id, criterion(scope))
        .order_by(Capaciteitsinzet.periode, Capaciteitsinzet.id)
    )
    per: dict[dt.date, tuple[int, int]] = {}
    for r in rows:
        p = partners.get(r.ketenpartner_id)
        if p is None:
            continue
        p.perioden.append(r)
        p.gepland += r.gepland_uren or 0
        p.gerealiseerd += r.gerealiseerd_uren or 0
        g, z = per.get(r.periode, (0, 0))
        per[r.periode] = (g + (r.gepland_uren or 0), z + (r.gerealiseerd_uren or 0))
    return CapacityOverview(list(partners.values()), sorted(per), per)
