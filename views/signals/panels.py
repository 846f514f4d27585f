"""The signals section of the project page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import Signaal
from portal import roles
from portal.extensions import db
from portal.signals import coupling
from portal.signals import scope as sscope
from views.base import user_may
from views.panels import register_panel
from views.signals.helpers import _scope


@register_panel(order=55, anchor="signalen", title=_l("Signalen"))
def signals_panel(project_id: int) -> Markup | None:
    if not user_may(roles.READ, roles.SIGNAAL):
        return None
    scope = _scope()
    if not sscope.may_open(project_id, scope):
        return None
    staff = sscope.is_staff(project_id, scope)
    n = db.session.scalar(
        sa.select(sa.func.count()).select_from(Signaal).where(sscope.criterion(project_id, scope))
    )
    return Markup(
        render_template(
            "signals/_panel.html",
            project_id=project_id,
            staff=staff,
            signalen=n or 0,
            counts=coupling.counts(project_id) if staff else None,
            can_couple=staff and user_may(roles.READ, roles.BESTANDSKOPPELING),
        )
    )
