"""Dutch postcodes and project areas: validation, normalisation and membership.

A project area is a list of items separated by commas, semicolons or new lines. An item is a
PC4 (``5091``), a PC6 (``5527 AB``), or a range of either (``5091-5094``,
``5091AA-5091BZ``). Normalised form: items joined by ``", "``, PC6 without a space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.errors import RuleViolation

_PC6 = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")
_PC4 = re.compile(r"^[1-9][0-9]{3}$")
_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}
_SPLIT = re.compile(r"[,;\n]+")


def normalise_postcode(value: str | None) -> str | None:
    """``"5091 ab"`` -> ``"5091AB"``; None if it is not a valid Dutch postcode."""
    if value is None:
        return None
    m = _PC6.match(value.strip().upper())
    if not m or m.group(2) in _FORBIDDEN_LETTERS:
        return None
    return m.group(1) + m.group(2)


def postcode_error(value: str) -> str:
    return str(
        _l(
            "'%(value)s' is geen geldige postcode (verwacht: 4 cijfers en 2 letters, "
            "bijv. 5091 AB).",
            value=value,
        )
    )


@dataclass(frozen=True, order=True)
class PostcodeRange:
    low: str  # inclusive, PC6
    high: str  # inclusive, PC6
    label: str

    def __contains__(self, postcode: str) -> bool:
        return self.low <= postcode <= self.high


def _bound(token: str, upper: bool) -> tuple[str, str] | None:
    """Parse one side of an item; returns (pc6 bound, label) or None."""
    token = token.strip().upper()
    if _PC4.match(token):
        return token + ("ZZ" if upper else "AA"), token
    pc6 = normalise_postcode(token)
    if pc6:
        return pc6, pc6
    return None


def parse_area(text: str | None) -> list[PostcodeRange]:
    """Parse a project area; raises RuleViolation listing every bad item."""
    if not text or not text.strip():
        return []
    ranges: list[PostcodeRange] = []
    errors: list[str] = []
    for raw in _SPLIT.split(text):
        item = raw.strip()
        if not item:
            continue
        if "-" in item:
            left, _, right = item.partition("-")
            lo, hi = _bound(left, upper=False), _bound(right, upper=True)
            if lo is None or hi is None:
                errors.append(str(_l("'%(item)s' is geen geldig postcodebereik.", item=item)))
                continue
            if len(lo[1]) != len(hi[1]):
                errors.append(
                    str(
                        _l(
                            "'%(item)s': begin en eind moeten even lang zijn (PC4 of PC6).",
                            item=item,
                        )
                    )
                )
                continue
            if lo[0] > hi[0]:
                errors.append(
                    str(_l("'%(item)s': het begin van het bereik ligt na het eind.", item=item))
                )
                continue
            label = lo[1] if lo[1] == hi[1] else f"{lo[1]}-{hi[1]}"
            ranges.append(PostcodeRange(lo[0], hi[0], label))
        else:
            lo, hi = _bound(item, upper=False), _bound(item, upper=True)
            if lo is None or hi is None:
                errors.append(postcode_error(item))
                continue
            ranges.append(PostcodeRange(lo[0], hi[0], lo[1]))
    if errors:
        raise RuleViolation({"projectgebied": errors})
    # Keep the user's order but drop exact duplicates.
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in ranges:
        if (r.low, r.high) not in seen:
            seen.add((r.low, r.high))
            unique.append(r)
    return unique


def normalise_area(text: str | None) -> str | None:
    ranges = parse_area(text)
    return ", ".join(r.label for r in ranges) or None


def normalise_area_or_keep(text: str | None) -> str | None:
    """Normalise when valid; otherwise keep the text so validation can report it."""
    try:
        return normalise_area(text)
    except RuleViolation:
        return text


def in_area(postcode: str, ranges: list[PostcodeRange]) -> bool:
    """An empty area means "no restriction"."""
    return not ranges or any(postcode in r for r in ranges)
