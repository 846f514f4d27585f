"""The rules and use cases of project attachments: who sees and adds them, versions,
content checks and the virus scan on every upload, submission with a document version,
and retention of the files that hold personal data.

Rights: who reads a project's documents reads its attachments (``roles.BIJLAGE`` read and
the project in ``access.visible_projects``); the project staff - who may change the project
(``access.editable_projects``) - add them and their versions. The LSI secretary, who sees
only what was put before the LSI, reads only the attachment versions that went with a
submission to the LSI. Partners see no attachments: intake reports and questionnaires are
about residents, and a partner reviews the document version itself (portal.review)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from models import Document
from models.bijlage import (
    BIJLAGE_SOORTEN,
    PERSOONLIJKE_SOORTEN,
    Bijlage,
    BijlageVersie,
    IndieningBijlage,
)
from portal import access, roles
from portal.attachments import filetypes, virusscan
from portal.errors import AccessDenied, NotFound, RuleViolation
from portal.extensions import db, use_case
from portal.retention import register_purger

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _only_lsi(scope: access.Scope) -> bool:
    """The secretary (alone or with a partner role) reads only what went to the LSI."""
    return not scope.reads_all_projects and scope.roles <= {roles.SECRETARIS, roles.KETENPARTNER}


def _reads(scope: access.Scope) -> bool:
    if scope.is_admin:
        return True
    return any(
        roles.READ in roles.ROLE_RIGHTS.get(r, {}).get(roles.BIJLAGE, ()) for r in scope.roles
    )


def may_read_project(project_id: int, scope: access.Scope) -> bool:
    return _reads(scope) and access.project_allowed(project_id, access.visible_projects(scope))


def may_upload(project_id: int, scope: access.Scope) -> bool:
    writes = scope.is_admin or any(
        roles.WRITE in roles.ROLE_RIGHTS.get(r, {}).get(roles.BIJLAGE, ()) for r in scope.roles
    )
    return writes and access.project_allowed(project_id, access.editable_projects(scope))


def _lsi_version_ids(project_id: int) -> sa.Select:
    return sa.select(IndieningBijlage.bijlage_versie_id).where(
        IndieningBijlage.project_id == project_id, IndieningBijlage.bij == "LSI"
    )


def may_download(versie: BijlageVersie, scope: access.Scope) -> bool:
    if not may_read_project(versie.project_id, scope):
        return False
    if _only_lsi(scope):
        return (
            db.session.scalar(
                sa.select(IndieningBijlage.id).where(
                    IndieningBijlage.bijlage_versie_id == versie.id, IndieningBijlage.bij == "LSI"
                )
            )
            is not None
        )
    return True


def visible(project_id: int, scope: access.Scope) -> list[Bijlage]:
    """The project's attachments this user may read, newest version first in each."""
    if not may_read_project(project_id, scope):
        return []
    query = sa.select(Bijlage).where(Bijlage.project_id == project_id)
    if _only_lsi(scope):
        query = query.where(
            Bijlage.id.in_(
                sa.select(BijlageVersie.bijlage_id).where(
                    BijlageVersie.id.in_(_lsi_version_ids(project_id))
                )
            )
        )
    rows = db.session.scalars(query.order_by(Bijlage.soort, Bijlage.titel, Bijlage.id)).all()
    return list(rows)


def visible_versions(bijlage: Bijlage, scope: access.Scope) -> list[BijlageVersie]:
    return [v for v in bijlage.versies if may_download(v, scope)]


def get_version(versie_id: int, scope: access.Scope) -> BijlageVersie:
    versie = db.session.get(BijlageVersie, versie_id)
    if versie is None or not may_download(versie, scope):
        raise NotFound()
    return versie


def get_attachment(bijlage_id: int, scope: access.Scope) -> Bijlage:
    bijlage = db.session.get(Bijlage, bijlage_id)
    if bijlage is None or not may_read_project(bijlage.project_id, scope):
        raise NotFound()
    if _only_lsi(scope) and not visible_versions(bijlage, scope):
        raise NotFound()
    return bijlage


def max_bytes() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _safe_name(filename: str) -> str:
    base = os.path.basename((filename or "").replace("\\", "/")).strip()
    base = re.sub(r"[\x00-\x1f<>:\"/\\|?*]+", "_", base)
    return base[-200:] or "bestand"


def _checked_version(bijlage: Bijlage, filename: str, data: bytes, user_id: int | None):
    limit = max_bytes()
    if len(data) > limit:
        raise RuleViolation(
            {
                "bestand": [
                    str(
                        _l(
                            "Het bestand is %(mb)s MB; het maximum is %(max)s MB.",
                            mb=f"{len(data) / 1024 / 1024:.1f}".replace(".", ","),
                            max=f"{limit / 1024 / 1024:.1f}".replace(".", ","),
                        )
                    )
                ]
            }
        )
    kind = filetypes.check(filename, data)
    scanned = virusscan.scan(data)
    last = max((v.versie for v in bijlage.versies), default=0)
    versie = BijlageVersie(
        bijlage=bijlage,
        project_id=bijlage.project_id,
        versie=last + 1,
        bestandsnaam=_safe_name(filename),
        mimetype=kind.mimetype,
        grootte=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        inhoud=data,
        scanstatus=scanned.status,
        scanmelding=scanned.melding,
        geupload_door_id=user_id,
    )
    db.session.add(versie)
    return versie


