"""Validation: clear Dutch (and English) messages, by screen and API, and nothing lost."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.errors import RuleViolation
from portal.postcodes import in_area, normalise_area, normalise_postcode, parse_area


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5091ab", "5091AB"),
        ("5091 AB", "5091AB"),
        (" 1011 aa ", "1011AA"),
        ("0123AB", None),
        ("5091SA", None),
        ("5091 SD", None),
        ("5091SS", None),
        ("509AB", None),
        ("5091ABC", None),
        ("", None),
    ],
)
def test_postcodes(raw, expected):
    assert normalise_postcode(raw) == expected


def test_area_normalisation_and_errors():
    assert normalise_area("5091-5094; 5527 ab\n5527AB") == "5091-5094, 5527AB"
    with pytest.raises(RuleViolation) as exc:
        parse_area("5094-5091, 5527 SA, 5091-5091AB")
    msgs = exc.value.errors["projectgebied"]
    assert len(msgs) == 3
    assert any("na het eind" in m for m in msgs)


@given(
    st.integers(1000, 9999),
    st.sampled_from("ABCDEFGHJKLMNPRTUVWXYZ"),
    st.sampled_from("ABCDEFGHJKLMNPRTUVWXYZ"),
    st.booleans(),
)
def test_every_valid_postcode_is_accepted_and_normalising_is_idempotent(num, a, b, space):
    raw = f"{num}{' ' if space else ''}{a}{b}".lower()
    pc = normalise_postcode(raw)
    assert pc == f"{num}{a}{b}"
    assert normalise_postcode(pc) == pc


@given(st.integers(1000, 9998), st.integers(0, 50), st.integers(1000, 9999))
def test_in_area_matches_range_bounds(low, width, probe):
    high = min(9999, low + width)
    ranges = parse_area(f"{low}-{high}")
    assert in_area(f"{probe}AA", ranges) == (low <= probe <= high)


def test_project_form_shows_dutch_errors_and_keeps_input(login, ids):
    c = login("projectleider")
    code = f"VAL-{uuid.uuid4().hex[:6]}"
    form = {
        "code": code,
        "naam": "Validatietest",
        "regio": str(ids.regio("ZOB")),
        "gemeenten": [str(ids.gemeente("Oirschot"))],
        "projectgebied": "5094-5091, 12AB",
        "begroting": "-5",
        "aanleiding": "Bewaar deze tekst",
    }
    r = c.post("/projectview/add", data=form)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "het begin van het bereik ligt na het eind" in html
    assert "is geen geldige postcode" in html
    assert "Vul een getal van 0 of hoger in." in html
    assert "Bewaar deze tekst" in html and code in html  # nothing lost
    form.update({"projectgebied": "5091-5094", "begroting": "100"})
    assert c.post("/projectview/add", data=form, follow_redirects=True).status_code == 200
    dup = c.post("/projectview/add", data=form).get_data(as_text=True)
    assert "Er bestaat al een project met code" in dup or "Already exists" in dup


def test_api_returns_422_with_field_messages(login, ids):
    c = login("rcf")
    r = c.api(
        "POST",
        "/api/v1/project/",
        json={
            "code": f"API-{uuid.uuid4().hex[:6]}",
            "naam": "x",
            "regio": ids.regio("ZOB"),
            "projectgebied": "5091 SA",
        },
    )
    assert r.status_code == 422
    assert "postcode" in r.json["message"]["projectgebied"][0]
    pid = ids.project("KEMPEN-HAM")
    r = c.api(
        "POST",
        "/api/v1/projectfase/",
        json={
            "project": pid,
            "fase": "Afronding",
            "gepland_start": "2026-05-01",
            "gepland_eind": "2026-04-01",
        },
    )
    assert r.status_code == 422
    assert r.json["message"]["gepland_eind"] == ["De einddatum ligt vóór de startdatum."]
    r = c.api(
        "POST",
        "/api/v1/projectpartner/",
        json={"project": pid, "ketenpartner": ids.partner("IND"), "capaciteit_uren": -3},
    )
    assert r.status_code == 422
    assert "0 of hoger" in r.json["message"]["capaciteit_uren"][0]


def test_english_messages_when_locale_is_en(app, login):
    import datetime as dt

    from flask_babel import force_locale

    from models import Projectfase
    from portal.rules import check

    with app.test_request_context(), force_locale("en"):
        errors = check(
            Projectfase, {"gepland_start": dt.date(2026, 5, 1), "gepland_eind": dt.date(2026, 4, 1)}
        )
        assert errors["gepland_eind"] == ["The end date is before the start date."]
