"""Questionnaire measurements (issue #19 part 6, menselijke maat; seed 004 Rijker
Verantwoorden): the 0-meting and 1-meting per question, and how residents experienced a
control. Stored aggregated (respondents, average score or percentage), never per resident.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Controle, Meting
from models.controle import UITGEVOERD
from models.meting import CONTROLE, EENMETING, NULMETING
from portal.casework import outcomes
from portal.extensions import db
from portal.rules import Errors, rule


def _ref(values: Mapping[str, Any], name: str, model: type):
    obj = values.get(name)
    if obj is None and values.get(f"{name}_id"):
        obj = db.session.get(model, int(values[f"{name}_id"]))
    return obj


@rule(Meting)
def _meting(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    errors: Errors = {}
    score, pct = values.get("score"), values.get("percentage")
    if (score is None) == (pct is None):
        errors["score"] = [_l("Vul een gemiddelde score (1-5) of een percentage in, niet beide.")]
    if score is not None and not Decimal("1") <= Decimal(str(score)) <= Decimal("5"):
        errors["score"] = [_l("Een gemiddelde score ligt tussen 1 en 5.")]
    if pct is not None and not Decimal("0") <= Decimal(str(pct)) <= Decimal("100"):
        errors["percentage"] = [_l("Een percentage ligt tussen 0 en 100.")]
    n = values.get("respondenten")
    if n is not None and n < 1:
        errors["respondenten"] = [_l("Er is minstens één respondent.")]
    for name in ("vragenlijst", "vraag"):
        if not (values.get(name) or "").strip():
            errors[name] = [_l("Vul dit veld in.")]
    controle = _ref(values, "controle", Controle)
    project = values.get("project")
    project_id = values.get("project_id") or getattr(project, "id", None)
    if controle is not None:
        if project_id and controle.project_id != project_id:
            errors["controle"] = [_l("Kies een onderdeel van hetzelfde project.")]
        elif controle.status != UITGEVOERD:
            errors["controle"] = [_l("Bewoners beoordelen een gehouden controle.")]
    if values.get("soort") == CONTROLE and controle is None and not values.get("gebied"):
        errors["controle"] = [_l("Kies de controle of vul het gebied in.")]
    return errors


def _row(m: Meting) -> dict[str, Any]:
    return {
        "soort": m.soort,
        "datum": m.datum,
        "vragenlijst": m.vragenlijst,
        "vraag": m.vraag,
        "respondenten": m.respondenten,
        "score": m.score,
        "percentage": m.percentage,
        "controle": outcomes.control_label(m.controle),
        "gebied": m.gebied or "",
        "opmerkingen": m.opmerkingen or "",
    }


def for_project(project_id: int) -> dict[str, Any]:
    """The questionnaire results: 0-meting next to 1-meting per question, and per control."""
    rows = list(
        db.session.scalars(
            sa.select(Meting)
            .where(Meting.project_id == project_id)
            .order_by(Meting.datum, Meting.id)
        )
    )
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for m in rows:
        if m.soort not in (NULMETING, EENMETING):
            continue
        entry = pairs.setdefault(
            (m.vragenlijst, m.vraag),
            {"vragenlijst": m.vragenlijst, "vraag": m.vraag, "nul": None, "een": None},
        )
        entry["nul" if m.soort == NULMETING else "een"] = _row(m)
    vergelijking = []
    for entry in pairs.values():
        nul, een = entry["nul"], entry["een"]
        verschil = None
        if nul and een:
            key = "score" if nul["score"] is not None else "percentage"
            if nul[key] is not None and een[key] is not None:
                verschil = een[key] - nul[key]
        vergelijking.append({**entry, "verschil": verschil})
    return {
        "vergelijking": vergelijking,
        "controles": [_row(m) for m in rows if m.soort == CONTROLE],
        "aantal": len(rows),
    }
