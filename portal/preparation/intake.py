"""The O&A intake (seed 001 par. 2.8): what makes it complete for the projectvoorstel, and
its section "Intake Onderzoek & Analyse" in that document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Bijlage, OaIntake, Project
from portal.documents import formatting as f
from portal.extensions import db
from portal.rules import Errors, rule

# The results the seed asks of the intake; the report itself (samenvatting, verslag) is extra.
REQUIRED_FIELDS = (
    "analist_uren",
    "tijdpad",
    "aard_omvang",
    "indicatoren",
    "bronnen",
    "planning_analist",
)


def intake_of(project: Project) -> OaIntake | None:
    return project.oa_intake


def is_complete(project: Project) -> bool:
    intake = intake_of(project)
    return intake is not None and all(
        getattr(intake, name) not in (None, "") for name in REQUIRED_FIELDS
    )


def fix_endpoint(project: Project) -> tuple[str, dict]:
    """Where the missing intake is filled in (for portal.documents.completeness)."""
    intake = intake_of(project)
    if intake is None:
        return "OaIntakeView.add", {"_flt_0_project": project.id}
    missing = next((n for n in REQUIRED_FIELDS if getattr(intake, n) in (None, "")), None)
    return "OaIntakeView.edit", {"pk": intake.id, "_anchor": missing or "analist_uren"}


@rule(OaIntake)
def _intake(values: Mapping[str, Any], row_id: int | None) -> Errors:
    errors: Errors = {}
    hours = values.get("analist_uren")
    if hours not in (None, "") and int(hours) < 0:
        errors["analist_uren"] = [_l("Vul een getal van 0 of hoger in.")]
    project = values.get("project")
    project_id = project.id if project is not None else values.get("project_id")
    if project_id is not None:
        # One intake per project. Checked before the flush: assigning a second one to the
        # project would otherwise replace (and delete) the first.
        with db.session.no_autoflush:
            q = sa.select(OaIntake.id).where(OaIntake.project_id == int(project_id))
            if row_id is not None:
                q = q.where(OaIntake.id != int(row_id))
            if db.session.scalar(q) is not None:
                errors["project"] = [
                    _l(
                        "Bestaat al: dit project heeft al een intake O&A. Bewerk die in plaats "
                        "van een nieuwe."
                    )
                ]
    return errors


def for_document(project: Project) -> dict[str, Any]:
    intake = intake_of(project)
    t = f.tekst
    if intake is None:
        missing = f.marker("intake O&A")
        return {
            "datum": missing,
            "analist_uren": missing,
            "tijdpad": missing,
            "aard_omvang": missing,
            "indicatoren": missing,
            "bronnen": missing,
            "planning_analist": missing,
            "samenvatting": "-",
            "verslag": missing,
        }
    return {
        "datum": f.datum(intake.datum_intake, "datum intake"),
        "analist_uren": f.uren(intake.analist_uren, "uren analist"),
        "tijdpad": t(intake.tijdpad, "indicatief tijdpad"),
        "aard_omvang": t(intake.aard_omvang, "aard en omvang van het probleem"),
        "indicatoren": t(intake.indicatoren, "indicatoren"),
        "bronnen": t(intake.bronnen, "bronnen voor de analyse"),
        "planning_analist": t(intake.planning_analist, "planning inzet analist"),
        "samenvatting": intake.samenvatting or "-",
        "verslag": _report(project)
        or intake.verslag_referentie
        or "nog niet als bijlage opgeslagen",
    }


def _report(project: Project) -> str | None:
    """The intake report kept in the project's attachments (portal.attachments), if any."""
    bijlage = db.session.scalar(
        sa.select(Bijlage)
        .where(Bijlage.project_id == project.id, Bijlage.soort == "Intakerapport")
        .order_by(Bijlage.id.desc())
        .limit(1)
    )
    latest = bijlage.laatste if bijlage is not None else None
    if latest is None:
        return None
    return f"bijlage {bijlage.titel}, versie {latest.versie}"


DOCUMENT_FIELDS = {
    "intake.datum": "datum van de intake met O&A",
    "intake.analist_uren": "capaciteit analyse (uren analist), bijv. 120 uur",
    "intake.tijdpad": "indicatief tijdpad van het project",
    "intake.aard_omvang": "aard en omvang van het probleem in relatie tot de inzet van de "
    "ketenpartners",
    "intake.indicatoren": "toe te passen indicatoren",
    "intake.bronnen": "bronnen voor de analyse",
    "intake.planning_analist": "indicatieve planning van de inzet van de analist",
    "intake.samenvatting": "samenvatting van het intakeverslag",
    "intake.verslag": "waar het intakeverslag van O&A te vinden is",
}
