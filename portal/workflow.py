"""The project's route through the LSI phases, gated by logged decisions (seed 001).

One service: the gates, the transitions, logging a decision and what it means for a
document, and the LSI secretary's queue. The route itself (which documents, which bodies, in
which order) is data in ``portal.process``. Screens, API and CLI call these functions and
nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

import models
from models import Besluit, Document, Fasetransitie, Project, Projectfase
from models.keuzelijsten import AANGEHOUDEN, AFGEWEZEN, IVT_INGERICHT, PLANBARE_FASEN
from portal import access, formatting, meetings_lsi, notifications, process, rules
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db, transaction

FLOW = process.FLOW
STOPPED = process.STOPPED
next_phase = process.next_phase


@dataclass
class Requirement:
    label: str
    met: bool
    hint: str = ""
    waits_on: str = ""  # who must act for it to be met (a body, a role)


@dataclass
class Gate:
    van: str
    naar: str
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]


class GateClosed(RuleViolation):
    def __init__(self, gate: Gate):
        self.gate = gate
        super().__init__({"naar": [r.label for r in gate.missing]})


def latest_document(project_id: int, soort: str) -> Document | None:
    return db.session.scalar(
        sa.select(Document)
        .where(Document.project_id == project_id, Document.soort == soort)
        .order_by(Document.versie.desc())
        .limit(1)
    )


def _corrected_ids() -> sa.Select:
    return sa.select(Besluit.corrigeert_id).where(Besluit.corrigeert_id.is_not(None))


def latest_decision(document_id: int, orgaan: str) -> Besluit | None:
    """The body's standing decision on this exact version (corrected ones do not count)."""
    return db.session.scalar(
        sa.select(Besluit)
        .where(
            Besluit.document_id == document_id,
            Besluit.orgaan == orgaan,
            Besluit.id.not_in(_corrected_ids()),
        )
        .order_by(Besluit.datum.desc(), Besluit.id.desc())
        .limit(1)
    )


def _approval(
    project_id: int, soort: str, step: process.Step, *, after: Besluit | None = None
) -> tuple[Requirement, Besluit | None]:
    doc = latest_document(project_id, soort)
    orgaan = step.orgaan
    what = _l("advies") if step.advice else _l("akkoord")
    label = str(
        _l("%(soort)s: %(what)s van %(orgaan)s", soort=soort.capitalize(), what=what, orgaan=orgaan)
    )
    if doc is None:
        return Requirement(
            label,
            False,
            str(_l("Er is nog geen %(soort)s gegenereerd.", soort=soort)),
            str(_l("projectleider en RCF-adviseur")),
        ), None
    besluit = latest_decision(doc.id, orgaan)
    if besluit is None:
        older = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Besluit)
            .join(Document, Besluit.document_id == Document.id)
            .where(
                Document.project_id == project_id,
                Document.soort == soort,
                Besluit.orgaan == orgaan,
                Besluit.uitkomst.in_(process.POSITIVE),
            )
        )
        # A version not yet put before the body waits on the RCF, who submits it.
        submitted = doc.status in process.REACHED.get(orgaan, (doc.status,))
        if older:
            hint = _l(
                "Versie %(v)s is na het eerdere akkoord gemaakt; er is een nieuw besluit nodig.",
                v=doc.versie,
            )
        elif not submitted:
            hint = _l(
                "Versie %(v)s is nog niet ingediend bij %(orgaan)s.", v=doc.versie, orgaan=orgaan
            )
        else:
            hint = _l("Nog geen besluit op versie %(v)s.", v=doc.versie)
        return Requirement(
            label, False, str(hint), orgaan if submitted else str(_l("RCF-adviseur"))
        ), None
    if not step.passes(besluit.uitkomst):
        return Requirement(
            label,
            False,
            str(
                _l(
                    "Besluit van %(datum)s op versie %(v)s: %(uitkomst)s.",
                    datum=formatting.datum(besluit.datum),
                    v=doc.versie,
                    uitkomst=formatting.label(besluit.uitkomst),
                )
            ),
            orgaan,
        ), besluit
    if after is not None and besluit.datum < after.datum:
        return Requirement(
            label,
            False,
            str(_l("Dit besluit moet ná het besluit van %(orgaan)s vallen.", orgaan=after.orgaan)),
            orgaan,
        ), besluit
    return Requirement(
        label,
        True,
        str(_l("Versie %(v)s, %(datum)s.", v=doc.versie, datum=formatting.datum(besluit.datum))),
    ), besluit


