"""How values are shown to people: one function per kind of value, in the user's language.

Screens never print a Python value as Python writes it (``None``, ``True``, ``[a, b]``,
``2026-12-01 18:35:45.473350``, ``45000.00``): templates use the Jinja filters ``install``
registers (``|datum``, ``|datumtijd``, ``|geld``, ``|getal``, ``|procent``, ``|janee``,
``|leeg``, ``|lijst``, ``|label``, ``|adres``, ``|waarde``), and every FAB list and show page
gets a formatter per column from the column's type (``fill_formatters``), so a new column is
covered without anyone remembering it. Dates, numbers and lists go through Babel in the
user's locale (nl: "1 september 2018", "€ 45.000,00", "1.250", "Bergeijk, Best en Eindhoven").

The portal's own vocabulary (phases, statuses, roles, choices) is stored in Dutch; ``label``
shows it in the user's language through ``VALUE_LABELS``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel import dates, lists, numbers
from flask import Flask, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import inspect
from sqlalchemy.orm import MANYTOMANY, ONETOMANY

from portal.addresses import display as adres

# Stored datetimes are UTC; people read them in Dutch time.
TIMEZONE = ZoneInfo("Europe/Amsterdam")
EMPTY = "–"  # en dash: what an empty value looks like on every screen
# Column info marking an amount in euros (models: ``info=MONEY``).
MONEY_INFO = "geld"
# Integer columns that are numbers by name, not quantities: no thousands separator.
IDENTIFIERS = {"id", "versie", "huisnummer", "volgorde", "lock_version", "rij_id", "jaar"}
# Text columns holding the portal's vocabulary without being a choice column: FAB's role names.
VOCABULARY_COLUMNS = {("ab_role", "name")}
ADDRESS_KEY = "adres_sleutel"  # the coupling's internal key: shown as an address

# The stored Dutch vocabulary -> its label in the user's language. Every value of every
# choice column (``models.base.choice``) is here or in AS_IS; tests/test_raw_values.py checks.
VALUE_LABELS = {
    # communication, outcomes, expenses, measurements (models.communicatie ... meting; #19)
    "Afgestemd": _l("Afgestemd"),
    "Gepubliceerd": _l("Gepubliceerd"),
    "Persbericht": _l("Persbericht"),
    "Nieuwsbericht": _l("Nieuwsbericht"),
    "Bewonersbrief": _l("Bewonersbrief"),
    "Sociale media": _l("Sociale media"),
    "Raadsinformatie": _l("Raadsinformatie"),
    "Na vaststelling eindrapportage": _l("Na vaststelling eindrapportage"),
    "Burgemeester": _l("Burgemeester"),
    "Aantal": _l("Aantal"),
    "Bedrag": _l("Bedrag"),
    "Tolk": _l("Tolk"),
    "Slotenmaker": _l("Slotenmaker"),
    "Opslag en vervoer": _l("Opslag en vervoer"),
    "Huur locatie": _l("Huur locatie"),
    "0-meting": _l("0-meting"),
    "1-meting": _l("1-meting"),
    # types of attachments, virus scan, partner review answers (models.bijlage, reviewronde)
    "Intakerapport": _l("Intakerapport"),
    "Gebiedsbeschrijving": _l("Gebiedsbeschrijving"),
    "Vragenlijst 0-meting": _l("Vragenlijst 0-meting"),
    "Brainstormresultaten": _l("Brainstormresultaten"),
    "Getekend besluit": _l("Getekend besluit"),
    "Persmateriaal": _l("Persmateriaal"),
    "Gescand": _l("Gescand"),
    "Niet gescand": _l("Niet gescand"),
    "Opmerkingen": _l("Opmerkingen"),
    # states of a background job (models.taak)
    "In de wachtrij": _l("In de wachtrij"),
    "Bezig": _l("Bezig"),
    "Klaar": _l("Klaar"),
    "Mislukt": _l("Mislukt"),
    # phases (models.keuzelijsten.FASEN)
    "Initiatief": _l("Initiatief"),
    "Verkenning": _l("Verkenning"),
    "Voorbereiding": _l("Voorbereiding"),
    "Uitvoering": _l("Uitvoering"),
    "Afronding": _l("Afronding"),
    "Afgesloten": _l("Afgesloten"),
    "Gestopt": _l("Gestopt"),
    # kinds of partner (PARTNER_TYPEN; the organisations' own names are in AS_IS)
    "Gemeente": _l("Gemeente"),
    "Belastingdienst/Belastingen": _l("Belastingdienst/Belastingen"),
    "Belastingdienst/Toeslagen": _l("Belastingdienst/Toeslagen"),
    "Nederlandse Arbeidsinspectie": _l("Nederlandse Arbeidsinspectie"),
    "Politie": _l("Politie"),
    "Veiligheidsregio": _l("Veiligheidsregio"),
    "Omgevingsdienst": _l("Omgevingsdienst"),
    "Woningcorporatie": _l("Woningcorporatie"),
    "Energie-/waterleverancier": _l("Energie-/waterleverancier"),
    "Overig": _l("Overig"),
    # deciding bodies, subjects and outcomes of decisions
    "College B&W": _l("College B&W"),
    "Gemeenteraad": _l("Gemeenteraad"),
    "Voorbereidingsgroep LSI": _l("Voorbereidingsgroep LSI"),
    "Projectgroep": _l("Projectgroep"),
    "Probleemdefinitie": _l("Probleemdefinitie"),
    # the IVT application at the BKWI (models.ivt_aanvraag)
    "Aangevraagd": _l("Aangevraagd"),
    "Ingericht": _l("Ingericht"),
    "Collegebesluit": _l("Collegebesluit"),
    "Projectvoorstel": _l("Projectvoorstel"),
    "Projectplan": _l("Projectplan"),
    "Eindrapportage": _l("Eindrapportage"),
    "Akkoord": _l("Akkoord"),
    "Akkoord met voorwaarden": _l("Akkoord met voorwaarden"),
    "Aangehouden": _l("Aangehouden"),
    "Afgewezen": _l("Afgewezen"),
    "Advies": _l("Advies"),
    # AVG registration and document statuses, kinds of document
    "Concept": _l("Concept"),
    "Ingediend": _l("Ingediend"),
    "Geregistreerd": _l("Geregistreerd"),
    "Ingediend bij RPF": _l("Ingediend bij RPF"),
    "Ingediend bij LSI": _l("Ingediend bij LSI"),
    "Vastgesteld": _l("Vastgesteld"),
    "collegebesluit": _l("collegebesluit"),
    "projectvoorstel": _l("projectvoorstel"),
    "projectplan": _l("projectplan"),
    "eindrapportage": _l("eindrapportage"),
    "raadsinformatiebrief": _l("raadsinformatiebrief"),
    # cases, follow-up, deliveries
    "Aangemeld": _l("Aangemeld"),
    "Besproken": _l("Besproken"),
    "In onderzoek": _l("In onderzoek"),
    "Gecontroleerd": _l("Gecontroleerd"),
    "Afgerond": _l("Afgerond"),
    "Buiten gezamenlijke aanpak": _l("Buiten gezamenlijke aanpak"),
    "Open": _l("Open"),
    "In behandeling": _l("In behandeling"),
    "Ter controle": _l("Ter controle"),
    "Verwerkt": _l("Verwerkt"),
    "Geannuleerd": _l("Geannuleerd"),
    "Ingetrokken": _l("Ingetrokken"),
    # where a follow-up action stands (portal.casework.followup.state)
    "op tijd afgerond": _l("op tijd afgerond"),
    "te laat afgerond": _l("te laat afgerond"),
    "open": _l("open"),
    "termijn verstreken": _l("termijn verstreken"),
    # where a deadline stands (portal.deadlines)
    "te laat": _l("te laat"),
    "binnenkort": _l("binnenkort"),
    "gedaan": _l("gedaan"),
    # initiators, controls, team roles, journal entries
    "Ketenpartner": _l("Ketenpartner"),
    "Actiedag": _l("Actiedag"),
    "Actieavond": _l("Actieavond"),
    "Leiding": _l("Leiding"),
    "Gesprek": _l("Gesprek"),
    "Doorzoeking": _l("Doorzoeking"),
    "Formulieren": _l("Formulieren"),
    "Veiligheid": _l("Veiligheid"),
    "Status": _l("Status"),
    "Casustafel": _l("Casustafel"),
    "Controle": _l("Controle"),
    "Bevinding": _l("Bevinding"),
    "Opvolging": _l("Opvolging"),
    "Handmatig": _l("Handmatig"),
    # the portal's roles (portal.roles)
    "Beheerder": _l("Beheerder"),
    "Projectleider": _l("Projectleider"),
    "Secretaris LSI": _l("Secretaris LSI"),
    "Privacyfunctionaris": _l("Privacyfunctionaris"),
    # themes, what a project targets, the uitvraag plan (models.thema, models.uitvraagitem)
    "Thema": _l("Thema"),
    "Fenomeen": _l("Fenomeen"),
    "Gebied": _l("Gebied"),
    "Thema of fenomeen": _l("Thema of fenomeen"),
    "Landelijk": _l("Landelijk"),
    "Gemeentelijk": _l("Gemeentelijk"),
    "Extern": _l("Extern"),
    "Datamanager Inlichtingenbureau": _l("Datamanager Inlichtingenbureau"),
    "Liaison Belastingdienst": _l("Liaison Belastingdienst"),
    "Systeembeheerder aan Inlichtingenbureau": _l("Systeembeheerder aan Inlichtingenbureau"),
    "Via gemeentelijk projectleider": _l("Via gemeentelijk projectleider"),
    "Te doen": _l("Te doen"),
    "Specificatie verstuurd": _l("Specificatie verstuurd"),
    "Uitgevraagd": _l("Uitgevraagd"),
    "Geleverd": _l("Geleverd"),
    "Vervallen": _l("Vervallen"),
    # control evenings planned ahead: states, police inzet, equipment (issue #19)
    "Gepland": _l("Gepland"),
    "Uitgevoerd": _l("Uitgevoerd"),
    "Geen": _l("Geen"),
    "Politie stand-by": _l("Politie stand-by"),
    "Politie aanwezig": _l("Politie aanwezig"),
    "Legitimatiebewijzen en machtigingen": _l("Legitimatiebewijzen en machtigingen"),
    "Formulieren en checklists": _l("Formulieren en checklists"),
    "Telefoons of portofoons (opgeladen)": _l("Telefoons of portofoons (opgeladen)"),
    "Zaklampen": _l("Zaklampen"),
    "Veiligheidshesjes": _l("Veiligheidshesjes"),
    "EHBO-set": _l("EHBO-set"),
    "CO-melder en meetapparatuur": _l("CO-melder en meetapparatuur"),
    "Camera voor vastlegging": _l("Camera voor vastlegging"),
    # enrichment answers, dossier journal entries, lesson categories (issue #19 parts 4, 7)
    "Ja": _l("Ja"),
    "Nee": _l("Nee"),
    "Onbekend": _l("Onbekend"),
    "Selectie": _l("Selectie"),
    "Verrijking": _l("Verrijking"),
    "Samenwerking": _l("Samenwerking"),
    "Informatiepositie": _l("Informatiepositie"),
    "Communicatie": _l("Communicatie"),
}
# Names that read the same in every language (organisations, bodies).
AS_IS = {
    "UWV",
    "SVB",
    "IND",
    "OM",
    "KvK",
    "RDW",
    "Inlichtingenbureau",
    "BKWI",
    "RPF",
    "LSI",
    "RCF",
}


def current_locale() -> str:
    """The user's locale (nl/en); Dutch outside a request (CLI, generated documents)."""
    if has_request_context():
        locale = get_locale()
        if locale is not None:
            return str(locale)
    return "nl"


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _parsed(value: Any) -> Any:
    """A date or datetime written as ISO text (JSON, CSV previews, the audit trail)."""
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else _datetime(value)
        except ValueError:
            return value
    return value


