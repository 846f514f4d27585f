"""Base classes for screens and APIs: permissions, row scope, rules and error handling.

Views stay thin: they declare columns and labels; the rules come from ``portal.rules`` and
the row-level access from ``portal.access``.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_appbuilder import ModelRestApi, ModelView, expose, has_access
from flask_appbuilder.api import safe
from flask_babel import lazy_gettext as _l

from portal import access, roles, rules
from portal.errors import AccessDenied, RuleViolation
from views.labels import LABELS


def _item_values(item) -> dict[str, Any]:
    """Column values plus many-to-one objects (their *_id is only set at flush)."""
    from sqlalchemy import inspect
    from sqlalchemy.orm import MANYTOONE

    values = {c.key: getattr(item, c.key) for c in item.__table__.columns}
    for rel in inspect(type(item)).relationships:
        if rel.direction is MANYTOONE:
            values[rel.key] = getattr(item, rel.key)
    return values


def with_rules(form_cls, model: type):
    """Subclass a FAB form so that ``validate`` also runs the model's rules."""

    class RuledForm(form_cls):
        def validate(self, extra_validators=None):
            ok = super().validate(extra_validators=extra_validators)
            errors = rules.check(model, self.data, getattr(self, "_id", None))
            for name, msgs in errors.items():
                if name in self._fields:
                    self._fields[name].errors = [*self._fields[name].errors, *msgs]
                else:
                    for msg in msgs:
                        flash(msg, "danger")
            return ok and not errors

    RuledForm.__name__ = form_cls.__name__
    return RuledForm


class PortalModelView(ModelView):
    """A screen on a domain model: resource permissions, project scope and rules."""

    method_permission_name = roles.VIEW_METHODS
    base_filters = access.SCOPED
    page_size = 25
    scoped = True

    def _init_forms(self):
        super()._init_forms()
        model = self.datamodel.obj
        self.add_form = with_rules(self.add_form, model)
        self.edit_form = with_rules(self.edit_form, model)

    def _check(self, item) -> None:
        if self.scoped:
            access.check_writable(item)

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    def pre_delete(self, item):
        self._check(item)


class ProjectChildView(PortalModelView):
    """A screen on rows that belong to one project; they are added from the project page."""

    related_column = "project"

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        if not request.args.get(f"_flt_0_{self.related_column}"):
            flash(_l("Open eerst het project en voeg daar het onderdeel toe."), "info")
            return redirect(url_for("ProjectView.list"))
        return super().add()


class PortalApi(ModelRestApi):
    """REST API on a domain model with the same rights, scope and rules as the screens."""

    method_permission_name = roles.API_METHODS
    base_filters = access.SCOPED
    label_columns = LABELS
    allow_browser_login = True  # cookie-authenticated writes pass the CSRF check in portal/web.py
    scoped = True
    page_size = 25

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

    def _guarded(self, fn, *args):
        try:
            return fn(*args)
        except RuleViolation as e:
            self.datamodel.session.rollback()
            return self.response_422(message=e.errors)
        except AccessDenied:
            self.datamodel.session.rollback()
            return self.response_404()

    @safe
    def post_headless(self):
        return self._guarded(super().post_headless)

    @safe
    def put_headless(self, pk):
        return self._guarded(super().put_headless, pk)

    @safe
    def delete_headless(self, pk):
        return self._guarded(super().delete_headless, pk)
