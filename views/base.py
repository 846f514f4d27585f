"""Base classes for screens and APIs: permissions, row scope, rules and error handling.

Views stay thin: they declare columns and labels; the rules come from ``portal.rules`` and
the row-level access from ``portal.access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_appbuilder import ModelRestApi, ModelView, expose, has_access
from flask_appbuilder.api import BaseApi, safe
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError as SchemaError
from sqlalchemy import inspect
from sqlalchemy.orm import MANYTOONE
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from portal import access, roles, rules
from portal.errors import AccessDenied, RuleViolation
from portal.extensions import db
from portal.formatting import fill_formatters
from portal.hardening import DUPLICATE

# For its effect, before any view builds a form: FAB's form and search widgets render native
# controls on every screen, FAB's own included (views/widgets.py).
from views import widgets as _native_widgets  # noqa: F401
from views.filters import SCOPED_CHOICE, scoped_rel_fields
from views.forms import (
    LOCK_FIELD,
    conflict_message,
    is_versioned,
    optional_booleans,
    stale_message,
    with_rules,
)
from views.labels import LABELS


def _item_values(item) -> dict[str, Any]:
    """Column values plus many-to-one objects (their *_id is only set at flush)."""

    values = {c.key: getattr(item, c.key) for c in item.__table__.columns}
    for rel in inspect(type(item)).relationships:
        if rel.direction is MANYTOONE:
            values[rel.key] = getattr(item, rel.key)
    return values


BAD_VALUE = _l(
    "Een of meer waarden hebben niet de juiste vorm: datums als JJJJ-MM-DD, ids als getallen, "
    "lijsten als lijst."
)


class PortalModelView(ModelView):
    """A screen on a domain model: resource permissions, project scope and rules."""

    method_permission_name = roles.VIEW_METHODS
    base_filters = access.SCOPED
    page_size = 25
    scoped = True
    # No FAB "actions" or file downloads: every route left is permission-checked.
    include_route_methods = {"list", "show", "add", "edit", "delete"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Dates, money, Ja/Nee, labels...: a formatter per list/show column from its type.
        fill_formatters(self)

    def _init_forms(self):
        model = self.datamodel.obj
        # Every picker - add/edit forms and the list page's search widget - offers only the
        # related rows the user may read (portal/access.py), whatever the view declares.
        self.add_form_query_rel_fields = scoped_rel_fields(model, self.add_form_query_rel_fields)
        self.edit_form_query_rel_fields = scoped_rel_fields(model, self.edit_form_query_rel_fields)
        self.search_form_query_rel_fields = scoped_rel_fields(
            model, self.search_form_query_rel_fields
        )
        if is_versioned(model):
            self.edit_form_extra_fields = {
                **(self.edit_form_extra_fields or {}),
                LOCK_FIELD: HiddenField(),
            }
            if self.edit_fieldsets:
                *rest, (title, spec) = self.edit_fieldsets
                self.edit_fieldsets = [
                    *rest,
                    (title, {**spec, "fields": [*spec["fields"], LOCK_FIELD]}),
                ]
            if self.edit_columns and LOCK_FIELD not in self.edit_columns:
                self.edit_columns = [*self.edit_columns, LOCK_FIELD]
        super()._init_forms()
        self.add_form = with_rules(optional_booleans(self.add_form, model), model)
        self.edit_form = with_rules(optional_booleans(self.edit_form, model), model)

    def prefill_form(self, form, pk):
        if LOCK_FIELD in form._fields:
            item = self.datamodel.get(pk)
            form._fields[LOCK_FIELD].data = str(item.lock_version)

    def _check(self, item) -> None:
        if self.scoped:
            access.check_writable(item)

    def pre_add(self, item):
        self._write_now(item, None)

    def pre_update(self, item):
        self._write_now(item, self.datamodel.get_pk_value(item))

    def _write_now(self, item, row_id) -> None:
        """Write before FAB's commit, so what the database refuses reaches the user as a
        message (FAB would flash "Database error" or the raw SQL): a concurrent writer that
        won the optimistic lock, or a unique/foreign key. After the flush the row stays
        locked until the commit, which cannot lose anymore."""
        session = self.datamodel.session
        try:
            self._check(item)  # its queries may flush already: inside the same guard
            session.add(item)
            session.flush()
        except StaleDataError:
            # FAB flashes the message of what pre_add/pre_update raises and stores nothing.
            session.rollback()
            raise RuleViolation(
                stale_message(self.datamodel.obj, row_id, getattr(item, LOCK_FIELD, None))
            ) from None
        except sa.exc.IntegrityError:
            session.rollback()
            raise RuleViolation(str(DUPLICATE)) from None

    def pre_delete(self, item):
        self._check(item)


class ProjectChildView(PortalModelView):
    """A screen on rows that belong to one project; they are added from the project page."""

    related_column = "project"

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        value = request.args.get(f"_flt_0_{self.related_column}")
        if not value:
            flash(_l("Open eerst het project en voeg daar het onderdeel toe."), "info")
            return redirect(url_for("ProjectView.list"))
        parent = self.datamodel.get_related_model(self.related_column)
        if not value.isdigit() or not access.choosable(parent, int(value)):
            abort(404)  # a project (or registration) outside the user's scope is not found
        return super().add()


NOT_AN_OBJECT = _l('Stuur de velden als één JSON-object, bijvoorbeeld {"naam": "..."}.')


def json_body() -> dict:
    """The request's JSON object, or an empty one for anything else (no body, a list, a
    string): the action then names what is missing instead of failing on the shape."""
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def _shape_checked(load):
    """marshmallow's validators assume the field's type (a length check on a number raises
    TypeError): a value of the wrong shape is the client's input, answered as a 422."""

    def checked(data, *args, **kwargs):
        try:
            return load(data, *args, **kwargs)
        except (TypeError, ValueError) as e:
            if isinstance(e, SchemaError):
                raise
            raise SchemaError({"_schema": [str(BAD_VALUE)]}) from e

    return checked


