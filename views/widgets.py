"""Native form controls for the screens FAB generates: no select2, no datepicker, no jQuery.

FAB gives its generated forms widgets that need its JavaScript (``Select2Widget``,
``DatePickerWidget``, Bootstrap text inputs with the label as placeholder). This module makes
those widget classes render plain HTML controls in the NL Design System (Utrecht) style, so
every form - the portal's views, FAB's own user and role screens, the search widget - gets
them without per-view code: dates as ``<input type="date">`` (FAB's ``%Y-%m-%d`` is the HTML
date format), date-times as ``datetime-local``, choices as ``<select>`` whose empty choice
reads "— kies —" instead of an empty line or ``__None``.

It also replaces FAB's search widget (a jQuery "add filter" builder) by a server-rendered GET
form: one labelled control per search column, named as FAB's list reads its filters
(``_flt_<filter index>_<column>``), and the active filters it does not show as a control kept
visible and carried along.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_appbuilder import fieldwidgets, forms
from flask_appbuilder.models.sqla import filters as sqla_filters
from flask_appbuilder.widgets import SearchWidget
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeField, widgets

from portal import formatting

BLANK = _l("— kies —")
ANY = _l("— alle —")
YES, NO = _l("Ja"), _l("Nee")

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"

# FAB stores date-times as "%Y-%m-%d %H:%M:%S"; a datetime-local control sends "T" between.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]


def _attrs(kwargs: dict, css: str) -> dict:
    """The control's own class (not FAB's Bootstrap ``form-control``); no placeholder that
    repeats the label (it reads as a value and vanishes on typing)."""
    kwargs.pop("name_", None)
    kwargs.pop("placeholder", None)
    kwargs["class"] = css
    return kwargs


class NativeSelect(widgets.Select):
    """A plain ``<select>``; a multiple one shows up to eight rows at once. Options read as
    on the other screens: stored vocabulary in the user's language, rows by their name."""

    def __call__(self, field, **kwargs):
        kwargs = _attrs(kwargs, SELECT)
        if self.multiple:
            kwargs.setdefault("size", min(max(len(list(field.iter_choices())), 2), 8))
        return super().__call__(field, **kwargs)

    @classmethod
    def render_option(cls, choice, **kwargs):
        return super().render_option(choice._replace(label=option_label(choice)), **kwargs)


def option_label(choice) -> str:
    """The text of a choice: "— kies —" for the empty one (FAB's ``__None``), a stored value
    (an enum) as its label, a related row by its display name."""
    if choice.value in ("__None", "") and not choice.label:
        return str(BLANK)
    if isinstance(choice.label, str):
        return formatting.label(choice.label)
    return formatting.naam(choice.label)


class NativeInput(widgets.TextInput):
    """A text box; whole and decimal numbers get the matching on-screen keyboard."""

    input_type = "text"

    def __call__(self, field, **kwargs):
        kwargs = _attrs(kwargs, TEXTBOX)
        kind = type(field).__name__
        if kind == "IntegerField":
            kwargs.setdefault("inputmode", "numeric")
        elif kind in ("DecimalField", "FloatField"):
            kwargs.setdefault("inputmode", "decimal")
        return super().__call__(field, **kwargs)


class NativePassword(widgets.PasswordInput):
    def __call__(self, field, **kwargs):
        kwargs.setdefault("autocomplete", "new-password")
        return super().__call__(field, **_attrs(kwargs, TEXTBOX))


class NativeTextArea(widgets.TextArea):
    def __call__(self, field, **kwargs):
        kwargs.setdefault("rows", 4)
        return super().__call__(field, **_attrs(kwargs, TEXTAREA))


class NativeDate(widgets.DateInput):
    def __call__(self, field, **kwargs):
        if not field.data:
            field.data = None  # FAB's picker set "" here, which a date field cannot format
        return super().__call__(field, **_attrs(kwargs, TEXTBOX))


class NativeDateTime(widgets.DateTimeLocalInput):
    def __call__(self, field, **kwargs):
        if not field.raw_data and isinstance(field.data, dt.datetime):
            kwargs.setdefault("value", field.data.strftime(DATETIME_FORMATS[0]))
        kwargs.setdefault("step", 1)
        return super().__call__(field, **_attrs(kwargs, TEXTBOX))


_NATIVE = {
    fieldwidgets.Select2Widget: NativeSelect(),
    fieldwidgets.Select2ManyWidget: NativeSelect(multiple=True),
    fieldwidgets.BS3TextFieldWidget: NativeInput(),
    fieldwidgets.BS3TextAreaFieldWidget: NativeTextArea(),
    fieldwidgets.BS3PasswordFieldWidget: NativePassword(),
    fieldwidgets.DatePickerWidget: NativeDate(),
    fieldwidgets.DateTimePickerWidget: NativeDateTime(),
}


def _render_natively(native):
    def __call__(self, field, **kwargs):
        return native(field, **kwargs)

    return __call__


