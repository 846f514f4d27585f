"""Screens and API of project attachments: the list per project, upload of a new attachment
or a new version, download of any version. Rules in portal.attachments.store."""

from __future__ import annotations

import io

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.api import protect, safe
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from marshmallow import fields

from models import Project
from models.bijlage import BIJLAGE_SOORTEN, PERSOONLIJKE_SOORTEN, Bijlage, BijlageVersie
from portal import access, roles
from portal.attachments import filetypes, store
from portal.errors import AccessDenied, NotFound, RuleViolation
from portal.extensions import db
from views.api_schemas import Schema
from views.base import ServiceApi, created
from views.panels import register_panel

_N = {"allow_none": True}


class Bijlageversie(Schema):
    id = fields.Integer(required=True)
    versie = fields.Integer()
    bestandsnaam = fields.String()
    mimetype = fields.String()
    grootte = fields.Integer()
    sha256 = fields.String()
    scanstatus = fields.String()
    scanmelding = fields.String(**_N)
    geupload_op = fields.String()
    verwijderd_op = fields.String(**_N, metadata={"description": "Bestand verwijderd (AVG)"})
    download = fields.String(**_N)


class BijlageItem(Schema):
    id = fields.Integer(required=True)
    project_id = fields.Integer()
    soort = fields.String()
    titel = fields.String()
    persoonsgegevens = fields.Boolean()
    versies = fields.List(fields.Nested(Bijlageversie))


class Bijlagen(Schema):
    result = fields.List(fields.Nested(BijlageItem), required=True)


class BijlageOpgeslagen(Schema):
    result = fields.Nested(Bijlageversie, required=True)
    bijlage_id = fields.Integer()


class BijlageUpload(Schema):
    soort = fields.String(metadata={"description": ", ".join(BIJLAGE_SOORTEN)})
    titel = fields.String()
    persoonsgegevens = fields.Boolean()
    bestand = fields.Raw(metadata={"type": "string", "format": "binary"})


class VersieUpload(Schema):
    bestand = fields.Raw(metadata={"type": "string", "format": "binary"})


SCHEMAS = (Bijlageversie, BijlageItem, Bijlagen, BijlageOpgeslagen, BijlageUpload, VersieUpload)


def _version_json(v: BijlageVersie) -> dict:
    return {
        "id": v.id,
        "versie": v.versie,
        "bestandsnaam": v.bestandsnaam,
        "mimetype": v.mimetype,
        "grootte": v.grootte,
        "sha256": v.sha256,
        "scanstatus": v.scanstatus,
        "scanmelding": v.scanmelding,
        "geupload_op": v.geupload_op.isoformat(),
        "verwijderd_op": v.verwijderd_op.isoformat() if v.verwijderd_op else None,
        "download": None
        if v.verwijderd_op
        else url_for("BijlageApi.download", versie_id=v.id, _external=False),
    }


def _item_json(b: Bijlage, scope: access.Scope) -> dict:
    return {
        "id": b.id,
        "project_id": b.project_id,
        "soort": b.soort,
        "titel": b.titel,
        "persoonsgegevens": b.bevat_persoonsgegevens,
        "versies": [_version_json(v) for v in store.visible_versions(b, scope)],
    }


def _file():
    file = request.files.get("bestand")
    if file is None or not file.filename:
        raise RuleViolation({"bestand": [str(_l("Kies een bestand."))]})
    # Read one byte past the limit: enough to refuse, without holding a huge body.
    return file.filename, file.read(store.max_bytes() + 1)


def _send(v: BijlageVersie):
    if v.inhoud is None:
        abort(404)
    return send_file(
        io.BytesIO(v.inhoud), mimetype=v.mimetype, as_attachment=True, download_name=v.bestandsnaam
    )


