"""Screens and API of partner review rounds: start a round on a version (project staff),
the state per partner, and "Te beoordelen documenten" for partners. Rules in portal.review."""

from __future__ import annotations

import datetime as dt
import io

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import protect, safe
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from models import Document
from models.reviewronde import Partnerreview, Reviewronde
from portal import access, review, roles
from portal.documents.catalogue import SOORTEN
from portal.errors import AccessDenied, NotFound, RuleViolation
from portal.extensions import db
from views.api_schemas import Schema
from views.base import ServiceApi, created

_N = {"allow_none": True}


class ReviewPartner(Schema):
    id = fields.Integer(required=True)
    ketenpartner_id = fields.Integer()
    ketenpartner = fields.String()
    oordeel = fields.String()
    opmerkingen = fields.String(**_N)
    beantwoord_op = fields.String(**_N)
    oordeel_bij_indiening = fields.String(**_N)


class ReviewRonde(Schema):
    id = fields.Integer(required=True)
    document_id = fields.Integer()
    project_id = fields.Integer()
    reageren_voor = fields.String(**_N)
    toelichting = fields.String(**_N)
    gestart_op = fields.String()
    ingediend_op = fields.String(**_N)
    partners = fields.List(fields.Nested(ReviewPartner))


class ReviewRondeAntwoord(Schema):
    result = fields.Nested(ReviewRonde, **_N, required=True)


class ReviewStart(Schema):
    reageren_voor = fields.Date(**_N)
    toelichting = fields.String(**_N)


class TeBeoordelen(Schema):
    id = fields.Integer(required=True)
    document_id = fields.Integer()
    project = fields.String()
    soort = fields.String()
    versie = fields.Integer()
    reageren_voor = fields.String(**_N)
    oordeel = fields.String()
    opmerkingen = fields.String(**_N)
    gesloten = fields.Boolean()
    download = fields.String()


class TeBeoordelenLijst(Schema):
    result = fields.List(fields.Nested(TeBeoordelen), required=True)


class ReviewOordeelIn(Schema):
    oordeel = fields.String(metadata={"description": "Akkoord of Opmerkingen"})
    opmerkingen = fields.String(**_N)


class ReviewOordeel(Schema):
    result = fields.Nested(TeBeoordelen, required=True)


SCHEMAS = (
    ReviewPartner,
    ReviewRonde,
    ReviewRondeAntwoord,
    ReviewStart,
    TeBeoordelen,
    TeBeoordelenLijst,
    ReviewOordeelIn,
    ReviewOordeel,
)


def round_json(r: Reviewronde | None) -> dict | None:
    if r is None:
        return None
    return {
        "id": r.id,
        "document_id": r.document_id,
        "project_id": r.project_id,
        "reageren_voor": r.reageren_voor.isoformat() if r.reageren_voor else None,
        "toelichting": r.toelichting,
        "gestart_op": r.gestart_op.isoformat(),
        "ingediend_op": r.ingediend_op.isoformat() if r.ingediend_op else None,
        "partners": [
            {
                "id": p.id,
                "ketenpartner_id": p.ketenpartner_id,
                "ketenpartner": str(p.ketenpartner),
                "oordeel": p.oordeel,
                "opmerkingen": p.opmerkingen,
                "beantwoord_op": p.beantwoord_op.isoformat() if p.beantwoord_op else None,
                "oordeel_bij_indiening": p.oordeel_bij_indiening,
            }
            for p in r.reviews
        ],
    }


def review_json(p: Partnerreview) -> dict:
    doc = p.ronde.document
    return {
        "id": p.id,
        "document_id": doc.id,
        "project": doc.project.code,
        "soort": doc.soort,
        "versie": doc.versie,
        "reageren_voor": p.ronde.reageren_voor.isoformat() if p.ronde.reageren_voor else None,
        "oordeel": p.oordeel,
        "opmerkingen": p.opmerkingen,
        "gesloten": p.ronde.ingediend_op is not None,
        "download": url_for("ReviewApi.download", review_id=p.id),
    }


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RuleViolation(
            {"reageren_voor": [str(_l("Geef een geldige datum (jjjj-mm-dd)."))]}
        ) from None


def _reviewed_document(review_id: int) -> Document:
    """The version under review for the user's organisation (portal.documents.service
    .may_download lets a partner read exactly that version)."""
    from portal.documents import service

    scope = access.current_scope()
    doc = review.get_review(review_id, scope).ronde.document
    if not service.may_download(doc, scope):
        raise NotFound()
    return doc


def _docx(doc: Document):
    from views.documents import DOCX

    return send_file(
        io.BytesIO(doc.inhoud), mimetype=DOCX, as_attachment=True, download_name=doc.bestandsnaam
    )


