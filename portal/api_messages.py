"""Marshmallow's validation messages in the user's language.

The REST API validates with marshmallow schemas that Flask-AppBuilder builds from the models;
their stock messages are English ("Missing data for required field."). The class-level
defaults become lazy translations before any schema field exists. A field's message is
rendered when the error is raised (``make_error``), in the request's language, so the error
keeps marshmallow's shape (a list of strings per field); the schema-level ones are written by
``portal.web.PortalJSONProvider``. Messages passed to validators at start-up (marshmallow's
"Invalid value.", e-mail) stay as they are: the portal's own rules give those fields theirs.
"""

from __future__ import annotations

import marshmallow
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields

_stock_make_error = fields.Field.make_error


def _make_error(self: fields.Field, key: str, **kwargs) -> ValidationError:
    message = self.error_messages.get(key)
    if isinstance(message, LazyString):
        return ValidationError(str(message))
    return _stock_make_error(self, key, **kwargs)


def install() -> None:
    fields.Field.make_error = _make_error
    fields.Field.default_error_messages.update(
        required=_l("Dit veld is vereist."), null=_l("Dit veld mag niet leeg zijn.")
    )
    for field, message in (
        (fields.String, _l("Geen geldige tekst.")),
        (fields.Integer, _l("Geen geldig geheel getal.")),
        (fields.Number, _l("Geen geldig getal.")),
        (fields.Boolean, _l("Geen geldige ja/nee-waarde.")),
        (fields.Date, _l("Geen geldige datum (verwacht: JJJJ-MM-DD).")),
        (fields.DateTime, _l("Geen geldige datum en tijd (verwacht: JJJJ-MM-DDTUU:MM:SS).")),
        (fields.List, _l("Geen geldige lijst.")),
    ):
        field.default_error_messages["invalid"] = message
    fields.Number.default_error_messages["too_large"] = _l("Getal te groot.")
    fields.Nested.default_error_messages["type"] = _l("Ongeldig type.")
    marshmallow.Schema._default_error_messages.update(
        type=_l("Ongeldige invoer: verwacht een JSON-object."),
        unknown=_l("Onbekend veld."),
    )
