"""Document screens and API: completeness, generate, versions, download (.docx/.pdf), submit,
and template management for the Beheerder. Rules live in portal.documents."""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import BaseApi, protect, safe
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import Document, DocumentTemplate, Project
from portal import access, process, roles
from portal.documents import batch, completeness, pdf, pdf_store, service, templates
from portal.documents.catalogue import SOORTEN
from portal.documents.context import load_project
from portal.errors import AccessDenied, NotFound, RuleViolation
from portal.extensions import db
from portal.formatting import label
from views import review as review_views
from views.api_schemas import ALL as API_SCHEMAS
from views.base import created, json_body
from views.jobs import accepted
from views.panels import register_panel

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _project_or_404(project_id: int) -> Project:
    if not access.project_allowed(project_id, access.visible_projects(access.current_scope())):
        abort(404)
    return load_project(project_id)


def _doc_or_404(doc_id: int) -> Document:
    doc = db.session.get(Document, doc_id)
    if doc is None or not service.may_download(doc, access.current_scope()):
        abort(404)
    return doc


def _overview(project: Project) -> dict:
    scope = access.current_scope()
    return {
        "project": project,
        "soorten": SOORTEN,
        "missing": {s: completeness.missing(project, s) for s in SOORTEN},
        "documents": (documents := service.visible_documents(project.id, scope)),
        "may_generate": service.may_generate(project.id, scope),
        # Per type: the raadsinformatiebrief is the projectleider's (service.DRAFTED_BY).
        "generatable": service.generatable(project.id, scope),
        "may_submit": service.may_submit(project.id, scope),
        # Only what goes to RPF/LSI gets the submit button (not the municipal documents).
        "submittable": [r.soort for r in process.ROUTES if r.submitted],
        "pdf_available": pdf.soffice() is not None,
        **review_views.document_extras(project.id, documents),  # reviews, attachments (#18)
    }


class DocumentenView(BaseView):
    route_base = "/documenten"
    class_permission_name = roles.DOCUMENT
    method_permission_name = {
        "project": roles.READ,
        "generate": roles.WRITE,
        "download": roles.READ,
        "download_pdf": roles.READ,
        "generate_all": roles.WRITE,
        "submit": roles.WRITE,
    }

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        return self.render_template(
            "documents/project.html", **_overview(_project_or_404(project_id))
        )

    @expose("/project/<int:project_id>/genereer", methods=["POST"])
    @has_access
    def generate(self, project_id: int):
        soort = request.form.get("soort", "")
        try:
            doc = service.generate(project_id, soort, g.user.id)
        except NotFound:
            abort(404)
        except AccessDenied:
            abort(403)
        except RuleViolation as e:
            flash(str(e), "danger")
        else:
            note = "" if doc.compleet else str(_l(" (concept met open plekken)"))
            flash(
                _l(
                    "%(soort)s versie %(v)s gegenereerd%(note)s.",
                    soort=SOORTEN[soort],
                    v=doc.versie,
                    note=note,
                ),
                "success",
            )
        return redirect(url_for("DocumentenView.project", project_id=project_id))

    @expose("/<int:doc_id>/docx")
    @has_access
    def download(self, doc_id: int):
        doc = _doc_or_404(doc_id)
        return send_file(
            io.BytesIO(doc.inhoud),
            mimetype=DOCX,
            as_attachment=True,
            download_name=doc.bestandsnaam,
        )

    @expose("/<int:doc_id>/pdf")
    @has_access
    def download_pdf(self, doc_id: int):
        doc = _doc_or_404(doc_id)
        try:
            made = pdf_store.request_pdf(doc, g.user.id)
        except pdf.PdfUnavailable as e:
            flash(str(e), "warning")
            return redirect(url_for("DocumentenView.project", project_id=doc.project_id))
        if made.taak is not None:  # a worker makes it; its page follows and then downloads
            return redirect(url_for("TakenView.show", taak_id=made.taak.id))
        return _pdf_file(doc, made.data)

    @expose("/project/<int:project_id>/alles", methods=["POST"])
    @has_access
    def generate_all(self, project_id: int):
        project = _project_or_404(project_id)
        if not service.may_generate(project.id, access.current_scope()):
            abort(403)
        taak = batch.generate_all(project.id, g.user.id)
        return redirect(url_for("TakenView.show", taak_id=taak.id))

    @expose("/<int:doc_id>/indienen", methods=["POST"])
    @has_access
    def submit(self, doc_id: int):
        doc = _doc_or_404(doc_id)
        target = request.form.get("bij", "")
        try:
            service.submit(
                doc,
                target,
                g.user.id,
                bijlagen=[int(v) for v in request.form.getlist("bijlagen") if v.isdigit()],
            )
        except AccessDenied:
            abort(403)
        except RuleViolation as e:
            db.session.rollback()
            flash(str(e), "danger")
        else:
            flash(_l("Versie %(v)s ingediend bij %(bij)s.", v=doc.versie, bij=target), "success")
        return redirect(url_for("DocumentenView.project", project_id=doc.project_id))


