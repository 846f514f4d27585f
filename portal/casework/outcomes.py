"""Outcomes with amounts and expenses (issue #19 part 5): per gemeente and per partner, as
the evaluations report them, and the financial yield. Sums are SQL sums of Decimal columns.

A case's gemeente (``Casus.gemeente_id``) is filled when the case is created: the project
gemeente whose postcode area holds the address, else the project's only gemeente, else the
gemeente partner on the case whose name carries the gemeente's. An outcome without a gemeente
takes its case's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy import event

from models import (
    Casus,
    CasusPartner,
    Controle,
    Gemeente,
    Ketenpartner,
    Kostenpost,
    Opvolgactie,
    Project,
    Uitkomst,
    Uitkomstsoort,
)
from models.project import project_gemeente
from models.uitkomstsoort import BEDRAG
from portal.extensions import db
from portal.postcodes import in_area, parse_area
from portal.rules import Errors, rule

ZERO = Decimal("0.00")


def default_gemeente(
    project_id: int, adres_sleutel: str, partner_ids: list[int] = ()
) -> int | None:
    """The gemeente an address of the project lies in (None: let people choose)."""
    with db.session.no_autoflush:
        gemeenten = list(
            db.session.scalars(
                sa.select(Gemeente)
                .join(project_gemeente, project_gemeente.c.gemeente_id == Gemeente.id)
                .where(project_gemeente.c.project_id == project_id)
                .order_by(Gemeente.naam)
            )
        )
        postcode = (adres_sleutel or "").split("|")[0].replace(" ", "").upper()
        for g in gemeenten:
            if g.postcodegebied and postcode and in_area(postcode, parse_area(g.postcodegebied)):
                return g.id
        if len(gemeenten) == 1:
            return gemeenten[0].id
        if partner_ids:
            names = [
                n.lower()
                for n in db.session.scalars(
                    sa.select(Ketenpartner.naam).where(Ketenpartner.id.in_(list(partner_ids)))
                )
            ]
            for g in gemeenten:
                if any(g.naam.lower() in n for n in names):
                    return g.id
    return None


@event.listens_for(Casus, "before_insert")
def _case_gemeente(_mapper, _connection, casus: Casus) -> None:
    if casus.gemeente_id is None and casus.gemeente is None and casus.project_id:
        partner_ids = [p.ketenpartner_id for p in casus.partners if p.ketenpartner_id]
        casus.gemeente_id = default_gemeente(casus.project_id, casus.adres_sleutel, partner_ids)


def case_gemeente(casus: Casus) -> int | None:
    if casus.gemeente_id is not None:
        return casus.gemeente_id
    partner_ids = list(
        db.session.scalars(
            sa.select(CasusPartner.ketenpartner_id).where(CasusPartner.casus_id == casus.id)
        )
    )
    return default_gemeente(casus.project_id, casus.adres_sleutel, partner_ids)


def _ref(values: Mapping[str, Any], name: str, model: type):
    obj = values.get(name)
    if obj is None and values.get(f"{name}_id"):
        obj = db.session.get(model, int(values[f"{name}_id"]))
    return obj


def _project_id(values: Mapping[str, Any]) -> int | None:
    project = values.get("project")
    return values.get("project_id") or getattr(project, "id", None)


def _same_project(values: Mapping[str, Any], errors: Errors, *refs: tuple[str, type]) -> None:
    project_id = _project_id(values)
    for name, model in refs:
        obj = _ref(values, name, model)
        if obj is not None and project_id and obj.project_id != project_id:
            errors[name] = [_l("Kies een onderdeel van hetzelfde project.")]


def _project_gemeente(values: Mapping[str, Any], errors: Errors) -> None:
    gemeente = _ref(values, "gemeente", Gemeente)
    project_id = _project_id(values)
    if gemeente is None or not project_id:
        return
    inside = db.session.scalar(
        sa.select(project_gemeente.c.gemeente_id).where(
            project_gemeente.c.project_id == project_id,
            project_gemeente.c.gemeente_id == gemeente.id,
        )
    )
    if inside is None:
        errors["gemeente"] = [_l("Kies een gemeente van het project.")]


@rule(Uitkomst)
def _uitkomst(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    errors: Errors = {}
    soort = _ref(values, "uitkomstsoort", Uitkomstsoort)
    aantal = values.get("aantal")
    bedrag = values.get("bedrag")
    if soort is None:
        errors["uitkomstsoort"] = [_l("Kies de soort uitkomst.")]
    if aantal is not None and aantal < 1:
        errors["aantal"] = [_l("Het aantal is minstens 1.")]
    if soort is not None and soort.eenheid == BEDRAG:
        if bedrag is None:
            errors["bedrag"] = [_l("Vul het bedrag in euro's in.")]
        elif Decimal(str(bedrag)) <= 0:
            errors["bedrag"] = [_l("Het bedrag is groter dan nul.")]
    elif bedrag is not None and soort is not None:
        errors["bedrag"] = [_l("Deze soort uitkomst wordt geteld, zonder bedrag.")]
    _same_project(
        values, errors, ("casus", Casus), ("controle", Controle), ("opvolgactie", Opvolgactie)
    )
    _project_gemeente(values, errors)
    if _ref(values, "gemeente", Gemeente) is None:
        casus = _ref(values, "casus", Casus)
        if casus is None or case_gemeente(casus) is None:
            errors["gemeente"] = [_l("Kies de gemeente (of een casus waaruit die volgt).")]
    return errors


@rule(Kostenpost)
def _kostenpost(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    errors: Errors = {}
    bedrag = values.get("bedrag")
    if bedrag is not None and Decimal(str(bedrag)) <= 0:
        errors["bedrag"] = [_l("Het bedrag is groter dan nul.")]
    if not (values.get("omschrijving") or "").strip():
        errors["omschrijving"] = [_l("Beschrijf de kosten (zonder namen van bewoners).")]
    _same_project(values, errors, ("controle", Controle), ("opvolgactie", Opvolgactie))
    if (
        _ref(values, "controle", Controle) is None
        and _ref(values, "opvolgactie", Opvolgactie) is None
    ):
        errors["controle"] = [_l("Koppel de kosten aan een controle of een opvolgactie.")]
    return errors


@event.listens_for(Uitkomst, "before_insert")
@event.listens_for(Uitkomst, "before_update")
def _derive(_mapper, _connection, row: Uitkomst) -> None:
    """An outcome on a case counts for the case's gemeente unless another one was chosen."""
    if row.gemeente_id is None and row.gemeente is None and row.casus_id:
        casus = row.casus or db.session.get(Casus, row.casus_id)
        if casus is not None:
            row.gemeente_id = case_gemeente(casus)


