"""The uitvraag plan (seed 001 par. 3.2): datasets per source with owner, route and dates,
and the one place of the 8-week rules of the data request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Project, Uitvraagitem
from models.uitvraagitem import (
    BRON_SOORTEN,
    GELEVERD,
    LANDELIJK,
    ROUTES_PER_SOORT,
    UITGEVRAAGD,
    VERVALLEN,
    VIA_LIAISON,
)
from portal import deadlines, formatting
from portal.documents import formatting as f
from portal.extensions import db
from portal.rules import Errors, rule

# Seed 001 par. 3.2: the national request at the latest 8 weeks before the agreed delivery to
# the analyst; the meeting with the municipal system administrators at least 8 weeks before
# the analysis starts. Both rules count from here only.
WEKEN_VOORAF = 8


def national_request_deadline(delivery: dt.date) -> dt.date:
    """The last day the Inlichtingenbureau's data manager asks the national sources."""
    return delivery - dt.timedelta(weeks=WEKEN_VOORAF)


def meeting_deadline(start_analysis: dt.date) -> dt.date:
    """The last day of the meeting with the municipal system administrators."""
    return start_analysis - dt.timedelta(weeks=WEKEN_VOORAF)


def items(project_id: int) -> list[Uitvraagitem]:
    """The plan in its reading order: national, municipal, external; by delivery date."""
    order = sa.case({s: i for i, s in enumerate(BRON_SOORTEN)}, value=Uitvraagitem.bron_soort)
    return list(
        db.session.scalars(
            sa.select(Uitvraagitem)
            .where(Uitvraagitem.project_id == project_id)
            .order_by(order, Uitvraagitem.afgesproken_levering, Uitvraagitem.id)
        )
    )


def _done_by(day: dt.date | None, limit: dt.date) -> bool:
    return day is not None and day <= limit


@deadlines.register_deadlines
def uitvraag_deadlines(project: Project, today: dt.date) -> list[deadlines.Deadline]:
    out: list[deadlines.Deadline] = []
    plan = [i for i in items(project.id) if i.status != VERVALLEN]
    start = project.datum_start_analyse
    if start:
        limit = meeting_deadline(start)
        rule_text = _l(
            "Minimaal 8 weken vóór de start van de analyse (%(start)s).",
            start=formatting.datum(start),
        )
        out.append(
            deadlines.deadline(
                project,
                "bijeenkomst",
                _l("Bijeenkomst met de systeembeheerders van de gemeentelijke bronnen"),
                limit,
                rule_text,
                _done_by(project.datum_bijeenkomst_systeembeheerders, limit),
                today,
            )
        )
        if not any(i.bron_soort == LANDELIJK and i.afgesproken_levering for i in plan):
            # Without agreed deliveries the data is due when the analysis starts.
            out.append(
                deadlines.deadline(
                    project,
                    "uitvraag",
                    _l("Landelijke uitvraag via het Inlichtingenbureau"),
                    national_request_deadline(start),
                    rule_text,
                    _done_by(project.datum_landelijke_uitvraag, national_request_deadline(start)),
                    today,
                )
            )
    for item in plan:
        if item.afgesproken_levering is None:
            continue
        levering = formatting.datum(item.afgesproken_levering)
        if item.bron_soort == LANDELIJK:
            limit = national_request_deadline(item.afgesproken_levering)
            out.append(
                deadlines.deadline(
                    project,
                    "uitvraag",
                    _l("Landelijke uitvraag: %(bron)s", bron=item.bron),
                    limit,
                    _l(
                        "Uiterlijk 8 weken vóór de afgesproken levering (%(levering)s).",
                        levering=levering,
                    ),
                    _done_by(item.uitgevraagd_op, limit),
                    today,
                )
            )
        out.append(
            deadlines.deadline(
                project,
                "levering",
                _l("Levering van gegevens: %(bron)s", bron=item.bron),
                item.afgesproken_levering,
                _l("De met de bron afgesproken leverdatum."),
                item.geleverd_op is not None or item.status == GELEVERD,
                today,
            )
        )
    return out


