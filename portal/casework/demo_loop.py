"""Demo data for issue #19 parts 2, 4 and 7 on KEMPEN-HAM: follow-up types on the actions,
hours per partner for four months, an enrichment request for the next casustafel with the
answers of two partners (the others still open), dossiers for the selected addresses, and
lessons from a control and a casustafel. Idempotent: each part runs once."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from models import (
    Capaciteitsinzet,
    Casus,
    Casustafel,
    Controle,
    Ketenpartner,
    Leerpunt,
    Opvolgactie,
    Opvolgtype,
    Project,
    ProjectPartner,
    Verrijkingsverzoek,
)
from models.casus import AFGEROND, BUITEN
from models.controle import UITGEVOERD
from portal.casework import capacity, enrichment, lessons, meetings
from portal.casework import scope as cscope
from portal.extensions import db

# The words in the demo actions that name their type (as the migration maps old actions).
TYPE_WORDS = (
    ("Hercontrole", ("hercontrole",)),
    ("Terugvordering", ("terugvorder",)),
    ("Informatiebrief eigenaar", ("eigenaar",)),
    ("Handhaving", ("dwangsom", "handhav", "boete")),
    ("Partners informeren", ("uitkering", "brp", "inschrijven", "adresonderzoek")),
)
MONTHS = (dt.date(2019, 2, 1), dt.date(2019, 3, 1), dt.date(2019, 4, 1), dt.date(2019, 5, 1))
NEXT_MEETING_NOTE = "Volgende casustafel (demo: verrijkingsverzoek)"


def load() -> None:
    project = db.session.scalar(sa.select(Project).where(Project.code == "KEMPEN-HAM"))
    if project is None or not db.session.scalar(
        sa.select(Casus.id).where(Casus.project_id == project.id).limit(1)
    ):
        return
    with cscope.acting_as_system():
        _types(project)
        _capacity(project)
        _enrichment(project)
        _lessons(project)
        db.session.flush()


def _types(project: Project) -> None:
    types = {t.naam: t for t in db.session.scalars(sa.select(Opvolgtype))}
    for action in db.session.scalars(
        sa.select(Opvolgactie).where(
            Opvolgactie.project_id == project.id, Opvolgactie.opvolgtype_id.is_(None)
        )
    ):
        text = action.omschrijving.lower()
        naam = next((n for n, words in TYPE_WORDS if any(w in text for w in words)), "Overig")
        if naam in types:
            action.opvolgtype = types[naam]


def _capacity(project: Project) -> None:
    if db.session.scalar(
        sa.select(Capaciteitsinzet.id).where(Capaciteitsinzet.project_id == project.id).limit(1)
    ):
        return
    partners = db.session.execute(
        sa.select(ProjectPartner.ketenpartner_id, ProjectPartner.capaciteit_uren, Ketenpartner.code)
        .join(Ketenpartner, Ketenpartner.id == ProjectPartner.ketenpartner_id)
        .where(ProjectPartner.project_id == project.id)
        .order_by(Ketenpartner.code)
    ).all()
    for i, (kp, uren, _code) in enumerate(partners[:5]):
        per_month = max(4, (uren or 40) // len(MONTHS))
        for j, month in enumerate(MONTHS):
            # realised runs behind for some partners (002 knelpunt 1); May still open
            realised = None if j == len(MONTHS) - 1 else per_month - ((i + j) % 3) * 2
            capacity.record(project.id, kp, month, per_month, realised, None)


def _enrichment(project: Project) -> None:
    if db.session.scalar(
        sa.select(Verrijkingsverzoek.id).where(Verrijkingsverzoek.project_id == project.id).limit(1)
    ):
        return
    open_cases = list(
        db.session.scalars(
            sa.select(Casus)
            .where(Casus.project_id == project.id, Casus.status.not_in((AFGEROND, BUITEN)))
            .order_by(Casus.adres_sleutel)
            .limit(3)
        )
    )
    partner_ids = sorted({p.ketenpartner_id for c in open_cases for p in c.partners})
    day = dt.date.today() + dt.timedelta(days=14)
    tafel = meetings.create_meeting(
        project.id, day, partner_ids, [c.id for c in open_cases], None, NEXT_MEETING_NOTE
    )
    verzoek = enrichment.send_request(tafel, None, day - dt.timedelta(days=3))
    answering = sorted({a.ketenpartner_id for a in verzoek.antwoorden})[:2]
    for n, row in enumerate(a for a in verzoek.antwoorden if a.ketenpartner_id in answering):
        if row.ketenpartner_id == answering[1] and n % 2:
            continue  # the second partner has not answered everything yet
        enrichment.answer(
            row,
            ("Ja", "Onbekend", "Nee")[n % 3],
            ("Nieuwe melding ontvangen", None, "Situatie hersteld na controle")[n % 3],
        )


def _lessons(project: Project) -> None:
    if db.session.scalar(sa.select(Leerpunt.id).where(Leerpunt.project_id == project.id).limit(1)):
        return
    controle = db.session.scalar(
        sa.select(Controle)
        .where(Controle.project_id == project.id, Controle.status == UITGEVOERD)
        .order_by(Controle.datum)
        .limit(1)
    )
    tafel = db.session.scalar(
        sa.select(Casustafel)
        .where(Casustafel.project_id == project.id)
        .order_by(Casustafel.datum)
        .limit(1)
    )
    gemeenten = lessons.gemeenten(project.id)
    if controle is not None:
        lessons.add_lesson(
            project.id,
            "Politie vooraf laten meekijken naar de adressenlijst; bij één adres bleek de "
            "veiligheidsinschatting te licht.",
            controle_id=controle.id,
            categorie="Veiligheid",
            gemeente_id=gemeenten[0].id if gemeenten else None,
        )
        lessons.add_lesson(
            project.id,
            "Formulieren per partner vooraf klaarleggen scheelt een half uur per adres.",
            controle_id=controle.id,
            categorie="Voorbereiding",
        )
    if tafel is not None:
        lessons.add_lesson(
            project.id,
            "Eigenaar en deadline per actie direct aan tafel vastleggen; zonder eigenaar bleef "
            "de opvolging liggen.",
            casustafel_id=tafel.id,
            categorie="Opvolging",
            gemeente_id=gemeenten[-1].id if gemeenten else None,
        )
