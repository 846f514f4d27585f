"""Follow-up of findings: owner partner and person, deadline, status and the result that
is fed back. The seed's evaluation (002 ch. 7) names missing follow-up and unclear owners
and deadlines as what failed; these functions make them visible (dashboard, my actions,
per partner)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_appbuilder.security.sqla.models import User
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from models import (
    Bevinding,
    Gebruikerskoppeling,
    Ketenpartner,
    Opvolgactie,
    Opvolgtype,
    Project,
    ProjectPartner,
)
from models.opvolgactie import AFGEROND, IN_BEHANDELING, OPEN
from portal import access, roles
from portal.access import Scope
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db, use_case

OP_TIJD, TE_LAAT_AFGEROND, LOOPT, VERLOPEN = (
    "op tijd afgerond",
    "te laat afgerond",
    "open",
    "termijn verstreken",
)


def state(action: Opvolgactie, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    if action.status == AFGEROND:
        done = action.afgerond_op or today
        return OP_TIJD if done <= action.deadline else TE_LAAT_AFGEROND
    return VERLOPEN if action.deadline < today else LOOPT


def overdue(today: dt.date | None = None) -> sa.ColumnElement[bool]:
    today = today or dt.date.today()
    return sa.and_(Opvolgactie.status != AFGEROND, Opvolgactie.deadline < today)


def validate_action(
    bevinding: Bevinding | None,
    ketenpartner_id: int | None,
    eigenaar_id: int | None,
    omschrijving: str | None,
    deadline: dt.date | None,
    opvolgtype_id: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if opvolgtype_id is not None:
        soort = db.session.get(Opvolgtype, opvolgtype_id)
        if soort is None or not soort.actief:
            errors["opvolgtype"] = [str(_l("Kies een soort opvolging uit de lijst."))]
    if bevinding is None:
        errors["bevinding"] = [str(_l("Kies de bevinding die wordt opgevolgd."))]
        return errors
    if not (omschrijving or "").strip():
        errors["omschrijving"] = [str(_l("Beschrijf wat er moet gebeuren."))]
    if ketenpartner_id is None:
        errors["ketenpartner"] = [str(_l("Kies de partner die de actie oppakt."))]
    elif (
        db.session.scalar(
            sa.select(ProjectPartner.id).where(
                ProjectPartner.project_id == bevinding.project_id,
                ProjectPartner.ketenpartner_id == ketenpartner_id,
            )
        )
        is None
    ):
        errors["ketenpartner"] = [str(_l("Deze partner neemt niet deel aan het project."))]
    if deadline is None:
        errors["deadline"] = [str(_l("Spreek een deadline af."))]
    elif bevinding.controle is not None and deadline < bevinding.controle.datum:
        errors["deadline"] = [
            str(
                _l(
                    "De deadline ligt vóór de controle van %(datum)s.",
                    datum=bevinding.controle.datum.strftime("%d-%m-%Y"),
                )
            )
        ]
    if eigenaar_id is not None and ketenpartner_id is not None:
        koppeling = db.session.scalar(
            sa.select(Gebruikerskoppeling).where(Gebruikerskoppeling.user_id == eigenaar_id)
        )
        if koppeling is not None and koppeling.ketenpartner_id not in (None, ketenpartner_id):
            errors["eigenaar"] = [str(_l("Deze persoon werkt niet bij de gekozen partner."))]
    return errors


@use_case
def add_action(
    bevinding: Bevinding,
    ketenpartner_id: int | None,
    omschrijving: str | None,
    deadline: dt.date | None,
    eigenaar_id: int | None = None,
    opvolgtype_id: int | None = None,
) -> Opvolgactie:
    cscope.check_editable(bevinding.project_id)
    errors = validate_action(
        bevinding, ketenpartner_id, eigenaar_id, omschrijving, deadline, opvolgtype_id
    )
    if errors:
        raise RuleViolation(errors)
    action = Opvolgactie(
        project_id=bevinding.project_id,
        bevinding=bevinding,
        ketenpartner_id=ketenpartner_id,
        eigenaar_id=eigenaar_id,
        omschrijving=omschrijving.strip(),
        deadline=deadline,
        status=OPEN,
        opvolgtype_id=opvolgtype_id,
    )
    db.session.add(action)
    db.session.flush()
    return action


@use_case
def start(action: Opvolgactie, scope: Scope | None = None) -> Opvolgactie:
    if not cscope.may_complete(action, scope):
        raise AccessDenied()
    if action.status == OPEN:
        action.status = IN_BEHANDELING
    return action


@use_case
def complete(
    action: Opvolgactie,
    resultaat: str | None,
    afgerond_op: dt.date | None = None,
    scope: Scope | None = None,
) -> Opvolgactie:
    """The owner completes the action and feeds the result back (it enters the journal)."""
    if not cscope.may_complete(action, scope):
        raise AccessDenied()
    if action.status == AFGEROND:
        raise RuleViolation({"status": [str(_l("Deze actie is al afgerond."))]})
    if not (resultaat or "").strip():
        raise RuleViolation(
            {"resultaat": [str(_l("Beschrijf het resultaat; het team krijgt het terug."))]}
        )
    afgerond_op = afgerond_op or dt.date.today()
    if afgerond_op < action.bevinding.controle.datum:
        raise RuleViolation(
            {"afgerond_op": [str(_l("Een actie kan niet vóór de controle zijn afgerond."))]}
        )
    action.resultaat = resultaat.strip()
    action.afgerond_op = afgerond_op
    action.status = AFGEROND
    return action


def _mine(scope: Scope) -> sa.ColumnElement[bool]:
    clauses = [Opvolgactie.eigenaar_id == scope.user_id]
    if roles.KETENPARTNER in scope.roles and scope.ketenpartner_id:
        clauses.append(Opvolgactie.ketenpartner_id == scope.ketenpartner_id)
    return sa.or_(*clauses)


def my_actions(scope: Scope, include_done: bool = False) -> list[Opvolgactie]:
    """Actions this user owns: personally, or (for a partner user) as its organisation."""
    if scope.user_id is None:
        return []
    q = (
        sa.select(Opvolgactie)
        .where(_mine(scope), cscope.criterion(Opvolgactie, scope))
        .options(
            selectinload(Opvolgactie.bevinding).selectinload(Bevinding.casus),
            selectinload(Opvolgactie.bevinding).selectinload(Bevinding.controle),
            selectinload(Opvolgactie.ketenpartner),
        )
        .order_by(Opvolgactie.status == AFGEROND, Opvolgactie.deadline, Opvolgactie.id)
    )
    if not include_done:
        q = q.where(Opvolgactie.status != AFGEROND)
    return list(db.session.scalars(q))


def types(include_inactive: bool = False) -> list[Opvolgtype]:
    """The managed list of follow-up types, in the Beheerder's order."""
    q = sa.select(Opvolgtype).order_by(Opvolgtype.volgorde, Opvolgtype.naam)
    if not include_inactive:
        q = q.where(Opvolgtype.actief.is_(True))
    return list(db.session.scalars(q))


