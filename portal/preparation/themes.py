"""Theme and phenomenon projects (seed 004; seed 002's third recommendation): the signal
scope of a project without an area of its own, and results reported per theme."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Gemeente, Project, Thema
from models.thema import THEMAGERICHT, project_thema
from portal.errors import RuleViolation
from portal.extensions import db
from portal.postcodes import PostcodeRange, parse_area
from portal.rules import Errors, rule

# Matches no Dutch postcode (they start with 1-9): the scope of a theme project whose
# gemeenten have no postcodes recorded - nothing is in it, rather than everything.
_NOWHERE = PostcodeRange("0000AA", "0000AA", "")


def is_theme_project(project: Project) -> bool:
    return project.gericht_op == THEMAGERICHT


def signal_area(project: Project) -> tuple[list[PostcodeRange], str]:
    """The postcodes a signal of this project must lie in, and how to name them.

    An area project: its project area (as before). A theme project: its project area when it
    has one (a narrower scope it chose), else every postcode of its participating gemeenten
    (covenant art. 7 lid 5: a signal concerns the subject and the project's territory). A
    gemeente without recorded postcodes adds nothing, and a theme project none of whose
    gemeenten has postcodes accepts no address at all: an unknown scope is refused, never
    read as "anywhere in the country"."""

    if not is_theme_project(project) or project.projectgebied:
        return parse_area(project.projectgebied), project.projectgebied or ""
    ranges: list[PostcodeRange] = []
    named, missing = [], []
    for g in sorted(project.gemeenten, key=lambda g: g.naam):
        if g.postcodegebied:
            ranges.extend(parse_area(g.postcodegebied))
            named.append(g.naam)
        else:
            missing.append(g.naam)
    parts = []
    if named:
        parts.append(str(_l("postcodes van de gemeenten %(namen)s", namen=", ".join(named))))
    if missing:
        parts.append(
            str(
                _l(
                    "geen postcodes vastgelegd voor %(namen)s (Stamgegevens, Gemeenten)",
                    namen=", ".join(missing),
                )
            )
        )
    return ranges or [_NOWHERE], "; ".join(parts) or str(_l("geen gemeenten gekozen"))


@rule(Gemeente)
def _gemeente(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    if "postcodegebied" not in values:
        return {}
    try:
        parse_area(values.get("postcodegebied"))
    except RuleViolation as e:
        return {"postcodegebied": e.errors.get("projectgebied", [])}
    return {}


@rule(Thema)
def _thema(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    year = values.get("jaarthema_jaar")
    if year not in (None, "") and not 2000 <= int(year) <= 2100:
        return {"jaarthema_jaar": [_l("Vul een jaartal tussen 2000 en 2100 in.")]}
    return {}


@rule(Project)
def _project_jaarthema(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    chosen = values.get("lsi_jaarthema")
    if chosen is None and values.get("lsi_jaarthema_id"):
        chosen = db.session.get(Thema, int(values["lsi_jaarthema_id"]))
    if chosen is not None and chosen.jaarthema_jaar is None:
        return {
            "lsi_jaarthema": [
                _l(
                    "%(naam)s is geen LSI-jaarthema: kies een thema met een jaar, of leg het "
                    "jaar vast bij Stamgegevens, Thema's.",
                    naam=chosen.naam,
                )
            ]
        }
    return {}


def per_theme(visible: sa.ColumnElement[bool]) -> list[dict[str, Any]]:
    """Results of the projects the user may see, grouped by theme (a project with several
    themes counts under each; ``totaal`` sums the figures of the theme's projects)."""
    from portal.casework import results  # case work builds on the signals, which use this

    rows = db.session.execute(
        sa.select(Thema, Project)
        .join(project_thema, project_thema.c.thema_id == Thema.id)
        .join(Project, Project.id == project_thema.c.project_id)
        .where(visible)
        .order_by(Thema.volgorde, Thema.naam, Project.code)
    ).all()
    figures: dict[int, dict[str, Any]] = {}
    out: dict[int, dict[str, Any]] = {}
    keys = ("controles", "adressen_bezocht", "bevindingen", "casussen")
    for thema, project in rows:
        if project.id not in figures:
            figures[project.id] = results.compute(project.id)
        fig = figures[project.id]
        group = out.setdefault(
            thema.id,
            {"thema": thema, "projecten": [], "totaal": dict.fromkeys(keys, 0)},
        )
        group["projecten"].append({"project": project, **{k: fig[k] for k in keys}})
        for k in keys:
            group["totaal"][k] += fig[k]
    return list(out.values())