def _page_context(project: Project) -> dict:
    scope = access.current_scope()
    items = store.visible(project.id, scope)
    return {
        "project": project,
        "items": [(b, store.visible_versions(b, scope)) for b in items],
        "soorten": BIJLAGE_SOORTEN,
        "persoonlijke_soorten": PERSOONLIJKE_SOORTEN,
        "may_upload": store.may_upload(project.id, scope),
        "extensies": ", ".join(f".{e}" for e in filetypes.ALLOWED_EXTENSIONS),
        "max_mb": f"{store.max_bytes() / 1024 / 1024:.0f}",
    }


def _project_or_404(project_id: int) -> Project:
    if not store.may_read_project(project_id, access.current_scope()):
        abort(404)
    return db.session.get(Project, project_id)


class BijlagenView(BaseView):
    route_base = "/bijlagen"
    class_permission_name = roles.BIJLAGE
    method_permission_name = {
        "project": roles.READ,
        "add": roles.WRITE,
        "add_version": roles.WRITE,
        "download": roles.READ,
    }

    @expose("/project/<int:project_id>")
    @has_access
    def project(self, project_id: int):
        return self.render_template(
            "attachments/project.html", **_page_context(_project_or_404(project_id))
        )

    @expose("/project/<int:project_id>/nieuw", methods=["POST"])
    @has_access
    def add(self, project_id: int):
        _project_or_404(project_id)
        try:
            name, data = _file()
            v = store.add(
                project_id,
                request.form.get("soort", ""),
                request.form.get("titel", ""),
                name,
                data,
                g.user.id,
                persoonsgegevens=request.form.get("persoonsgegevens") in ("1", "on", "true"),
            )
        except NotFound:
            abort(404)
        except AccessDenied:
            abort(403)
        except RuleViolation as e:
            db.session.rollback()
            flash(str(e), "danger")
        else:
            _flash_saved(v)
        return redirect(url_for("BijlagenView.project", project_id=project_id))

    @expose("/<int:bijlage_id>/versie", methods=["POST"])
    @has_access
    def add_version(self, bijlage_id: int):
        scope = access.current_scope()
        try:
            bijlage = store.get_attachment(bijlage_id, scope)
        except NotFound:
            abort(404)
        project_id = bijlage.project_id
        try:
            name, data = _file()
            v = store.add_version(bijlage_id, name, data, g.user.id)
        except AccessDenied:
            abort(403)
        except RuleViolation as e:
            db.session.rollback()
            flash(str(e), "danger")
        else:
            _flash_saved(v)
        return redirect(url_for("BijlagenView.project", project_id=project_id))

    @expose("/versie/<int:versie_id>/download")
    @has_access
    def download(self, versie_id: int):
        try:
            v = store.get_version(versie_id, access.current_scope())
        except NotFound:
            abort(404)
        return _send(v)


def _flash_saved(v: BijlageVersie) -> None:
    flash(_l("%(naam)s opgeslagen als versie %(v)s.", naam=v.bestandsnaam, v=v.versie), "success")
    if v.scanmelding:
        flash(
            _l("Let op: het bestand is niet op virussen gescand (%(reden)s).", reden=v.scanmelding),
            "warning",
        )


