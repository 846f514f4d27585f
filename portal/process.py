"""The LSI decision route as data (seed 001): per phase the documents it produces, the bodies
that decide or advise on each, in order, and what their outcomes do.

Gates (``portal.workflow``), submission (``portal.documents.service``), deadlines, the
dashboard, the LSI queue and the access rules read these tables; none of them spells a
status or a body itself. Change the route here and every reader follows - as case work's
``TRANSITIONS`` does for case statuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from models.document import CONCEPT, INGEDIEND_LSI, INGEDIEND_RPF, VASTGESTELD
from models.keuzelijsten import (
    ADVIES,
    AKKOORD,
    AKKOORD_MET_VOORWAARDEN,
    COLLEGE,
    GEMEENTERAAD,
    IVT_INGERICHT,
    LSI,
    PROJECTGROEP,
    RPF,
    VERGADER_ORGANEN,
    VOORBEREIDINGSGROEP,
)
from portal import roles

__all__ = ["CONCEPT", "INGEDIEND_LSI", "INGEDIEND_RPF", "VASTGESTELD", "LSI", "RPF"]

FLOW = ("Initiatief", "Verkenning", "Voorbereiding", "Uitvoering", "Afronding", "Afgesloten")
STOPPED = "Gestopt"
ENDED = (FLOW[-1], STOPPED)
# Outcomes that let the route go on; an advising body's "Advies" passes its step too.
POSITIVE = frozenset({AKKOORD, AKKOORD_MET_VOORWAARDEN})


@dataclass(frozen=True)
class Step:
    orgaan: str
    advice: bool = False  # the body advises (Voorbereidingsgroep): "Advies" passes
    establishes: bool = False  # a positive outcome makes the version "Vastgesteld"

    def passes(self, uitkomst: str | None) -> bool:
        return uitkomst in POSITIVE or (self.advice and uitkomst == ADVIES)


@dataclass(frozen=True)
class Route:
    soort: str  # document type
    onderwerp: str  # the decision subject that names it
    phase: str  # the phase that produces it; its gate to the next phase needs the route
    steps: tuple[Step, ...]
    submitted: bool = True  # submitted to RPF/LSI by the RCF (a collegebesluit is not)

    @property
    def opens(self) -> str:
        return next_phase(self.phase) or ""


# The raadsinformatiebrief (issue #18) has no route on purpose: the college informs the
# council with it; it goes to no body, gates nothing and is never submitted (route() is None).
ROUTES: tuple[Route, ...] = (
    Route("collegebesluit", "Collegebesluit", "Verkenning", (Step(COLLEGE),), submitted=False),
    Route("projectvoorstel", "Projectvoorstel", "Verkenning", (Step(RPF), Step(LSI))),
    Route("projectplan", "Projectplan", "Voorbereiding", (Step(RPF), Step(LSI))),
    Route(
        "eindrapportage",
        "Eindrapportage",
        "Afronding",
        (Step(RPF), Step(VOORBEREIDINGSGROEP, advice=True), Step(LSI, establishes=True)),
    ),
)


@dataclass(frozen=True)
class Check:
    """One field of one of the project's records (``model`` names a class in ``models``
    with one row per project; "Project" is the project itself): filled in, or - with
    ``value`` - equal to it."""

    model: str
    field: str
    label: object  # what to fill in, for the hint (lazy Dutch text)
    value: str | None = None


@dataclass(frozen=True)
class Condition:
    """A record that must be in order before the gate into ``before`` opens - the same kind
    of data for every one of them, read by one function (``workflow.condition_met``)."""

    key: str
    before: str
    label: object
    waits_on: object
    checks: tuple[Check, ...]


CONDITIONS: tuple[Condition, ...] = (
    # Seed 001 §2.3: the brainstorm with the partners' staff, recorded.
    Condition(
        "brainstorm",
        "Voorbereiding",
        _l("Brainstormsessie vastgelegd"),
        _l("projectleider en RCF-adviseur"),
        (
            Check("Brainstorm", "datum", _l("datum")),
            Check("Brainstorm", "deelnemers", _l("deelnemers en partners")),
            Check("Brainstorm", "methode", _l("methode")),
            Check("Brainstorm", "uitkomst", _l("uitkomst")),
        ),
    ),
    # Seed 001 §2.4: the problems per main theme, fed back to the brainstorm's participants.
    Condition(
        "probleemdefinitie",
        "Voorbereiding",
        _l("Probleemdefinitie per hoofdthema, teruggekoppeld aan de deelnemers"),
        _l("projectleider en RCF-adviseur"),
        (
            Check("Project", "probleem_leefbaarheid", _l("probleemdefinitie leefbaarheid")),
            Check("Project", "probleem_veiligheid", _l("probleemdefinitie veiligheid")),
            Check("Brainstorm", "teruggekoppeld_op", _l("datum van de terugkoppeling")),
        ),
    ),
    # Seed 001 §3.1: the AVG registration before any data is requested.
    Condition(
        "avg",
        "Uitvoering",
        _l("AVG-registratie met status Geregistreerd"),
        _l("privacyfunctionaris"),
        (Check("AvgRegistratie", "status", _l("status"), "Geregistreerd"),),
    ),
    # Seed 001 §3.7: the IVT application set up by the BKWI before the operational phase.
    Condition(
        "ivt",
        "Uitvoering",
        _l("IVT-applicatie ingericht door het BKWI"),
        _l("projectleider en RCF-adviseur"),
        (Check("IvtAanvraag", "status", _l("status"), IVT_INGERICHT),),
    ),
)


@dataclass(frozen=True)
class Decision:
    """A GO/NO-GO on the project itself (no document version): the gate out of ``phase``
    needs ``orgaan``'s positive decision on ``onderwerp``, and a positive one may be logged
    only when the conditions ``needs`` hold."""

    onderwerp: str
    phase: str
    orgaan: str
    needs: tuple[str, ...] = ()

    @property
    def opens(self) -> str:
        return next_phase(self.phase) or ""


DECISIONS: tuple[Decision, ...] = (
    # Seed 001 §2.4 "GO-NO GO Moment", before the collegebesluit and the projectvoorstel.
    Decision("Probleemdefinitie", "Verkenning", PROJECTGROEP, ("brainstorm", "probleemdefinitie")),
)

# The bodies whose meetings the calendar holds; a version submitted for the LSI goes to the
# first meeting of any of them whose cut-off it makes (``portal.meetings_lsi``).
MEETING_BODIES = VERGADER_ORGANEN

# Submitting a version puts it before a body; the status says how far it got.
SUBMISSIONS: dict[str, str] = {RPF: INGEDIEND_RPF, LSI: INGEDIEND_LSI}
# A version goes to the LSI only after the RPF had it.
SUBMITTABLE_FROM: dict[str, tuple[str, ...]] = {
    RPF: (CONCEPT, INGEDIEND_RPF, INGEDIEND_LSI, VASTGESTELD),
    LSI: (INGEDIEND_RPF, INGEDIEND_LSI),
}
# A body decides on a version that has been put before it (or went further).
REACHED: dict[str, tuple[str, ...]] = {
    RPF: (INGEDIEND_RPF, INGEDIEND_LSI, VASTGESTELD),
    VOORBEREIDINGSGROEP: (INGEDIEND_LSI, VASTGESTELD),
    LSI: (INGEDIEND_LSI, VASTGESTELD),
}
# A submitted version waits for this body's decision (deadlines, dashboard, queue).
WAITS_FOR: dict[str, str] = {INGEDIEND_RPF: RPF, INGEDIEND_LSI: LSI}
# The LSI secretary's queue, and what that role (and only that) may see of a project.
LSI_QUEUE = INGEDIEND_LSI
LSI_VISIBLE = (INGEDIEND_LSI, VASTGESTELD)

# Which bodies' decisions each role logs (DOMAIN.md "Process"). The Beheerder may log any,
# to repair records.
LOGGED_BY: dict[str, frozenset[str]] = {
    roles.PROJECTLEIDER: frozenset({COLLEGE, GEMEENTERAAD, PROJECTGROEP}),
    roles.RCF: frozenset({RPF, PROJECTGROEP}),
    roles.SECRETARIS: frozenset({VOORBEREIDINGSGROEP, LSI}),
}

_BY_SOORT = {r.soort: r for r in ROUTES}
_BY_ONDERWERP = {r.onderwerp: r for r in ROUTES}


def next_phase(fase: str) -> str | None:
    if fase in FLOW and fase != FLOW[-1]:
        return FLOW[FLOW.index(fase) + 1]
    return None


def route(soort: str) -> Route | None:
    return _BY_SOORT.get(soort)


def route_of_subject(onderwerp: str | None) -> Route | None:
    return _BY_ONDERWERP.get(onderwerp or "")


def routes_into(fase: str) -> tuple[Route, ...]:
    """The routes whose decisions the gate into ``fase`` needs."""
    return tuple(r for r in ROUTES if r.opens == fase)


def conditions_before(fase: str) -> tuple[Condition, ...]:
    """The records the gate into ``fase`` needs in order."""
    return tuple(c for c in CONDITIONS if c.before == fase)


def condition(key: str) -> Condition | None:
    return next((c for c in CONDITIONS if c.key == key), None)


def decisions_into(fase: str) -> tuple[Decision, ...]:
    """The project decisions (no document) the gate into ``fase`` needs."""
    return tuple(d for d in DECISIONS if d.opens == fase)


def decision_on(onderwerp: str | None) -> Decision | None:
    return next((d for d in DECISIONS if d.onderwerp == onderwerp), None)


def submitted_in(fase: str) -> Route | None:
    """The document the RCF submits in this phase."""
    return next((r for r in ROUTES if r.phase == fase and r.submitted), None)


def status_after(soort: str, orgaan: str, uitkomst: str) -> str | None:
    """The status a version gets from this decision, or None when it keeps its own."""
    r = route(soort)
    step = next((s for s in r.steps if s.orgaan == orgaan), None) if r else None
    if step is not None and step.establishes and step.passes(uitkomst):
        return VASTGESTELD
    return None
