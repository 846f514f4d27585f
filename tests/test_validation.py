"""Validation: clear Dutch (and English) messages, by screen and API, and nothing lost."""

from __future__ import annotations

import re
import uuid

import pytest

from portal.errors import RuleViolation
from portal.postcodes import normalise_area, normalise_postcode, parse_area


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


def test_project_form_shows_dutch_errors_and_keeps_input(login, ids):
    c = login("projectleider")
    code = f"VAL-{uuid.uuid4().hex[:6]}"
    form = {
        "code": code,
        "naam": "Validatietest",
        "regio": str(ids.regio("ZOB")),
        "gemeenten": [str(ids.gemeente("Oirschot"))],
        "gericht_op": "Gebied",  # preselected in the form, so a browser always sends it
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
    assert "postcode" in r.json["errors"]["projectgebied"][0]
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
    assert r.json["errors"]["gepland_eind"] == ["De einddatum ligt vóór de startdatum."]
    r = c.api(
        "POST",
        "/api/v1/projectpartner/",
        json={"project": pid, "ketenpartner": ids.partner("IND"), "capaciteit_uren": -3},
    )
    assert r.status_code == 422
    assert "0 of hoger" in r.json["errors"]["capaciteit_uren"][0]


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


def _errors(html: str) -> list[str]:
    # The message under each field (not the summary at the top, which repeats them).
    return [
        m.strip()
        for m in re.findall(r'class="utrecht-form-field-error-message"[^>]*>\s*([^<]+?)\s*<', html)
    ]


def test_required_fields_by_screen_and_api(login, ids):
    c = login("projectleider")
    r = c.post("/projectview/add", data={"code": "", "naam": "", "aanleiding": "Niet kwijtraken"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert _errors(html).count("Dit veld is vereist.") >= 2  # code, naam (and regio)
    assert "Niet kwijtraken" in html
    r = c.api("POST", "/api/v1/project/", json={"naam": "x"})
    assert r.status_code == 422
    assert {"code", "regio"} <= set(r.json["errors"])


@pytest.mark.parametrize("letters", ["SA", "SD", "SS"])
def test_forbidden_letter_combinations_by_screen_and_api(login, ids, letters):
    c = login("projectleider")
    code = f"VAL-{uuid.uuid4().hex[:6]}"
    form = {
        "code": code,
        "naam": "Letters",
        "regio": str(ids.regio("ZOB")),
        "gemeenten": [str(ids.gemeente("Oirschot"))],
        "projectgebied": f"5688 {letters}",
    }
    html = c.post("/projectview/add", data=form).get_data(as_text=True)
    assert f"'5688 {letters}' is geen geldige postcode" in html
    assert f"5688 {letters}" in html and code in html
    r = c.api(
        "POST",
        "/api/v1/project/",
        json={**form, "regio": ids.regio("ZOB"), "gemeenten": [ids.gemeente("Oirschot")]},
    )
    assert r.status_code == 422
    assert r.json["errors"]["projectgebied"] == [
        f"'5688 {letters}' is geen geldige postcode (verwacht: 4 cijfers en 2 letters, "
        "bijv. 5091 AB)."
    ]
    assert ids.project(code) is None


def test_area_input_is_normalised_and_ranges_checked_by_api(app, login, ids):
    c = login("rcf")
    base = {"naam": "Gebied", "regio": ids.regio("ZOB")}
    code = f"VAL-{uuid.uuid4().hex[:6]}"
    r = c.api(
        "POST",
        "/api/v1/project/",
        json={**base, "code": code.lower(), "projectgebied": "5091 ab-5091 zz; 5527ab\n5092-5094"},
    )
    assert r.status_code == 201, r.json
    shown = c.api("GET", f"/api/v1/project/{r.json['id']}").json["result"]
    assert shown["code"] == code.upper()
    assert shown["projectgebied"] == "5091AB-5091ZZ, 5527AB, 5092-5094"
    for bad, message in [
        ("5094-5091", "'5094-5091': het begin van het bereik ligt na het eind."),
        ("5091 ZZ-5091 AA", "'5091 ZZ-5091 AA': het begin van het bereik ligt na het eind."),
        ("5091-5094 AB", "'5091-5094 AB': begin en eind moeten even lang zijn (PC4 of PC6)."),
        ("5091 A-5094", "'5091 A-5094' is geen geldig postcodebereik."),
    ]:
        r = c.api(
            "POST",
            "/api/v1/project/",
            json={**base, "code": f"VAL-{uuid.uuid4().hex[:6]}", "projectgebied": bad},
        )
        assert r.status_code == 422, bad
        assert r.json["errors"]["projectgebied"] == [message]
    r = c.api("POST", "/api/v1/project/", json={**base, "code": code, "projectgebied": "5091"})
    assert r.status_code == 422
    assert r.json["errors"]["code"] == [f"Er bestaat al een project met code {code.upper()}."]
    admin = login("beheerder")
    assert admin.api("DELETE", f"/api/v1/project/{ids.project(code.upper())}").status_code == 200


def test_child_forms_show_errors_and_keep_input(login, ids):
    c = login("projectleider")
    pid = ids.project("KEMPEN-HAM")
    r = c.post(
        f"/projectfaseview/add?_flt_0_project={pid}",
        data={
            "project": str(pid),
            "fase": "Initiatief",
            "gepland_start": "2026-05-01",
            "gepland_eind": "2026-04-01",
        },
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "De einddatum ligt vóór de startdatum." in _errors(html)
    assert 'value="2026-05-01"' in html and 'value="2026-04-01"' in html
    r = c.post(
        f"/projectpartnerview/add?_flt_0_project={pid}",
        data={
            "project": str(pid),
            "ketenpartner": str(ids.partner("IND")),
            "capaciteit_uren": "-3",
            "belang": "Bewaar dit belang",
        },
    )
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Vul een getal van 0 of hoger in." in _errors(html)
    assert 'value="-3"' in html and "Bewaar dit belang" in html


def test_english_messages_by_screen_and_api(app, ids):
    from tests.conftest import Client

    c = Client(app, "projectleider")  # its own session: the shared clients stay Dutch
    assert c.get("/lang/en").status_code == 302
    pid = ids.project("KEMPEN-HAM")
    html = c.post(
        f"/projectfaseview/add?_flt_0_project={pid}",
        data={
            "project": str(pid),
            "fase": "Initiatief",
            "gepland_start": "2026-05-01",
            "gepland_eind": "2026-04-01",
        },
    ).get_data(as_text=True)
    assert "The end date is before the start date." in _errors(html)
    html = c.post("/projectview/add", data={"code": "", "naam": ""}).get_data(as_text=True)
    assert "This field is required." in _errors(html)
    r = c.api(
        "POST",
        "/api/v1/project/",
        json={
            "code": f"EN-{uuid.uuid4().hex[:6]}",
            "naam": "x",
            "regio": ids.regio("ZOB"),
            "projectgebied": "5091 SA",
        },
    )
    assert r.status_code == 422
    assert r.json["errors"]["projectgebied"] == [
        "'5091 SA' is not a valid postcode (expected: 4 digits and 2 letters, e.g. 5091 AB)."
    ]


def test_api_schema_messages_are_translated(app, login, ids):
    """Marshmallow's own checks (required, type, unknown field) speak the user's language."""
    from tests.conftest import Client

    pid = ids.project("KEMPEN-HAM")
    missing = {"naam": "x", "onzin": 1}
    wrong_type = {"project": pid, "ketenpartner": ids.partner("IND"), "capaciteit_uren": "veel"}
    dutch = login("projectleider")
    r = dutch.api("POST", "/api/v1/project/", json=missing)
    assert r.status_code == 422, r.json
    assert r.json["errors"]["code"] == ["Dit veld is vereist."]
    r = dutch.api("POST", "/api/v1/projectpartner/", json=wrong_type)
    assert r.json["errors"]["capaciteit_uren"] == ["Geen geldig geheel getal."]
    english = Client(app, "projectleider")  # its own session: the shared clients stay Dutch
    assert english.get("/lang/en").status_code == 302
    r = english.api("POST", "/api/v1/project/", json=missing)
    assert r.json["errors"]["code"] == ["This field is required."]
    r = english.api("POST", "/api/v1/projectpartner/", json=wrong_type)
    assert r.json["errors"]["capaciteit_uren"] == ["Not a valid whole number."]
    assert "Not a valid integer" not in r.get_data(as_text=True)
