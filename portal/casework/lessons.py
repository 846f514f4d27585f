"""Lessons learned per control and per casustafel, shared across the project's gemeenten
(issue #19 part 7; 002 aanbeveling 6: one central table of results and lessons)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from models import Casustafel, Controle, Gemeente, Leerpunt, Project
from models.leerpunt import LEERPUNT_CATEGORIEEN
from portal import access, audit
from portal.access import Scope
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db, use_case

MAX_TEXT = 2000


def criterion(scope: Scope) -> sa.ColumnElement[bool]:
    """Everyone who reads the project reads its lessons - the point is to share them - but
    a partner user only through its cases' controls and casustafels."""
    clauses = [cscope._in_projects(Leerpunt, access.visible_projects(cscope.staff_scope(scope)))]
    if scope.ketenpartner_id:
        clauses.append(
            Leerpunt.controle_id.in_(
                sa.select(Controle.id).where(cscope.criterion(Controle, scope))
            )
        )
        clauses.append(
            Leerpunt.casustafel_id.in_(
                sa.select(Casustafel.id).where(cscope.criterion(Casustafel, scope))
            )
        )
    return sa.or_(*clauses)


class LessonScope(BaseFilter):
    name = "Leerpunten in scope"
    arg_name = None

    def apply(self, query, value):
        return query.filter(criterion(access.current_scope()))


SCOPED = [["id", LessonScope, None]]


def validate(
    project_id: int | None,
    controle_id: int | None,
    casustafel_id: int | None,
    tekst: str | None,
    categorie: str | None,
    gemeente_id: int | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (tekst or "").strip():
        errors["tekst"] = [str(_l("Beschrijf het leerpunt."))]
    elif len(tekst) > MAX_TEXT:
        errors["tekst"] = [str(_l("Een leerpunt is hoogstens %(n)s tekens.", n=MAX_TEXT))]
    if (controle_id is None) == (casustafel_id is None):
        errors["controle"] = [str(_l("Een leerpunt hoort bij één controle of bij één casustafel."))]
    for model, row_id, name in (
        (Controle, controle_id, "controle"),
        (Casustafel, casustafel_id, "casustafel"),
    ):
        if row_id is not None:
            row = db.session.get(model, row_id)
            if row is None or row.project_id != project_id:
                errors[name] = [str(_l("Deze hoort niet bij dit project."))]
    if categorie is not None and categorie not in LEERPUNT_CATEGORIEEN:
        errors["categorie"] = [str(_l("Kies een categorie uit de lijst."))]
    if gemeente_id is not None:
        project = db.session.get(Project, project_id)
        if project is None or gemeente_id not in {g.id for g in project.gemeenten}:
            errors["gemeente"] = [str(_l("Deze gemeente neemt niet deel aan het project."))]
    return errors


@use_case
def add_lesson(
    project_id: int,
    tekst: str | None,
    controle_id: int | None = None,
    casustafel_id: int | None = None,
    categorie: str | None = None,
    gemeente_id: int | None = None,
    row: Leerpunt | None = None,
) -> Leerpunt:
    """A lesson by a project person (screen and API both come here)."""
    cscope.check_editable(project_id)
    categorie = categorie or None
    errors = validate(project_id, controle_id, casustafel_id, tekst, categorie, gemeente_id)
    if errors:
        raise RuleViolation(errors)
    user_id, username = audit._who()
    row = row or Leerpunt()
    row.project_id = project_id
    row.controle_id = controle_id
    row.casustafel_id = casustafel_id
    row.tekst = tekst.strip()
    row.categorie = categorie
    row.gemeente_id = gemeente_id
    row.door_id = user_id
    row.door = username
    db.session.add(row)
    db.session.flush()
    return row


def project_lessons(
    project_id: int, scope: Scope, gemeente_id: int | None = None
) -> list[Leerpunt]:
    q = (
        sa.select(Leerpunt)
        .where(Leerpunt.project_id == project_id, criterion(scope))
        .options(
            selectinload(Leerpunt.controle),
            selectinload(Leerpunt.casustafel),
            selectinload(Leerpunt.gemeente),
        )
        .order_by(Leerpunt.aangemaakt_op.desc(), Leerpunt.id.desc())
    )
    if gemeente_id is not None:
        q = q.where(Leerpunt.gemeente_id == gemeente_id)
    return list(db.session.scalars(q))


def gemeenten(project_id: int) -> list[Gemeente]:
    project = db.session.get(Project, project_id)
    return sorted(project.gemeenten, key=lambda g: g.naam) if project else []
