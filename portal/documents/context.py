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
from models.keuzelijsten import FASEN
from models.thema import THEMAGERICHT
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


# The phases in which an eindrapportage is still a concept: all before Afronding.
_BEFORE_AFRONDING = FASEN[: FASEN.index("Afronding")]


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
            selectinload(Project.themas),
            selectinload(Project.lsi_jaarthema),
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
        "projectgebied": t(p.projectgebied, "projectgebied (postcodes)")
        if p.projectgebied or p.gericht_op != THEMAGERICHT
        else "geen eigen gebied: het project richt zich op een thema of fenomeen in de "
        "deelnemende gemeenten",
        "gericht_op": p.gericht_op,
        "themas": ", ".join(th.naam for th in p.themas) or f.marker("thema's"),
        "lsi_jaarthema": p.lsi_jaarthema.naam if p.lsi_jaarthema else f.marker("LSI-jaarthema"),
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
        # The structured intake (portal.preparation.intake) keeps the former free text.
        "intake_oa": t(p.oa_intake.samenvatting if p.oa_intake else None, "intakeverslag O&A"),
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
        **_municipal(p),
    }


def _municipal(p: Project) -> dict[str, Any]:
    """The collegebesluit's and the raadsinformatiebrief's own fields (seed 002's
    Informatienota raad, seed 001 par. 2.7). Each is required for those two documents
    (completeness.py), so a missing one is a marker there."""
    t = f.tekst
    rcf = t(person(p.rcf_adviseur), "RCF-adviseur")
    return {
        "organisatieonderdeel": t(p.organisatieonderdeel, "organisatieonderdeel"),
        "voor_vragen_telefoon": t(p.voor_vragen_telefoon, "telefoonnummer voor vragen"),
        "voor_vragen_email": t(p.voor_vragen_email, "e-mailadres voor vragen"),
        "datum_college": f.datum(p.datum_college, "datum B&W-vergadering"),
        "datum_raadsinformatiebrief": f.datum(
            p.datum_raadsinformatiebrief, "datum raadsinformatiebrief"
        ),
        "kernboodschap": t(p.kernboodschap, "kernboodschap"),
        "beoogd_resultaat": t(p.beoogd_resultaat, "beoogd resultaat"),
        "beoogde_voordelen": t(p.beoogde_voordelen, "beoogde voordelen"),
        # These two end a numbered decision point ("...: <text>;"): no full stop of their own.
        "inzet_gemeente": _inline(
            t(p.inzet_gemeente, "personeel en administratieve ondersteuning")
        ),
        "prioriteit_backoffice": _inline(t(p.prioriteit_backoffice, "prioriteit back-office")),
        # Seed 001 par. 2.7 makes the RCF adviser as co-projectleider optional ("evt."): one
        # decision point either way, so the numbering of the points never has a gap.
        "rcf_rol": (
            f"de RCF-adviseur {rcf} namens de gemeente aan te wijzen als mede-projectleider"
            if p.rcf_mede_projectleider
            else f"de RCF-adviseur {rcf} als adviseur bij het project te betrekken; de "
            "gemeentelijk projectleider leidt het project"
        ),
        "vervolg": t(p.vervolg, "vervolg"),
        "gemeentesecretaris": t(p.gemeentesecretaris, "gemeentesecretaris"),
        "burgemeester": t(p.burgemeester, "burgemeester"),
    }


def _inline(text: str) -> str:
    return text.rstrip(" .;")