class SjabloonView(BaseView):
    """Template versions per document type (Beheerder)."""

    route_base = "/sjablonen"
    class_permission_name = roles.SJABLOON
    method_permission_name = {
        "overview": roles.READ,
        "upload": roles.WRITE,
        "activate": roles.WRITE,
    }
    default_view = "overview"

    @expose("/")
    @has_access
    def overview(self):
        return self._page(result=None)

    def _page(self, result):
        rows = db.session.scalars(
            sa.select(DocumentTemplate).order_by(
                DocumentTemplate.soort, DocumentTemplate.versie.desc()
            )
        ).all()
        return self.render_template(
            "documents/templates.html",
            soorten=SOORTEN,
            rows=rows,
            active={s: templates.active(s).versie for s in SOORTEN},
            result=result,
        )

    @expose("/upload", methods=["POST"])
    @has_access
    def upload(self):
        soort = request.form.get("soort", "")
        file = request.files.get("bestand")
        if soort not in SOORTEN or file is None or not file.filename:
            flash(_l("Kies een documentsoort en een .docx-bestand."), "danger")
            return redirect(url_for("SjabloonView.overview"))
        data = file.read()
        result = templates.validate(data)
        if not result.ok:
            return self._page(result=result), 422
        row = templates.upload(soort, file.filename, data, g.user.id)
        flash(
            _l("Sjabloon %(soort)s versie %(v)s is nu actief.", soort=soort, v=row.versie),
            "success",
        )
        return redirect(url_for("SjabloonView.overview"))

    @expose("/activeer", methods=["POST"])
    @has_access
    def activate(self):
        soort = request.form.get("soort", "")
        if soort not in SOORTEN:
            abort(400)
        value = request.form.get("template_id", "")
        templates.activate(int(value) if value.isdigit() else None, soort)
        flash(_l("Actief sjabloon voor %(soort)s gewijzigd.", soort=label(soort)), "success")
        return redirect(url_for("SjabloonView.overview"))


def _pdf_file(doc: Document, data: bytes):
    return send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=doc.bestandsnaam.replace(".docx", ".pdf"),
    )


def _doc_json(doc: Document) -> dict:
    return {
        "id": doc.id,
        "project_id": doc.project_id,
        "soort": doc.soort,
        "versie": doc.versie,
        "status": doc.status,
        "compleet": doc.compleet,
        "template_versie": doc.template_versie,
        "sha256": doc.sha256,
        "gegenereerd_op": doc.gegenereerd_op.isoformat(),
        "ingediend_op": doc.ingediend_op.isoformat() if doc.ingediend_op else None,
        "bestandsnaam": doc.bestandsnaam,
    }


