"""Dutch formatting for documents: "1 september 2018", "1.250 uur", "€ 45.000,00"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def marker(label: str) -> str:
    """What a document shows where optional data is missing (never an empty gap)."""
    return f"[nog in te vullen: {label}]"


def datum(value: dt.date | dt.datetime | None, label: str = "datum") -> str:
    if value is None:
        return marker(label)
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def getal(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return ""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def uren(value: int | None, label: str = "capaciteit") -> str:
    return marker(label) if value is None else f"{getal(value)} uur"


def bedrag(value: Decimal | None, label: str = "bedrag") -> str:
    return marker(label) if value is None else f"€ {getal(value, 2)}"


def tekst(value: str | None, label: str) -> str:
    return value.strip() if value and value.strip() else marker(label)


def ja_nee(value: bool | None) -> str:
    return "ja" if value else "nee"