for _fab_widget, _native in _NATIVE.items():
    # FAB builds its forms (and the security screens' forms) with these classes before any
    # view of ours exists; rendering is the one place all of them pass through.
    _fab_widget.__call__ = _render_natively(_native)


class _DateTimeField(DateTimeField):
    """FAB's date-time field that also reads what a datetime-local control sends."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", DATETIME_FORMATS)
        super().__init__(*args, **kwargs)


forms.FieldConverter.conversion_table = tuple(
    (marker, _DateTimeField if cls is DateTimeField else cls, widget)
    for marker, cls, widget in forms.FieldConverter.conversion_table
)


# --- the search form ----------------------------------------------------------------------

# Which of a column's filters the search form offers (FAB's arg names): text matches on any
# part, a date-time from a day on; other columns use their first filter (equal / relation).
PREFERRED = {"text": "ct", "datetime": "gt"}
_fab_set_value_to_type = sqla_filters.set_value_to_type


def _set_value_to_type(datamodel, column_name, value):
    """FAB reads only "y" for a boolean filter (anything else became NULL): "n" is False, so
    the search form's Ja/Nee choice works with FAB's one equal-filter."""
    if datamodel.is_boolean(column_name) and value == "n":
        return False
    return _fab_set_value_to_type(datamodel, column_name, value)


sqla_filters.set_value_to_type = _set_value_to_type


@dataclass
class SearchControl:
    """One labelled control of the search form."""

    name: str  # the URL argument FAB's list reads: _flt_<index>_<column>
    label: str
    kind: str  # text | number | date | select
    value: str = ""
    hint: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "search-" + self.name.lstrip("_")


@dataclass
class ActiveFilter:
    """A filter in the URL that has no control of its own (another operator, e.g. a link's
    "begins with"): shown in words and sent along as a hidden field."""

    name: str
    value: str
    text: str


def _kind(datamodel, column: str) -> str:
    if datamodel.is_relation(column) or datamodel.is_enum(column) or datamodel.is_boolean(column):
        return "select"
    if datamodel.is_datetime(column):
        return "datetime"
    if datamodel.is_date(column):
        return "date"
    if any(
        check(column) for check in (datamodel.is_integer, datamodel.is_numeric, datamodel.is_float)
    ):
        return "number"
    return "text"


def _choices(datamodel, form, column: str) -> list[tuple[str, str]]:
    if datamodel.is_boolean(column):
        return [("y", str(YES)), ("n", str(NO))]
    return [
        (str(c.value), option_label(c))
        for c in form[column]._iter_choices_normalized()
        if c.value not in ("__None", "")
    ]


def _first(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def search_form(form, include_cols, filters) -> tuple[list[SearchControl], list[ActiveFilter]]:
    """The controls for ``include_cols`` with the values of the active filters, and the active
    filters no control shows."""
    datamodel = filters.datamodel
    available = filters.get_search_filters()
    active = list(filters.get_filters_values())
    used: set[int] = set()
    controls = []
    for column in include_cols:
        options = available.get(column) or []
        if not options or column not in form:
            continue
        kind = _kind(datamodel, column)
        wanted = PREFERRED.get(kind)
        index = next((i for i, f in enumerate(options) if f.arg_name == wanted), 0)
        arg = options[index].arg_name
        value = ""
        for n, (flt, val) in enumerate(active):
            if n not in used and flt.column_name == column and flt.arg_name == arg:
                value, _ = _first(val), used.add(n)
                break
        control = SearchControl(
            name=f"_flt_{index}_{column}",
            label=str(form[column].label.text),
            kind="date" if kind == "datetime" else kind,
            value=value,
        )
        if kind == "text":
            control.hint = str(_l("Vindt ook een deel van de tekst."))
        elif kind == "datetime":
            control.hint = str(_l("Vanaf deze dag."))
        elif kind == "select":
            control.choices = _choices(datamodel, form, column)
        controls.append(control)
    others = []
    labels = {c: str(form[c].label.text) for c in include_cols if c in form}
    for n, (flt, val) in enumerate(active):
        if n in used or flt.column_name not in available:
            continue
        options = available[flt.column_name]
        index = next((i for i, f in enumerate(options) if f.arg_name == flt.arg_name), None)
        if index is None:
            continue
        shown = _first(val)
        if datamodel.is_relation(flt.column_name) and flt.column_name in form:
            shown = dict(_choices(datamodel, form, flt.column_name)).get(shown, shown)
        label = labels.get(flt.column_name, flt.column_name)
        others.append(
            ActiveFilter(
                name=f"_flt_{index}_{flt.column_name}",
                value=_first(val),
                text=f"{label} {str(flt.name).lower()} “{shown}”",
            )
        )
    return controls, others


def _search_call(self, **kwargs):
    """FAB's ``SearchWidget`` with the controls worked out here instead of in ab_filters.js."""
    controls, others = search_form(
        self.template_args["form"], self.template_args["include_cols"], self.filters
    )
    kwargs["controls"] = controls
    kwargs["other_filters"] = others
    return super(SearchWidget, self).__call__(**kwargs)


SearchWidget.__call__ = _search_call
