"""API-sleutels: the Beheerder makes, rotates and revokes the keys of partners' systems and sees
when each was last used (portal.api_keys holds the rules; ``flask lsi api-key`` does the same).

A new key is shown once, in the answer to the POST that made it - never stored, never put in
a flash message (that would travel in the session cookie) - with ``Cache-Control: no-store``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, g, make_response, redirect, request, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import lazy_gettext as _l

from models import Ketenpartner
from portal import api_keys, roles
from portal.errors import RuleViolation
from portal.extensions import db


def _date(value: str | None) -> dt.datetime | None:
    """The expiry from the form's date: the key works through that day (until midnight UTC)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise RuleViolation({"verloopt_op": [str(_l("Geen geldige datum."))]}) from None
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def _flash_errors(e: RuleViolation) -> None:
    for messages in e.errors.values():
        for message in messages:
            flash(str(message), "danger")


class ApiSleutelsView(BaseView):
    route_base = "/apisleutels"
    class_permission_name = roles.APISLEUTELS
    method_permission_name = {
        "index": roles.READ,
        "create": roles.WRITE,
        "rotate": roles.WRITE,
        "revoke": roles.WRITE,
    }
    default_view = "index"

    def _shown_once(self, new: api_keys.NewKey, rotated_from: str | None = None):
        response = make_response(
            self.render_template(
                "api_keys/shown_once.html",
                new=new,
                rotated_from=rotated_from,
                grace_hours=api_keys.grace_hours(),
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    @expose("/")
    @has_access
    def index(self):
        partners = db.session.scalars(sa.select(Ketenpartner).order_by(Ketenpartner.naam)).all()
        return self.render_template(
            "api_keys/index.html",
            lines=api_keys.keys(),
            partners=partners,
            grace_hours=api_keys.grace_hours(),
        )

    @expose("/", methods=["POST"])
    @has_access
    def create(self):
        form = request.form
        try:
            new = api_keys.create(
                form.get("partner", ""),
                form.get("naam", ""),
                form.get("omschrijving") or None,
                _date(form.get("verloopt_op")),
                door_id=g.user.id,
            )
        except RuleViolation as e:
            _flash_errors(e)
            return redirect(url_for("ApiSleutelsView.index"))
        return self._shown_once(new)

    @expose("/<int:key_id>/roteren", methods=["POST"])
    @has_access
    def rotate(self, key_id: int):
        try:
            new = api_keys.rotate(
                key_id, door_id=g.user.id, onmiddellijk=request.form.get("onmiddellijk") == "1"
            )
        except LookupError:
            abort(404)
        except RuleViolation as e:
            _flash_errors(e)
            return redirect(url_for("ApiSleutelsView.index"))
        return self._shown_once(new, rotated_from=str(key_id))

    @expose("/<int:key_id>/intrekken", methods=["POST"])
    @has_access
    def revoke(self, key_id: int):
        try:
            key = api_keys.revoke(key_id, door_id=g.user.id)
        except LookupError:
            abort(404)
        flash(str(_l("Sleutel %(prefix)s is ingetrokken.", prefix=key.prefix)), "success")
        return redirect(url_for("ApiSleutelsView.index"))
