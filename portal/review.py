"""Partner review rounds (seed 001 §3.5 and §5.2): before a projectplan or an eindrapportage
goes to the RPF, the participating partners review that exact version.

- The project staff (projectleider, RCF) start a round on a concept version, optionally with
  a respond-by date; every ``ProjectPartner`` of the project gets an open answer.
- A partner's users see that version (the one narrow exception to "partners read no project
  documents", ``shared_with``, asked by ``documents.service.may_download``) and agree or
  leave comments, until the version is submitted.
- Submitting such a version to the RPF needs its round, answered by every partner or past
  its respond-by date (``check_submission``); the answers are then frozen per partner
  (``oordeel_bij_indiening``), so the state the submission carried can be shown later.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from models import Document, ProjectPartner
from models.reviewronde import AKKOORD, OPEN, OPMERKINGEN, Partnerreview, Reviewronde
from portal import access, process, roles
from portal.errors import AccessDenied, NotFound, RuleViolation
from portal.extensions import db, use_case
from portal.formatting import datum

# The documents the partners review before the RPF (seed 001 §3.5: projectplan; §5.2:
# eindrapportage).
REVIEWED = ("projectplan", "eindrapportage")


def _partner_only(scope: access.Scope) -> bool:
    return roles.KETENPARTNER in scope.roles and not (scope.roles - {roles.KETENPARTNER})


def round_of(doc_id: int) -> Reviewronde | None:
    return db.session.scalar(sa.select(Reviewronde).where(Reviewronde.document_id == doc_id))


def shared_with(doc: Document, scope: access.Scope) -> bool:
    """Whether this version is under review for the user's partner organisation."""
    if not scope.ketenpartner_id:
        return False
    return (
        db.session.scalar(
            sa.select(Partnerreview.id)
            .join(Reviewronde, Partnerreview.reviewronde_id == Reviewronde.id)
            .where(
                Reviewronde.document_id == doc.id,
                Partnerreview.ketenpartner_id == scope.ketenpartner_id,
            )
        )
        is not None
    )


def may_start(project_id: int, scope: access.Scope) -> bool:
    staff = scope.is_admin or bool(scope.roles & {roles.RCF, roles.PROJECTLEIDER})
    return staff and access.project_allowed(project_id, access.editable_projects(scope))


def may_see_round(ronde: Reviewronde, scope: access.Scope) -> bool:
    """The state per partner: who reads the project's documents (not a partner alone)."""
    from portal.documents import service

    return not _partner_only(scope) and service.may_download(ronde.document, scope)


def get_round(doc_id: int, scope: access.Scope) -> Reviewronde | None:
    """The round of a version the user may see (NotFound for a version he may not)."""
    from portal.documents import service

    doc = db.session.get(Document, doc_id)
    if doc is None or _partner_only(scope) or not service.may_download(doc, scope):
        raise NotFound()
    return round_of(doc_id)


@use_case
def start(
    doc_id: int,
    user_id: int | None,
    scope: access.Scope | None = None,
    *,
    reageren_voor: dt.date | None = None,
    toelichting: str | None = None,
    today: dt.date | None = None,
) -> Reviewronde:
    scope = scope or access.current_scope()
    today = today or dt.date.today()
    doc = db.session.get(Document, doc_id)
    if (
        doc is None
        or _partner_only(scope)
        or not access.project_allowed(doc.project_id, access.visible_projects(scope))
    ):
        raise NotFound()
    if not may_start(doc.project_id, scope):
        raise AccessDenied()
    if doc.soort not in REVIEWED:
        raise RuleViolation(
            {
                "document": [
                    str(_l("Alleen een projectplan of eindrapportage gaat langs de partners."))
                ]
            }
        )
    if doc.status != process.CONCEPT:
        raise RuleViolation(
            {"document": [str(_l("Deze versie is al ingediend; start een ronde op een concept."))]}
        )
    if round_of(doc.id) is not None:
        raise RuleViolation({"document": [str(_l("Voor deze versie loopt al een reviewronde."))]})
    if reageren_voor is not None and reageren_voor < today:
        raise RuleViolation({"reageren_voor": [str(_l("De reactiedatum ligt in het verleden."))]})
    partner_ids = list(
        dict.fromkeys(
            db.session.scalars(
                sa.select(ProjectPartner.ketenpartner_id)
                .where(ProjectPartner.project_id == doc.project_id)
                .order_by(ProjectPartner.id)
            )
        )
    )
    if not partner_ids:
        raise RuleViolation(
            {"document": [str(_l("Het project heeft nog geen deelnemende partners."))]}
        )
    ronde = Reviewronde(
        project_id=doc.project_id,
        document_id=doc.id,
        reageren_voor=reageren_voor,
        toelichting=(toelichting or "").strip() or None,
        gestart_door_id=user_id,
    )
    ronde.reviews = [
        Partnerreview(project_id=doc.project_id, ketenpartner_id=kp) for kp in partner_ids
    ]
    db.session.add(ronde)
    return ronde