def _route(project_id: int, route: process.Route) -> list[Requirement]:
    """One requirement per step; each body decides after the one before it."""
    out, previous = [], None
    for step in route.steps:
        req, besluit = _approval(project_id, route.soort, step, after=previous)
        out.append(req)
        previous = besluit if req.met else previous
    return out


def _record(project: Project, model: str) -> Any:
    """The project's one record of ``model`` ("Project": the project itself), or None."""
    if model == "Project":
        return project
    cls = getattr(models, model)
    return db.session.scalar(sa.select(cls).where(cls.project_id == project.id))


def condition_met(project: Project, cond: process.Condition) -> Requirement:
    """One condition of ``process.CONDITIONS``: every check on the project's records."""
    missing, states = [], []
    for check in cond.checks:
        row = _record(project, check.model)
        value = getattr(row, check.field, None) if row is not None else None
        if check.value is not None:
            if value != check.value:
                states.append(formatting.label(value) if value else str(_l("geen")))
        elif value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(check.label))
    if states:
        hint = str(_l("Huidige status: %(s)s.", s=", ".join(states)))
    elif missing:
        hint = str(_l("Nog vast te leggen: %(velden)s.", velden=", ".join(missing)))
    else:
        hint = ""
    return Requirement(
        str(cond.label),
        not (states or missing),
        hint,
        "" if not (states or missing) else str(cond.waits_on),
    )


def standing_project_decision(project_id: int, decision: process.Decision) -> Besluit | None:
    """The body's standing (not corrected) decision on this subject of the project."""
    return db.session.scalar(
        sa.select(Besluit)
        .where(
            Besluit.project_id == project_id,
            Besluit.onderwerp == decision.onderwerp,
            Besluit.orgaan == decision.orgaan,
            Besluit.id.not_in(_corrected_ids()),
        )
        .order_by(Besluit.datum.desc(), Besluit.id.desc())
        .limit(1)
    )


def decisions_missing_before(project: Project, soort: str) -> list[Requirement]:
    """The project's own GO/NO-GO decisions of the document's phase that are not a GO yet:
    a document goes to the RPF only after them (seed 001 §2.4: the projectvoorstel follows
    the GO on the problem definition)."""
    route = process.route(soort)
    if route is None:
        return []
    reqs = [_project_decision(project, d) for d in process.DECISIONS if d.phase == route.phase]
    return [r for r in reqs if not r.met]


def _project_decision(project: Project, decision: process.Decision) -> Requirement:
    label = str(
        _l(
            "%(onderwerp)s: GO van %(orgaan)s",
            onderwerp=decision.onderwerp,
            orgaan=formatting.label(decision.orgaan),
        )
    )
    besluit = standing_project_decision(project.id, decision)
    if besluit is None:
        return Requirement(
            label,
            False,
            str(_l("Nog geen GO/NO-GO-besluit vastgelegd.")),
            str(_l("projectleider en RCF-adviseur")),
        )
    if besluit.uitkomst not in process.POSITIVE:
        return Requirement(
            label,
            False,
            str(
                _l(
                    "Besluit van %(datum)s: %(uitkomst)s.",
                    datum=formatting.datum(besluit.datum),
                    uitkomst=formatting.label(besluit.uitkomst),
                )
            ),
            str(_l("projectleider en RCF-adviseur")),
        )
    return Requirement(
        label, True, str(_l("GO op %(datum)s.", datum=formatting.datum(besluit.datum)))
    )


