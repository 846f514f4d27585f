"""Who sees which signals, and who may deliver, couple and judge.

A ketenpartner sees only its own signals (its "own folder") - in lists, counts, search,
exports and API; the coupling (which shows every partner's interest) is for the project's
own people: the projectleider and RCF of the project, and the Beheerder.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import (
    AvgPartnerrecht,
    AvgRegistratie,
    Ketenpartner,
    ProjectPartner,
    Signaal,
    Signaallevering,
)
from portal import access, roles
from portal.access import Scope
from portal.casework import scope as cscope
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db


def current() -> Scope:
    return cscope.current()  # includes "acting as system" for CLI and demo jobs


def is_staff(project_id: int, scope: Scope) -> bool:
    """Project people who see every partner's signals and the coupling."""
    return access.project_allowed(project_id, access.editable_projects(scope))


def own_partner(project_id: int, scope: Scope) -> int | None:
    """The partner a ketenpartner user delivers for, when it takes part in the project."""
    if roles.KETENPARTNER not in scope.roles or not scope.ketenpartner_id:
        return None
    found = db.session.scalar(
        sa.select(ProjectPartner.id).where(
            ProjectPartner.project_id == project_id,
            ProjectPartner.ketenpartner_id == scope.ketenpartner_id,
        )
    )
    return scope.ketenpartner_id if found else None


def may_see_delivery(levering: Signaallevering, scope: Scope) -> bool:
    """A delivery is visible to the project people and to the partner that delivered it."""
    return (
        is_staff(levering.project_id, scope)
        or own_partner(levering.project_id, scope) == levering.ketenpartner_id
    )


def may_open(project_id: int, scope: Scope) -> bool:
    return is_staff(project_id, scope) or own_partner(project_id, scope) is not None


def criterion(project_id: int, scope: Scope) -> sa.ColumnElement[bool]:
    """Signals of the project this user may see."""
    if is_staff(project_id, scope):
        return Signaal.project_id == project_id
    partner = own_partner(project_id, scope)
    if partner is None:
        return sa.false()
    return sa.and_(Signaal.project_id == project_id, Signaal.ketenpartner_id == partner)


def check_open(project_id: int, scope: Scope) -> None:
    if not may_open(project_id, scope):
        raise AccessDenied()


def check_staff(project_id: int, scope: Scope) -> None:
    if not is_staff(project_id, scope):
        raise AccessDenied()


def delivering_partner(project_id: int, scope: Scope, requested: int | None) -> int:
    """The partner a delivery is for: a partner delivers for itself only; project people may
    deliver on behalf of a participating partner (e.g. a file from the Inlichtingenbureau)."""
    if is_staff(project_id, scope):
        if requested is None:
            raise RuleViolation({"ketenpartner": [str(_l("Kies de aanleverende partner."))]})
        partner = requested
    else:
        partner = own_partner(project_id, scope)
        if partner is None:
            raise AccessDenied()
    check_may_deliver(project_id, partner)
    return partner


def may_deliver(project_id: int, ketenpartner_id: int) -> bool:
    participates = db.session.scalar(
        sa.select(ProjectPartner.id).where(
            ProjectPartner.project_id == project_id,
            ProjectPartner.ketenpartner_id == ketenpartner_id,
        )
    )
    right = db.session.scalar(
        sa.select(AvgPartnerrecht.id)
        .join(AvgRegistratie, AvgRegistratie.id == AvgPartnerrecht.avg_registratie_id)
        .where(
            AvgRegistratie.project_id == project_id,
            AvgPartnerrecht.ketenpartner_id == ketenpartner_id,
            AvgPartnerrecht.mag_leveren.is_(True),
        )
    )
    return bool(participates and right)


def check_may_deliver(project_id: int, ketenpartner_id: int) -> None:
    if not may_deliver(project_id, ketenpartner_id):
        partner = db.session.get(Ketenpartner, ketenpartner_id)
        raise RuleViolation(
            {
                "ketenpartner": [
                    str(
                        _l(
                            "%(partner)s mag volgens de AVG-registratie van dit project geen "
                            "signalen aanleveren (of neemt niet deel). Vraag de projectleider "
                            "of privacyfunctionaris het leverrecht vast te leggen.",
                            partner=partner.naam if partner else "-",
                        )
                    )
                ]
            }
        )
