"""Signal files never bring personal identifiers in: every column of the one list refuses the
file, however the header is written, by every path a file can take (CSV, XLSX; the reader is
shared by screen, API and CLI, and the API upload is checked end to end)."""

from __future__ import annotations

import json

import pytest

from portal.signals import reader
from tests import signals_fixtures as sf

# How people write headers: case, hyphens, spaces, underscores, a qualifier after it.
SPELLINGS = (
    lambda k: k,
    lambda k: k.upper(),
    lambda k: k.capitalize(),
    lambda k: "-".join([k[:1], k[1:]]) if len(k) > 2 else k,
    lambda k: f"{k}_bewoner",
)
NOT_PERSONAL = [*reader.COLUMNS, "straat", "kenmerk", "opmerking", "bron", "categorie"]


def _written(key: str) -> list[str]:
    return sorted({spell(key) for spell in SPELLINGS})


@pytest.mark.parametrize("key", sorted(reader.PERSON_COLUMNS | set(reader.PERSON_STEMS)))
def test_every_identifier_column_refuses_the_file(key):
    for header in _written(key):
        if reader.header_key(header) in reader.COLUMNS:
            continue
        with pytest.raises(reader.FileRefused) as refused:
            reader.read_layout(["postcode", "huisnummer", "risico", header])
        assert header in str(refused.value), header
        assert "Persoonsgegevens" in str(refused.value)


@pytest.mark.parametrize("header", ["e-mail", "Telefoonnummer", "IBAN", "geboorteplaats"])
def test_identifier_columns_refuse_csv_and_xlsx_alike(tmp_path, header):
    from openpyxl import Workbook

    csv = tmp_path / "s.csv"
    csv.write_text(f"postcode;huisnummer;risico;{header}\n5091AB;1;Drugs;x\n")
    wb = Workbook()
    wb.active.append(["postcode", "huisnummer", "risico", header])
    wb.active.append(["5091AB", 1, "Drugs", "x"])
    xlsx = tmp_path / "s.xlsx"
    wb.save(xlsx)
    for path in (csv, xlsx):
        with pytest.raises(reader.FileRefused, match=header):
            reader.rows(path)


def test_ordinary_columns_are_not_mistaken_for_identifiers():
    layout = reader.read_layout(NOT_PERSONAL)
    assert set(layout.columns.values()) == set(reader.COLUMNS)
    assert sorted(layout.extra.values()) == sorted(set(NOT_PERSONAL) - set(reader.COLUMNS))


@pytest.mark.parametrize("header", ["e-mail", "telefoon", "iban", "paspoortnummer"])
def test_api_upload_with_an_identifier_column_stores_nothing(app, login, header):
    with app.app_context():
        pid = sf.new_project("PI")
    body = f"postcode;huisnummer;risico;{header}\n5091AB;1;Drugs;x@y.example\n".encode()
    r = sf.upload(login("partner-uwv"), pid, body)
    if r.status_code == 201:
        assert r.json["status"] == "Afgewezen" and header in r.json["bestandsfout"], r.json
    else:
        assert r.status_code == 422, r.data
        assert header in json.dumps(r.json, ensure_ascii=False)
    with app.app_context():
        assert sf.count(pid) == 0