class PortalApi(ModelRestApi):
    """REST API on a domain model with the same rights, scope and rules as the screens."""

    method_permission_name = roles.API_METHODS
    base_filters = access.SCOPED
    label_columns = LABELS
    allow_browser_login = True  # cookie-authenticated writes pass the CSRF check in portal/web.py
    scoped = True
    page_size = 25

    def __init__(self):
        super().__init__()
        to_many = {
            c.split(".")[0]
            for c in self.show_columns
            if "." in c
            and (
                self.datamodel.is_relation_one_to_many(c.split(".")[0])
                or self.datamodel.is_relation_many_to_many(c.split(".")[0])
            )
        }
        if to_many:
            # FAB would outer-join every child list into one query: a cartesian product
            # (40,000 rows for one project). Select the row itself; children load per list.
            self.show_select_columns = [c.key for c in self.datamodel.obj.__table__.columns]

    def _init_properties(self) -> None:
        super()._init_properties()
        if is_versioned(self.datamodel.obj):
            # The record's version travels with it (the ETag says the same): a client sends it
            # back in If-Match without reading it out of an error message.
            # New lists: FAB's may be class attributes shared with other APIs.
            if LOCK_COLUMN not in self.show_columns:
                self.show_columns = [*self.show_columns, LOCK_COLUMN]
            if LOCK_COLUMN not in self.show_select_columns:
                self.show_select_columns = [*self.show_select_columns, LOCK_COLUMN]

    def _init_model_schemas(self) -> None:
        super()._init_model_schemas()
        for name in ("add_model_schema", "edit_model_schema"):
            schema = getattr(self, name, None)
            if schema is not None:
                schema.load = _shape_checked(schema.load)

    def _rules(self, item, row_id) -> None:
        rules.enforce(self.datamodel.obj, _item_values(item), row_id)

    def pre_add(self, item):
        self._rules(item, None)
        if self.scoped:
            access.check_writable(item)

    def pre_update(self, item):
        self._rules(item, item.id)
        if self.scoped:
            access.check_writable(item)

    def pre_delete(self, item):
        if self.scoped:
            access.check_writable(item)

    def _guarded(self, fn, *args, **kwargs):
        try:
            payload = request.get_json(silent=True)
            if (
                request.method in ("POST", "PUT")
                and request.is_json
                and not isinstance(payload, dict)
            ):
                return self.response_422(message={"_": [str(NOT_AN_OBJECT)]})
            bad = self._bad_references(payload)
            if bad:
                return self.response_422(message=bad)
            return fn(*args, **kwargs)
        except RuleViolation as e:
            self.datamodel.session.rollback()
            return self.response_422(message=e.errors)
        except AccessDenied:
            self.datamodel.session.rollback()
            return self.response_404()
        except (UnicodeError, OverflowError, sa.exc.DataError):
            # Undecodable text, absurd page numbers or values the database refuses are input
            # errors, not server errors.
            self.datamodel.session.rollback()
            return self.response_400(message=str(_l("Ongeldige invoer.")))

    def _bad_references(self, payload) -> dict[str, list[str]]:
        """Related rows are referenced by their numeric id (FAB crashes on anything else)."""
        if not isinstance(payload, dict):
            return {}
        errors = {}
        for name, value in payload.items():
            if not self.datamodel.is_relation(name) or value is None:
                continue
            many = self.datamodel.is_relation_many_to_many(name) or (
                self.datamodel.is_relation_one_to_many(name)
            )
            values = value if many and isinstance(value, list) else [value]
            if (many and not isinstance(value, list)) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in values
            ):
                errors[name] = [str(_l("Verwijs naar een record met zijn nummer (id)."))]
        return errors

    @safe
    def get_list_headless(self, **kwargs):
        return self._guarded(super().get_list_headless, **kwargs)

    def _get_field_info(self, field, filter_rel_field, page=None, page_size=None):
        # _info lists a related field's choices: only those the user may read.
        filter_rel_field = [*(filter_rel_field or []), SCOPED_CHOICE]
        info = super()._get_field_info(field, filter_rel_field, page=page, page_size=page_size)
        # FAB runs gettext("") for fields without a description, which yields the catalog header.
        if not self.description_columns.get(field.name):
            info["description"] = ""
        return info

    @safe
    def post_headless(self):
        return self._guarded(self._post_located)

    def _post_located(self):
        response = super().post_headless()
        if response.status_code == 201:
            pk = response.get_json()["id"]
            # Where the new record is: the client GETs it there (with its ETag).
            response.headers["Location"] = url_for(f"{type(self).__name__}.get", pk=pk)
            self._tag(response, pk)
        return response

    @safe
    def put_headless(self, pk):
        return self._guarded(self._put_checked, pk)

    def _current(self, pk):
        """The record as the user may see it (None: not found or outside his scope)."""
        return self.datamodel.get(pk, self._base_filters)

    def _put_checked(self, pk):
        model = self.datamodel.obj
        if is_versioned(model):
            item = self._current(pk)
            if item is None:
                return self.response_404()
            seen = seen_version(pk)
            # For conflict_response after a lost race (the body's version is gone by then).
            request.environ[_SEEN] = seen
            if seen is None:
                response = self.response(
                    428,
                    message=str(
                        _l(
                            "Stuur de versie die u bewerkt mee in de If-Match-header "
                            "(veld lock_version, nu %(v)s).",
                            v=item.lock_version,
                        )
                    ),
                    lock_version=item.lock_version,
                )
                response.headers["ETag"] = etag(item)
                return response
            if not seen.version.isdigit() or conflict_message(model, pk, seen.version):
                return self.conflict_response(pk)
            body = request.get_json(silent=True)
            if isinstance(body, dict):
                # The version is the precondition, not a field to write (FAB's schema would
                # refuse it as unknown); the request's cached JSON is what FAB reads.
                body.pop(LOCK_COLUMN, None)
        response = super().put_headless(pk)
        if response.status_code == 200:
            self._tag(response, pk)
        return response

    def _tag(self, response, pk) -> None:
        """The ETag of the record after this request (versioned models only)."""
        model = self.datamodel.obj
        if is_versioned(model) and pk is not None:
            item = self.datamodel.session.get(model, int(pk))
            if item is not None:
                response.headers["ETag"] = etag(item)

    def conflict_response(self, pk):
        """The current version differs from the client's: who changed what since, the current
        version in the body (``lock_version``) and in ``ETag``. 412 Precondition Failed when
        the client sent an entity tag in If-Match, 409 Conflict for a bare version number
        (If-Match: 3) or ``lock_version`` in the body, as before the ETags.

        Also the answer when a concurrent request wins the race after the check above (the
        loser's flush raises ``StaleDataError``): ``portal.hardening`` calls it for any API
        that has it."""
        model = self.datamodel.obj
        seen = request.environ.get(_SEEN) or seen_version(pk)
        item = self.datamodel.session.get(model, int(pk)) if pk is not None else None
        versioned = item is not None and is_versioned(model)
        extra = {"lock_version": item.lock_version} if versioned else {}
        status = 412 if seen is not None and seen.tagged else 409
        version = seen.version if seen is not None else None
        response = self.response(status, message=stale_message(model, pk, version), **extra)
        if versioned:
            response.headers["ETag"] = etag(item)
        return response

    @safe
    def get_headless(self, pk, **kwargs):
        return self._guarded(self._get_tagged, pk, **kwargs)

    def _get_tagged(self, pk, **kwargs):
        response = super().get_headless(pk, **kwargs)
        if response.status_code != 200 or not is_versioned(self.datamodel.obj):
            return response
        self._tag(response, pk)
        if none_match(request.headers.get("If-None-Match"), response.headers.get("ETag")):
            # The client's copy is current (checked after the scope: no 304 for others' rows).
            unchanged = current_app.response_class(status=304)
            unchanged.headers["ETag"] = response.headers["ETag"]
            return unchanged
        return response

    @safe
    def delete_headless(self, pk):
        return self._guarded(self._delete_checked, pk)

    def _delete_checked(self, pk):
        # If-Match is optional on DELETE; when given, a stale version deletes nothing.
        model = self.datamodel.obj
        seen = seen_version(pk) if request.headers.get("If-Match") else None
        if seen is not None and is_versioned(model):
            if self._current(pk) is None:
                return self.response_404()
            if not seen.version.isdigit() or conflict_message(model, pk, seen.version):
                return self.conflict_response(pk)
        return super().delete_headless(pk)