class DocumentApi(BaseApi):
    resource_name = "documenten"
    class_permission_name = roles.DOCUMENT
    method_permission_name = {
        "list_for_project": roles.READ,
        "generate": roles.WRITE,
        "generate_all": roles.WRITE,
        "download": roles.READ,
        "download_pdf": roles.READ,
        "submit": roles.WRITE,
    }
    allow_browser_login = True
    openapi_spec_tag = "Documenten"
    openapi_spec_component_schemas = API_SCHEMAS

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def list_for_project(self, project_id: int):
        """Completeness per type and the versions the user may download.
        ---
        get:
          parameters:
          - {in: path, name: project_id, schema: {type: integer}}
          responses:
            200:
              description: Documents
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Documenten'}
            404: {description: Not found}
        """
        if not access.project_allowed(project_id, access.visible_projects(access.current_scope())):
            return self.response_404()
        project = load_project(project_id)
        return self.response(
            200,
            ontbreekt={s: [m.label for m in completeness.missing(project, s)] for s in SOORTEN},
            result=[
                _doc_json(d) for d in service.visible_documents(project_id, access.current_scope())
            ],
        )

    @expose("/project/<int:project_id>/<soort>", methods=["POST"])
    @protect()
    @safe
    def generate(self, project_id: int, soort: str):
        """Generate the next version of a document type.
        ---
        post:
          parameters:
          - {in: path, name: project_id, schema: {type: integer}}
          - {in: path, name: soort, schema: {type: string}}
          responses:
            201:
              description: Generated
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Document'}
            403: {description: Not allowed}
            404: {description: Not found}
            422: {description: Invalid}
        """
        try:
            doc = service.generate(project_id, soort, g.user.id)
        except NotFound:
            return self.response_404()
        except AccessDenied:
            return self.response_403()
        except RuleViolation as e:
            return self.response_422(message=e.errors)
        # The created version is its .docx (the list per project has the metadata).
        return created(self, url_for("DocumentApi.download", doc_id=doc.id), result=_doc_json(doc))

    @expose("/<int:doc_id>/docx", methods=["GET"])
    @protect()
    @safe
    def download(self, doc_id: int):
        """Download a version as .docx.
        ---
        get:
          parameters:
          - {in: path, name: doc_id, schema: {type: integer}}
          responses:
            200:
              description: The document
              content:
                application/vnd.openxmlformats-officedocument.wordprocessingml.document:
                  schema: {type: string, format: binary}
            404: {description: Not found}
        """
        doc = db.session.get(Document, doc_id)
        if doc is None or not service.may_download(doc, access.current_scope()):
            return self.response_404()
        return send_file(
            io.BytesIO(doc.inhoud),
            mimetype=DOCX,
            as_attachment=True,
            download_name=doc.bestandsnaam,
        )

    @expose("/<int:doc_id>/pdf", methods=["GET"])
    @protect()
    @safe
    def download_pdf(self, doc_id: int):
        """Download a version as PDF; when a worker has to make it first: 202 and the job in
        ``Location`` (its result links back here).
        ---
        get:
          parameters:
          - {in: path, name: doc_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The PDF
              content:
                application/pdf:
                  schema: {type: string, format: binary}
            202:
              description: A job makes the PDF (see Location)
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Geaccepteerd'}
            404: {description: Not found}
            422: {description: No PDF can be made here}
        """
        doc = db.session.get(Document, doc_id)
        if doc is None or not service.may_download(doc, access.current_scope()):
            return self.response_404()
        try:
            made = pdf_store.request_pdf(doc, g.user.id)
        except pdf.PdfUnavailable as e:
            return self.response_422(message={"pdf": [str(e)]})
        if made.taak is not None:
            return accepted(self, made.taak, id=doc.id)
        return _pdf_file(doc, made.data)

    @expose("/project/<int:project_id>/alles", methods=["POST"])
    @protect()
    @safe
    def generate_all(self, project_id: int):
        """Generate the next version of every document type of a project, by a job (202).
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            202:
              description: A job generates them (see Location)
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Geaccepteerd'}
            403: {description: Not allowed}
            404: {description: Not found}
        """
        scope = access.current_scope()
        if not access.project_allowed(project_id, access.visible_projects(scope)):
            return self.response_404()
        if not service.may_generate(project_id, scope):
            return self.response_403()
        return accepted(self, batch.generate_all(project_id, g.user.id), project_id=project_id)

    @expose("/<int:doc_id>/indienen", methods=["POST"])
    @protect()
    @safe
    def submit(self, doc_id: int):
        """Submit a version to the RPF or the LSI ({"bij": "RPF"|"LSI"}).
        ---
        post:
          parameters:
          - {in: path, name: doc_id, schema: {type: integer}}
          requestBody:
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    bij: {type: string}
                    bijlagen: {type: array, items: {type: integer}}
          responses:
            200:
              description: Submitted
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Document'}
            403: {description: Not allowed}
            404: {description: Not found}
            422: {description: Incomplete or invalid}
        """
        doc = db.session.get(Document, doc_id)
        if doc is None or not service.may_download(doc, access.current_scope()):
            return self.response_404()
        body = json_body()
        try:
            bijlagen = body.get("bijlagen") or []
            if not isinstance(bijlagen, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in bijlagen
            ):
                raise RuleViolation(
                    {
                        "bijlagen": [
                            str(_l("Geef de bijlagen als een lijst van versienummers (id)."))
                        ]
                    }
                )
            service.submit(doc, str(body.get("bij", "")), g.user.id, bijlagen=bijlagen)
        except AccessDenied:
            db.session.rollback()
            return self.response_403()
        except RuleViolation as e:
            db.session.rollback()
            return self.response_422(message=e.errors)
        return self.response(200, result=_doc_json(doc))


@register_panel(order=20, anchor="documenten", title=_l("Documenten"))
def _documents_panel(project_id: int) -> Markup | None:
    scope = access.current_scope()
    if not (
        scope.is_admin
        or any(
            roles.READ in roles.ROLE_RIGHTS.get(r, {}).get(roles.DOCUMENT, ()) for r in scope.roles
        )
    ):
        return None
    project = load_project(project_id)
    if project is None:
        return None
    return Markup(render_template("documents/_panel.html", **_overview(project)))
