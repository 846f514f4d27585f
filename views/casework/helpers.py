"""Request parsing, row look-ups and messages shared by the case-work screens.

The names keep their leading underscore: they are internal to ``views.casework``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from models import Casus, CasusPartner, Project, ProjectPartner
from portal import access
from portal.casework import scope as cscope
from portal.errors import RuleViolation
from portal.extensions import db
from views.labels import LABELS

CASE_LABELS = {
    **LABELS,
    "adres_sleutel": _l("Adres (sleutel)"),
    "adres": _l("Adres"),
    "status": _l("Status"),
    "politiebijstand": _l("Politiebijstand nodig"),
    "politiebijstand_reden": _l("Waarom politiebijstand"),
    "handhavingsactie": _l("Handhavingsactie"),
    "afweging": _l("Afweging subsidiariteit en proportionaliteit"),
    "reden_buiten_aanpak": _l("Reden buiten gezamenlijke aanpak"),
    "datum": _l("Datum"),
    "soort": _l("Soort"),
    "deadline": _l("Deadline"),
    "omschrijving": _l("Omschrijving"),
    "resultaat": _l("Resultaat"),
    "eigenaar": _l("Eigenaar (persoon)"),
    "categorie": _l("Categorie"),
    "naam": _l("Naam"),
    "volgorde": _l("Volgorde"),
    "actief": _l("Actief"),
}


def _scope():
    return access.current_scope()


def _project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not access.project_allowed(project.id, access.visible_projects(_scope())):
        abort(404)
    return project


def _row(model: type, row_id: int):
    row = cscope.visible(model, row_id, _scope())
    if row is None:
        abort(404)
    return row


def _editable(project_id: int) -> None:
    if not cscope.may_edit(project_id, _scope()):
        abort(403)


def _date(name: str) -> dt.date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RuleViolation({name: [str(_l("Ongeldige datum: %(v)s", v=value))]})


def _int(name: str) -> int | None:
    value = (request.form.get(name) or "").strip()
    return int(value) if value.isdigit() else None


def _ints(name: str) -> list[int]:
    return [int(v) for v in request.form.getlist(name) if v.isdigit()]


def _yes_no(name: str) -> bool | None:
    value = request.form.get(name)
    return {"ja": True, "nee": False}.get(value)


def _flash_errors(e: RuleViolation) -> None:
    db.session.rollback()
    for field, msgs in e.errors.items():
        label = CASE_LABELS.get(field)
        for msg in msgs:
            flash(f"{label}: {msg}" if label and field != "_" else msg, "danger")


def _project_partners(project_id: int):
    return list(
        db.session.scalars(
            sa.select(ProjectPartner)
            .where(ProjectPartner.project_id == project_id)
            .options(selectinload(ProjectPartner.ketenpartner))
        )
    )


def _visible_cases(project_id: int) -> list[Casus]:
    return list(
        db.session.scalars(
            sa.select(Casus)
            .where(Casus.project_id == project_id, cscope.criterion(Casus, _scope()))
            .options(selectinload(Casus.partners).selectinload(CasusPartner.ketenpartner))
            .order_by(Casus.adres_sleutel)
        )
    )