class ReviewView(BaseView):
    route_base = "/reviews"
    class_permission_name = roles.REVIEW
    default_view = "te_beoordelen"
    method_permission_name = {
        "te_beoordelen": roles.READ,
        "start": roles.WRITE,
        "answer": roles.WRITE,
        "download": roles.READ,
    }

    @expose("/")
    @has_access
    def te_beoordelen(self):
        items = review.for_partner(access.current_scope())
        return self.render_template("review/te_beoordelen.html", items=items, soorten=SOORTEN)

    @expose("/<int:review_id>/docx")
    @has_access
    def download(self, review_id: int):
        try:
            return _docx(_reviewed_document(review_id))
        except NotFound:
            abort(404)

    @expose("/document/<int:doc_id>/start", methods=["POST"])
    @has_access
    def start(self, doc_id: int):
        doc = db.session.get(Document, doc_id)
        if doc is None:
            abort(404)
        try:
            review.start(
                doc_id,
                g.user.id,
                reageren_voor=_date(request.form.get("reageren_voor")),
                toelichting=request.form.get("toelichting"),
            )
        except NotFound:
            abort(404)
        except AccessDenied:
            abort(403)
        except RuleViolation as e:
            db.session.rollback()
            flash(str(e), "danger")
        else:
            flash(_l("De partners kunnen versie %(v)s nu beoordelen.", v=doc.versie), "success")
        return redirect(url_for("DocumentenView.project", project_id=doc.project_id))

    @expose("/<int:review_id>/oordeel", methods=["POST"])
    @has_access
    def answer(self, review_id: int):
        try:
            review.answer(
                review_id,
                request.form.get("oordeel", ""),
                request.form.get("opmerkingen"),
                g.user.id,
            )
        except NotFound:
            abort(404)
        except RuleViolation as e:
            db.session.rollback()
            flash(str(e), "danger")
        else:
            flash(_l("Uw reactie is opgeslagen."), "success")
        return redirect(url_for("ReviewView.te_beoordelen"))


class ReviewApi(ServiceApi):
    resource_name = "reviews"
    class_permission_name = roles.REVIEW
    method_permission_name = {
        "te_beoordelen": roles.READ,
        "for_document": roles.READ,
        "start": roles.WRITE,
        "answer": roles.WRITE,
        "download": roles.READ,
    }
    openapi_spec_tag = "Partnerreview"
    openapi_spec_component_schemas = SCHEMAS

    @expose("/te-beoordelen", methods=["GET"])
    @protect()
    @safe
    def te_beoordelen(self):
        """The document versions the user's partner organisation is asked to review.
        ---
        get:
          responses:
            200:
              description: Reviews of the user's organisation
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/TeBeoordelenLijst'}
        """
        items = review.for_partner(access.current_scope())
        return self.response(200, result=[review_json(p) for p in items])

    @expose("/document/<int:doc_id>", methods=["GET"])
    @protect()
    @safe
    def for_document(self, doc_id: int):
        """The review round of a document version and the state per partner (null: none).
        ---
        get:
          parameters:
          - {in: path, name: doc_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The round
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ReviewRondeAntwoord'}
            404: {description: Not found}
        """
        try:
            ronde = review.get_round(doc_id, access.current_scope())
        except NotFound:
            return self.response_404()
        return self.response(200, result=round_json(ronde))

    @expose("/document/<int:doc_id>", methods=["POST"])
    @protect()
    @safe
    def start(self, doc_id: int):
        """Start a review round on a document version.
        ---
        post:
          parameters:
          - {in: path, name: doc_id, required: true, schema: {type: integer}}
          requestBody:
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ReviewStart'}
          responses:
            201:
              description: Started
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ReviewRondeAntwoord'}
            403: {description: Not allowed}
            404: {description: Not found}
            422: {description: Invalid}
        """
        body = self._json()

        def run():
            ronde = review.start(
                doc_id,
                g.user.id,
                reageren_voor=_date(body.get("reageren_voor")),
                toelichting=body.get("toelichting")
                if isinstance(body.get("toelichting"), str)
                else None,
            )
            return created(
                self, url_for("ReviewApi.for_document", doc_id=doc_id), result=round_json(ronde)
            )

        try:
            return self._run(run)
        except NotFound:
            db.session.rollback()
            return self.response_404()

    @expose("/<int:review_id>/docx", methods=["GET"])
    @protect()
    @safe
    def download(self, review_id: int):
        """Download the document version under review (.docx).
        ---
        get:
          parameters:
          - {in: path, name: review_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The document
              content:
                application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                  schema: {type: string, format: binary}
            404: {description: Not found}
        """
        try:
            return _docx(_reviewed_document(review_id))
        except NotFound:
            return self.response_404()

    @expose("/<int:review_id>/oordeel", methods=["POST"])
    @protect()
    @safe
    def answer(self, review_id: int):
        """A partner's answer: {"oordeel": "Akkoord"} or {"oordeel": "Opmerkingen",
        "opmerkingen": "..."}.
        ---
        post:
          parameters:
          - {in: path, name: review_id, required: true, schema: {type: integer}}
          requestBody:
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ReviewOordeelIn'}
          responses:
            200:
              description: Saved
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/ReviewOordeel'}
            404: {description: Not found}
            422: {description: Invalid}
        """
        body = self._json()

        def run():
            p = review.answer(
                review_id,
                str(body.get("oordeel", "")),
                body.get("opmerkingen") if isinstance(body.get("opmerkingen"), str) else None,
                g.user.id,
            )
            return self.response(200, result=review_json(p))

        try:
            return self._run(run)
        except NotFound:
            db.session.rollback()
            return self.response_404()


def document_extras(project_id: int, documents: list[Document]) -> dict:
    """What the document page shows of reviews and attachments (views/documents._overview)."""
    from portal.attachments import store

    scope = access.current_scope()
    return {
        "review_rounds": {d.id: review.round_of(d.id) for d in documents},
        "review_soorten": review.REVIEWED,
        "may_start_review": review.may_start(project_id, scope),
        "submitted_attachments": {d.id: store.submitted_with(d.id) for d in documents},
        "attachment_choices": store.choosable(project_id)
        if store.may_upload(project_id, scope)
        else [],
        "today_iso": dt.date.today().isoformat(),
    }


def register(appbuilder) -> None:
    appbuilder.add_view(
        ReviewView,
        "Te beoordelen documenten",
        label=_l("Te beoordelen documenten"),
        icon="fa-check-square-o",
        category="Projecten",
    )
    appbuilder.add_api(ReviewApi)