def _count(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def _summary(project: Project, ctx: dict[str, Any]) -> list[dict[str, str]]:
    """The eindrapportage's Samenvatting written from the data: period, partners, controls,
    findings, follow-up and effect - one paragraph each, only from what is recorded."""
    p = ctx["project"]
    period = (
        f"liep van {p['looptijd']}"
        if not _is_marker(p["looptijd"])
        else f"heeft nog geen geplande looptijd {p['looptijd']}"
    )
    out = [
        f"Het interventieproject {p['naam']} ({p['code']}) {period} in de gemeenten "
        f"{p['gemeenten']}. Het project is nu in de fase {p['fase']}."
    ]
    partners = ctx["partners"]
    if partners:
        names = [pt["naam"] for pt in partners]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
        out.append(
            f"Deelnemende partners ({len(names)}): {joined}, met een geplande inzet van samen "
            f"{p['capaciteit_totaal']}."
        )
    res = ctx.get("resultaten") or {}
    if res:
        out.append(
            f"Het team hield {_count(res.get('controles') or 0, 'controle', 'controles')}, "
            f"bezocht {_count(res.get('adressen_bezocht') or 0, 'adres', 'adressen')} en "
            f"trof {_count(res.get('personen') or 0, 'persoon', 'personen')} aan."
        )
        per_cat = [c for c in res.get("bevindingen_per_categorie") or [] if c.get("aantal")]
        if per_cat:
            top = sorted(per_cat, key=lambda c: -c["aantal"])[:3]
            total = res.get("bevindingen") or sum(c["aantal"] for c in per_cat)
            out.append(
                f"Het team legde {_count(total, 'bevinding', 'bevindingen')} vast, de meeste "
                "in: " + ", ".join(f"{c['categorie']} ({c['aantal']})" for c in top) + "."
            )
        acties = res.get("acties_per_partner") or []
        if acties:
            n = sum(a.get("acties") or 0 for a in acties)
            done = sum(a.get("afgerond") or 0 for a in acties)
            out.append(
                f"Opvolging: {_count(n, 'opvolgactie', 'opvolgacties')} bij "
                f"{_count(len(acties), 'partner', 'partners')}, waarvan {done} afgerond en "
                "teruggekoppeld."
            )
    else:
        out.append("Er zijn (nog) geen controles en bevindingen vastgelegd.")
    measured = [
        d
        for d in sorted(project.doelstellingen, key=lambda d: d.id)
        if d.nulmeting is not None and d.eenmeting is not None
    ]
    if measured:
        parts = [
            f"{d.doel}: van {_number(d.nulmeting)} naar {_number(d.eenmeting)}"
            + (f" (streefwaarde {_number(d.streefwaarde)})" if d.streefwaarde is not None else "")
            for d in measured
        ]
        out.append("Effect (0-meting naar 1-meting): " + "; ".join(parts) + ".")
    elif project.doelstellingen:
        out.append("De 1-meting is nog niet gedaan; het effect is nog niet vastgesteld.")
    return [{"tekst": text} for text in out]


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
        # No completeness rule asks for the reference (a draft has none yet): a sentence.
        "referentie": reg.referentie.strip()
        if reg.referentie and reg.referentie.strip()
        else "nog niet toegekend",
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
            # An eindrapportage before Afronding cannot be the final one: its title says so.
            "concept": "Concept – "
            if soort == "eindrapportage" and project.fase in _BEFORE_AFRONDING
            else "",
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
    _neutral(ctx, soort)
    ctx["samenvatting"] = _summary(project, ctx) if soort == "eindrapportage" else []
    return ctx


_MUNICIPAL_DOCS = ("collegebesluit", "raadsinformatiebrief")
_NOT_SET = "niet vastgelegd"
# Honest documents: a "[nog in te vullen: ...]" marker only where completeness.py requires the
# field for this document type (then the version is not complete anyway); an optional field
# that is empty reads as a plain sentence. field -> (sentence, types that require it).
OPTIONAL_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "initiatiefnemer": (_NOT_SET, ()),
    "themas": ("geen", ()),
    "lsi_jaarthema": ("geen", ()),
    "prioritering_draagvlak": (_NOT_SET, ()),
    "prioritering_flankerend_beleid": (_NOT_SET, ()),
    "prioritering_actualiteit": (_NOT_SET, ()),
    "analist": ("nog niet toegewezen", ()),
    "nulmeting": (
        "Er is geen aparte beschrijving van de 0-meting; de waarden staan per indicator bij "
        "de doelstellingen.",
        (),
    ),
    "eenmeting": (
        "Er is geen aparte beschrijving van de 1-meting; de waarden staan per indicator bij "
        "de doelstellingen.",
        (),
    ),
    "communicatie": ("Er zijn (nog) geen communicatieafspraken vastgelegd.", _MUNICIPAL_DOCS),
    "begroting": ("nog niet begroot", _MUNICIPAL_DOCS),
    "begroting_toelichting": (
        "Er is (nog) geen toelichting op de kosten en dekking vastgelegd.",
        _MUNICIPAL_DOCS,
    ),
}
# Parts of rows no completeness rule asks for.
_OPTIONAL_ROW_FIELDS = {
    "partners": {"belang": _NOT_SET, "contactpersoon": _NOT_SET},
    "doelstellingen": {"streefwaarde": "-"},
    "risicos": {"beheersmaatregel": "geen maatregel vastgelegd"},
    "fasen": {"gepland_start": "niet gepland", "gepland_eind": "niet gepland"},
}


def _is_marker(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(f.marker("")[:-1])


def _neutral(ctx: dict[str, Any], soort: str) -> None:
    """Replace the markers of fields this document type does not require by sentences."""
    project = ctx["project"]
    for name, (sentence, required_in) in OPTIONAL_FIELDS.items():
        if soort not in required_in and _is_marker(project.get(name)):
            project[name] = sentence
    for rows, fields in _OPTIONAL_ROW_FIELDS.items():
        for row in ctx[rows]:
            for name, sentence in fields.items():
                if _is_marker(row.get(name)):
                    row[name] = sentence
    avg = ctx["avg"]
    if soort != "projectplan":  # only the projectplan requires the AVG registration
        for name, value in avg.items():
            if _is_marker(value):
                avg[name] = (
                    "nog geen AVG-registratie (volgt in de Voorbereiding, vóór de uitvraag)"
                    if name == "status"
                    else _NOT_SET
                )
    else:  # a registration that exists: its open fields are no rule's either
        for name, value in avg.items():
            if _is_marker(value) and value != f.marker("AVG-registratie"):
                avg[name] = _NOT_SET


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