@use_case
def add(
    project_id: int,
    soort: str,
    titel: str,
    filename: str,
    data: bytes,
    user_id: int | None,
    *,
    persoonsgegevens: bool = False,
    scope: access.Scope | None = None,
) -> BijlageVersie:
    """A new attachment with its first version: NotFound outside the user's projects,
    AccessDenied where he may read but not add, RuleViolation for a refused file."""
    scope = scope or access.current_scope()
    if not access.project_allowed(project_id, access.visible_projects(scope)):
        raise NotFound()
    if not may_upload(project_id, scope):
        raise AccessDenied()
    errors: dict[str, list[str]] = {}
    if soort not in BIJLAGE_SOORTEN:
        errors["soort"] = [str(_l("Kies een soort bijlage."))]
    titel = (titel or "").strip()
    if not titel:
        errors["titel"] = [str(_l("Geef de bijlage een titel."))]
    elif len(titel) > 200:
        errors["titel"] = [str(_l("De titel is langer dan 200 tekens."))]
    if errors:
        raise RuleViolation(errors)
    bijlage = Bijlage(
        project_id=project_id,
        soort=soort,
        titel=titel,
        persoonsgegevens=bool(persoonsgegevens),
        aangemaakt_door_id=user_id,
    )
    db.session.add(bijlage)
    return _checked_version(bijlage, filename, data, user_id)


@use_case
def add_version(
    bijlage_id: int,
    filename: str,
    data: bytes,
    user_id: int | None,
    scope: access.Scope | None = None,
) -> BijlageVersie:
    """A new version of an attachment; the older versions stay readable."""
    scope = scope or access.current_scope()
    bijlage = get_attachment(bijlage_id, scope)
    if not may_upload(bijlage.project_id, scope):
        raise AccessDenied()
    return _checked_version(bijlage, filename, data, user_id)


# --- submission with a document version (portal.documents.service.submit) ----------------


def attach_to_submission(doc: Document, target: str, versie_ids: list[int]) -> list[BijlageVersie]:
    """Record which attachment versions go with this submission (in the caller's
    transaction). Each must be of the document's project and still hold its file."""
    out = []
    for versie_id in dict.fromkeys(versie_ids):
        versie = db.session.get(BijlageVersie, versie_id)
        if versie is None or versie.project_id != doc.project_id:
            raise RuleViolation({"bijlagen": [str(_l("Kies alleen bijlagen van dit project."))]})
        if versie.verwijderd_op is not None:
            raise RuleViolation(
                {
                    "bijlagen": [
                        str(
                            _l(
                                "Het bestand %(naam)s is na de bewaartermijn verwijderd en kan "
                                "niet mee.",
                                naam=versie.bestandsnaam,
                            )
                        )
                    ]
                }
            )
        db.session.add(
            IndieningBijlage(
                document_id=doc.id,
                bijlage_versie_id=versie.id,
                project_id=doc.project_id,
                bij=target,
            )
        )
        out.append(versie)
    return out


def submitted_with(doc_id: int) -> dict[str, list[BijlageVersie]]:
    """Per body ("RPF", "LSI") the attachment versions that went with this document."""
    out: dict[str, list[BijlageVersie]] = {}
    for row in db.session.scalars(
        sa.select(IndieningBijlage)
        .where(IndieningBijlage.document_id == doc_id)
        .order_by(IndieningBijlage.bij.desc(), IndieningBijlage.id)
    ):
        out.setdefault(row.bij, []).append(row.bijlage_versie)
    return out


def choosable(project_id: int) -> list[BijlageVersie]:
    """The latest version of each attachment of the project that still holds its file."""
    out = []
    for bijlage in db.session.scalars(
        sa.select(Bijlage).where(Bijlage.project_id == project_id).order_by(Bijlage.titel)
    ):
        latest = bijlage.laatste
        if latest is not None and latest.verwijderd_op is None:
            out.append(latest)
    return out


# --- retention ----------------------------------------------------------------------------


def _personal_versions(project_id: int) -> sa.Select:
    personal = sa.select(Bijlage.id).where(
        Bijlage.project_id == project_id,
        sa.or_(Bijlage.persoonsgegevens.is_(True), Bijlage.soort.in_(sorted(PERSOONLIJKE_SOORTEN))),
    )
    return sa.select(BijlageVersie.id).where(
        BijlageVersie.bijlage_id.in_(personal), BijlageVersie.inhoud.is_not(None)
    )


def _count_personal(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(_personal_versions(project_id).subquery())
        )
        or 0
    )


def _purge_personal(project_id: int) -> int:
    """The files go (their one copy is this column); type, title, version, size and checksum
    stay, so the record of what was submitted remains."""
    ids = list(db.session.scalars(_personal_versions(project_id)))
    if ids:
        db.session.execute(
            sa.update(BijlageVersie.__table__)
            .where(BijlageVersie.__table__.c.id.in_(ids))
            .values(inhoud=None, verwijderd_op=dt.datetime.now(dt.UTC))
        )
    return len(ids)


register_purger("bijlagen met persoonsgegevens", _count_personal, _purge_personal)
