"""Builds the template context (the fields catalogue) for one project and document type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from models import (
    Activiteit,
    AvgPartnerrecht,
    AvgRegistratie,
    Besluit,
    Fasetransitie,
    Project,
    ProjectPartner,
)
from portal.documents import formatting as f
from portal.documents.catalogue import EXTRA_FIELDS, FIELDS, SOORTEN
from portal.extensions import db

# soort -> [(key, fn(project) -> value)]; features such as casework add their sections here.
PROVIDERS: dict[str, list[tuple[str, Callable[[Project], Any]]]] = {}

_GATES = {
    "Verkenning": "collegebesluit, projectvoorstel naar RPF en LSI",
    "Voorbereiding": "AVG-registratie, projectplan naar RPF en LSI",
    "Uitvoering": "einde operationele fase",
    "Afronding": "eindrapportage vastgesteld door de LSI",
}


def register_context_provider(
    soort: str, key: str, fn: Callable[[Project], Any], fields: dict[str, str]
) -> None:
    """Add ``context[key] = fn(project)`` for a document type, with its catalogue entries."""
    entries = PROVIDERS.setdefault(soort, [])
    if all(k != key for k, _ in entries):
        entries.append((key, fn))
    EXTRA_FIELDS.update(fields)


def load_project(project_id: int) -> Project | None:
    return db.session.scalar(
        sa.select(Project)
        .where(Project.id == project_id)
        .options(
            selectinload(Project.gemeenten),
            selectinload(Project.regio),
            selectinload(Project.partners).selectinload(ProjectPartner.ketenpartner),
            selectinload(Project.doelstellingen),
            selectinload(Project.activiteiten).selectinload(Activiteit.ketenpartner),
            selectinload(Project.risicos),
            selectinload(Project.fasen),
            selectinload(Project.avg_registratie).selectinload(AvgRegistratie.grondslag),
            selectinload(Project.avg_registratie)
            .selectinload(AvgRegistratie.rechten)
            .selectinload(AvgPartnerrecht.ketenpartner),
            selectinload(Project.projectleider),
            selectinload(Project.rcf_adviseur),
        )
    )


def person(user) -> str | None:
    return f"{user.first_name} {user.last_name}".strip() if user else None


def _actual_period(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return "nog niet begonnen"
    if end is None:
        return f"sinds {f.datum(start)}"
    return f"{f.datum(start)} – {f.datum(end)}"


def _number(value) -> str:
    if value is None:
        return f.marker("waarde")
    return f.getal(value, 0 if value == int(value) else 2)


def _project(p: Project) -> dict[str, Any]:
    t = f.tekst
    dates = [d for fs in p.fasen for d in (fs.gepland_start, fs.gepland_eind) if d]
    verantwoordelijk = [pp.ketenpartner.naam for pp in p.partners if pp.projectverantwoordelijk]
    capaciteit = sum(pp.capaciteit_uren or 0 for pp in p.partners)
    return {
        "code": p.code,
        "naam": p.naam,
        "fase": p.fase,
        "regio": p.regio.naam if p.regio else f.marker("regio"),
        "gemeenten": ", ".join(g.naam for g in sorted(p.gemeenten, key=lambda g: g.naam))
        or f.marker("gemeenten"),
        "projectgebied": t(p.projectgebied, "projectgebied (postcodes)"),
        "themas": t(p.themas, "thema's"),
        "lsi_jaarthema": t(p.lsi_jaarthema, "LSI-jaarthema"),
        "initiatiefnemer": t(p.initiatiefnemer, "initiatiefnemer"),
        "aanleiding": t(p.aanleiding, "aanleiding"),
        "probleem_leefbaarheid": t(p.probleem_leefbaarheid, "probleemdefinitie leefbaarheid"),
        "probleem_veiligheid": t(p.probleem_veiligheid, "probleemdefinitie veiligheid"),
        "prioritering_draagvlak": t(p.prioritering_draagvlak, "draagvlak bestuur"),
        "prioritering_flankerend_beleid": t(p.prioritering_flankerend_beleid, "flankerend beleid"),
        "prioritering_actualiteit": t(p.prioritering_actualiteit, "actualiteit"),
        "werkwijze": t(p.werkwijze, "werkwijze"),
        "gegevensverwerking": t(p.gegevensverwerking, "gegevensverwerking"),
        "communicatie": t(p.communicatie, "communicatieafspraken"),
        "begroting": f.bedrag(p.begroting, "begroting"),
        "begroting_toelichting": t(p.begroting_toelichting, "kosten en dekking"),
        "projectleider": t(person(p.projectleider), "projectleider"),
        "rcf_adviseur": t(person(p.rcf_adviseur), "RCF-adviseur"),
        "analist": t(p.analist, "analist O&A"),
        "bestuurlijk_verantwoordelijke": t(
            p.bestuurlijk_verantwoordelijke, "bestuurlijk verantwoordelijke"
        ),
        "intake_oa": t(p.intake_oa, "intakeverslag O&A"),
        "nulmeting": t(p.nulmeting, "0-meting"),
        "eenmeting": t(p.eenmeting, "1-meting"),
        "registratienummer": t(p.registratienummer, "registratienummer"),
        "evaluatie_knelpunten": t(p.evaluatie_knelpunten, "knelpunten"),
        "evaluatie_aanbevelingen": t(p.evaluatie_aanbevelingen, "aanbevelingen"),
        "looptijd": f"{f.datum(min(dates))} tot {f.datum(max(dates))}"
        if dates
        else f.marker("looptijd (fasen plannen)"),
        "projectverantwoordelijken": ", ".join(verantwoordelijk)
        or f.marker("projectverantwoordelijke convenantpartners (art. 7 lid 2)"),
        "capaciteit_totaal": f.uren(capaciteit),
    }


def _avg(reg: AvgRegistratie | None) -> dict[str, Any]:
    if reg is None:
        missing = f.marker("AVG-registratie")
        return {
            "status": missing,
            "referentie": missing,
            "rechten": [],
            "grondslag": missing,
            "dpia": missing,
            "verwerkingsverantwoordelijken": missing,
            "functionaris_gegevensbescherming": missing,
            "doeleinden": missing,
            "categorieen_betrokkenen": missing,
            "categorieen_persoonsgegevens": missing,
            "ontvangers": missing,
            "doorgifte": missing,
            "bewaartermijnen": missing,
            "beveiligingsmaatregelen": missing,
        }
    t = f.tekst
    return {
        "status": reg.status,
        "referentie": t(reg.referentie, "referentie AVG-registratie"),
        "verwerkingsverantwoordelijken": t(
            reg.verwerkingsverantwoordelijken, "verwerkingsverantwoordelijken"
        ),
        "functionaris_gegevensbescherming": t(
            reg.functionaris_gegevensbescherming, "functionaris gegevensbescherming"
        ),
        "doeleinden": t(reg.doeleinden, "doeleinden"),
        "categorieen_betrokkenen": t(reg.categorieen_betrokkenen, "categorieën betrokkenen"),
        "categorieen_persoonsgegevens": t(
            reg.categorieen_persoonsgegevens, "categorieën persoonsgegevens"
        ),
        "ontvangers": t(reg.ontvangers, "ontvangers"),
        "doorgifte": (
            f"ja: {t(reg.doorgifte_toelichting, 'toelichting doorgifte')}"
            if reg.doorgifte_buiten_eu
            else "nee"
        ),
        "bewaartermijnen": t(reg.bewaartermijnen, "bewaartermijnen"),
        "beveiligingsmaatregelen": t(reg.beveiligingsmaatregelen, "beveiligingsmaatregelen"),
        "grondslag": "; ".join(a.verwijzing for a in reg.grondslag) or f.marker("grondslag"),
        "dpia": f"nodig: {f.ja_nee(reg.dpia_nodig)}, uitgevoerd: {f.ja_nee(reg.dpia_uitgevoerd)}",
        "rechten": [
            {
                "partner": r.ketenpartner.naam,
                "leveren": f.ja_nee(r.mag_leveren),
                "bewerken": f.ja_nee(r.mag_bewerken),
                "inzien": f.ja_nee(r.mag_inzien),
            }
            for r in sorted(reg.rechten, key=lambda r: r.ketenpartner.naam)
        ],
    }


def build_context(
    project: Project, soort: str, versie: int, today: dt.date | None = None
) -> dict[str, Any]:
    today = today or dt.date.today()
    order = {fase: i for i, fase in enumerate(_GATES)}
    ctx: dict[str, Any] = {
        "document": {
            "soort": soort,
            "titel": SOORTEN[soort],
            "versie": versie,
            "datum": f.datum(today),
        },
        "project": _project(project),
        "partners": [
            {
                "naam": pp.ketenpartner.naam,
                "code": pp.ketenpartner.code,
                "type": pp.ketenpartner.type,
                "belang": f.tekst(pp.belang, "belang"),
                "capaciteit_uren": f.uren(pp.capaciteit_uren),
                "contactpersoon": f.tekst(pp.contactpersoon, "contactpersoon"),
                "projectverantwoordelijk": f.ja_nee(pp.projectverantwoordelijk),
            }
            for pp in sorted(project.partners, key=lambda pp: pp.ketenpartner.naam)
        ],
        "doelstellingen": [
            {
                "doel": d.doel,
                "indicator": f.tekst(d.indicator, "indicator"),
                "eenheid": d.eenheid or "",
                "nulmeting": _number(d.nulmeting),
                "streefwaarde": _number(d.streefwaarde),
                "eenmeting": _number(d.eenmeting),
                "verschil": _number(d.eenmeting - d.nulmeting)
                if d.eenmeting is not None and d.nulmeting is not None
                else f.marker("1-meting"),
            }
            for d in sorted(project.doelstellingen, key=lambda d: d.id)
        ],
        "activiteiten": [
            {
                "partner": a.ketenpartner.naam if a.ketenpartner else "gezamenlijk",
                "omschrijving": a.omschrijving,
            }
            for a in sorted(
                project.activiteiten,
                key=lambda a: (a.ketenpartner.naam if a.ketenpartner else "", a.id),
            )
        ],
        "risicos": [
            {
                "risico": r.risico,
                "beheersmaatregel": f.tekst(r.beheersmaatregel, "beheersmaatregel"),
            }
            for r in sorted(project.risicos, key=lambda r: r.id)
        ],
        "fasen": [
            {
                "fase": fs.fase,
                "gepland_start": f.datum(fs.gepland_start, "geplande start"),
                "gepland_eind": f.datum(fs.gepland_eind, "gepland einde"),
                "werkelijk_start": f.datum(fs.werkelijk_start) if fs.werkelijk_start else "-",
                "werkelijk_eind": f.datum(fs.werkelijk_eind) if fs.werkelijk_eind else "-",
                "werkelijk": _actual_period(fs.werkelijk_start, fs.werkelijk_eind),
                "poort": _GATES.get(fs.fase, "-"),
            }
            for fs in sorted(project.fasen, key=lambda fs: order.get(fs.fase, 9))
        ],
        "avg": _avg(project.avg_registratie),
        "besluiten": [
            {
                "datum": f.datum(b.datum),
                "orgaan": b.orgaan,
                "onderwerp": b.onderwerp,
                "uitkomst": b.uitkomst,
                "referentie": b.referentie or "-",
            }
            for b in db.session.scalars(
                sa.select(Besluit)
                .where(Besluit.project_id == project.id)
                .order_by(Besluit.datum, Besluit.id)
            )
        ],
        "overgangen": [
            {"datum": f.datum(t.op), "van": t.van, "naar": t.naar, "reden": t.reden or "-"}
            for t in db.session.scalars(
                sa.select(Fasetransitie)
                .where(Fasetransitie.project_id == project.id)
                .order_by(Fasetransitie.op)
            )
        ],
        "resultaten": None,
    }
    for key, fn in PROVIDERS.get(soort, []):
        ctx[key] = fn(project)
    return ctx


def sample_context() -> dict[str, Any]:
    """A context with a sample value for every catalogue field (to test-render uploads).
    A name that also has parts (``resultaten`` and ``resultaten.controles``) becomes the
    object holding those parts."""

    names = [*FIELDS, *EXTRA_FIELDS]
    ctx: dict[str, Any] = {}
    for name in names:
        if any(other.startswith((name + ".", name + "[]")) for other in names):
            continue
        node = ctx
        parts = name.split(".")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if part.endswith("[]"):
                lst = node.setdefault(part[:-2], [{}])
                node = lst[0]
            elif last:
                node[part] = "voorbeeld"
            else:
                node = node.setdefault(part, {})
    return ctx
