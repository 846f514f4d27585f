"""Small FAB filters used to keep select boxes short."""

from __future__ import annotations

from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.security.sqla.models import Role


class HasRole(BaseFilter):
    """Users holding the role named by ``value`` (for person pickers such as projectleider)."""

    name = "Heeft rol"
    arg_name = None

    def apply(self, query, value):
        return query.filter(self.model.roles.any(Role.name == value)).filter(
            self.model.active.is_(True)
        )
