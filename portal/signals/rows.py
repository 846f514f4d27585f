"""Validation of one delivered row: the rules a signal must meet before it is stored."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.addresses import Address, normalise_address
from portal.postcodes import PostcodeRange, in_area
from portal.signals.reader import FileRefused, Row, is_formula, looks_like_bsn

MAX_RISICO = 120
MAX_TOELICHTING = 2000
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_WRITTEN = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_NUMBERS = re.compile(r"\d[\d. ]{7,12}\d")
MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def parse_date(value: Any) -> dt.date | None:
    """ISO (2019-03-05), Dutch (5-3-2019, 05/03/2019) or written (5 maart 2019); raises
    ValueError with the message for the partner."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" == value[7]:
        try:  # the documented ISO form, parsed in C
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # the general parser gives the message
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    try:
        if m := _ISO.match(text):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _DUTCH.match(text):
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if (m := _WRITTEN.match(text)) and m.group(2) in MONTHS:
            return dt.date(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
    except ValueError:
        pass
    raise ValueError(
        str(
            _l(
                "'%(value)s' is geen geldige datum (gebruik bijv. 2019-03-05 of 5-3-2019).",
                value=str(value),
            )
        )
    )


def _text(value: Any) -> str:
    r"""Runs of white space become one space (str.split splits on the same characters as
    the regex ``\s+``, and faster)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass
class Checked:
    line: int
    raw: dict[str, Any]
    address: Address | None = None
    risico: str = ""
    toelichting: str | None = None
    datum: dt.date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class RowRules:
    """Per-delivery context: the project area, today's date, the partner's known pairs."""

    area: list[PostcodeRange]
    area_text: str
    today: dt.date
    seen: dict[int, int] = field(default_factory=dict)  # fingerprint -> first line (0: stored)

    def check(self, row: Row) -> Checked:
        v = row.values
        for name, value in (*v.items(), *row.extra.items()):
            if is_formula(value):
                raise FileRefused(
                    str(
                        _l(
                            "Regel %(line)s, kolom %(col)s bevat een formule (%(value)s). "
                            "Formules worden niet geaccepteerd: lever alleen waarden aan.",
                            line=row.line,
                            col=name,
                            value=str(value)[:40],
                        )
                    )
                )
        for name, value in row.extra.items():
            if value is not None and looks_like_bsn(_text(value)):
                raise FileRefused(
                    str(
                        _l(
                            "Kolom %(col)s bevat nummers die op een BSN lijken (regel "
                            "%(line)s). Een BSN mag niet in het portaal: verwijder de kolom en "
                            "lever opnieuw aan.",
                            col=name,
                            line=row.line,
                        )
                    )
                )
        out = Checked(row.line, v)
        out.address, out.errors = normalise_address(
            v.get("postcode"), v.get("huisnummer"), v.get("huisletter"),
            v.get("huisnummertoevoeging"),
        )  # fmt: skip
        out.risico = _text(v.get("risico"))
        if not out.risico:
            out.errors.append(str(_l("Risico ontbreekt.")))
        elif len(out.risico) > MAX_RISICO:
            out.errors.append(str(_l("Risico is langer dan %(n)s tekens.", n=MAX_RISICO)))
        toelichting = _text(v.get("toelichting")) or None
        if toelichting and len(toelichting) > MAX_TOELICHTING:
            out.errors.append(str(_l("Toelichting is langer dan %(n)s tekens.", n=MAX_TOELICHTING)))
        if toelichting and any(looks_like_bsn(n) for n in _NUMBERS.findall(toelichting)):
            out.errors.append(
                str(
                    _l(
                        "Toelichting bevat een nummer dat op een BSN lijkt; een BSN mag niet in "
                        "het portaal."
                    )
                )
            )
        out.toelichting = toelichting
        try:
            out.datum = parse_date(v.get("datum"))
            if out.datum and out.datum > self.today:
                out.errors.append(
                    str(_l("Datum %(d)s ligt in de toekomst.", d=out.datum.strftime("%d-%m-%Y")))
                )
        except ValueError as e:
            out.errors.append(str(e))
        if out.address is not None and not in_area(out.address.postcode, self.area):
            out.errors.append(
                str(
                    _l(
                        "Adres ligt buiten het projectgebied (%(area)s).",
                        area=self.area_text,
                    )
                )
            )
        if out.address is not None and out.risico and not out.errors:
            # A 64-bit fingerprint per pair keeps memory small on big files; the database's
            # unique constraint is the final guard.
            fp = fingerprint(out.address.key, out.risico)
            first = self.seen.get(fp)
            if first is None:
                self.seen[fp] = row.line
            elif first == 0:
                out.errors.append(
                    str(_l("Dubbel: u heeft dit adres met dit risico al eerder aangeleverd."))
                )
            else:
                out.errors.append(
                    str(
                        _l(
                            "Dubbel: dit adres met dit risico staat al op regel %(line)s.",
                            line=first,
                        )
                    )
                )
        return out


def fingerprint(key: str, risico: str) -> int:
    return hash((key, risico))
