"""Small FAB filters used to keep select boxes short - and inside the user's scope."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import inspect

from portal import access


class HasRole(BaseFilter):
    """Users holding the role named by ``value`` (for person pickers such as projectleider)."""

    name = "Heeft rol"
    arg_name = None

    def apply(self, query, value):
        return query.filter(self.model.roles.any(Role.name == value)).filter(
            self.model.active.is_(True)
        )


class ChoiceInScope(BaseFilter):
    """Only the related rows the current user may read (``access.choice_criterion``); applied
    when the choices are listed, so each request gets its own user's scope."""

    name = "Keuze in scope"
    arg_name = None

    def apply(self, query, value):
        crit = access.choice_criterion(self.model, access.current_scope())
        kept = g.get(KEPT_CHOICES, {}).get(self.model)
        if crit is not None and kept:
            crit = sa.or_(crit, self.model.id.in_(kept))
        return query if crit is None else query.filter(crit)


SCOPED_CHOICE = ["id", ChoiceInScope, None]
# Per request, {model: ids} the row being edited already holds: still offered even when
# outside the user's own choices, so saving the form never drops them (``keep_choices``).
KEPT_CHOICES = "portal_kept_choices"


def keep_choices(model: type, ids) -> None:
    """Offer ``ids`` of ``model`` in this request's pickers too (the edited row's values)."""
    kept = g.setdefault(KEPT_CHOICES, {})
    kept[model] = [*kept.get(model, []), *(i for i in ids if i is not None)]


def scoped_rel_fields(model: type, declared: dict[str, list] | None) -> dict[str, list[Any]]:
    """``declared`` (a view's ``*_query_rel_fields``) with the scope filter added to every
    relation of ``model``: FAB lists a related field's choices from the whole related table
    unless it is given filters (FAB 5.3, forms, search widgets and ``_info`` alike)."""
    out = {name: list(filters) for name, filters in (declared or {}).items()}
    for rel in inspect(model).relationships:
        # Master data passes unfiltered (the filter decides per related model, per request).
        out.setdefault(rel.key, []).append(SCOPED_CHOICE)
    return out