def gate(project: Project, naar: str) -> Gate:
    """What must hold before ``project`` may move to ``naar`` (each item met or not): the
    records of ``process.CONDITIONS``, the project decisions and the document routes."""
    g = Gate(project.fase, naar)
    if naar == STOPPED:
        return g
    for cond in process.conditions_before(naar):
        g.requirements.append(condition_met(project, cond))
    for decision in process.decisions_into(naar):
        g.requirements.append(_project_decision(project, decision))
    for route in process.routes_into(naar):
        g.requirements += _route(project.id, route)
    return g


@dataclass
class Summary:
    """The top of the project page: where the project is and what the next gate waits for."""

    fase: str
    next_gate: Gate | None  # None once the project has ended

    @property
    def waiting(self) -> list[Requirement]:
        return self.next_gate.missing if self.next_gate else []


def summary(project: Project) -> Summary:
    nxt = next_phase(project.fase) if project.fase not in process.ENDED else None
    return Summary(project.fase, gate(project, nxt) if nxt else None)


def allowed_targets(project: Project) -> list[str]:
    if project.fase in process.ENDED:
        return []
    nxt = next_phase(project.fase)
    return [t for t in (nxt, STOPPED) if t]


def stop_suggested(project: Project) -> Besluit | None:
    """The latest standing decision on the project, if it rejected something."""
    latest = db.session.scalar(
        sa.select(Besluit)
        .where(Besluit.project_id == project.id, Besluit.id.not_in(_corrected_ids()))
        .order_by(Besluit.datum.desc(), Besluit.id.desc())
        .limit(1)
    )
    return latest if latest is not None and latest.uitkomst == AFGEWEZEN else None


def transition(
    project: Project,
    naar: str,
    user_id: int | None,
    reden: str | None = None,
    scope: access.Scope | None = None,
    today: dt.date | None = None,
) -> Fasetransitie:
    """Move the project one phase on (or stop it); raises GateClosed with what is missing."""
    scope = scope or access.current_scope()
    if not access.project_allowed(project.id, access.editable_projects(scope)):
        raise AccessDenied()
    if naar not in allowed_targets(project):
        raise RuleViolation(
            {
                "naar": [
                    str(
                        _l(
                            "Van %(van)s kan het project niet naar %(naar)s.",
                            van=project.fase,
                            naar=naar,
                        )
                    )
                ]
            }
        )
    if naar == STOPPED and not (reden or "").strip():
        raise RuleViolation({"reden": [str(_l("Geef een reden om het project te stoppen."))]})
    g = gate(project, naar)
    if not g.open:
        raise GateClosed(g)
    today = today or dt.date.today()
    with transaction():
        step = Fasetransitie(
            project_id=project.id, van=project.fase, naar=naar, reden=reden, door_id=user_id
        )
        db.session.add(step)
        _follow_phase_dates(project, project.fase, naar, today)
        project.fase = naar
        db.session.flush()
        notifications.phase_entered(step, user_id)  # the staff hear of it (same transaction)
    return step


def _follow_phase_dates(project: Project, van: str, naar: str, today: dt.date) -> None:
    by_fase = {
        f.fase: f
        for f in db.session.scalars(
            sa.select(Projectfase).where(Projectfase.project_id == project.id)
        )
    }
    if van in PLANBARE_FASEN:
        row = by_fase.get(van) or Projectfase(project_id=project.id, fase=van)
        row.werkelijk_start = row.werkelijk_start or today
        row.werkelijk_eind = today
        db.session.add(row)
    if naar in PLANBARE_FASEN:
        row = by_fase.get(naar) or Projectfase(project_id=project.id, fase=naar)
        row.werkelijk_start = today
        row.werkelijk_eind = None
        db.session.add(row)


def timeline(project_id: int) -> list[Fasetransitie]:
    return list(
        db.session.scalars(
            sa.select(Fasetransitie)
            .where(Fasetransitie.project_id == project_id)
            .order_by(Fasetransitie.op, Fasetransitie.id)
        )
    )


