"""Row-level access for case work, on top of ``portal.access``.

Project people (projectleider, RCF, Beheerder; the privacy officer read-only) see the case
work of the projects they may see. A ketenpartner sees only what it is involved in: cases
where it is a partner, controls it joined or that visited its cases, meetings it attended
or that discussed its cases, findings and actions that are its own or on its cases.
The journal is narrower: the project's own people and the involved partners only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa
from flask_appbuilder.models.filters import BaseFilter

from models import (
    Bevinding,
    Casus,
    CasusPartner,
    Casustafel,
    CasustafelBespreking,
    Controle,
    ControleAdres,
    ControleTeamlid,
    ControleUitrusting,
    Journaalregel,
    Opvolgactie,
    Project,
)
from models.casustafel import casustafel_partner
from models.controle import controle_casus
from portal import access, roles
from portal.access import Scope
from portal.errors import AccessDenied
from portal.extensions import db

CASEWORK_MODELS = (
    Casus,
    CasusPartner,
    Casustafel,
    CasustafelBespreking,
    Controle,
    ControleTeamlid,
    ControleAdres,
    ControleUitrusting,
    Bevinding,
    Opvolgactie,
    Journaalregel,
)


SYSTEM = Scope(user_id=None, roles=frozenset({roles.BEHEERDER}))
_acting: ContextVar[Scope | None] = ContextVar("casework_scope", default=None)


@contextmanager
def acting_as_system() -> Iterator[None]:
    """Demo data and command-line jobs act as the functional administrator."""
    token = _acting.set(SYSTEM)
    try:
        yield
    finally:
        _acting.reset(token)


def current() -> Scope:
    return _acting.get() or access.current_scope()


def staff_scope(scope: Scope) -> Scope:
    """The scope without the partner role: a partner's project membership grants no case."""
    return dataclasses.replace(scope, roles=scope.roles - {roles.KETENPARTNER})


def _in_projects(model: type, criterion: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    return model.project_id.in_(sa.select(Project.id).where(criterion))


def involved_cases(ketenpartner_id: int) -> sa.Select:
    return sa.select(CasusPartner.casus_id).where(CasusPartner.ketenpartner_id == ketenpartner_id)


def _partner_clause(model: type, kp: int) -> sa.ColumnElement[bool]:
    cases = involved_cases(kp)
    if model is Casus:
        return Casus.id.in_(cases)
    if model in (CasusPartner, CasustafelBespreking, Journaalregel):
        return model.casus_id.in_(cases)
    if model is Controle:
        return sa.or_(
            Controle.id.in_(
                sa.select(ControleTeamlid.controle_id).where(ControleTeamlid.ketenpartner_id == kp)
            ),
            Controle.id.in_(
                sa.select(controle_casus.c.controle_id).where(controle_casus.c.casus_id.in_(cases))
            ),
            # planned: an address of its cases is on the schedule
            Controle.id.in_(
                sa.select(ControleAdres.controle_id).where(ControleAdres.casus_id.in_(cases))
            ),
        )
    if model in (ControleTeamlid, ControleUitrusting):
        return model.controle_id.in_(sa.select(Controle.id).where(_partner_clause(Controle, kp)))
    if model is ControleAdres:
        # A partner on the team sees the addresses of its own cases only (issue #19).
        return ControleAdres.casus_id.in_(cases)
    if model is Casustafel:
        return sa.or_(
            Casustafel.id.in_(
                sa.select(casustafel_partner.c.casustafel_id).where(
                    casustafel_partner.c.ketenpartner_id == kp
                )
            ),
            Casustafel.id.in_(
                sa.select(CasustafelBespreking.casustafel_id).where(
                    CasustafelBespreking.casus_id.in_(cases)
                )
            ),
        )
    if model is Bevinding:
        return sa.or_(Bevinding.ketenpartner_id == kp, Bevinding.casus_id.in_(cases))
    if model is Opvolgactie:
        return sa.or_(
            Opvolgactie.ketenpartner_id == kp,
            Opvolgactie.bevinding_id.in_(
                sa.select(Bevinding.id).where(Bevinding.casus_id.in_(cases))
            ),
        )
    raise KeyError(model)


def criterion(model: type, scope: Scope) -> sa.ColumnElement[bool]:
    """Rows of ``model`` this user may read."""
    staff = staff_scope(scope)
    projects = (
        access.editable_projects(staff)
        if model is Journaalregel
        else access.visible_projects(staff)
    )
    clauses = [_in_projects(model, projects)]
    if roles.KETENPARTNER in scope.roles and scope.ketenpartner_id:
        clauses.append(_partner_clause(model, scope.ketenpartner_id))
    return sa.or_(*clauses)


def visible(model: type, row_id: int, scope: Scope | None = None):
    """The row, or None when it does not exist or lies outside the user's scope."""
    scope = scope or current()
    return db.session.scalar(sa.select(model).where(model.id == row_id, criterion(model, scope)))


def may_edit(project_id: int | None, scope: Scope | None = None) -> bool:
    """Case work (cases, meetings, controls, findings, actions) is edited by project people."""
    scope = scope or current()
    return access.project_allowed(project_id, access.editable_projects(staff_scope(scope)))


def check_editable(project_id: int | None, scope: Scope | None = None) -> None:
    if not may_edit(project_id, scope):
        raise AccessDenied()


def may_complete(action: Opvolgactie, scope: Scope | None = None) -> bool:
    """The owning partner (or person) completes an action; project people may as well."""
    scope = scope or current()
    if may_edit(action.project_id, scope):
        return True
    if action.eigenaar_id is not None and action.eigenaar_id == scope.user_id:
        return True
    return (
        roles.KETENPARTNER in scope.roles
        and scope.ketenpartner_id is not None
        and action.ketenpartner_id == scope.ketenpartner_id
    )


def may_write_journal(casus: Casus, scope: Scope | None = None) -> bool:
    scope = scope or current()
    if may_edit(casus.project_id, scope):
        return True
    return (
        roles.KETENPARTNER in scope.roles
        and scope.ketenpartner_id is not None
        and db.session.scalar(
            sa.select(CasusPartner.id).where(
                CasusPartner.casus_id == casus.id,
                CasusPartner.ketenpartner_id == scope.ketenpartner_id,
            )
        )
        is not None
    )


class CaseworkScope(BaseFilter):
    """FAB base filter: only the case-work rows the current user may read."""

    name = "Casuswerk in scope"
    arg_name = None

    def apply(self, query, value):
        return query.filter(criterion(self.model, access.current_scope()))


SCOPED = [["id", CaseworkScope, None]]


def counts(project_id: int, scope: Scope) -> dict[str, int]:
    """What the project page's case-work section counts: the cases, controls and overdue
    actions of the project that this user may see."""
    from portal.casework.followup import overdue  # followup builds on this module

    def n(model, *where) -> int:
        q = sa.select(sa.func.count(model.id)).where(
            model.project_id == project_id, criterion(model, scope), *where
        )
        return db.session.scalar(q) or 0

    return {"casussen": n(Casus), "controles": n(Controle), "te_laat": n(Opvolgactie, overdue())}