def _grouped(project_id: int, target: type, on, name) -> list[dict[str, Any]]:
    """Per group (gemeente or partner): each outcome type's count and amount, and the sum."""
    u, s = Uitkomst, Uitkomstsoort
    rows = db.session.execute(
        sa.select(name, s.naam, s.eenheid, sa.func.sum(u.aantal), sa.func.sum(u.bedrag))
        .select_from(u)
        .join(s, s.id == u.uitkomstsoort_id)
        .outerjoin(target, on)
        .where(u.project_id == project_id)
        .group_by(name, s.naam, s.eenheid, s.volgorde)
        .order_by(name, s.volgorde, s.naam)
    ).all()
    out: dict[str, dict[str, Any]] = {}
    for group, soort, eenheid, aantal, bedrag in rows:
        label = group or str(_l("Gemeente onbekend"))
        entry = out.setdefault(
            label, {"naam": label, "uitkomsten": [], "aantal": 0, "bedrag": ZERO}
        )
        amount = Decimal(bedrag or 0).quantize(ZERO)
        entry["uitkomsten"].append(
            {
                "soort": soort,
                "eenheid": eenheid,
                "aantal": int(aantal or 0),
                "bedrag": amount if eenheid == BEDRAG else None,
            }
        )
        entry["aantal"] += int(aantal or 0)
        entry["bedrag"] += amount
    return list(out.values())


def per_gemeente(project_id: int) -> list[dict[str, Any]]:
    return _grouped(project_id, Gemeente, Gemeente.id == Uitkomst.gemeente_id, Gemeente.naam)


def per_partner(project_id: int) -> list[dict[str, Any]]:
    return _grouped(
        project_id, Ketenpartner, Ketenpartner.id == Uitkomst.ketenpartner_id, Ketenpartner.naam
    )


