"""Generating, storing, submitting and serving document versions - with the role rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re

import sqlalchemy as sa
from docx import Document as Docx
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from flask_appbuilder.security.sqla.models import User
from flask_babel import lazy_gettext as _l

from models import Document, Project
from portal import access, notifications, process, roles
from portal.documents import completeness, templates
from portal.documents.catalogue import SOORTEN
from portal.documents.context import build_context, load_project, person
from portal.documents.formatting import marker
from portal.documents.render import render
from portal.errors import AccessDenied, NotFound, RuleViolation
from portal.extensions import db, use_case

log = logging.getLogger(__name__)
_MARKER = re.compile(re.escape(marker("")[:-1]) + r"[^\]]*\]")


def _check_soort(soort: str) -> None:
    if soort not in SOORTEN:
        raise RuleViolation({"soort": [str(_l("Onbekende documentsoort: %(soort)s", soort=soort))]})


# Who drafts which document, among the project's editors: the raadsinformatiebrief is the
# municipality's letter to its council, drafted by the gemeentelijk projectleider (as the
# collegebesluit is, DOMAIN.md) - not by the RCF, who co-edits the project but speaks for the
# RPF/LSI side, nor by the secretary, the privacy officer or a partner. The Beheerder may, as
# he may log any body's decision (process.LOGGED_BY): to repair records. Every other type:
# whoever may edit the project.
DRAFTED_BY: dict[str, frozenset[str]] = {
    "raadsinformatiebrief": frozenset({roles.PROJECTLEIDER, roles.BEHEERDER}),
}


def may_generate(project_id: int, scope: access.Scope, soort: str | None = None) -> bool:
    """May the user generate ``soort`` (None: any document type) for this project?"""
    if not access.project_allowed(project_id, access.editable_projects(scope)):
        return False
    drafted_by = DRAFTED_BY.get(soort or "")
    return drafted_by is None or bool(scope.roles & drafted_by)


def generatable(project_id: int, scope: access.Scope) -> list[str]:
    """The document types the user may generate for the project (screens, "alle documenten")."""
    return [s for s in SOORTEN if may_generate(project_id, scope, s)]


def markers_in(data: bytes) -> list[str]:
    """The "[nog in te vullen: ...]" markers in a rendered .docx: body, tables (nested ones
    too), headers and footers - what a reader of the document sees."""
    doc = Docx(io.BytesIO(data))
    texts = [
        t.text or ""
        for part in doc.part.package.iter_parts()
        if isinstance(part, XmlPart) and str(part.partname).startswith("/word/")
        for t in part.element.iter(qn("w:t"))
    ]
    # Joined, so a marker docxtpl or Word split over runs is found as well.
    return _MARKER.findall("".join(texts))


def may_submit(project_id: int, scope: access.Scope) -> bool:
    return bool(scope.roles & {roles.RCF, roles.BEHEERDER}) and may_generate(project_id, scope)


def may_download(doc: Document, scope: access.Scope) -> bool:
    if roles.KETENPARTNER in scope.roles and not (scope.roles - {roles.KETENPARTNER}):
        # Partners read no project documents - except the versions put to their organisation
        # in a review round (portal.review, issue #18).
        from portal import review

        return review.shared_with(doc, scope) and access.project_allowed(
            doc.project_id, access.visible_projects(scope)
        )
    if not access.project_allowed(doc.project_id, access.visible_projects(scope)):
        return False
    if scope.roles <= {roles.SECRETARIS, roles.KETENPARTNER}:
        return doc.status in process.LSI_VISIBLE
    return True


def visible_documents(project_id: int, scope: access.Scope) -> list[Document]:
    docs = db.session.scalars(
        sa.select(Document)
        .where(Document.project_id == project_id)
        .order_by(Document.soort, Document.versie.desc())
    ).all()
    return [d for d in docs if may_download(d, scope)]


def _author(user_id: int | None) -> str | None:
    """The name the .docx gives as its author: who generated it."""
    return person(db.session.get(User, user_id)) if user_id else None


@use_case
def generate(
    project_id: int,
    soort: str,
    user_id: int | None,
    scope: access.Scope | None = None,
    today: dt.date | None = None,
) -> Document:
    """Render the next version of a document type from the current data: NotFound outside
    the user's projects, AccessDenied where he may read but not generate."""
    scope = scope or access.current_scope()
    if not access.project_allowed(project_id, access.visible_projects(scope)):
        raise NotFound()
    _check_soort(soort)
    if not may_generate(project_id, scope, soort):
        raise AccessDenied()
    project = load_project(project_id)
    template = templates.active(soort)
    last = (
        db.session.scalar(
            sa.select(sa.func.max(Document.versie)).where(
                Document.project_id == project_id, Document.soort == soort
            )
        )
        or 0
    )
    context = build_context(project, soort, last + 1, today)
    try:
        data = render(template.inhoud, context, author=_author(user_id))
    except RuleViolation:
        raise
    except Exception as e:  # noqa: BLE001 - whatever the template's own code raised
        # A template that passed an older validation and fails now (a sandbox refusal, an
        # unknown field, a division by zero): the administrator's to mend, not a 500.
        log.warning("template %s v%s failed: %r", soort, template.versie, e)
        raise RuleViolation(
            {
                "sjabloon": [
                    str(
                        _l(
                            "Het actieve sjabloon voor %(soort)s kan niet worden gebruikt "
                            "(%(fout)s). Vraag functioneel beheer een werkend sjabloon te "
                            "uploaden.",
                            soort=soort,
                            fout=getattr(e, "message", None) or type(e).__name__,
                        )
                    )
                ]
            }
        ) from e
    # Complete means honest: nothing required is missing AND the text the reader gets has no
    # "[nog in te vullen: ...]" (an administrator's template may print fields no rule asks for).
    compleet = not completeness.missing(project, soort) and not markers_in(data)
    doc = Document(
        project_id=project_id,
        soort=soort,
        versie=last + 1,
        status=process.CONCEPT,
        compleet=compleet,
        template_versie=template.versie,
        template_sha256=template.sha256,
        gegenereerd_door_id=user_id,
        bestandsnaam=filename(project, soort, last + 1),
        inhoud=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(doc)
    return doc


def filename(project: Project, soort: str, versie: int, ext: str = "docx") -> str:
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", project.code)
    return f"{code}-{soort}-v{versie}.{ext}"


@use_case
def submit(
    doc: Document,
    target: str,
    user_id: int | None,
    scope: access.Scope | None = None,
    bijlagen: list[int] | None = None,
) -> Document:
    """RCF submits a version to the RPF, then (the same or a later version) to the LSI,
    with the chosen attachment versions of the project (``bijlagen``: their ids). A
    projectplan or eindrapportage goes to the RPF only after its partner review round."""
    scope = scope or access.current_scope()
    if target not in process.SUBMISSIONS:
        raise RuleViolation({"target": [str(_l("Indienen kan bij RPF of LSI."))]})
    if not may_submit(doc.project_id, scope):
        raise AccessDenied()
    if not doc.compleet:
        project = load_project(doc.project_id)
        # What is missing now, else what the version itself still marks as to be filled in.
        labels = [m.label for m in completeness.missing(project, doc.soort)] or (
            markers_in(doc.inhoud) if doc.inhoud else []
        )
        raise RuleViolation(
            {
                "document": [
                    str(
                        _l(
                            "Deze versie mist verplichte gegevens en kan niet worden "
                            "ingediend: %(velden)s",
                            velden=", ".join(labels)
                            if labels
                            else _l("genereer een nieuwe versie"),
                        )
                    )
                ]
            }
        )
    route = process.route(doc.soort)
    if route is None or not route.submitted:
        raise RuleViolation(
            {
                "document": [
                    str(
                        _l("Een collegebesluit gaat naar het college, niet naar RPF of LSI.")
                        if doc.soort == "collegebesluit"
                        else _l(
                            "Een raadsinformatiebrief informeert de gemeenteraad; hij wordt niet "
                            "bij RPF of LSI ingediend."
                        )
                    )
                ]
            }
        )
    if doc.status not in process.SUBMITTABLE_FROM[target]:
        raise RuleViolation({"document": [str(_l("Dien deze versie eerst in bij het RPF."))]})
    from portal import review, workflow
    from portal.attachments import store as attachments

    if target == process.RPF:
        missing = workflow.decisions_missing_before(load_project(doc.project_id), doc.soort)
        if missing:
            raise RuleViolation(
                {
                    "document": [
                        str(
                            _l(
                                "Dien deze versie pas in na het GO-besluit: %(wat)s",
                                wat="; ".join(f"{r.label} ({r.hint})" for r in missing),
                            )
                        )
                    ]
                }
            )
    review.check_submission(doc, target)  # refuses, or freezes the partners' answers
    attachments.attach_to_submission(doc, target, list(bijlagen or []))
    doc.status = process.SUBMISSIONS[target]
    doc.ingediend_op = dt.datetime.now(dt.UTC)
    doc.ingediend_door_id = user_id
    notifications.document_submitted(doc, target, user_id)  # the body's people (same transaction)
    return doc