@rule(Uitvraagitem)
def _uitvraagitem(values: Mapping[str, Any], _row_id: int | None) -> Errors:
    errors: Errors = {}
    soort, route = values.get("bron_soort"), values.get("leveringsroute")
    if soort in ROUTES_PER_SOORT and route and route not in ROUTES_PER_SOORT[soort]:
        errors["leveringsroute"] = [
            _l(
                "Deze leveringsroute past niet bij de soort bron %(soort)s; kies uit: %(routes)s.",
                soort=formatting.label(soort),
                routes=", ".join(formatting.label(r) for r in ROUTES_PER_SOORT[soort]),
            )
        ]
    bron = (values.get("bron") or "").casefold()
    partner = values.get("ketenpartner")
    is_tax = "belastingdienst" in bron or (
        partner is not None and "belastingdienst" in (partner.type or "").casefold()
    )
    if soort == LANDELIJK and is_tax and route and route != VIA_LIAISON:
        errors.setdefault("leveringsroute", []).append(
            _l(
                "Gegevens van de Belastingdienst gaan niet rechtstreeks naar het "
                "Inlichtingenbureau: kies de liaison van de Belastingdienst."
            )
        )
    status = values.get("status")
    if status == GELEVERD and not values.get("geleverd_op"):
        errors["geleverd_op"] = [_l("Vul in wanneer de gegevens geleverd zijn.")]
    if status == UITGEVRAAGD and not values.get("uitgevraagd_op"):
        errors["uitgevraagd_op"] = [_l("Vul in wanneer de gegevens uitgevraagd zijn.")]
    asked, delivered = values.get("uitgevraagd_op"), values.get("geleverd_op")
    if asked and delivered and delivered < asked:
        errors.setdefault("geleverd_op", []).append(_l("De levering ligt vóór de uitvraag."))
    return errors


# -- the projectplan's section "Uitvraag van gegevens" -------------------------------------


def for_document(project: Project) -> dict[str, Any]:
    start = project.datum_start_analyse
    rows = []
    for i in items(project.id):
        deadline = (
            f.datum(national_request_deadline(i.afgesproken_levering))
            if i.bron_soort == LANDELIJK and i.afgesproken_levering
            else "-"
        )
        rows.append(
            {
                "soort": i.bron_soort,
                "bron": i.bron,
                "gegevens": i.gegevens or "-",
                "eigenaar": i.eigenaar or "-",
                "route": i.leveringsroute,
                "specificatie": f.datum(i.specificatie_verstuurd_op)
                if i.specificatie_verstuurd_op
                else "nog niet verstuurd",
                "uitvraag_uiterlijk": deadline,
                "uitgevraagd_op": f.datum(i.uitgevraagd_op) if i.uitgevraagd_op else "-",
                "levering": f.datum(i.afgesproken_levering)
                if i.afgesproken_levering
                else "nog af te spreken",
                "status": i.status,
            }
        )
    meeting = project.datum_bijeenkomst_systeembeheerders
    return {
        "plan": rows,
        # Optional in the projectplan: without a start date the text says so plainly (a
        # marker would make the version incomplete without completeness naming a field).
        "start_analyse": f.datum(start) if start else "nog niet gepland",
        "bijeenkomst_uiterlijk": f.datum(meeting_deadline(start))
        if start
        else "acht weken vóór de start van de analyse",
        "bijeenkomst": f.datum(meeting) if meeting else "nog niet gepland",
        "landelijke_uitvraag": f.datum(project.datum_landelijke_uitvraag)
        if project.datum_landelijke_uitvraag
        else "nog niet gedaan",
    }


DOCUMENT_FIELDS = {
    "uitvraag.start_analyse": "geplande start van de analyse",
    "uitvraag.bijeenkomst_uiterlijk": "uiterste datum bijeenkomst systeembeheerders (8 weken "
    "vóór de analyse)",
    "uitvraag.bijeenkomst": "datum van de bijeenkomst met de systeembeheerders",
    "uitvraag.landelijke_uitvraag": "datum waarop de landelijke uitvraag is gedaan",
    "uitvraag.plan[].soort": "soort bron: Landelijk, Gemeentelijk of Extern",
    "uitvraag.plan[].bron": "bron (bijv. UWV, BRP, energieleverancier)",
    "uitvraag.plan[].gegevens": "welke gegevens worden uitgevraagd",
    "uitvraag.plan[].eigenaar": "eigenaar van de gegevensset",
    "uitvraag.plan[].route": "leveringsroute",
    "uitvraag.plan[].specificatie": "datum waarop de specificatie is verstuurd",
    "uitvraag.plan[].uitvraag_uiterlijk": "uiterste datum landelijke uitvraag (8 weken vóór "
    "de levering)",
    "uitvraag.plan[].uitgevraagd_op": "datum van de uitvraag",
    "uitvraag.plan[].levering": "afgesproken leverdatum",
    "uitvraag.plan[].status": "status van de uitvraag",
}