def escalation_days() -> int:
    """After how many days past its deadline an action goes to the projectleider - the
    same setting the mail escalation reads (portal.notifications.reminders)."""
    from flask import current_app

    return int(current_app.config.get("ESCALATION_DAYS", 7))


@dataclass
class DashboardBlock:
    mine: list[Opvolgactie]
    overdue: list[Opvolgactie]
    overdue_total: int
    today: dt.date
    # Escalated to the projectleider (late by ESCALATION_DAYS or more): the mail says it
    # once, the dashboard keeps saying it until the action is done.
    escalated: list[Opvolgactie] = dataclasses.field(default_factory=list)
    escalation_days: int = 7


def dashboard_data(scope: Scope, today: dt.date | None = None, limit: int = 10) -> DashboardBlock:
    """My open actions and the overdue actions the user oversees (project people: their
    projects; partners: their own)."""
    today = today or dt.date.today()
    if scope.user_id is None:
        return DashboardBlock([], [], 0, today)
    staff = cscope.staff_scope(scope)
    oversee = (
        cscope._in_projects(Opvolgactie, access.editable_projects(staff))
        if staff.roles
        else sa.false()
    )
    if roles.KETENPARTNER in scope.roles and scope.ketenpartner_id:
        oversee = sa.or_(oversee, Opvolgactie.ketenpartner_id == scope.ketenpartner_id)
    where = sa.and_(overdue(today), oversee)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Opvolgactie).where(where))
    late = list(
        db.session.scalars(
            sa.select(Opvolgactie)
            .where(where)
            .options(
                selectinload(Opvolgactie.ketenpartner),
                selectinload(Opvolgactie.bevinding).selectinload(Bevinding.casus),
            )
            .order_by(Opvolgactie.deadline, Opvolgactie.id)
            .limit(limit)
        )
    )
    days = escalation_days()
    # Who the mail escalates to (outbox.projectleiders): the project's own projectleider, or
    # without one the projectleiders of its gemeenten - of the projects this user oversees.
    leader = (
        Opvolgactie.project_id.in_(
            sa.select(Project.id).where(
                sa.or_(
                    Project.projectleider_id == scope.user_id,
                    Project.projectleider_id.is_(None),
                )
            )
        )
        if roles.PROJECTLEIDER in scope.roles or scope.is_admin
        else sa.false()
    )
    escalated = list(
        db.session.scalars(
            sa.select(Opvolgactie)
            .where(where, leader, Opvolgactie.deadline <= today - dt.timedelta(days=days))
            .options(
                selectinload(Opvolgactie.ketenpartner),
                selectinload(Opvolgactie.bevinding).selectinload(Bevinding.casus),
            )
            .order_by(Opvolgactie.deadline, Opvolgactie.id)
            .limit(limit)
        )
    )
    return DashboardBlock(my_actions(scope)[:limit], late, total or 0, today, escalated, days)