def for_partner(scope: access.Scope) -> list[Partnerreview]:
    """The answers the user's partner organisation gives (open first, then newest)."""
    if not scope.ketenpartner_id:
        return []
    return list(
        db.session.scalars(
            sa.select(Partnerreview)
            .join(Reviewronde, Partnerreview.reviewronde_id == Reviewronde.id)
            .where(Partnerreview.ketenpartner_id == scope.ketenpartner_id)
            .order_by((Partnerreview.oordeel == OPEN).desc(), Reviewronde.gestart_op.desc())
        )
    )


def get_review(review_id: int, scope: access.Scope) -> Partnerreview:
    review = db.session.get(Partnerreview, review_id)
    if review is None:
        raise NotFound()
    if scope.is_admin or review.ketenpartner_id == scope.ketenpartner_id:
        return review
    raise NotFound()


@use_case
def answer(
    review_id: int,
    oordeel: str,
    opmerkingen: str | None,
    user_id: int | None,
    scope: access.Scope | None = None,
) -> Partnerreview:
    """The partner's answer: agreed, or comments (then a text is needed)."""
    scope = scope or access.current_scope()
    review = get_review(review_id, scope)
    if review.ronde.ingediend_op is not None:
        raise RuleViolation(
            {
                "oordeel": [
                    str(_l("Deze versie is al ingediend bij het RPF; reageren kan niet meer."))
                ]
            }
        )
    opmerkingen = (opmerkingen or "").strip() or None
    if oordeel not in (AKKOORD, OPMERKINGEN):
        raise RuleViolation({"oordeel": [str(_l("Kies akkoord of opmerkingen."))]})
    if oordeel == OPMERKINGEN and not opmerkingen:
        raise RuleViolation({"opmerkingen": [str(_l("Schrijf uw opmerkingen."))]})
    review.oordeel = oordeel
    review.opmerkingen = opmerkingen
    review.beantwoord_door_id = user_id
    review.beantwoord_op = dt.datetime.now(dt.UTC)
    return review


def open_partners(ronde: Reviewronde) -> list[str]:
    return [str(r.ketenpartner) for r in ronde.reviews if r.oordeel == OPEN]


def check_submission(doc: Document, target: str, today: dt.date | None = None) -> None:
    """At submission to the RPF of a reviewed document type: refuse without a finished round
    on this exact version; otherwise freeze the answers (in the caller's transaction).

    Finished means every partner answered, or the respond-by date has passed (the day after
    it): a partner who did not answer in time is recorded as such ("Open")."""
    if target != "RPF" or doc.soort not in REVIEWED:
        return
    today = today or dt.date.today()
    ronde = round_of(doc.id)
    if ronde is None:
        raise RuleViolation(
            {
                "review": [
                    str(
                        _l(
                            "Laat de deelnemende partners versie %(v)s eerst beoordelen: start "
                            "een reviewronde op deze versie. Indienen bij het RPF kan als alle "
                            "partners hebben gereageerd of de reactietermijn is verstreken.",
                            v=doc.versie,
                        )
                    )
                ]
            }
        )
    still_open = open_partners(ronde)
    expired = ronde.reageren_voor is not None and ronde.reageren_voor < today
    if still_open and not expired:
        if ronde.reageren_voor is None:
            message = _l(
                "Nog niet alle partners hebben op versie %(v)s gereageerd (open: %(open)s). "
                "Indienen bij het RPF kan als alle partners hebben gereageerd.",
                v=doc.versie,
                open=", ".join(still_open),
            )
        else:
            message = _l(
                "Nog niet alle partners hebben op versie %(v)s gereageerd (open: %(open)s). "
                "Indienen bij het RPF kan als alle partners hebben gereageerd of na de "
                "reactietermijn (%(datum)s).",
                v=doc.versie,
                open=", ".join(still_open),
                datum=datum(ronde.reageren_voor),
            )
        raise RuleViolation({"review": [str(message)]})
    ronde.ingediend_op = dt.datetime.now(dt.UTC)
    for review in ronde.reviews:
        review.oordeel_bij_indiening = review.oordeel


def summary(ronde: Reviewronde) -> dict[str, int]:
    counts = {OPEN: 0, AKKOORD: 0, OPMERKINGEN: 0}
    for r in ronde.reviews:
        counts[r.oordeel] += 1
    return counts