def _datetime(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def datum(value: Any) -> str:
    """``1 september 2018`` (en: ``September 1, 2018``); a dash when empty."""
    value = _parsed(value)
    if is_empty(value):
        return EMPTY
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    if not isinstance(value, dt.date):
        return str(value)
    return dates.format_date(value, "long", locale=current_locale())


def _local(value: dt.datetime) -> dt.datetime:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # stored as UTC
    return aware.astimezone(TIMEZONE)


def datumtijd(value: Any) -> str:
    """``1 september 2018 14:05`` in Dutch time: no seconds, no microseconds."""
    value = _parsed(value)
    if is_empty(value):
        return EMPTY
    if not isinstance(value, dt.datetime):
        return datum(value)
    local = _local(value)
    locale = current_locale()
    return "{} {}".format(
        dates.format_date(local.date(), "long", locale=locale),
        dates.format_time(local.time(), "short", locale=locale),
    )


def tijd(value: Any) -> str:
    """``14:05`` (the time of day of a stored datetime, Dutch time)."""
    if is_empty(value):
        return EMPTY
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    return dates.format_time(value, "short", locale=current_locale())


def geld(value: Any) -> str:
    """``€ 45.000,00``."""
    if is_empty(value):
        return EMPTY
    return numbers.format_currency(Decimal(str(value)), "EUR", locale=current_locale())


def getal(value: Any, teken: bool = False) -> str:
    """``1.250``, ``12,5``; ``teken``: always with a sign (a difference: ``+6``, ``-14``)."""
    if is_empty(value):
        return EMPTY
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    pattern = "+#,##0.###;-#,##0.###" if teken else None
    return numbers.format_decimal(value, format=pattern, locale=current_locale())


def procent(value: Any) -> str:
    """A fraction as a percentage: 0.125 -> ``12,5%``."""
    if is_empty(value):
        return EMPTY
    return numbers.format_percent(value, format="#,##0.#%", locale=current_locale())


def janee(value: Any) -> str:
    """Ja/Nee (Yes/No); a dash when unknown."""
    if value is None:
        return EMPTY
    return str(_l("Ja")) if value else str(_l("Nee"))


def label(value: Any) -> str:
    """A stored vocabulary value in the user's language (``Verkenning`` -> ``Exploration``)."""
    if is_empty(value):
        return EMPTY
    text = str(value)
    known = VALUE_LABELS.get(text)
    return str(known) if known is not None else text


def naam(obj: Any) -> str:
    """A related row by its display name (its ``__str__``; roles by their label)."""
    if is_empty(obj):
        return EMPTY
    from flask_appbuilder.security.sqla.models import Role

    if isinstance(obj, Role):
        return label(obj.name)
    return str(obj)


def lijst(values: Iterable[Any] | None, show: Callable[[Any], str] | None = None) -> str:
    """``Bergeijk, Best en Eindhoven``: each item by its display name, never brackets."""
    items = [(show or waarde)(v) for v in (values or []) if not is_empty(v)]
    if not items:
        return EMPTY
    return lists.format_list(items, locale=current_locale())


def waarde(value: Any) -> str:
    """Any value by its kind: the formatter for a value whose column type is not known."""
    value = _parsed(value)
    if is_empty(value):
        return EMPTY
    if isinstance(value, bool):
        return janee(value)
    if isinstance(value, dt.datetime):
        return datumtijd(value)
    if isinstance(value, dt.date):
        return datum(value)
    if isinstance(value, int | float | Decimal):
        return getal(value)
    if isinstance(value, list | tuple | set):
        return lijst(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {waarde(v)}" for k, v in value.items())
    if isinstance(value, str):
        return label(value)
    return naam(value)


def leeg(value: Any) -> Any:
    """The value itself, or a dash when there is none (for free text)."""
    return EMPTY if is_empty(value) else value


def json_value(value: Any) -> Markup | str:
    """A JSON column: one line per key, values by their kind (never a Python dict)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if is_empty(value) or value == {}:
        return EMPTY
    if not isinstance(value, dict):
        return waarde(value)
    items = Markup("").join(
        Markup("<li><strong>{}</strong>: {}</li>").format(k, _change(v)) for k, v in value.items()
    )
    return Markup('<ul class="list-unstyled">{}</ul>').format(items)


def _change(value: Any) -> str:
    # The audit trail stores a change as [before, after].
    if isinstance(value, list) and len(value) == 2:
        return f"{waarde(value[0])} → {waarde(value[1])}"
    return waarde(value)


# --- FAB list and show pages ---------------------------------------------------------------


def formatter_for(model: type, name: str) -> Callable[[Any], Any]:
    """The formatter of one list/show column, from the model's mapper."""
    if "." in name:
        return waarde  # a related row's attribute (``project.code``): its kind is its value's
    mapper = inspect(model, raiseerr=False)
    if mapper is None:
        return waarde
    if name in mapper.relationships:
        rel = mapper.relationships[name]
        if rel.direction in (ONETOMANY, MANYTOMANY) and rel.uselist:
            return lambda rows: lijst(rows, naam)
        return naam
    if name not in mapper.columns:
        return waarde  # a property or method of the model
    column = mapper.columns[name]
    kind = column.type
    if name == ADDRESS_KEY:
        return adres
    if isinstance(kind, sa.Enum) or (mapper.local_table.name, name) in VOCABULARY_COLUMNS:
        return label
    if isinstance(kind, sa.Boolean):
        return janee
    if isinstance(kind, sa.DateTime):
        return datumtijd
    if isinstance(kind, sa.Date):
        return datum
    if isinstance(kind, sa.Numeric):  # Float is a Numeric
        return geld if column.info.get(MONEY_INFO) else getal
    if isinstance(kind, sa.Integer):
        if column.primary_key or column.foreign_keys or name in IDENTIFIERS or name.endswith("_id"):
            return leeg
        return getal
    if isinstance(kind, sa.JSON):
        return json_value
    return leeg


def fill_formatters(view: Any) -> None:
    """Give every list and show column of a FAB ModelView without a formatter of its own the
    one for its type (idempotent; explicit ``formatters_columns`` win)."""
    datamodel = getattr(view, "datamodel", None)
    model = getattr(datamodel, "obj", None)
    if model is None:
        return
    own = dict(view.formatters_columns or {})
    columns = [*(view.list_columns or []), *(view.show_columns or [])]
    for fieldset in view.show_fieldsets or []:
        columns.extend(fieldset[1].get("fields", []))
    derived = {c: formatter_for(model, c) for c in columns if isinstance(c, str)}
    view.formatters_columns = {**derived, **own}


# --- Jinja ----------------------------------------------------------------------------------

FILTERS: dict[str, Callable[..., Any]] = {
    "datum": datum,
    "datumtijd": datumtijd,
    "tijd": tijd,
    "geld": geld,
    "getal": getal,
    "procent": procent,
    "janee": janee,
    "leeg": leeg,
    "lijst": lijst,
    "label": label,
    "naam": naam,
    "adres": adres,
    "waarde": waarde,
}


def install(app: Flask) -> None:
    """Register the filters and give every registered ModelView (FAB's own security screens
    included) its column formatters. Call after the views are registered."""
    app.jinja_env.filters.update(FILTERS)
    from flask_appbuilder import ModelView

    for view in app.appbuilder.baseviews:
        if isinstance(view, ModelView):
            fill_formatters(view)