LOCK_COLUMN = "lock_version"
_SEEN = "portal.seen_version"


def etag(item) -> str:
    """The record's entity tag: its id and version. Strong, because If-Match compares tags
    strongly (RFC 9110 13.1.1); the version changes with every stored change."""
    return f'"{item.id}-{item.lock_version}"'


@dataclass(frozen=True)
class SeenVersion:
    version: str  # the lock_version the client saw ("" when its tag is not this record's)
    tagged: bool  # an entity tag in If-Match (a stale one is 412), else 409


def seen_version(pk) -> SeenVersion | None:
    """The version the client edits: from ``If-Match`` - our entity tag ``"<id>-<version>"``
    (also weak, ``W/"..."``; several tags: the first of this record) or, as before the ETags,
    a bare version number - or else from ``lock_version`` in the JSON body. If-Match wins
    when both are given (it is the HTTP precondition; the body's value is then ignored).
    ``If-Match: *`` names no version and counts as missing (428)."""

    header = (request.headers.get("If-Match") or "").strip()
    if header and header != "*":
        if header.isdigit():
            return SeenVersion(header, tagged=False)
        tags = [t.strip().removeprefix("W/").strip('"') for t in header.split(",")]
        for tag in tags:
            record, _, version = tag.rpartition("-")
            if record == str(pk) and version.isdigit():
                return SeenVersion(version, tagged=True)
        # A tag of another record or of no form we give out: it cannot match.
        single = tags[0] if len(tags) == 1 else ""
        return SeenVersion(single if single.isdigit() else "", tagged=True)
    body = request.get_json(silent=True)
    value = body.get(LOCK_COLUMN) if isinstance(body, dict) else None
    if value is None or isinstance(value, bool):
        return None
    return SeenVersion(str(value).strip(), tagged=False)


