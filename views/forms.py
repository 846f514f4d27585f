"""Forms of the portal's screens: the model's rules on every form, unticked boxes as False,
FAB's enum fields fixed, and the optimistic lock (a stale copy is refused with who changed
what since).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, has_request_context, request
from flask_appbuilder.fields import EnumField
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired, ValidationError

from portal import audit, rules
from portal.extensions import db
from portal.hardening import error_message
from views.labels import LABELS

LOCK_FIELD = "lock_token"


def _enum_pre_validate(self, form) -> None:
    """FAB's EnumField raises ValueError, which WTForms 3 no longer turns into a form error
    (the page crashed); an empty optional choice is also valid."""

    if self.data in (None, "") and not self.flags.required:
        return
    if any(self.data == self.coerce(value) for value, _ in self.choices):
        return
    raise ValidationError(self.gettext("Not a valid choice"))


EnumField.pre_validate = _enum_pre_validate


def is_versioned(model: type) -> bool:
    return "lock_version" in model.__table__.c


def conflict_message(model: type, row_id, seen_version) -> str | None:
    """None when the row is still at ``seen_version``; else who changed what since then."""

    item = db.session.get(model, int(row_id))
    if item is None or str(item.lock_version) == str(seen_version).strip():
        return None
    changes = []
    for rec in audit.history(model.__tablename__, str(row_id)):
        versie = rec.wijzigingen.get("lock_version", [None, None])[1]
        if versie is None or int(versie) <= int(seen_version):
            break
        for field, (old, new) in rec.wijzigingen.items():
            if field not in ("lock_version", "gewijzigd_op"):
                label = LABELS.get(field, field)
                changes.append(f"{label}: '{old}' → '{new}' ({rec.door}, {rec.op:%d-%m %H:%M})")
    detail = "; ".join(changes) or str(_l("onbekende wijziging"))
    return str(
        _l(
            "Iemand anders heeft dit record intussen gewijzigd. Uw wijzigingen zijn nog niet "
            "opgeslagen; controleer ze en sla opnieuw op. Gewijzigd: %(detail)s",
            detail=detail,
        )
    )


def stale_message(model: type, row_id, seen_version) -> str:
    """The answer to a write that lost the optimistic lock (a concurrent writer committed
    first): who changed what since ``seen_version``, or the general conflict message when
    that version is unknown or not a number."""

    seen = str(seen_version or "").strip()
    if seen.isdigit() and row_id is not None:
        message = conflict_message(model, row_id, seen)
        if message:
            return message
    return error_message(409)


def optional_booleans(form_cls, model: type):
    """An unticked checkbox means False: FAB marks NOT NULL booleans as required, which forces
    users to tick every box."""

    for column in model.__table__.columns:
        unbound = getattr(form_cls, column.key, None)
        if isinstance(column.type, sa.Boolean) and unbound is not None:
            unbound.kwargs["validators"] = [
                v for v in unbound.kwargs.get("validators", []) if not isinstance(v, InputRequired)
            ]
    return form_cls


def _fixed_by_filter(name: str) -> bool:
    return has_request_context() and f"_flt_0_{name}" in request.args


def with_rules(form_cls, model: type):
    """Subclass a FAB form so that ``validate`` also runs the model's rules and the
    optimistic-lock check (a stale copy is refused with the other's changes)."""

    class RuledForm(form_cls):
        def validate(self, extra_validators=None):
            ok = super().validate(extra_validators=extra_validators)
            row_id = getattr(self, "_id", None)
            lock = self._fields.get(LOCK_FIELD)
            if lock is not None and row_id is not None and lock.data:
                message = conflict_message(model, row_id, lock.data)
                if message:
                    flash(message, "danger")
                    # Show the current version next time, so a deliberate resave works.

                    lock.data = str(db.session.get(model, int(row_id)).lock_version)
                    ok = False
            errors = rules.check(model, self.data, row_id)
            for name, msgs in errors.items():
                # A field fixed by the page's filter (``_flt_0_project``) is not rendered:
                # its message is flashed, or the user would not see why nothing was saved.
                if name in self._fields and not _fixed_by_filter(name):
                    self._fields[name].errors = [*self._fields[name].errors, *msgs]
                else:
                    for msg in msgs:
                        flash(msg, "danger")
            return ok and not errors

    RuledForm.__name__ = form_cls.__name__
    return RuledForm
