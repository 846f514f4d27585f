"""Results of the operational phase, computed from the records with set-based SQL (one
query per figure, however many rows), and handed to the eindrapportage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from models import (
    Bevinding,
    BevindingCategorie,
    Casus,
    Controle,
    Doelstelling,
    Opvolgactie,
    Project,
)
from models.casus import CASUS_STATUSSEN
from models.controle import controle_casus
from models.opvolgactie import AFGEROND
from portal import charts
from portal.casework import communication, measurements, outcomes
from portal.casework.followup import per_partner
from portal.extensions import db


def _count(q) -> int:
    return int(db.session.scalar(q) or 0)


def followup_totals(project_id: int, today: dt.date) -> dict[str, int]:
    a = Opvolgactie
    done = a.status == AFGEROND
    row = db.session.execute(
        sa.select(
            sa.func.count(a.id),
            sa.func.sum(sa.case((sa.and_(done, a.afgerond_op <= a.deadline), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(done, a.afgerond_op > a.deadline), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(~done, a.deadline >= today), 1), else_=0)),
            sa.func.sum(sa.case((sa.and_(~done, a.deadline < today), 1), else_=0)),
        ).where(a.project_id == project_id)
    ).one()
    total, ok, late_done, open_, late_open = (int(v or 0) for v in row)
    return {
        "acties": total,
        "op_tijd_afgerond": ok,
        "te_laat_afgerond": late_done,
        "open": open_,
        "te_laat": late_open,
    }


def effect(project_id: int) -> list[dict[str, Any]]:
    """Per goal indicator: 0-meting, 1-meting and the difference (None while not measured)."""
    rows = db.session.scalars(
        sa.select(Doelstelling)
        .where(Doelstelling.project_id == project_id)
        .order_by(Doelstelling.id)
    )
    out = []
    for d in rows:
        verschil = (
            d.eenmeting - d.nulmeting
            if d.eenmeting is not None and d.nulmeting is not None
            else None
        )
        out.append(
            {
                "doel": d.doel,
                "indicator": d.indicator or "",
                "eenheid": d.eenheid or "",
                "nulmeting": d.nulmeting,
                "streefwaarde": d.streefwaarde,
                "eenmeting": d.eenmeting,
                "verschil": verschil,
            }
        )
    return out


def compute(project_id: int, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    controles = _count(
        # held controls only: a planned or cancelled evening is no result (issue #19)
        sa.select(sa.func.count(Controle.id)).where(
            Controle.project_id == project_id, Controle.status == "Uitgevoerd"
        )
    )
    adressen = _count(
        sa.select(sa.func.count(sa.distinct(controle_casus.c.casus_id)))
        .select_from(controle_casus)
        .join(Controle, Controle.id == controle_casus.c.controle_id)
        .where(Controle.project_id == project_id)
    )
    personen = _count(
        sa.select(sa.func.coalesce(sa.func.sum(Controle.personen_aangetroffen), 0)).where(
            Controle.project_id == project_id
        )
    )
    per_cat = [
        {"categorie": naam, "aantal": int(n)}
        for naam, n in db.session.execute(
            sa.select(BevindingCategorie.naam, sa.func.count(Bevinding.id))
            .join(Bevinding, Bevinding.categorie_id == BevindingCategorie.id)
            .where(Bevinding.project_id == project_id)
            .group_by(BevindingCategorie.naam, BevindingCategorie.volgorde)
            .order_by(BevindingCategorie.volgorde, BevindingCategorie.naam)
        )
    ]
    status_counts = dict(
        db.session.execute(
            sa.select(Casus.status, sa.func.count(Casus.id))
            .where(Casus.project_id == project_id)
            .group_by(Casus.status)
        ).all()
    )
    partners = per_partner(project_id, today)
    for p in partners:
        p["afgerond"] = p["op_tijd_afgerond"] + p["te_laat_afgerond"]
    return {
        "controles": controles,
        "adressen_bezocht": adressen,
        "personen": personen,
        "bevindingen": sum(r["aantal"] for r in per_cat),
        "bevindingen_per_categorie": per_cat,
        "acties_per_partner": partners,
        "opvolging": followup_totals(project_id, today),
        "casussen": sum(status_counts.values()),
        "casussen_per_status": [
            {"status": s, "aantal": int(status_counts.get(s, 0))} for s in CASUS_STATUSSEN
        ],
        "effectmeting": effect(project_id),
        "peildatum": today,
    }


def registration(project_id: int, staff: bool = True) -> dict[str, Any]:
    """Outcomes with amounts, expenses, communication and questionnaire results (issue #19).
    Partners read the results page too: they get the published communication only."""
    items = communication.for_project(project_id, published_only=not staff)
    return {
        "uitkomsten": outcomes.summary(project_id),
        "communicatie": items,
        "communicatie_telling": communication.counts(project_id),
        "na_vaststelling_nodig": communication.needs_closing_communication(project_id),
        "metingen": measurements.for_project(project_id),
    }


def has_results(figures: dict[str, Any]) -> bool:
    return bool(figures["controles"] or figures["casussen"])


YIELD_TITLE = _l("Financiële opbrengst per gemeente")
YIELD_PARTNER_TITLE = _l("Financiële opbrengst per partner")


def outcome_charts(extra: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    u = extra["uitkomsten"]
    for rows, title in ((u["per_gemeente"], YIELD_TITLE), (u["per_partner"], YIELD_PARTNER_TITLE)):
        amounts = [(r["naam"], float(r["bedrag"])) for r in rows if r["bedrag"]]
        if amounts:
            out.append(
                {
                    "titel": str(title),
                    "png": charts.amounts(amounts, str(title), str(_l("Bedrag in euro"))),
                }
            )
    return out


def chart_list(figures: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    if figures["bevindingen_per_categorie"]:
        out.append(
            {
                "titel": str(charts.FINDINGS_TITLE),
                "png": charts.findings_per_category(figures["bevindingen_per_categorie"]),
            }
        )
    if figures["acties_per_partner"]:
        out.append(
            {
                "titel": str(charts.FOLLOWUP_TITLE),
                "png": charts.followup_per_partner(figures["acties_per_partner"]),
            }
        )
    return out


def _dutch_charts(figures: dict[str, Any], extra: dict[str, Any]) -> list[dict[str, Any]]:
    # The eindrapportage is a Dutch document, whatever language its author's screen is in.
    with force_locale("nl"):
        return chart_list(figures) + outcome_charts(extra)


def _geld(value) -> str:
    from portal.documents.formatting import bedrag

    return bedrag(value)


def _doc_outcomes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "naam": r["naam"],
            "uitkomsten": "; ".join(
                f"{u['soort']} {u['aantal']}"
                + (f" ({_geld(u['bedrag'])})" if u["bedrag"] is not None else "")
                for u in r["uitkomsten"]
            ),
            "aantal": r["aantal"],
            "bedrag": _geld(r["bedrag"]),
        }
        for r in rows
    ]


def _doc_registration(extra: dict[str, Any]) -> dict[str, Any]:
    from portal.documents.formatting import datum
    from portal.formatting import label

    u = extra["uitkomsten"]
    m = extra["metingen"]

    def score(row):
        if row is None:
            return "nog niet gemeten"
        if row["score"] is not None:
            return f"{row['score']:.2f}".replace(".", ",") + f" (n={row['respondenten']})"
        return f"{row['percentage']:.1f}%".replace(".", ",") + f" (n={row['respondenten']})"

    def diff(value):
        if value is None:
            return ""
        return ("+" if value > 0 else "") + f"{value:.2f}".replace(".", ",")

    with force_locale("nl"):
        return {
            "uitkomsten_per_gemeente": _doc_outcomes(u["per_gemeente"]),
            "uitkomsten_per_partner": _doc_outcomes(u["per_partner"]),
            "opbrengst": _geld(u["opbrengst"]),
            "kosten_totaal": _geld(u["kosten"]["totaal"]),
            "saldo": _geld(u["saldo"]),
            "kosten": [
                {
                    "datum": datum(k["datum"]),
                    "soort": k["soort"],
                    "omschrijving": k["omschrijving"],
                    "actie": k["actie"],
                    "bedrag": _geld(k["bedrag"]),
                }
                for k in u["kosten"]["rijen"]
            ],
            "communicatie": [
                {
                    "titel": c.titel,
                    "soort": str(label(c.soort)),
                    "gepubliceerd_op": datum(c.gepubliceerd_op),
                    "medium": c.medium or "",
                    "link": c.link or "",
                    "afgestemd_met": ", ".join(
                        a.partij for a in c.akkoorden if a.akkoord_op is not None
                    ),
                }
                for c in extra["communicatie"]
                if c.status == "Gepubliceerd"
            ],
            "metingen": [
                {
                    "vragenlijst": v["vragenlijst"],
                    "vraag": v["vraag"],
                    "nulmeting": score(v["nul"]),
                    "eenmeting": score(v["een"]),
                    "verschil": diff(v["verschil"]),
                }
                for v in m["vergelijking"]
            ],
            "ervaring": [
                {
                    "controle": r["controle"] or r["gebied"],
                    "vraag": r["vraag"],
                    "resultaat": score(r),
                    "opmerkingen": r["opmerkingen"],
                }
                for r in m["controles"]
            ],
        }


def for_document(project: Project) -> dict[str, Any] | None:
    """The eindrapportage's ``resultaten`` (None: the template says nothing was recorded)."""
    figures = compute(project.id)
    extra = registration(project.id)
    if not has_results(figures) and not (
        extra["uitkomsten"]["per_soort"] or extra["communicatie"] or extra["metingen"]["aantal"]
    ):
        return None
    opv = figures["opvolging"]
    return {
        **_doc_registration(extra),
        "controles": figures["controles"],
        "adressen_bezocht": figures["adressen_bezocht"],
        "personen": figures["personen"],
        "bevindingen": figures["bevindingen"],
        "casussen": figures["casussen"],
        "bevindingen_per_categorie": figures["bevindingen_per_categorie"],
        "acties_per_partner": figures["acties_per_partner"],
        "opvolging": opv,
        "grafieken": _dutch_charts(figures, extra),
    }


DOCUMENT_FIELDS = {
    "resultaten.controles": "aantal gehouden controles (actiedagen/-avonden)",
    "resultaten.adressen_bezocht": "aantal verschillende bezochte adressen",
    "resultaten.personen": "aantal aangetroffen personen (alleen een telling)",
    "resultaten.bevindingen": "totaal aantal bevindingen",
    "resultaten.casussen": "aantal casussen (adressen geselecteerd voor de casustafel)",
    "resultaten.bevindingen_per_categorie[].categorie": "categorie van bevindingen",
    "resultaten.bevindingen_per_categorie[].aantal": "aantal bevindingen in de categorie",
    "resultaten.acties_per_partner[].partner": "partner die opvolgacties heeft",
    "resultaten.acties_per_partner[].acties": "aantal opvolgacties van de partner",
    "resultaten.acties_per_partner[].afgerond": "waarvan afgerond (resultaat teruggekoppeld)",
    "resultaten.acties_per_partner[].op_tijd_afgerond": "waarvan op tijd afgerond",
    "resultaten.acties_per_partner[].te_laat_afgerond": "waarvan te laat afgerond",
    "resultaten.acties_per_partner[].open": "open, binnen de termijn",
    "resultaten.acties_per_partner[].te_laat": "open, termijn verstreken",
    "resultaten.opvolging.acties": "totaal aantal opvolgacties",
    "resultaten.opvolging.op_tijd_afgerond": "opvolgacties op tijd afgerond",
    "resultaten.opvolging.te_laat_afgerond": "opvolgacties te laat afgerond",
    "resultaten.opvolging.open": "opvolgacties open binnen de termijn",
    "resultaten.opvolging.te_laat": "opvolgacties open met verstreken termijn",
    "resultaten.uitkomsten_per_gemeente[].naam": "gemeente",
    "resultaten.uitkomsten_per_gemeente[].uitkomsten": "uitkomsten per soort (aantal, bedrag)",
    "resultaten.uitkomsten_per_gemeente[].aantal": "aantal uitkomsten in de gemeente",
    "resultaten.uitkomsten_per_gemeente[].bedrag": "financiële opbrengst in de gemeente",
    "resultaten.uitkomsten_per_partner[].naam": "partner",
    "resultaten.uitkomsten_per_partner[].uitkomsten": "uitkomsten per soort (aantal, bedrag)",
    "resultaten.uitkomsten_per_partner[].aantal": "aantal uitkomsten van de partner",
    "resultaten.uitkomsten_per_partner[].bedrag": "financiële opbrengst van de partner",
    "resultaten.opbrengst": "financiële opbrengst (som van de bedragen)",
    "resultaten.kosten_totaal": "totale kosten van acties",
    "resultaten.saldo": "opbrengst min kosten",
    "resultaten.kosten[].datum": "datum van de kosten",
    "resultaten.kosten[].soort": "soort kosten (tolk, slotenmaker ...)",
    "resultaten.kosten[].omschrijving": "omschrijving van de kosten",
    "resultaten.kosten[].actie": "controle of opvolgactie",
    "resultaten.kosten[].bedrag": "bedrag",
    "resultaten.communicatie[].titel": "titel van een gepubliceerd bericht",
    "resultaten.communicatie[].soort": "soort bericht",
    "resultaten.communicatie[].gepubliceerd_op": "datum van publicatie",
    "resultaten.communicatie[].medium": "medium",
    "resultaten.communicatie[].link": "link naar de publicatie",
    "resultaten.communicatie[].afgestemd_met": "partijen die akkoord gaven",
    "resultaten.metingen[].vragenlijst": "vragenlijst (0-/1-meting)",
    "resultaten.metingen[].vraag": "vraag",
    "resultaten.metingen[].nulmeting": "resultaat 0-meting",
    "resultaten.metingen[].eenmeting": "resultaat 1-meting",
    "resultaten.metingen[].verschil": "verschil 1-meting min 0-meting",
    "resultaten.ervaring[].controle": "controle of gebied",
    "resultaten.ervaring[].vraag": "vraag aan bewoners",
    "resultaten.ervaring[].resultaat": "gemiddelde score of percentage (respondenten)",
    "resultaten.ervaring[].opmerkingen": "samengevatte opmerkingen",
    "resultaten.grafieken[].titel": "titel van een grafiek",
    "resultaten.grafieken[].afbeelding": "de grafiek als afbeelding",
}


def register_document_provider() -> None:
    try:
        from portal.documents.context import register_context_provider
    except ImportError:  # the documents feature is not installed
        return
    register_context_provider("eindrapportage", "resultaten", for_document, DOCUMENT_FIELDS)
