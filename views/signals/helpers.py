"""Request parsing, look-ups and messages shared by the signal screens and API.

The names keep their leading underscore: they are internal to ``views.signals``.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from models import Ketenpartner, Project, ProjectPartner, Signaal, Signaallevering
from portal.errors import RuleViolation
from portal.extensions import db
from portal.signals import coupling, delivery, importer
from portal.signals import scope as sscope

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _scope():
    return sscope.current()


def _user_id() -> int | None:
    user = getattr(g, "user", None)
    return user.id if user is not None and user.is_authenticated else None


def _find_project(project_id: int) -> Project | None:
    """A project the user may open: its people, and partners that deliver to it."""
    project = db.session.get(Project, project_id)
    if project is None or not sscope.may_open(project.id, _scope()):
        return None
    return project


def _project(project_id: int) -> Project:
    project = _find_project(project_id)
    if project is None:
        abort(404)
    return project


def _staff_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not sscope.is_staff(project.id, _scope()):
        abort(404)
    return project


def _find_levering(levering_id: int) -> Signaallevering | None:
    levering = db.session.get(Signaallevering, levering_id)
    if levering is None or not sscope.may_see_delivery(levering, _scope()):
        return None
    return levering


def _levering(levering_id: int) -> Signaallevering:
    levering = _find_levering(levering_id)
    if levering is None:
        abort(404)
    return levering


def _int_arg(name: str, default: int, low: int = 1, high: int = 10**6) -> int:
    value = request.args.get(name, "")
    return min(max(int(value), low), high) if value.isdigit() else default


def _signal_query(project_id: int):
    crit = [sscope.criterion(project_id, _scope())]
    postcode = (request.args.get("postcode") or "").replace(" ", "").upper()
    if postcode:
        crit.append(Signaal.adres_sleutel.like(f"{postcode}%"))
    partner = request.args.get("partner", "")
    if partner.isdigit():
        crit.append(Signaal.ketenpartner_id == int(partner))
    return crit


def _signal_page(project_id: int, number: int, size: int):
    crit = _signal_query(project_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Signaal).where(*crit)) or 0
    rows = list(
        db.session.scalars(
            sa.select(Signaal)
            .where(*crit)
            .options(selectinload(Signaal.ketenpartner))
            .order_by(Signaal.adres_sleutel, Signaal.id)
            .limit(size)
            .offset((number - 1) * size)
        )
    )
    return rows, total


def _filters() -> coupling.Filters:
    selected = request.args.get("geselecteerd")
    return coupling.Filters(
        alleen_meervoudig=request.args.get("meervoudig") in ("1", "true", "ja"),
        min_partners=_int_arg("min_partners", 1, 1, 100),
        partner=(request.args.get("partner") or "").strip() or None,
        postcode=(request.args.get("postcode") or "").strip() or None,
        geselecteerd={"ja": True, "nee": False}.get(selected or ""),
    )


def _messages(e: RuleViolation) -> list[str]:
    return [m for msgs in e.errors.values() for m in msgs]


def _flash(e: RuleViolation) -> None:
    db.session.rollback()
    for m in _messages(e):
        flash(m, "danger")


def _project_partners(project_id: int) -> list[Ketenpartner]:
    return list(
        db.session.scalars(
            sa.select(Ketenpartner)
            .join(ProjectPartner, ProjectPartner.ketenpartner_id == Ketenpartner.id)
            .where(ProjectPartner.project_id == project_id)
            .order_by(Ketenpartner.code)
        )
    )


def _deliverable_partners(project_id: int) -> list[Ketenpartner]:
    return [p for p in _project_partners(project_id) if sscope.may_deliver(project_id, p.id)]


def _requested_partner() -> int | None:
    value = (request.form.get("ketenpartner_id") or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _receive(project_id: int) -> delivery.Outcome:
    upload = request.files.get("bestand")
    if upload is None or not upload.filename:
        raise RuleViolation({"bestand": [str(_l("Kies een bestand (CSV of Excel)."))]})
    partner = sscope.delivering_partner(project_id, _scope(), _requested_partner())
    return delivery.deliver(
        upload.stream,
        upload.filename,
        project_id,
        partner,
        _user_id(),
        importer.max_upload_bytes(),
    )
