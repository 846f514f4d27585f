"""The kinds of background job: each calls the service that owns the rule, in that service's
own transaction (one attempt, one transaction). Parameters and results are ids and counts.

Jobs a user starts run with that user's rights (``_scope``): a job is no way around them.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_appbuilder.security.sqla.models import User
from flask_babel import lazy_gettext as _l

from models import Document, Signaallevering
from portal import access, retention
from portal.documents import pdf, pdf_store
from portal.documents.catalogue import SOORTEN
from portal.errors import RuleViolation
from portal.extensions import db, transaction, use_case
from portal.jobs import Report, kind
from portal.signals import coupling, importer

GONE = _l("Wat deze taak zou verwerken, bestaat niet meer.")


def _scope(parameters: dict[str, Any]) -> access.Scope:
    user = db.session.get(User, parameters.get("user_id") or 0)
    if user is None or not user.active:
        raise RuleViolation({"_": [str(_l("De gebruiker die deze taak startte, is niet actief."))]})
    return access.scope_for(user)


def _levering(parameters: dict[str, Any]) -> Signaallevering:
    levering = db.session.get(Signaallevering, parameters["levering_id"])
    if levering is None:
        raise RuleViolation({"_": [str(GONE)]})
    return levering


def _delivery_result(levering: Signaallevering) -> dict[str, Any]:
    return {
        "levering_id": levering.id,
        "status": levering.status,
        "totaal": levering.rijen_totaal,
        "geldig": levering.rijen_geldig,
        "fout": levering.rijen_fout,
        "opgeslagen": levering.rijen_opgeslagen,
    }


@kind("levering_controle", _l("Signalenbestand controleren"))
def check_delivery(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """Every row of an uploaded file checked; nothing stored until the partner confirms."""
    with transaction():
        levering = _levering(parameters)
        importer.preview(levering, report)
        return _delivery_result(levering)


@kind("levering_opslaan", _l("Signalen opslaan en koppelen"))
def store_delivery(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    levering = _levering(parameters)
    importer.confirm(levering, report)
    return _delivery_result(levering)


@kind("documenten", _l("Documenten genereren"))
@use_case
def render_all(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """Every document type of a project, the next version of each, in one transaction: a
    template that fails leaves no half set."""
    from portal.documents import service

    scope, project_id = _scope(parameters), parameters["project_id"]
    # Only the types the starter may generate (the raadsinformatiebrief is the projectleider's).
    allowed = service.generatable(project_id, scope)
    soorten = [s for s in parameters.get("soorten") or SOORTEN if s in allowed]
    made = []
    for done, soort in enumerate(soorten):
        report(done, len(soorten))
        doc = service.generate(project_id, soort, parameters.get("user_id"), scope=scope)
        db.session.flush()
        made.append({"document_id": doc.id, "soort": soort, "versie": doc.versie})
    return {"project_id": project_id, "documenten": made}


@kind("pdf", _l("PDF maken"))
def make_pdf(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """The PDF of a document version, made by the LibreOffice converter of this worker and
    kept with the version (it never changes)."""
    doc_id = parameters["document_id"]
    if db.session.get(Document, doc_id) is None:
        raise RuleViolation({"_": [str(GONE)]})
    report(1, 3)
    try:
        data = pdf_store.make(doc_id)
    except pdf.PdfUnavailable as e:
        raise RuleViolation({"pdf": [str(e)]}) from e
    return {"document_id": doc_id, "bytes": len(data)}


@kind("koppeling", _l("Bestandskoppeling opnieuw opbouwen"))
@use_case
def rebuild_coupling(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    project_id = parameters["project_id"]
    adressen = coupling.refresh(project_id)
    return {"project_id": project_id, "adressen": adressen, **coupling.counts(project_id)}


@kind("bewaartermijn", _l("Persoonsgegevens verwijderen (bewaartermijn)"))
def purge(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """Each due project in its own transaction (retention.apply): one that fails keeps its
    data and the ones before it stay purged."""
    items = retention.due()
    done = retention.apply(items)
    return {"projecten": [i.to_json() for i in done]}


@kind("uploads_opruimen", _l("Achtergebleven uploadbestanden opruimen"))
def sweep_uploads(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    hours = parameters.get("uren", current_app.config.get("UPLOAD_ORPHAN_HOURS", 6))
    return {"verwijderd": len(importer.sweep(float(hours)))}


@kind("herinneringen", _l("Herinneringen en meldingen versturen"))
def reminders(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """The daily run: what fell due today is queued, what is queued is sent (the same code as
    ``flask lsi reminders --send``)."""
    from portal import notifications

    return notifications.run_reminders(send=True).to_json()


@kind("termijnwaarschuwingen", _l("Termijnwaarschuwingen eindrapportage versturen"))
def deadline_warnings(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """``flask lsi reminders --send --eindrapportage`` on its own schedule."""
    from portal import notifications

    return notifications.run_reminders(send=True, what=notifications.DEADLINES).to_json()


@kind("meldingen_versturen", _l("Wachtende e-mails versturen"))
def send_mail(parameters: dict[str, Any], report: Report) -> dict[str, Any]:
    """Every few minutes: the mails events queued since (a decision, a submission ...)."""
    from portal import notifications

    if not notifications.sender.configured():
        return {"verzonden": 0, "mailserver_ingesteld": False}
    sent = notifications.send_pending()
    return {
        "verzonden": len([m for m in sent if not m.fout]),
        "mislukt": len([m for m in sent if m.fout]),
    }