def per_type(project_id: int) -> list[dict[str, Any]]:
    u, s = Uitkomst, Uitkomstsoort
    rows = db.session.execute(
        sa.select(s.naam, s.eenheid, sa.func.sum(u.aantal), sa.func.sum(u.bedrag))
        .join(s, s.id == u.uitkomstsoort_id)
        .where(u.project_id == project_id)
        .group_by(s.naam, s.eenheid, s.volgorde)
        .order_by(s.volgorde, s.naam)
    ).all()
    return [
        {
            "soort": naam,
            "eenheid": eenheid,
            "aantal": int(aantal or 0),
            "bedrag": Decimal(bedrag or 0).quantize(ZERO) if eenheid == BEDRAG else None,
        }
        for naam, eenheid, aantal, bedrag in rows
    ]


def financial_yield(project_id: int) -> Decimal:
    """The financial yield: the sum of every outcome's amount (reclaims, fines, ...)."""
    total = db.session.scalar(
        sa.select(sa.func.sum(Uitkomst.bedrag)).where(Uitkomst.project_id == project_id)
    )
    return Decimal(total or 0).quantize(ZERO)


def control_label(c: Controle | None) -> str:
    """ "Action evening 14/03/2019" in the reader's language (the model's repr is Dutch)."""
    from portal.formatting import datum, label

    return f"{label(c.soort)} {datum(c.datum)}" if c is not None else ""


def _action_label(k: Kostenpost) -> str:
    # An action's own text may name residents (it is PERSONAL): name it by partner and term.
    if k.controle is not None:
        return control_label(k.controle)
    if k.opvolgactie is not None:
        a = k.opvolgactie
        return str(
            _l("Opvolgactie %(p)s, termijn %(d)s", p=a.ketenpartner, d=f"{a.deadline:%d-%m-%Y}")
        )
    return ""


def expenses(project_id: int) -> dict[str, Any]:
    """The expenses row by row (with the control or action they belong to) and their sum."""
    rows = list(
        db.session.scalars(
            sa.select(Kostenpost)
            .where(Kostenpost.project_id == project_id)
            .order_by(Kostenpost.datum, Kostenpost.id)
        )
    )
    total = db.session.scalar(
        sa.select(sa.func.sum(Kostenpost.bedrag)).where(Kostenpost.project_id == project_id)
    )
    return {
        "rijen": [
            {
                "datum": k.datum,
                "soort": k.soort,
                "omschrijving": k.omschrijving,
                "bedrag": Decimal(k.bedrag).quantize(ZERO),
                "actie": _action_label(k),
                "partner": str(k.ketenpartner) if k.ketenpartner else "",
            }
            for k in rows
        ],
        "totaal": Decimal(total or 0).quantize(ZERO),
    }


def per_project(criterion: sa.ColumnElement[bool]) -> list[dict[str, Any]]:
    """Yield, expenses and saldo of each project matching ``criterion`` that recorded any
    (the staff's dashboard block); two grouped sums, not one query per project."""
    yields = dict(
        db.session.execute(
            sa.select(Uitkomst.project_id, sa.func.sum(Uitkomst.bedrag))
            .join(Project, Project.id == Uitkomst.project_id)
            .where(criterion)
            .group_by(Uitkomst.project_id)
        ).all()
    )
    costs = dict(
        db.session.execute(
            sa.select(Kostenpost.project_id, sa.func.sum(Kostenpost.bedrag))
            .join(Project, Project.id == Kostenpost.project_id)
            .where(criterion)
            .group_by(Kostenpost.project_id)
        ).all()
    )
    ids = set(yields) | set(costs)
    if not ids:
        return []
    projects = db.session.scalars(
        sa.select(Project).where(Project.id.in_(ids)).order_by(Project.code)
    ).all()
    out = []
    for p in projects:
        opbrengst = Decimal(yields.get(p.id) or 0).quantize(ZERO)
        kosten = Decimal(costs.get(p.id) or 0).quantize(ZERO)
        out.append(
            {
                "project": p,
                "opbrengst": opbrengst,
                "kosten": kosten,
                "saldo": opbrengst - kosten,
            }
        )
    return out


def summary(project_id: int) -> dict[str, Any]:
    kosten = expenses(project_id)
    opbrengst = financial_yield(project_id)
    return {
        "per_gemeente": per_gemeente(project_id),
        "per_partner": per_partner(project_id),
        "per_soort": per_type(project_id),
        "opbrengst": opbrengst,
        "kosten": kosten,
        "saldo": opbrengst - kosten["totaal"],
    }