# --- decisions -------------------------------------------------------------------------


def _ref(values: Mapping[str, Any], name: str) -> int | None:
    if values.get(f"{name}_id") is not None:
        return int(values[f"{name}_id"])
    obj = values.get(name)
    return getattr(obj, "id", None) if obj is not None else None


@rules.rule(Besluit)
def _decision_rules(values: Mapping[str, Any], _row_id: int | None) -> rules.Errors:
    """A decision about a document names the exact version, as submitted to that body."""
    errors: rules.Errors = {}
    route = process.route_of_subject(values.get("onderwerp"))
    soort = route.soort if route else None
    document_id = _ref(values, "document")
    project_id = _ref(values, "project")
    if soort and document_id is None:
        errors["document"] = [_l("Kies de documentversie waarover besloten is.")]
    if document_id is not None:
        doc = db.session.get(Document, document_id)
        if doc is None or (project_id is not None and doc.project_id != project_id):
            errors["document"] = [_l("Dit document hoort niet bij het project.")]
        elif soort and doc.soort != soort:
            errors["document"] = [_l("Het gekozen document is geen %(soort)s.", soort=soort)]
        elif (need := process.REACHED.get(values.get("orgaan") or "")) and doc.status not in need:
            errors["document"] = [
                _l(
                    "Versie %(v)s is nog niet ingediend bij %(orgaan)s.",
                    v=doc.versie,
                    orgaan=values.get("orgaan"),
                )
            ]
    decision = process.decision_on(values.get("onderwerp"))
    if decision is not None:
        errors.update(_project_decision_rules(decision, values, project_id, document_id))
    corrigeert_id = _ref(values, "corrigeert")
    if corrigeert_id is not None:
        old = db.session.get(Besluit, corrigeert_id)
        if old is None or (project_id is not None and old.project_id != project_id):
            errors["corrigeert"] = [_l("Het gecorrigeerde besluit hoort niet bij het project.")]
    return errors


def _project_decision_rules(
    decision: process.Decision,
    values: Mapping[str, Any],
    project_id: int | None,
    document_id: int | None,
) -> rules.Errors:
    """A GO/NO-GO on the project (the problem definition): its own body, no document, and a
    GO only once what it decides on has been recorded (its ``needs``)."""
    errors: rules.Errors = {}
    if values.get("orgaan") and values.get("orgaan") != decision.orgaan:
        errors["orgaan"] = [
            _l(
                "Over de %(onderwerp)s besluit %(orgaan)s.",
                onderwerp=decision.onderwerp.lower(),
                orgaan=formatting.label(decision.orgaan),
            )
        ]
    if document_id is not None:
        errors["document"] = [_l("Dit besluit gaat over het project, niet over een document.")]
    project = db.session.get(Project, project_id) if project_id is not None else None
    if project is not None and values.get("uitkomst") in process.POSITIVE:
        open_items = [
            req.label
            for key in decision.needs
            if (cond := process.condition(key)) is not None
            and not (req := condition_met(project, cond)).met
        ]
        if open_items:
            errors["uitkomst"] = [
                _l(
                    "Een GO kan pas als dit is vastgelegd: %(items)s.",
                    items="; ".join(open_items),
                )
            ]
    return errors


def log_decision(
    besluit: Besluit, user_id: int | None, scope: access.Scope | None = None
) -> Besluit:
    """Log a decision: the rules, the right to log this body's decisions, the decision and
    what it does to its document version (an LSI "akkoord" establishes an eindrapportage) -
    all in one transaction, so a failure leaves no half-logged decision."""
    with transaction():
        rules.enforce(Besluit, _values(besluit), None)
        access.check_decision_allowed(besluit, scope)
        besluit.vastgelegd_door_id = user_id
        db.session.add(besluit)
        _apply_decision(besluit)
        db.session.flush()
        notifications.decision_logged(besluit, user_id)  # staff, and a gate it opened
    return besluit


