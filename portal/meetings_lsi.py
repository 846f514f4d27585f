"""The meeting calendar of the Voorbereidingsgroep LSI and the LSI (seed 001 §2.10: "zie
jaarplanning vergaderingen"), kept by the secretaris LSI.

One rule, here only: a document version goes on the agenda of the first meeting whose
submission cut-off (``indienen_uiterlijk``) is on or after the day it was submitted. The LSI
queue groups by it (``workflow.lsi_queue_by_meeting``); the RCF's deadlines and dashboard
name the next cut-off for a version that must still go to the LSI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Document, Project, Vergadering
from portal import deadlines, formatting, process, rules
from portal.extensions import db

_NL = ZoneInfo("Europe/Amsterdam")


def meeting_for(day: dt.date) -> Vergadering | None:
    """The first meeting whose cut-off is on or after ``day`` (the one rule)."""
    return db.session.scalar(
        sa.select(Vergadering)
        .where(
            Vergadering.orgaan.in_(process.MEETING_BODIES),
            Vergadering.indienen_uiterlijk >= day,
        )
        .order_by(Vergadering.indienen_uiterlijk, Vergadering.datum, Vergadering.id)
        .limit(1)
    )


def submitted_on(doc: Document) -> dt.date | None:
    """The (Dutch) day a version was submitted; stored times are UTC."""
    if doc.ingediend_op is None:
        return None
    at = doc.ingediend_op
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return at.astimezone(_NL).date()


def meeting_of(doc: Document) -> Vergadering | None:
    """The meeting a version submitted to the LSI is on the agenda of."""
    day = submitted_on(doc)
    return meeting_for(day) if day is not None else None


def submit_text(meeting: Vergadering) -> str:
    """'indienen vóór <cut-off> voor de vergadering van <date>' in the user's language."""
    return str(
        _l(
            "indienen vóór %(uiterlijk)s voor de vergadering van %(datum)s (%(orgaan)s)",
            uiterlijk=formatting.datum(meeting.indienen_uiterlijk),
            datum=formatting.datum(meeting.datum),
            orgaan=formatting.label(meeting.orgaan),
        )
    )


def still_for_lsi(project: Project) -> tuple[str, Document | None] | None:
    """The document the project submits in its phase, when its route still goes to the LSI:
    its latest version while that is a concept or before the RPF, or none yet (the RCF
    plans by the cut-off before the first version exists)."""
    from portal import workflow  # workflow reads this module for its queue

    route = process.submitted_in(project.fase)
    if route is None or not any(s.orgaan == process.LSI for s in route.steps):
        return None
    doc = workflow.latest_document(project.id, route.soort)
    if doc is not None and doc.status not in (process.CONCEPT, process.INGEDIEND_RPF):
        return None
    return route.soort, doc


def next_cutoff(project: Project, today: dt.date) -> tuple[str, Vergadering] | None:
    """'Projectvoorstel v2' and the meeting whose cut-off is next, or None."""
    found = still_for_lsi(project)
    if found is None:
        return None
    meeting = meeting_for(today)
    if meeting is None:
        return None
    soort, doc = found
    what = formatting.label(soort).capitalize()
    return (f"{what} v{doc.versie}" if doc is not None else what), meeting


@deadlines.register_deadlines
def _cutoff_deadline(project: Project, today: dt.date) -> list[deadlines.Deadline]:
    found = next_cutoff(project, today)
    if found is None:
        return []
    what, meeting = found
    return [
        deadlines.deadline(
            project,
            "vergadering",
            _l("%(wat)s: %(tekst)s", wat=what, tekst=submit_text(meeting)),
            meeting.indienen_uiterlijk,
            _l(
                "Een document komt op de agenda van de eerste vergadering waarvan de uiterste "
                "indiendatum op of na de dag van indienen ligt."
            ),
            False,
            today,
        )
    ]


@rules.rule(Vergadering)
def _meeting_rules(values: Mapping[str, Any], _row_id: int | None) -> rules.Errors:
    """The cut-off lies on or before the meeting itself."""
    datum, uiterlijk = values.get("datum"), values.get("indienen_uiterlijk")
    if datum and uiterlijk and uiterlijk > datum:
        return {
            "indienen_uiterlijk": [
                _l("De uiterste indiendatum moet op of vóór de vergaderdatum liggen.")
            ]
        }
    return {}


# --- demo -------------------------------------------------------------------------------------

# The Voorbereidingsgroep meets about every six weeks, the LSI two weeks after it; the cut-off
# is three weeks before the Voorbereidingsgroep's meeting.
_DEMO_WEEKS = range(-24, 31, 6)


def load_demo(today: dt.date | None = None) -> int:
    """A year of meetings around ``today`` (some past, several to come), into an empty
    calendar only - so running the demo again, on any day, changes nothing."""
    if db.session.scalar(sa.select(Vergadering.id).limit(1)) is not None:
        return 0  # the calendar is kept (or was loaded before): leave it as it is
    today = today or dt.date.today()
    start = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=1)  # a Tuesday
    added = 0
    for weeks in _DEMO_WEEKS:
        vbg = start + dt.timedelta(weeks=weeks)
        for orgaan, datum, uiterlijk, plaats in (
            (process.VOORBEREIDINGSGROEP, vbg, vbg - dt.timedelta(weeks=3), "Den Haag"),
            (process.LSI, vbg + dt.timedelta(weeks=2), vbg - dt.timedelta(weeks=3), "Den Haag"),
        ):
            exists = db.session.scalar(
                sa.select(Vergadering.id).where(
                    Vergadering.orgaan == orgaan, Vergadering.datum == datum
                )
            )
            if exists is None:
                db.session.add(
                    Vergadering(
                        orgaan=orgaan, datum=datum, indienen_uiterlijk=uiterlijk, locatie=plaats
                    )
                )
                added += 1
    return added