def per_partner(project_id: int, today: dt.date | None = None) -> list[dict]:
    """Per partner: open (within term), late (term passed), done on time, done late."""
    today = today or dt.date.today()
    a = Opvolgactie
    done = a.status == AFGEROND
    rows = db.session.execute(
        sa.select(
            Ketenpartner.naam,
            sa.func.count(a.id),
            sa.func.sum(sa.case((sa.and_(~done, a.deadline >= today), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(~done, a.deadline < today), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(done, a.afgerond_op <= a.deadline), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(done, a.afgerond_op > a.deadline), 1), else_=0)),
        )
        .join(Ketenpartner, Ketenpartner.id == a.ketenpartner_id)
        .where(a.project_id == project_id)
        .group_by(Ketenpartner.naam)
        .order_by(Ketenpartner.naam)
    ).all()
    return [
        {
            "partner": naam,
            "acties": int(n),
            "open": int(o or 0),
            "te_laat": int(late or 0),
            "op_tijd_afgerond": int(ok or 0),
            "te_laat_afgerond": int(dl or 0),
        }
        for naam, n, o, late, ok, dl in rows
    ]


def owners_for(project_id: int, ketenpartner_id: int | None = None) -> list[User]:
    """People who can own an action: users of the project's partners and the project's own
    projectleider/RCF. Bounded by the project, so the select box stays short."""
    partner_ids = sa.select(ProjectPartner.ketenpartner_id).where(
        ProjectPartner.project_id == project_id
    )
    if ketenpartner_id is not None:
        partner_ids = partner_ids.where(ProjectPartner.ketenpartner_id == ketenpartner_id)

    project = db.session.get(Project, project_id)
    staff_ids = [i for i in (project.projectleider_id, project.rcf_adviseur_id) if i]
    return list(
        db.session.scalars(
            sa.select(User)
            .outerjoin(Gebruikerskoppeling, Gebruikerskoppeling.user_id == User.id)
            .where(
                User.active.is_(True),
                sa.or_(
                    Gebruikerskoppeling.ketenpartner_id.in_(partner_ids),
                    User.id.in_(staff_ids),
                ),
            )
            .order_by(User.first_name, User.last_name)
            .limit(200)
        )
    )
