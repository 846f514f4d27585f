"""Row-level access: which projects (and rows hanging off a project) a user may see or edit.

Screens and API use the same criteria: FAB views filter with ``InScope`` and the write
hooks call ``check_project_writable``. Rows outside a user's scope are simply not found
(404), so their existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g, has_request_context
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.security.sqla.models import User
from flask_babel import lazy_gettext as _l

from models import (
    Activiteit,
    AvgPartnerrecht,
    AvgRegistratie,
    Besluit,
    Brainstorm,
    Document,
    Doelstelling,
    Gebruikerskoppeling,
    Gemeente,
    IvtAanvraag,
    Project,
    Projectfase,
    ProjectPartner,
    Regio,
    Risico,
)
from models.gebruikerskoppeling import koppeling_gemeente
from models.keuzelijsten import BESLUIT_ORGANEN
from models.project import project_gemeente
from portal import process, roles
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset[str]
    gemeente_ids: frozenset[int] = field(default_factory=frozenset)
    regio_id: int | None = None
    ketenpartner_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return roles.BEHEERDER in self.roles

    @property
    def reads_all_projects(self) -> bool:
        return bool(self.roles & {roles.BEHEERDER, roles.PRIVACY})


def scope_for(user) -> Scope:
    """Build the scope of a FAB user (cheap; cached per request by ``current_scope``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope(None, frozenset())

    with db.session.no_autoflush:  # may run while a new row is half-built (API pre_add)
        koppeling = db.session.scalar(
            sa.select(Gebruikerskoppeling).where(Gebruikerskoppeling.user_id == user.id)
        )
    return Scope(
        user_id=user.id,
        roles=frozenset(r.name for r in user.roles),
        gemeente_ids=frozenset(gm.id for gm in koppeling.gemeenten) if koppeling else frozenset(),
        regio_id=koppeling.regio_id if koppeling else None,
        ketenpartner_id=koppeling.ketenpartner_id if koppeling else None,
    )


def current_scope() -> Scope:
    if not has_request_context():
        return Scope(None, frozenset())
    if "portal_scope" not in g:
        g.portal_scope = scope_for(getattr(g, "user", None))
    return g.portal_scope


def _own_gemeente_projects(scope: Scope) -> sa.ColumnElement[bool]:
    return sa.or_(
        Project.projectleider_id == scope.user_id,
        Project.id.in_(
            sa.select(project_gemeente.c.project_id).where(
                project_gemeente.c.gemeente_id.in_(scope.gemeente_ids)
            )
        ),
    )


def _own_region_projects(scope: Scope) -> sa.ColumnElement[bool]:
    return sa.or_(Project.rcf_adviseur_id == scope.user_id, Project.regio_id == scope.regio_id)


def _partner_projects(scope: Scope) -> sa.ColumnElement[bool]:
    return Project.id.in_(
        sa.select(ProjectPartner.project_id).where(
            ProjectPartner.ketenpartner_id == scope.ketenpartner_id
        )
    )


def visible_projects(scope: Scope) -> sa.ColumnElement[bool]:
    """Criterion on ``Project`` for the projects this user may read."""
    if scope.reads_all_projects:
        return sa.true()
    clauses = []
    if roles.PROJECTLEIDER in scope.roles:
        clauses.append(_own_gemeente_projects(scope))
    if roles.RCF in scope.roles:
        clauses.append(_own_region_projects(scope))
    if roles.KETENPARTNER in scope.roles and scope.ketenpartner_id:
        clauses.append(_partner_projects(scope))
    if roles.SECRETARIS in scope.roles:
        clauses.append(_submitted_to_lsi())
    return sa.or_(*clauses) if clauses else sa.false()


def _submitted_to_lsi() -> sa.ColumnElement[bool]:
    """The LSI secretary sees the projects that have put a document before the LSI."""

    return Project.id.in_(
        sa.select(Document.project_id).where(Document.status.in_(process.LSI_VISIBLE))
    )


def editable_projects(scope: Scope) -> sa.ColumnElement[bool]:
    """Criterion on ``Project`` for the projects whose content this user may change."""
    if scope.is_admin:
        return sa.true()
    clauses = []
    if roles.PROJECTLEIDER in scope.roles:
        clauses.append(_own_gemeente_projects(scope))
    if roles.RCF in scope.roles:
        clauses.append(_own_region_projects(scope))
    return sa.or_(*clauses) if clauses else sa.false()


def avg_editable_projects(scope: Scope) -> sa.ColumnElement[bool]:
    """The privacy officer edits every AVG registration; others follow project rights."""
    if roles.PRIVACY in scope.roles:
        return sa.true()
    return editable_projects(scope)


# How each model hangs off a project: the column holding the project id.
_PROJECT_KEY = {
    Project: Project.id,
    ProjectPartner: ProjectPartner.project_id,
    Doelstelling: Doelstelling.project_id,
    Activiteit: Activiteit.project_id,
    Risico: Risico.project_id,
    Projectfase: Projectfase.project_id,
    AvgRegistratie: AvgRegistratie.project_id,
    Besluit: Besluit.project_id,
    Brainstorm: Brainstorm.project_id,
    IvtAanvraag: IvtAanvraag.project_id,
}


def _project_ids(criterion: sa.ColumnElement[bool]) -> sa.Select:
    return sa.select(Project.id).where(criterion)


def row_criterion(model: type, criterion: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """Translate a criterion on Project into one on ``model``."""
    if model is Project:
        return criterion
    if model is AvgPartnerrecht:
        return AvgPartnerrecht.avg_registratie_id.in_(
            sa.select(AvgRegistratie.id).where(
                AvgRegistratie.project_id.in_(_project_ids(criterion))
            )
        )
    return _PROJECT_KEY[model].in_(_project_ids(criterion))


def project_id_of(item) -> int | None:
    if isinstance(item, Project):
        return item.id
    if isinstance(item, AvgPartnerrecht):
        reg = item.avg_registratie
        if reg is None and item.avg_registratie_id:
            reg = db.session.get(AvgRegistratie, item.avg_registratie_id)
        return reg.project_id if reg else None
    # A row being added has its project object before its project_id (set at flush).
    project = getattr(item, "project", None)
    return getattr(item, "project_id", None) or getattr(project, "id", None)


def project_allowed(project_id: int | None, criterion: sa.ColumnElement[bool]) -> bool:
    if project_id is None:
        return False

    with db.session.no_autoflush:
        found = db.session.scalar(sa.select(Project.id).where(Project.id == project_id, criterion))
    return found is not None


def check_writable(item, scope: Scope | None = None) -> None:
    """Raise AccessDenied unless the user may change rows of the item's project."""
    scope = scope or current_scope()
    if isinstance(item, Project) and item.id is None:
        return  # creation is governed by permission and by rules on the chosen gemeenten
    crit = (
        avg_editable_projects(scope)
        if isinstance(item, AvgRegistratie | AvgPartnerrecht)
        else editable_projects(scope)
    )
    if not project_allowed(project_id_of(item), crit):
        raise AccessDenied()


def _visible_project_ids(scope: Scope) -> sa.Select:
    return _project_ids(visible_projects(scope))


def _users_of_visible_projects(scope: Scope) -> sa.ColumnElement[bool]:
    """Criterion on FAB's user: the people of the projects this user may read, and those of
    his own organisation (same gemeente, regio or ketenpartner) - the people he works with."""

    visible = _visible_project_ids(scope)
    gemeenten = sa.select(project_gemeente.c.gemeente_id).where(
        project_gemeente.c.project_id.in_(visible)
    )
    regios = sa.select(Project.regio_id).where(Project.id.in_(visible))
    partners = sa.select(ProjectPartner.ketenpartner_id).where(
        ProjectPartner.project_id.in_(visible)
    )
    linked_by_gemeente = sa.select(Gebruikerskoppeling.user_id).where(
        Gebruikerskoppeling.id.in_(
            sa.select(koppeling_gemeente.c.gebruikerskoppeling_id).where(
                sa.or_(
                    koppeling_gemeente.c.gemeente_id.in_(gemeenten),
                    koppeling_gemeente.c.gemeente_id.in_(list(scope.gemeente_ids)),
                )
            )
        )
    )
    linked_by_organisation = sa.select(Gebruikerskoppeling.user_id).where(
        sa.or_(
            Gebruikerskoppeling.regio_id.in_(regios),
            Gebruikerskoppeling.ketenpartner_id.in_(partners),
            *([Gebruikerskoppeling.regio_id == scope.regio_id] if scope.regio_id else []),
            *(
                [Gebruikerskoppeling.ketenpartner_id == scope.ketenpartner_id]
                if scope.ketenpartner_id
                else []
            ),
        )
    )
    return sa.or_(
        User.id == scope.user_id,
        User.id.in_(sa.select(Project.projectleider_id).where(Project.id.in_(visible))),
        User.id.in_(sa.select(Project.rcf_adviseur_id).where(Project.id.in_(visible))),
        User.id.in_(linked_by_gemeente),
        User.id.in_(linked_by_organisation),
    )


# Roles that work for their own gemeenten or region; every other role works nationally.
_LOCAL_ROLES = frozenset({roles.PROJECTLEIDER, roles.RCF})


def _own_area(model: type, scope: Scope) -> sa.ColumnElement[bool] | None:
    """The gemeenten (or regions) a local user works in: his own (``Gebruikerskoppeling``)
    and, for the RCF, his region's. None (the whole country) for the Beheerder and the
    national roles."""

    if scope.is_admin or not scope.roles & _LOCAL_ROLES or scope.roles - _LOCAL_ROLES:
        return None
    own = list(scope.gemeente_ids)
    regio = scope.regio_id if roles.RCF in scope.roles else None
    if model is Gemeente:
        return sa.or_(Gemeente.id.in_(own), Gemeente.regio_id == regio)
    return sa.or_(
        Regio.id.in_(sa.select(Gemeente.regio_id).where(Gemeente.id.in_(own))), Regio.id == regio
    )


def choice_criterion(model: type, scope: Scope) -> sa.ColumnElement[bool] | None:
    """Which rows of ``model`` a user may be offered as a choice - in add/edit forms, search
    filters, the API's ``_info`` and related-field look-ups: the rows he may read, by the
    same rules as the rows themselves. Gemeenten and regions are offered by the user's own
    area (``_own_area``). None means master data (ketenpartner, convenantartikel,
    categories, FAB's own tables, and gemeenten for national roles): offered to everyone
    who has the form.

    Every picker in ``views/base.py`` asks this, so a new view with a related field is scoped
    without declaring anything.
    """
    if model.__tablename__ == "ab_user":
        return sa.true() if scope.reads_all_projects else _users_of_visible_projects(scope)
    if model is Project or model is AvgPartnerrecht or model in _PROJECT_KEY:
        return row_criterion(model, visible_projects(scope))
    if model is Gemeente or model is Regio:
        return _own_area(model, scope)
    from portal.casework import scope as cscope  # built on this module

    if model in cscope.CASEWORK_MODELS:
        return cscope.criterion(model, scope)
    project_id = getattr(model, "project_id", None)
    if project_id is not None:  # anything else kept per project (documents, deliveries, ...)
        return project_id.in_(_visible_project_ids(scope))
    return None


def choosable(model: type, row_id: int, scope: Scope | None = None) -> bool:
    """Whether this user may choose the row ``row_id`` of ``model`` (``choice_criterion``)."""

    crit = choice_criterion(model, scope or current_scope())
    query = sa.select(model.id).where(model.id == row_id)
    with db.session.no_autoflush:
        return db.session.scalar(query if crit is None else query.where(crit)) is not None


class InScope(BaseFilter):
    """FAB base filter: only rows of projects the current user may read."""

    name = "In scope"
    arg_name = None

    def apply(self, query, value):
        return query.filter(row_criterion(self.model, visible_projects(current_scope())))


SCOPED = [["id", InScope, None]]


def check_new_project(project: Project, scope: Scope | None = None) -> None:
    """A new project must fall inside the creator's own scope (else they could not see it)."""
    scope = scope or current_scope()
    if scope.is_admin:
        return
    ok = False

    def _id(name: str) -> int | None:
        # A row being added has its related objects before their *_id (set at flush).
        return getattr(project, f"{name}_id", None) or getattr(getattr(project, name), "id", None)

    if roles.PROJECTLEIDER in scope.roles:
        ok |= _id("projectleider") == scope.user_id or any(
            gm.id in scope.gemeente_ids for gm in project.gemeenten
        )
    if roles.RCF in scope.roles:
        ok |= (scope.regio_id is not None and _id("regio") == scope.regio_id) or (
            _id("rcf_adviseur") == scope.user_id
        )
    if not ok:
        raise RuleViolation(
            {
                "gemeenten": [
                    str(_l("U kunt alleen projecten aanmaken voor uw eigen gemeente(n) of regio."))
                ]
            }
        )


def decision_bodies(scope: Scope) -> frozenset[str]:
    """Which bodies' decisions this user logs (``process.LOGGED_BY``; the Beheerder any, to
    repair records)."""
    if scope.is_admin:
        return frozenset(BESLUIT_ORGANEN)
    out: frozenset[str] = frozenset()
    for role in scope.roles:
        out |= process.LOGGED_BY.get(role, frozenset())
    return out


def check_decision_allowed(besluit: Besluit, scope: Scope | None = None) -> None:
    """A decision is logged by the role of its body, on a project that role may see."""

    scope = scope or current_scope()
    if not project_allowed(project_id_of(besluit), visible_projects(scope)):
        raise AccessDenied()
    if besluit.orgaan not in decision_bodies(scope):
        raise RuleViolation(
            {
                "orgaan": [
                    str(
                        _l(
                            "U mag geen besluiten van %(orgaan)s vastleggen.",
                            orgaan=besluit.orgaan,
                        )
                    )
                ]
            }
        )