def _values(besluit: Besluit) -> dict[str, Any]:
    values: dict[str, Any] = {c.key: getattr(besluit, c.key) for c in Besluit.__table__.columns}
    values.update(project=besluit.project, document=besluit.document, corrigeert=besluit.corrigeert)
    return values


def _apply_decision(besluit: Besluit) -> None:
    doc = besluit.document or (
        db.session.get(Document, besluit.document_id) if besluit.document_id else None
    )
    if doc is None:
        return
    status = process.status_after(doc.soort, besluit.orgaan, besluit.uitkomst)
    if status is not None:
        doc.status = status


# --- the secretary's queue ---------------------------------------------------------------


@dataclass
class QueueItem:
    document: Document
    project: Project
    besluiten: list[Besluit]
    vergadering: models.Vergadering | None = None  # the meeting whose agenda it is on

    @property
    def waiting_for(self) -> str:
        orgaan = process.WAITS_FOR[process.LSI_QUEUE]
        standing = next((b for b in self.besluiten if b.orgaan == orgaan), None)
        return orgaan if standing is None or standing.uitkomst == AANGEHOUDEN else ""


def lsi_queue() -> list[QueueItem]:
    """Document versions submitted to the LSI that still wait for a final LSI decision."""
    docs = db.session.scalars(
        sa.select(Document)
        .where(Document.status == process.LSI_QUEUE)
        .order_by(Document.ingediend_op.desc().nulls_last(), Document.id.desc())
    ).all()
    items = []
    for doc in docs:
        besluiten = list(
            db.session.scalars(
                sa.select(Besluit)
                .where(Besluit.document_id == doc.id, Besluit.id.not_in(_corrected_ids()))
                .order_by(Besluit.datum.desc(), Besluit.id.desc())
            )
        )
        item = QueueItem(doc, doc.project, besluiten, meetings_lsi.meeting_of(doc))
        if item.waiting_for:
            items.append(item)
    return items


@dataclass
class QueueGroup:
    vergadering: models.Vergadering | None  # None: no meeting in the calendar takes it yet
    items: list[QueueItem]


def lsi_queue_by_meeting() -> list[QueueGroup]:
    """The queue per meeting, earliest meeting first; what no meeting takes yet comes last."""
    groups: dict[int | None, QueueGroup] = {}
    for item in lsi_queue():
        key = item.vergadering.id if item.vergadering else None
        groups.setdefault(key, QueueGroup(item.vergadering, [])).items.append(item)
    return sorted(
        groups.values(),
        key=lambda g: (
            g.vergadering is None,
            g.vergadering.datum if g.vergadering else dt.date.max,
        ),
    )


# --- the records the gates read (process.CONDITIONS) ---------------------------------------


@rules.rule(models.IvtAanvraag)
def _ivt_rules(values: Mapping[str, Any], _row_id: int | None) -> rules.Errors:
    """ "Ingericht" says when; set up cannot come before the first contact with the BKWI."""
    errors: rules.Errors = {}
    ingericht = values.get("ingericht_op")
    if values.get("status") == IVT_INGERICHT and not ingericht:
        errors["ingericht_op"] = [_l("Vul de datum in waarop het BKWI de applicatie inrichtte.")]
    contact = values.get("contact_op")
    if ingericht and contact and ingericht < contact:
        errors["ingericht_op"] = [
            _l("De applicatie kan niet zijn ingericht vóór het contact met het BKWI.")
        ]
    return errors


@rules.rule(models.Brainstorm)
def _brainstorm_rules(values: Mapping[str, Any], _row_id: int | None) -> rules.Errors:
    """The problem definition goes back to the participants after the session, not before."""
    datum, terug = values.get("datum"), values.get("teruggekoppeld_op")
    if datum and terug and terug < datum:
        return {
            "teruggekoppeld_op": [_l("De terugkoppeling kan niet vóór de brainstormsessie liggen.")]
        }
    return {}
