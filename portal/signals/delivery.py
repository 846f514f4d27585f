"""A partner's delivery as screens and API see it: small files are checked and stored while
the request waits; a file of ``JOB_DELIVERY_BYTES`` or more is handed to a job, so no request
waits for a large file (the 60 MB limit takes tens of seconds to check and store).

The rule which way a delivery goes is here, once, for screen and API alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from models import Signaallevering, Taak
from models.signaallevering import TER_CONTROLE
from models.taak import AFGELOPEN
from portal import jobs
from portal.errors import RuleViolation
from portal.extensions import db, use_case
from portal.signals import importer

CHECK, STORE = "levering_controle", "levering_opslaan"


@dataclass
class Outcome:
    levering: Signaallevering
    taak: Taak | None = None  # set when the work goes on in a job
    opgeslagen: int | None = None


def _large(levering: Signaallevering) -> bool:
    path = Path(levering.bestand_pad or "")
    limit = int(current_app.config.get("JOB_DELIVERY_BYTES", 2 * 1024 * 1024))
    return path.is_file() and path.stat().st_size >= limit


def running_job(levering: Signaallevering) -> Taak | None:
    """The job still working on this delivery, if any (checked or being stored)."""
    for taak in db.session.scalars(
        sa.select(Taak)
        .where(
            Taak.project_id == levering.project_id,
            Taak.soort.in_((CHECK, STORE)),
            Taak.status.not_in(AFGELOPEN),
        )
        .order_by(Taak.aangemaakt_op.desc())
    ):
        if (taak.parameters or {}).get("levering_id") == levering.id:
            return taak
    return None


@use_case
def deliver(
    stream: IO[bytes],
    filename: str,
    project_id: int,
    partner_id: int,
    user_id: int | None,
    limit: int | None = None,
) -> Outcome:
    """Keep the file aside and check it: now, or in a job when it is large."""
    levering = importer.receive(stream, filename, project_id, partner_id, user_id, limit)
    if _large(levering):
        taak = jobs.submit(CHECK, project_id=project_id, user_id=user_id, levering_id=levering.id)
        return Outcome(levering, taak)
    importer.preview(levering)
    return Outcome(levering)


@use_case
def confirm(levering: Signaallevering, user_id: int | None) -> Outcome:
    """Store the checked rows: now, or in a job when the file is large."""
    if levering.status != TER_CONTROLE:
        raise RuleViolation({"levering": [str(_l("Deze levering is al afgehandeld."))]})
    if running_job(levering) is not None:
        raise RuleViolation(
            {"levering": [str(_l("Deze levering wordt nog verwerkt; wacht tot dat klaar is."))]}
        )
    if _large(levering):
        taak = jobs.submit(
            STORE, project_id=levering.project_id, user_id=user_id, levering_id=levering.id
        )
        return Outcome(levering, taak)
    return Outcome(levering, opgeslagen=importer.confirm(levering))
