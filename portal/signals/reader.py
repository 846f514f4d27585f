"""Streaming reader for signal deliveries: CSV (any common delimiter, UTF-8 or Windows-1252)
and XLSX, in the one documented delivery format.

Nothing here keeps the file in memory: rows are yielded one by one. Problems that make the
whole file unusable raise ``FileRefused`` with a message for the partner.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

# The delivery format, in column order (also the example file's header).
COLUMNS = (
    "postcode",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "risico",
    "toelichting",
    "datum",
)
REQUIRED = ("postcode", "huisnummer", "risico")
ALIASES = {
    "toevoeging": "huisnummertoevoeging",
    "huisnr": "huisnummer",
    "risicocategorie": "risico",
}
# Columns that would bring person identifiers into the portal (never allowed: DOMAIN "Privacy").
# One list for every delivery path (screen, API, CLI; CSV and XLSX): a header is refused when
# its key (lower case, letters and digits only, so "E-mail" is "email") starts with one of
# these ("Naam bewoner", "tel_mobiel") ...
PERSON_COLUMNS = frozenset(
    {
        # citizen and client numbers
        "bsn",
        "burgerservicenummer",
        "sofinummer",
        "sofi",
        "anummer",
        "vnummer",
        "persoonsnummer",
        "klantnummer",
        "relatienummer",
        # names
        "naam",
        "voornaam",
        "voornamen",
        "achternaam",
        "tussenvoegsel",
        "voorletters",
        "geboortenaam",
        "name",
        "firstname",
        "lastname",
        "surname",
        # birth
        "geboortedatum",
        "geboorteplaats",
        "geboorteland",
        "dateofbirth",
        "birthdate",
        # contact
        "email",
        "mail",
        "emailadres",
        "mailadres",
        "telefoon",
        "telefoonnummer",
        "tel",
        "telnr",
        "mobiel",
        "mobielnummer",
        "gsm",
        "phone",
        # money and documents
        "iban",
        "rekeningnummer",
        "bankrekening",
        "bankrekeningnummer",
        "paspoort",
        "paspoortnummer",
        "documentnummer",
        "iddocument",
        "idnummer",
        "identiteitsbewijs",
        "rijbewijs",
        "rijbewijsnummer",
        "kenteken",
    }
)
# ... or contains one of these stems ("Telefoonnummer bewoner", "IBAN-nummer", "e-mail werk").
PERSON_STEMS = (
    "bsn",
    "burgerservice",
    "geboorte",
    "email",
    "telefoon",
    "iban",
    "paspoort",
    "documentnummer",
    "rekeningnummer",
    "rijbewijs",
)


_PERSON_PREFIXES = tuple(sorted(PERSON_COLUMNS))


def is_person_column(key: str) -> bool:
    return key.startswith(_PERSON_PREFIXES) or any(stem in key for stem in PERSON_STEMS)


DELIMITERS = ",;\t|"
SAMPLE = 64 * 1024
FORMULA = re.compile(r"^\s*(=|@|[+-]\s*[A-Za-z(])")
_BSN = re.compile(r"^\d{9}$")


class FileRefused(Exception):
    """The file as a whole cannot be used; ``str(e)`` explains why to the partner."""


def header_key(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name or "").lower())


def looks_like_bsn(value: str) -> bool:
    """Nine digits passing the elfproef (the check every BSN satisfies)."""
    digits = value.strip().replace(".", "").replace(" ", "")
    if not _BSN.match(digits) or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


_FORMULA_START = frozenset("=@+- \t")


def is_formula(value: Any) -> bool:
    # Most cells start with a letter or digit: skip the regex for them (100,000s per file).
    return isinstance(value, str) and value[:1] in _FORMULA_START and bool(FORMULA.match(value))


@dataclass
class Row:
    line: int
    values: dict[str, Any]  # delivery-format column -> raw value
    extra: dict[str, Any] = field(default_factory=dict)  # unknown columns


@dataclass
class Layout:
    columns: dict[int, str]  # position -> delivery-format column
    extra: dict[int, str]  # position -> unknown header as written
    warnings: list[str]


def read_layout(header: list[Any]) -> Layout:
    columns: dict[int, str] = {}
    extra: dict[int, str] = {}
    person: list[str] = []
    for i, raw in enumerate(header):
        key = header_key(raw)
        key = ALIASES.get(key, key)
        if not key:
            continue
        if is_person_column(key):
            person.append(str(raw).strip())
        elif key in COLUMNS and key not in columns.values():
            columns[i] = key
        else:
            extra[i] = str(raw).strip()
    if person:
        raise FileRefused(
            str(
                _l(
                    "Het bestand bevat de kolom(men) %(cols)s. Persoonsgegevens zoals een BSN, "
                    "naam, e-mailadres, telefoonnummer of IBAN horen niet in een signaal: een "
                    "signaal is een adres met een risico. "
                    "Verwijder de kolom(men) en lever opnieuw aan.",
                    cols=", ".join(person),
                )
            )
        )
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        raise FileRefused(
            str(
                _l(
                    "Verplichte kolom(men) ontbreken: %(cols)s. De eerste regel moet de "
                    "kolomnamen bevatten: %(all)s.",
                    cols=", ".join(missing),
                    all=", ".join(COLUMNS),
                )
            )
        )
    warnings = []
    if extra:
        warnings.append(
            str(
                _l(
                    "Onbekende kolom(men) genegeerd: %(cols)s.",
                    cols=", ".join(extra.values()),
                )
            )
        )
    return Layout(columns, extra, warnings)


class _Counting(io.RawIOBase):
    """Wraps a binary file and reports how far it has been read (progress bars)."""

    def __init__(self, raw: IO[bytes], report: Callable[[int], None] | None) -> None:
        self.raw, self.report, self.done = raw, report, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.raw.read(len(b))
        n = len(data)
        b[:n] = data
        self.done += n
        if self.report:
            self.report(self.done)
        return n


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if b"\x00" in sample:
        raise FileRefused(
            str(
                _l(
                    "Het bestand is geen tekstbestand in UTF-8 of Windows-1252 (het bevat "
                    "nul-tekens; mogelijk UTF-16 zonder kenmerk of een binair bestand). Sla het "
                    "op als 'CSV UTF-8' of als Excel-werkmap (.xlsx)."
                )
            )
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(path: Path, progress: Callable[[int], None] | None) -> Iterator[list[str]]:
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE)
        fh.seek(0)
        encoding = _encoding(sample)
        text = io.TextIOWrapper(
            io.BufferedReader(_Counting(fh, progress), 1 << 16),
            encoding=encoding,
            newline="",
        )
        try:
            first = text.readline()
            delimiter = _delimiter(first)
            yield from csv.reader(io.StringIO(first), delimiter=delimiter, skipinitialspace=True)
            yield from csv.reader(text, delimiter=delimiter, skipinitialspace=True)
        except UnicodeDecodeError as e:
            raise FileRefused(
                str(
                    _l(
                        "Het bestand kon niet worden gelezen als %(enc)s (ongeldige tekens "
                        "rond byte %(pos)s). Sla het op als 'CSV UTF-8' en lever opnieuw aan.",
                        enc=encoding,
                        pos=e.start,
                    )
                )
            ) from e
        except csv.Error as e:
            raise FileRefused(str(_l("Het CSV-bestand is beschadigd: %(err)s.", err=str(e)))) from e


def _xlsx_rows(path: Path, progress: Callable[[int], None] | None) -> Iterator[list[Any]]:
    """Rows of the first sheet; progress is reported in bytes like the CSV reader's, as the
    share of rows read times the file size."""

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise FileRefused(
            str(_l("Het bestand is geen geldige Excel-werkmap (.xlsx): het is beschadigd."))
        ) from e
    try:
        ws = wb.worksheets[0]
        total = ws.max_row or 0
        size = path.stat().st_size
        for n, row in enumerate(ws.iter_rows(), start=1):
            cells = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    value = cell.value if isinstance(cell.value, str) else "=" + str(cell.value)
                    cells.append(value if value.startswith("=") else "=" + value)
                else:
                    cells.append(cell.value)
            if progress and total and n % 1000 == 0:
                progress(size * n // total)
            yield cells
    finally:
        wb.close()


def is_xlsx(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def rows(path: Path, progress: Callable[[int], None] | None = None) -> tuple[Layout, Iterator[Row]]:
    """The file's layout (from its header) and an iterator over its data rows."""
    raw = _xlsx_rows(path, progress) if is_xlsx(path) else _csv_rows(path, progress)
    header: list[Any] | None = None
    line = 0
    for cells in raw:
        line += 1
        if any(c not in (None, "") for c in cells):
            header = cells
            break
    if header is None:
        raise FileRefused(str(_l("Het bestand is leeg: er staat geen kopregel in.")))
    layout = read_layout(header)

    def data() -> Iterator[Row]:
        n = line
        for cells in raw:
            n += 1
            if not any(c not in (None, "") for c in cells):
                continue
            values = {
                col: cells[i] if i < len(cells) else None for i, col in layout.columns.items()
            }
            extra = {name: cells[i] for i, name in layout.extra.items() if i < len(cells)}
            yield Row(n, values, extra)

    return layout, data()


def size_of(path: Path) -> int:
    return path.stat().st_size
