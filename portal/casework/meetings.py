"""Casustafel meetings: agenda, outcome per case, a look back at open actions, and the
agenda and minutes as .docx through the documents feature's sandboxed renderer."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from docx import Document as Docx
from flask_babel import lazy_gettext as _l

from models import (
    Bevinding,
    Casus,
    Casustafel,
    CasustafelBespreking,
    Controle,
    Ketenpartner,
    Leerpunt,
    Opvolgactie,
    ProjectPartner,
)
from models.casus import AANGEMELD, AFGEROND, BESPROKEN, BUITEN
from models.opvolgactie import AFGEROND as ACTIE_AFGEROND
from portal.casework import cases
from portal.casework import scope as cscope
from portal.documents import formatting
from portal.documents.render import render
from portal.errors import RuleViolation
from portal.extensions import db, use_case

CLOSED = (AFGEROND, BUITEN)


@use_case
def create_meeting(
    project_id: int,
    datum: dt.date | None,
    partner_ids: list[int],
    casus_ids: list[int],
    locatie: str | None = None,
    opmerkingen: str | None = None,
) -> Casustafel:
    cscope.check_editable(project_id)
    errors: dict[str, list[str]] = {}
    if datum is None:
        errors["datum"] = [str(_l("Vul de datum van de casustafel in."))]
    allowed = set(
        db.session.scalars(
            sa.select(ProjectPartner.ketenpartner_id).where(ProjectPartner.project_id == project_id)
        )
    )
    if not partner_ids:
        errors["aanwezigen"] = [str(_l("Kies de aanwezige partners."))]
    elif set(partner_ids) - allowed:
        errors["aanwezigen"] = [str(_l("Alleen partners van het project kunnen aanwezig zijn."))]
    if errors:
        raise RuleViolation(errors)
    meeting = Casustafel(
        project_id=project_id,
        datum=datum,
        locatie=(locatie or "").strip() or None,
        opmerkingen=(opmerkingen or "").strip() or None,
        aanwezigen=list(
            db.session.scalars(sa.select(Ketenpartner).where(Ketenpartner.id.in_(partner_ids)))
        ),
    )
    db.session.add(meeting)
    db.session.flush()
    for casus_id in casus_ids:
        add_to_agenda(meeting, casus_id)
    return meeting


@use_case
def add_to_agenda(meeting: Casustafel, casus_id: int) -> CasustafelBespreking:
    casus = db.session.get(Casus, casus_id)
    if casus is None or casus.project_id != meeting.project_id:
        raise RuleViolation({"agenda": [str(_l("Deze casus hoort niet bij dit project."))]})
    if casus.status in CLOSED:
        raise RuleViolation(
            {
                "agenda": [
                    str(
                        _l(
                            "Casus %(adres)s heeft status %(status)s en kan niet worden "
                            "geagendeerd.",
                            adres=casus.adres,
                            status=casus.status,
                        )
                    )
                ]
            }
        )
    item = next((b for b in meeting.agenda if b.casus_id == casus_id), None)
    if item is None:
        item = CasustafelBespreking(
            casustafel=meeting,
            project_id=meeting.project_id,
            casus=casus,
            volgorde=len(meeting.agenda) + 1,
        )
        db.session.add(item)
        db.session.flush()
    return item


@dataclass
class PartnerOutcome:
    ketenpartner_id: int
    actueel: bool | None
    trekker: bool = False
    toelichting: str | None = None


@use_case
def add_cases_to_agenda(meeting: Casustafel, casus_ids: list[int]) -> list[CasustafelBespreking]:
    """Several cases at once: all of them or, when one is refused, none."""
    return [add_to_agenda(meeting, casus_id) for casus_id in casus_ids]


@use_case
def record_outcome(
    item: CasustafelBespreking,
    partners: list[PartnerOutcome],
    politiebijstand: bool | None,
    politiebijstand_reden: str | None,
    handhavingsactie: str | None,
    afweging: str | None,
    uitkomst: str | None,
) -> Casus:
    """Record what the casustafel decided for one case and move the case accordingly."""
    cscope.check_editable(item.project_id)
    casus = item.casus
    for p in partners:
        cases.record_actualisatie(casus, p.ketenpartner_id, p.actueel, p.trekker, p.toelichting)
    casus.politiebijstand = politiebijstand
    casus.politiebijstand_reden = (politiebijstand_reden or "").strip() or None
    casus.handhavingsactie = (handhavingsactie or "").strip() or None
    casus.afweging = (afweging or "").strip() or None
    item.uitkomst = (uitkomst or "").strip() or None
    tafel = item.casustafel
    if any(p.actueel is None for p in casus.partners):
        raise RuleViolation(
            {"partners": [str(_l("Leg per betrokken partner vast of het belang nog actueel is."))]}
        )
    left = cases.leave_if_no_joint_interest(
        casus, f"Casustafel {tafel.datum:%d-%m-%Y}: " if tafel and tafel.datum else ""
    )
    if not left and casus.status == AANGEMELD:
        cases.set_status(casus, BESPROKEN)
    elif not left:
        errors = {
            k: v
            for k, v in cases.check_status(casus, BESPROKEN).items()
            if k != "status"  # already past 'besproken': only the content rules apply
        }
        if errors:
            raise RuleViolation(errors)
    if left:  # the minutes must say why the address left the joint approach
        item.uitkomst = " – ".join(x for x in (item.uitkomst, casus.reden_buiten_aanpak) if x)
    item.besproken = True
    db.session.flush()
    return casus


def previous(meeting: Casustafel) -> Casustafel | None:
    return db.session.scalar(
        sa.select(Casustafel)
        .where(
            Casustafel.project_id == meeting.project_id,
            sa.or_(
                Casustafel.datum < meeting.datum,
                sa.and_(Casustafel.datum == meeting.datum, Casustafel.id < meeting.id),
            ),
        )
        .order_by(Casustafel.datum.desc(), Casustafel.id.desc())
        .limit(1)
    )


def lookback(meeting: Casustafel) -> list[Opvolgactie]:
    """Follow-up actions that were still open on the day of the meeting (from controls
    held before it): the first thing a casustafel looks at."""
    return list(
        db.session.scalars(
            sa.select(Opvolgactie)
            .join(Bevinding, Bevinding.id == Opvolgactie.bevinding_id)
            .join(Controle, Controle.id == Bevinding.controle_id)
            .where(
                Opvolgactie.project_id == meeting.project_id,
                Controle.datum <= meeting.datum,
                sa.or_(
                    Opvolgactie.status != ACTIE_AFGEROND,
                    Opvolgactie.afgerond_op.is_(None),
                    Opvolgactie.afgerond_op >= meeting.datum,
                ),
            )
            .order_by(Opvolgactie.deadline, Opvolgactie.id)
        )
    )


def completed_since(meeting: Casustafel) -> list[Opvolgactie]:
    """Actions completed since the previous casustafel (up to this one), with the result
    their owner fed back: the look-back closes the loop (002 aanbeveling 1)."""
    vorige = previous(meeting)
    q = sa.select(Opvolgactie).where(
        Opvolgactie.project_id == meeting.project_id,
        Opvolgactie.status == ACTIE_AFGEROND,
        Opvolgactie.afgerond_op.is_not(None),
        Opvolgactie.afgerond_op <= meeting.datum,
    )
    if vorige is not None:
        q = q.where(Opvolgactie.afgerond_op >= vorige.datum)
    return list(db.session.scalars(q.order_by(Opvolgactie.afgerond_op, Opvolgactie.id)))


def lessons_since(meeting: Casustafel) -> list[Leerpunt]:
    """Lessons of the previous casustafel and of the controls held since it (up to this
    meeting), from every gemeente of the project (002 aanbeveling 6)."""
    vorige = previous(meeting)
    controls = sa.select(Controle.id).where(
        Controle.project_id == meeting.project_id, Controle.datum <= meeting.datum
    )
    clauses = []
    if vorige is not None:
        controls = controls.where(Controle.datum >= vorige.datum)
        clauses.append(Leerpunt.casustafel_id == vorige.id)
    clauses.append(Leerpunt.controle_id.in_(controls))
    return list(
        db.session.scalars(
            sa.select(Leerpunt)
            .where(Leerpunt.project_id == meeting.project_id, sa.or_(*clauses))
            .order_by(Leerpunt.aangemaakt_op, Leerpunt.id)
        )
    )


# --- documents ----------------------------------------------------------------------------

AGENDA, VERSLAG = "casustafel_agenda", "casustafel_verslag"
TITELS = {AGENDA: "Agenda casustafel", VERSLAG: "Verslag casustafel"}


def _fmt(d: dt.date | None) -> str:
    return formatting.datum(d) if d else "-"


def document_context(meeting: Casustafel, soort: str, today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    vorige = previous(meeting)
    return {
        "document": {"titel": TITELS[soort], "datum": _fmt(today)},
        "project": {"code": meeting.project.code, "naam": meeting.project.naam},
        "tafel": {
            "datum": _fmt(meeting.datum),
            "locatie": meeting.locatie or "-",
            "aanwezigen": ", ".join(sorted(k.naam for k in meeting.aanwezigen)) or "-",
            "opmerkingen": meeting.opmerkingen or "-",
            "vorige": _fmt(vorige.datum) if vorige else "geen (eerste casustafel)",
        },
        "terugblik": [
            {
                "adres": a.bevinding.casus.adres if a.bevinding.casus else "-",
                "partner": a.ketenpartner.naam,
                "actie": a.omschrijving,
                "deadline": _fmt(a.deadline),
                "status": (
                    "te laat"
                    if a.deadline < meeting.datum and a.status != ACTIE_AFGEROND
                    else a.status.lower()
                ),
            }
            for a in lookback(meeting)
        ],
        "agenda": [
            {
                "nr": i,
                "adres": b.casus.adres,
                "status": b.casus.status,
                "partners": ", ".join(
                    f"{p.ketenpartner.naam}"
                    + (
                        ""
                        if p.actueel is None
                        else (" (actueel" + (", trekker" if p.trekker else "") + ")")
                        if p.actueel
                        else " (niet meer actueel)"
                    )
                    for p in b.casus.partners
                )
                or "-",
                "politie": "-"
                if b.casus.politiebijstand is None
                else ("ja: " + (b.casus.politiebijstand_reden or ""))
                if b.casus.politiebijstand
                else "nee",
                "actie": b.casus.handhavingsactie or "-",
                "afweging": b.casus.afweging or "-",
                "uitkomst": b.uitkomst or ("-" if b.besproken else "nog niet besproken"),
            }
            for i, b in enumerate(meeting.agenda, 1)
        ],
    }


@lru_cache(maxsize=4)
def template(soort: str) -> bytes:
    """A plain docxtpl template, built once per process with python-docx."""

    doc = Docx()
    doc.add_heading("{{ document.titel }} {{ project.code }}", level=1)
    doc.add_paragraph("{{ project.naam }}")
    for label, value in (
        ("Datum", "{{ tafel.datum }}"),
        ("Locatie", "{{ tafel.locatie }}"),
        ("Aanwezige partners", "{{ tafel.aanwezigen }}"),
        ("Vorige casustafel", "{{ tafel.vorige }}"),
    ):
        doc.add_paragraph(f"{label}: {value}")

    def table(headers: list[str], loop: str, var: str, cells: list[str]) -> None:
        t = doc.add_table(rows=4, cols=len(headers))
        t.style = "Table Grid"
        for i, h in enumerate(headers):
            t.rows[0].cells[i].text = h
        t.rows[1].cells[0].text = f"{{%tr for {var} in {loop} %}}"
        for i, c in enumerate(cells):
            t.rows[2].cells[i].text = c
        t.rows[3].cells[0].text = "{%tr endfor %}"

    doc.add_heading("1. Terugblik: openstaande acties", level=2)
    doc.add_paragraph("{%p if not terugblik %}")
    doc.add_paragraph("Er stonden geen acties open.")
    doc.add_paragraph("{%p endif %}")
    table(
        ["Adres", "Partner", "Actie", "Deadline", "Status"],
        "terugblik",
        "a",
        ["{{ a.adres }}", "{{ a.partner }}", "{{ a.actie }}", "{{ a.deadline }}", "{{ a.status }}"],
    )
    doc.add_heading("2. Te bespreken casussen", level=2)
    if soort == AGENDA:
        table(
            ["Nr.", "Adres", "Status", "Betrokken partners"],
            "agenda",
            "c",
            ["{{ c.nr }}", "{{ c.adres }}", "{{ c.status }}", "{{ c.partners }}"],
        )
        doc.add_paragraph(
            "Per adres: is het risico nog actueel, welke partners hebben het grootste belang, "
            "is politiebijstand nodig en welke handhavingsactie is proportioneel en subsidiair?"
        )
    else:
        table(
            ["Adres", "Partners", "Politiebijstand", "Handhavingsactie en afweging", "Uitkomst"],
            "agenda",
            "c",
            [
                "{{ c.adres }}",
                "{{ c.partners }}",
                "{{ c.politie }}",
                "{{ c.actie }} ({{ c.afweging }})",
                "{{ c.uitkomst }} – status: {{ c.status }}",
            ],
        )
        doc.add_paragraph("Opmerkingen: {{ tafel.opmerkingen }}")
    doc.add_paragraph("Gegenereerd op {{ document.datum }}.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_document(meeting: Casustafel, soort: str) -> tuple[str, bytes]:
    """(file name, .docx bytes), rendered by the documents feature's sandboxed renderer."""

    if soort not in TITELS:
        raise RuleViolation({"soort": [f"Onbekend casustafeldocument: {soort}"]})
    data = render(template(soort), document_context(meeting, soort))
    name = f"{meeting.project.code}-{soort.replace('_', '-')}-{meeting.datum:%Y%m%d}.docx"
    return name, data
