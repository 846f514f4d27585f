"""Validation rules per model, shared by screens (WTForms) and the REST API (marshmallow).

A rule receives the submitted values as a mapping (field -> value) and the id of the row being
edited (None when adding), and returns field -> messages. Messages are translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import AvgRegistratie, Besluit, Doelstelling, Project, Projectfase, ProjectPartner
from portal.errors import RuleViolation
from portal.extensions import db
from portal.postcodes import parse_area

Errors = dict[str, list[str]]
Rule = Callable[[Mapping[str, Any], int | None], Errors]
RULES: dict[type, list[Rule]] = {}


def rule(*models: type) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for model in models:
            RULES.setdefault(model, []).append(fn)
        return fn

    return register


def check(model: type, values: Mapping[str, Any], row_id: int | None = None) -> Errors:
    errors: Errors = {}
    for fn in RULES.get(model, []):
        for key, msgs in fn(values, row_id).items():
            errors.setdefault(key, []).extend(str(m) for m in msgs)
    return errors


def enforce(model: type, values: Mapping[str, Any], row_id: int | None = None) -> None:
    errors = check(model, values, row_id)
    if errors:
        raise RuleViolation(errors)


def _not_before(values: Mapping[str, Any], start: str, end: str) -> Errors:
    a, b = values.get(start), values.get(end)
    if a and b and b < a:
        return {end: [_l("De einddatum ligt vóór de startdatum.")]}
    return {}


def _non_negative(values: Mapping[str, Any], *names: str) -> Errors:
    errors: Errors = {}
    for name in names:
        v = values.get(name)
        if v is not None and v != "" and Decimal(str(v)) < 0:
            errors[name] = [_l("Vul een getal van 0 of hoger in.")]
    return errors


@rule(Project)
def _project(values: Mapping[str, Any], row_id: int | None) -> Errors:
    errors: Errors = {}
    if "projectgebied" in values:
        try:
            parse_area(values.get("projectgebied"))
        except RuleViolation as e:
            errors.update(e.errors)
    code = (values.get("code") or "").strip().upper()
    if code:
        q = sa.select(Project.id).where(Project.code == code)
        if row_id is not None:
            q = q.where(Project.id != int(row_id))
        if db.session.scalar(q) is not None:
            errors["code"] = [_l("Er bestaat al een project met code %(code)s.", code=code)]
    errors.update(_non_negative(values, "begroting"))
    months = values.get("bewaartermijn_maanden")
    if months not in (None, "") and not 0 <= int(months) <= 24:
        errors["bewaartermijn_maanden"] = [
            _l("De bewaartermijn ligt tussen 0 en 24 maanden na afsluiting.")
        ]
    return errors


@rule(Projectfase)
def _fase(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    return {
        **_not_before(values, "gepland_start", "gepland_eind"),
        **_not_before(values, "werkelijk_start", "werkelijk_eind"),
    }


@rule(ProjectPartner)
def _partner(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    return _non_negative(values, "capaciteit_uren")


@rule(Doelstelling)
def _doel(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    return _non_negative(values, "nulmeting", "streefwaarde", "eenmeting")


@rule(AvgRegistratie)
def _avg(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    errors = _not_before(values, "datum_ingediend", "datum_geregistreerd")
    if values.get("status") == "Geregistreerd" and not values.get("referentie"):
        errors.setdefault("referentie", []).append(
            _l("Een geregistreerde verwerking heeft een referentie nodig.")
        )
    if values.get("dpia_uitgevoerd") and not values.get("dpia_nodig"):
        errors.setdefault("dpia_nodig", []).append(
            _l("Een uitgevoerde DPIA veronderstelt dat een DPIA nodig was.")
        )
    return errors


@rule(Besluit)
def _besluit(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    d = values.get("datum")
    if d and d > dt.date.today():
        return {"datum": [_l("Een besluit kan niet in de toekomst gedateerd zijn.")]}
    return {}
