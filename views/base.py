"""Base classes for screens and APIs: permissions, row scope, rules and error handling.

Views stay thin: they declare columns and labels; the rules come from ``portal.rules`` and
the row-level access from ``portal.access``.
"""

from __future__ import annotations

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
        return self._guarded(super().post_headless)

    @safe
    def put_headless(self, pk):
        return self._guarded(self._put_checked, pk)

    def _put_checked(self, pk):
        model = self.datamodel.obj
        if is_versioned(model):
            item = self.datamodel.get(pk, self._base_filters)
            if item is None:
                return self.response_404()
            seen = request.headers.get("If-Match", "").strip('W/"')
            if not seen:
                return self.response(
                    428,
                    message=str(
                        _l(
                            "Stuur de versie die u bewerkt mee in de If-Match-header "
                            "(veld lock_version, nu %(v)s).",
                            v=item.lock_version,
                        )
                    ),
                )
            if not seen.isdigit() or conflict_message(model, pk, seen):
                return self.conflict_response(pk)
        return super().put_headless(pk)

    def conflict_response(self, pk):
        """409 with who changed what since the client's If-Match, and the current version.

        Also the answer when a concurrent request wins the race after the check above (the
        loser's flush raises ``StaleDataError``): ``portal.hardening`` calls it for any API
        that has it."""
        model = self.datamodel.obj
        seen = request.headers.get("If-Match", "").strip('W/"')
        item = self.datamodel.session.get(model, int(pk)) if pk is not None else None
        extra = (
            {"lock_version": item.lock_version} if item is not None and is_versioned(model) else {}
        )
        return self.response(409, message=stale_message(model, pk, seen), **extra)

    @safe
    def get_headless(self, pk, **kwargs):
        return self._guarded(super().get_headless, pk, **kwargs)

    @safe
    def delete_headless(self, pk):
        return self._guarded(super().delete_headless, pk)


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