def none_match(header: str | None, tag: str | None) -> bool:
    """If-None-Match against the current tag, compared weakly (RFC 9110 13.1.2)."""
    if not header or not tag:
        return False
    if header.strip() == "*":
        return True
    return tag.removeprefix("W/") in {t.strip().removeprefix("W/") for t in header.split(",")}


def created(api: BaseApi, location: str, **body):
    """201 Created with the new record's address in ``Location``."""
    response = api.response(201, **body)
    response.headers["Location"] = location
    return response


def user_may(permission: str, resource: str) -> bool:
    """Whether the signed-in user's roles grant ``permission`` on ``resource`` (for links and
    panels; routes themselves are guarded by ``@has_access`` / ``@protect``)."""
    user = getattr(g, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return current_app.appbuilder.sm.has_access(roles.permission_name(permission), resource)


class ServiceApi(BaseApi):
    """An API whose actions call a service: rule violations become 422 with the messages per
    field, rows outside the user's scope 404; either way nothing half-done is kept."""

    allow_browser_login = True

    def _run(self, fn):
        try:
            return fn()
        except RuleViolation as e:
            db.session.rollback()
            return self.response_422(message=e.errors)
        except AccessDenied:
            db.session.rollback()
            return self.response_404()
        except (ValueError, TypeError, KeyError, AttributeError):
            # A body these actions read by hand holds a value of the wrong shape (a date that
            # is no date, a list of names where ids belong): the client's input, not a fault.
            db.session.rollback()
            return self.response_422(message={"_": [str(BAD_VALUE)]})

    def _json(self) -> dict:
        return json_body()