class BijlageApi(ServiceApi):
    resource_name = "bijlagen"
    class_permission_name = roles.BIJLAGE
    method_permission_name = {
        "list_for_project": roles.READ,
        "add": roles.WRITE,
        "add_version": roles.WRITE,
        "download": roles.READ,
    }
    openapi_spec_tag = "Bijlagen"
    openapi_spec_component_schemas = SCHEMAS

    @expose("/project/<int:project_id>", methods=["GET"])
    @protect()
    @safe
    def list_for_project(self, project_id: int):
        """The project's attachments with the versions the user may download.
        ---
        get:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: Attachments
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Bijlagen'}
            404: {description: Not found}
        """
        scope = access.current_scope()
        if not store.may_read_project(project_id, scope):
            return self.response_404()
        return self.response(
            200, result=[_item_json(b, scope) for b in store.visible(project_id, scope)]
        )

    @expose("/project/<int:project_id>", methods=["POST"])
    @protect()
    @safe
    def add(self, project_id: int):
        """Add an attachment (multipart: soort, titel, persoonsgegevens, bestand).
        ---
        post:
          parameters:
          - {in: path, name: project_id, required: true, schema: {type: integer}}
          requestBody:
            content:
              multipart/form-data:
                schema: {$ref: '#/components/schemas/BijlageUpload'}
          responses:
            201:
              description: Stored as version 1
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/BijlageOpgeslagen'}
            403: {description: Not allowed}
            404: {description: Not found}
            422: {description: Refused file or invalid input}
        """

        def run():
            name, data = _file()
            v = store.add(
                project_id,
                request.form.get("soort", ""),
                request.form.get("titel", ""),
                name,
                data,
                g.user.id,
                persoonsgegevens=request.form.get("persoonsgegevens") in ("1", "on", "true"),
            )
            return created(
                self,
                url_for("BijlageApi.download", versie_id=v.id),
                result=_version_json(v),
                bijlage_id=v.bijlage_id,
            )

        return self._guarded(project_id, run)

    def _guarded(self, project_id: int | None, run):
        if project_id is not None and not store.may_read_project(
            project_id, access.current_scope()
        ):
            return self.response_404()
        try:
            return self._run(run)
        except NotFound:
            db.session.rollback()
            return self.response_404()

    @expose("/<int:bijlage_id>/versies", methods=["POST"])
    @protect()
    @safe
    def add_version(self, bijlage_id: int):
        """Upload a new version of an attachment (multipart: bestand).
        ---
        post:
          parameters:
          - {in: path, name: bijlage_id, required: true, schema: {type: integer}}
          requestBody:
            content:
              multipart/form-data:
                schema: {$ref: '#/components/schemas/VersieUpload'}
          responses:
            201:
              description: Stored as the next version
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/BijlageOpgeslagen'}
            403: {description: Not allowed}
            404: {description: Not found}
            422: {description: Refused file}
        """
        scope = access.current_scope()
        bijlage = db.session.get(Bijlage, bijlage_id)
        if bijlage is None or not store.may_read_project(bijlage.project_id, scope):
            return self.response_404()
        if not store.may_upload(bijlage.project_id, scope):
            return self.response_403()

        def run():
            name, data = _file()
            v = store.add_version(bijlage_id, name, data, g.user.id)
            return created(
                self,
                url_for("BijlageApi.download", versie_id=v.id),
                result=_version_json(v),
                bijlage_id=v.bijlage_id,
            )

        return self._guarded(None, run)

    @expose("/versie/<int:versie_id>", methods=["GET"])
    @protect()
    @safe
    def download(self, versie_id: int):
        """Download one version of an attachment.
        ---
        get:
          parameters:
          - {in: path, name: versie_id, required: true, schema: {type: integer}}
          responses:
            200:
              description: The file
              content:
                application/octet-stream:
                  schema: {type: string, format: binary}
            404: {description: Not found, or the file was removed after the retention term}
        """
        try:
            v = store.get_version(versie_id, access.current_scope())
        except NotFound:
            return self.response_404()
        if v.inhoud is None:
            return self.response_404()
        return _send(v)


@register_panel(order=21, anchor="bijlagen", title=_l("Bijlagen"))
def _attachments_panel(project_id: int) -> Markup | None:
    scope = access.current_scope()
    if not store.may_read_project(project_id, scope):
        return None
    project = db.session.get(Project, project_id)
    if project is None:
        return None
    return Markup(render_template("attachments/_panel.html", **_page_context(project)))


def _lsi_attachments(doc_id: int) -> list[BijlageVersie]:
    """For the LSI queue: the attachment versions sent with this version to the LSI."""
    return store.submitted_with(doc_id).get("LSI", [])


def register(appbuilder) -> None:
    current_app.jinja_env.globals["lsi_attachments"] = _lsi_attachments
    appbuilder.add_view_no_menu(BijlagenView)
    appbuilder.add_api(BijlageApi)
