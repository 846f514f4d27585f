"""Mijn e-mailmeldingen: each signed-in user sets which notifications, how often and in which
language - only his own (the page has no user id in it). And, for the Beheerder, the log of
sent notifications (to whom, which kind, when), read-only."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from models import Mailbericht, Mailvoorkeur
from models.mailvoorkeur import DIRECT, FREQUENTIES, SCHAKELAARS, TALEN
from portal import formatting, roles
from portal.extensions import db, transaction
from portal.notifications import kinds
from views.base import PortalModelView


def own_preference(user_id: int) -> Mailvoorkeur:
    """The user's row, or an unsaved one with the defaults (everything, at once, Dutch)."""
    found = db.session.scalar(sa.select(Mailvoorkeur).where(Mailvoorkeur.user_id == user_id))
    return found or Mailvoorkeur(
        user_id=user_id, **{s: True for s in SCHAKELAARS}, frequentie=DIRECT, taal="nl"
    )


def save_preference(user_id: int, form) -> Mailvoorkeur:
    """The use case behind the form: unknown values fall back to the defaults."""
    with transaction():
        pref = own_preference(user_id)
        for switch in SCHAKELAARS:
            setattr(pref, switch, form.get(switch) == "1")
        frequentie = form.get("frequentie")
        pref.frequentie = frequentie if frequentie in FREQUENTIES else DIRECT
        taal = form.get("taal")
        pref.taal = taal if taal in TALEN else "nl"
        db.session.add(pref)
    return pref


class MeldingenView(BaseView):
    route_base = "/meldingen"
    class_permission_name = roles.MELDINGEN
    method_permission_name = {"index": roles.READ, "save": roles.WRITE}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        return self.render_template(
            "notifications/preferences.html",
            pref=own_preference(g.user.id),
            switches=[(s, kinds.SWITCH_LABELS[s]) for s in SCHAKELAARS],
            frequencies=list(kinds.FREQUENCY_LABELS.items()),
            languages=list(kinds.LANGUAGE_LABELS.items()),
            email=g.user.email,
        )

    @expose("/", methods=["POST"])
    @has_access
    def save(self):
        save_preference(g.user.id, request.form)
        flash(_l("Uw e-mailmeldingen zijn opgeslagen."), "success")
        return redirect(url_for("MeldingenView.index"))


class MailberichtView(PortalModelView):
    """The outbox and sent log: who got which notification when. Read-only, Beheerder."""

    datamodel = SQLAInterface(Mailbericht)
    class_permission_name = roles.MAILLOG
    base_permissions = ["can_read"]
    include_route_methods = {"list", "show"}
    base_filters = []
    scoped = False
    list_title = show_title = _l("Verzonden e-mails")
    list_columns = ["aangemaakt_op", "ontvanger", "soort", "project", "status", "verzonden_op"]
    show_columns = [*list_columns, "bundel_id"]
    search_columns = ["soort", "status", "ontvanger", "aangemaakt_op"]
    base_order = ("aangemaakt_op", "desc")
    label_columns = {
        "aangemaakt_op": _l("In de wachtrij gezet"),
        "ontvanger": _l("Ontvanger"),
        "soort": _l("Soort melding"),
        "project": _l("Project"),
        "status": _l("Status"),
        "verzonden_op": _l("Verzonden op"),
        "bundel_id": _l("Weekoverzicht"),
    }
    formatters_columns = {
        "soort": kinds.kind_label,
        "status": kinds.status_label,
        "bundel_id": formatting.leeg,
    }
