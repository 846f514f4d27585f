"""Signals: address keys, the oracle for meervoudig belang, deliveries and bad files,
isolation by screen/API/export, the coupling's judgements and the CLI."""

from __future__ import annotations

import io
import json
import random

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx
from tests import signals_fixtures as sf


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


# --- addresses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        (("5091ab", "12a"), "5091AB|12|A|"),
        (("5091 AB", "12-A"), "5091AB|12|A|"),
        (("5091AB", "12 A"), "5091AB|12|A|"),
        (("5091 ab ", "12", "a"), "5091AB|12|A|"),
        (("5091AB", "12", "", "2"), "5091AB|12||2"),
        (("5091AB", "12-2"), "5091AB|12||2"),
        (("5091AB", "12A-1"), "5091AB|12|A|1"),
        (("5091AB", "12 bis"), "5091AB|12||BIS"),
        (("5091AB", 12.0), "5091AB|12||"),
    ],
)
def test_address_key_is_the_same_however_written(ctx, parts, key):
    from portal.addresses import address_key

    assert address_key(*parts) == key


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("5091SA", "1"), "geen geldige postcode"),
        (("0091AB", "1"), "geen geldige postcode"),
        (("5091AB", "0"), "tussen 1 en 99999"),
        (("5091AB", "100000"), "tussen 1 en 99999"),
        (("5091AB", "12", "AB"), "één letter"),
        (("5091AB", "12", "", "12345"), "1 tot 4"),
        (("5091AB", "twaalf"), "geen geldig huisnummer"),
        (("5091AB", "12b", "c"), "twee keer verschillend"),
    ],
)
def test_bad_addresses_are_explained(ctx, parts, message):
    from portal.addresses import normalise_address

    address, errors = normalise_address(*parts)
    assert address is None
    assert any(message in e for e in errors), errors


def test_bsn_detection_uses_the_elfproef():
    from portal.signals.reader import looks_like_bsn

    assert looks_like_bsn("111222333")
    assert looks_like_bsn("123456782")
    assert not looks_like_bsn("123456789")
    assert not looks_like_bsn("5091")


# --- the oracle --------------------------------------------------------------------------------

SPELLINGS = [
    lambda pc, nr, letter: (pc.lower(), f"{nr}{letter.lower()}", "", ""),
    lambda pc, nr, letter: (f"{pc[:4]} {pc[4:]}", f"{nr}-{letter}" if letter else str(nr), "", ""),
    lambda pc, nr, letter: (pc, f"{nr} {letter}".strip(), "", ""),
    lambda pc, nr, letter: (f"{pc[:4]} {pc[4:].lower()}", str(nr), letter.lower(), ""),
]


def test_oracle_meervoudig_belang(app, tmp_path):
    """A generated delivery set with a known set of meervoudig-belang addresses, written in
    every notation, gives exactly that set through the CLI import and the coupling."""
    rng = random.Random(20261122)
    with app.app_context():
        pid = sf.new_project("ORAKEL")
        from models import Project
        from portal.extensions import db

        code = db.session.get(Project, pid).code
    partners = list(fx.PARTNERS)
    addresses = []
    for i in range(400):
        pc = rng.choice(["5091", "5092", "5093", "5094"])
        pc += rng.choice("ABCDEFGHJK") + rng.choice("LMNPRTVWXZ")
        addresses.append((pc, 1 + i, rng.choice(["", "", "A", "B"])))
    expected: set[str] = set()
    rows: dict[str, list[str]] = {p: [] for p in partners}
    for pc, nr, letter in addresses:
        who = rng.sample(partners, rng.choice([1, 1, 1, 2, 3, 4]))
        key = f"{pc}|{nr}|{letter}|"
        if len(who) >= 2:
            expected.add(key)
        for p in who:
            # One partner may deliver two risks on one address: still one partner.
            for risico in ["Adresfraude"] + (["Overbewoning"] if rng.random() < 0.2 else []):
                spelled = rng.choice(SPELLINGS)(pc, nr, letter)
                rows[p].append(";".join([*spelled, risico, "", "2026-01-15"]))
    runner = app.test_cli_runner()
    for p in partners:
        path = tmp_path / f"{p}.csv"
        rng.shuffle(rows[p])
        path.write_bytes(sf.csv_bytes(*rows[p]))
        result = runner.invoke(
            args=["lsi", "import-signals", "--project", code, "--partner", p, str(path)]
        )
        assert result.exit_code == 0, result.output
        assert f"{len(rows[p])} signalen opgeslagen" in result.output
    result = runner.invoke(
        args=["lsi", "koppeling", "--project", code, "--json", "--min-partners", "2"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {o["adres"] for o in out} == expected
    assert all(o["meervoudig_belang"] and len(o["partners"]) >= 2 for o in out)
    everything = json.loads(
        runner.invoke(args=["lsi", "koppeling", "--project", code, "--json"]).output
    )
    assert len(everything) == len({f"{pc}|{nr}|{letter}|" for pc, nr, letter in addresses})
    assert {o["adres"] for o in everything if o["meervoudig_belang"]} == expected
    # --partner takes the short code and lists that partner's addresses only.
    uwv = json.loads(
        runner.invoke(
            args=["lsi", "koppeling", "--project", code, "--json", "--partner", "uwv"]
        ).output
    )
    assert uwv and all("UWV" in o["partners"] for o in uwv)
    # The same aggregate, counted independently in SQL over the stored signals.
    with app.app_context():
        from models import Signaal
        from portal.extensions import db

        direct = set(
            db.session.scalars(
                sa.select(Signaal.adres_sleutel)
                .where(Signaal.project_id == pid)
                .group_by(Signaal.adres_sleutel)
                .having(sa.func.count(sa.distinct(Signaal.ketenpartner_id)) >= 2)
            )
        )
        assert direct == expected


def test_dry_run_stores_nothing(app, tmp_path):
    with app.app_context():
        pid = sf.new_project()
        from models import Project
        from portal.extensions import db

        code = db.session.get(Project, pid).code
    path = tmp_path / "d.csv"
    path.write_bytes(sf.csv_bytes("5091AB;1;;;Drugs;;", "9999ZZ;1;;;Drugs;;"))
    result = app.test_cli_runner().invoke(
        args=[
            "lsi",
            "import-signals",
            "--project",
            code,
            "--partner",
            "UWV",
            "--dry-run",
            str(path),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "2 regels: 1 geldig, 1 met fouten" in result.output
    assert "buiten het projectgebied" in result.output
    assert "niets opgeslagen" in result.output
    with app.app_context():
        assert sf.count(pid) == 0


def test_cli_import_checks_and_stores_in_one_pass_and_reports_like_the_preview(app, tmp_path):
    from models import Project, Signaallevering
    from portal.extensions import db

    with app.app_context():
        pid = sf.new_project()
        code = db.session.get(Project, pid).code
    path = tmp_path / "d.csv"
    path.write_bytes(
        sf.csv_bytes(
            "5091AB;1;;;Drugs;;",
            "9999ZZ;1;;;Drugs;;",
            "5091AB;2;;;Drugs;;",
            header=sf.HEADER + ";extra",
        )
    )
    result = app.test_cli_runner().invoke(
        args=["lsi", "import-signals", "--project", code, "--partner", "UWV", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "3 regels: 2 geldig, 1 met fouten" in result.output
    assert "regel 3:" in result.output and "buiten het projectgebied" in result.output
    assert "Onbekende kolom(men) genegeerd: extra" in result.output
    assert "2 signalen opgeslagen" in result.output
    with app.app_context():
        assert sf.count(pid) == 2
        levering = db.session.scalar(
            sa.select(Signaallevering).where(Signaallevering.project_id == pid)
        )
        assert (levering.rijen_totaal, levering.rijen_geldig, levering.rijen_fout) == (3, 2, 1)
        assert levering.rijen_opgeslagen == 2 and levering.controle["fouten"][0]["regel"] == 3
    # Nothing valid at all: the errors, a clear message, nothing stored.
    path.write_bytes(sf.csv_bytes("9999ZZ;1;;;Drugs;;"))
    result = app.test_cli_runner().invoke(
        args=["lsi", "import-signals", "--project", code, "--partner", "UWV", str(path)]
    )
    assert result.exit_code == 1 and "buiten het projectgebied" in result.output
    assert "geen enkele geldige regel" in result.output
    # A file refused as a whole (a BSN column) says why.
    path.write_bytes(b"postcode;huisnummer;risico;bsn\n5091AB;3;Drugs;111222333\n")
    result = app.test_cli_runner().invoke(
        args=["lsi", "import-signals", "--project", code, "--partner", "UWV", str(path)]
    )
    assert result.exit_code == 1 and "BSN" in result.output
    with app.app_context():
        assert sf.count(pid) == 2


def test_cli_import_that_meets_a_conflict_says_so_and_stores_nothing(app, tmp_path, monkeypatch):
    """The same signals stored by someone else while the CLI was storing: a clear message."""
    from models import Project
    from portal.extensions import db
    from portal.signals import importer

    with app.app_context():
        pid = sf.new_project()
        code = db.session.get(Project, pid).code
    path = tmp_path / "d.csv"
    path.write_bytes(sf.csv_bytes("5091AB;1;;;Drugs;;"))

    def conflicting(_records):
        raise sa.exc.IntegrityError("INSERT INTO signaal", {}, Exception("UNIQUE constraint"))

    monkeypatch.setattr(importer, "_write", conflicting)
    result = app.test_cli_runner().invoke(
        args=["lsi", "import-signals", "--project", code, "--partner", "UWV", str(path)]
    )
    # A ClickException (exit 1, message), not a traceback.
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "al te bestaan" in result.output
    with app.app_context():
        assert sf.count(pid) == 0


# --- deliveries --------------------------------------------------------------------------------


def test_preview_then_confirm_stores_valid_rows_once(app, login):
    with app.app_context():
        pid = sf.new_project()
    uwv = login("partner-uwv")
    data = sf.csv_bytes(
        "5091 AB;12;a;;Adresfraude;Meer bewoners dan ingeschreven;2026-01-02",
        "5091AB;14;;;Overbewoning;;2-1-2026",
        "5091AB;12-A;;;Adresfraude;;",  # duplicate of line 2
        "5091AB;0;;;Drugs;;",  # bad house number
        "1234AB;1;;;Drugs;;",  # outside the area
        "5091AB;16;;;;;",  # no risk
        "5091AB;18;;;Drugs;;31-12-2999",  # future date
        "5091AB;20;;;Drugs;;32-13-2020",  # not a date
    )
    r = sf.upload(uwv, pid, data)
    assert r.status_code == 201, r.json
    body = r.json
    assert (body["rijen_totaal"], body["rijen_geldig"], body["rijen_fout"]) == (8, 2, 6)
    errors = {e["regel"]: " ".join(e["fouten"]) for e in body["fouten"]}
    assert "regel 2" in errors[4] and "Dubbel" in errors[4]
    assert "tussen 1 en 99999" in errors[5]
    assert "buiten het projectgebied" in errors[6]
    assert "Risico ontbreekt" in errors[7]
    assert "toekomst" in errors[8]
    assert "geen geldige datum" in errors[9]
    with app.app_context():
        assert sf.count(pid) == 0  # the preview stores nothing
    # The error report lists the refused rows with their reasons.
    report = uwv.get(f"/signalen/levering/{body['id']}/fouten.csv")
    assert report.status_code == 200
    text = report.data.decode("utf-8-sig")
    assert text.count("\r\n") == 7 and "buiten het projectgebied" in text
    r = uwv.api("POST", f"/api/v1/signalen/levering/{body['id']}/bevestig")
    assert r.status_code == 200, r.json
    assert r.json["opgeslagen"] == 2
    with app.app_context():
        assert sf.count(pid, "UWV") == 2
    again = uwv.api("POST", f"/api/v1/signalen/levering/{body['id']}/bevestig")
    assert again.status_code == 422
    # Delivering the same file again: every row is now a duplicate of the stored set.
    r = sf.upload(uwv, pid, data)
    assert r.json["rijen_geldig"] == 0
    assert any("al eerder aangeleverd" in " ".join(e["fouten"]) for e in r.json["fouten"])


def test_the_example_file_is_a_valid_delivery(app, login):
    """What the screen offers as the delivery format is accepted as it stands."""
    with app.app_context():
        pid = sf.new_project()
    uwv = login("partner-uwv")
    example = uwv.get("/signalen/voorbeeld.csv")
    assert example.status_code == 200
    assert "attachment" in example.headers["Content-Disposition"]
    r = sf.upload(uwv, pid, example.data, "signalen-voorbeeld.csv")
    assert r.status_code == 201, r.json
    assert r.json["rijen_geldig"] == 3 and r.json["fouten"] == [], r.json
    assert r.json["waarschuwingen"] == [], r.json


def test_xlsx_delivery_with_dates_and_numbers(app, login):
    import datetime as dt

    from openpyxl import Workbook

    with app.app_context():
        pid = sf.new_project()
    wb = Workbook()
    ws = wb.active
    ws.append(["Postcode", "HUISNUMMER", "Huisletter", "Risico", "Datum", "Opmerking intern"])
    ws.append(["5092 bk", 48, None, "Arbeidsuitbuiting", dt.datetime(2026, 1, 5), "x"])
    ws.append(["5092BK", 50, "b", "Arbeidsuitbuiting", "5 januari 2026", None])
    buf = io.BytesIO()
    wb.save(buf)
    r = sf.upload(login("partner-uwv"), pid, buf.getvalue(), "levering.xlsx")
    assert r.status_code == 201, r.json
    assert r.json["rijen_geldig"] == 2, r.json
    assert any("Opmerking intern" in w for w in r.json["waarschuwingen"])


def test_windows_1252_and_other_delimiters(app, login):
    with app.app_context():
        pid = sf.new_project()
    data = (
        "Postcode\tHuisnummer\tRisico\tToelichting\n5093AB\t3\tOverbewoning\tCafé boven\n"
    ).encode("cp1252")
    r = sf.upload(login("partner-uwv"), pid, data)
    assert r.status_code == 201
    assert r.json["rijen_geldig"] == 1, r.json
    assert r.json["fouten"] == []


BAD_FILES = {
    "empty": (b"", "leeg"),
    "header only": (sf.csv_bytes(), "geen signalen"),
    "utf-16 without BOM": ("postcode,huisnummer,risico\n5091AB,1,x\n".encode("utf-16-le"), "UTF-8"),
    "missing columns": (b"adres;risico\n5091AB 1;Drugs\n", "Verplichte kolom"),
    "formula cell": (
        sf.csv_bytes('5091AB;1;;;=HYPERLINK("http://x.example","klik");;'),
        "formule",
    ),
    "bsn column": (b"postcode;huisnummer;risico;bsn\n5091AB;1;Drugs;111222333\n", "BSN"),
    "bsn-like values": (
        b"postcode;huisnummer;risico;kenmerk\n5091AB;1;Drugs;111222333\n",
        "BSN",
    ),
    "broken xlsx": (b"PK\x03\x04 this is not really a zip", "Excel"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_give_clear_errors_and_store_nothing(app, login, case):
    data, message = BAD_FILES[case]
    with app.app_context():
        pid = sf.new_project()
    uwv = login("partner-uwv")
    r = sf.upload(uwv, pid, data)
    if r.status_code == 201:
        assert r.json["bestandsfout"] and message in r.json["bestandsfout"], r.json
        assert r.json["status"] == "Afgewezen"
        confirm = uwv.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
        assert confirm.status_code == 422
    else:
        assert r.status_code == 422, r.data
        assert message in json.dumps(r.json, ensure_ascii=False)
    with app.app_context():
        assert sf.count(pid) == 0


def test_formula_in_xlsx_is_refused(app, login):
    from openpyxl import Workbook

    with app.app_context():
        pid = sf.new_project()
    wb = Workbook()
    wb.active.append(["postcode", "huisnummer", "risico"])
    wb.active.append(["5091AB", 1, '=HYPERLINK("http://evil.example","x")'])
    buf = io.BytesIO()
    wb.save(buf)
    r = sf.upload(login("partner-uwv"), pid, buf.getvalue(), "f.xlsx")
    assert "formule" in r.json["bestandsfout"]


def test_file_over_the_size_limit_is_refused_on_screen(app, login):
    with app.app_context():
        pid = sf.new_project()
    uwv = login("partner-uwv")
    app.config["SIGNAL_UPLOAD_MAX_BYTES"] = 1024 * 1024
    try:
        big = sf.csv_bytes(*["5091AB;1;;;" + "x" * 100 + ";;"] * 12000)
        r = uwv.post(
            f"/signalen/project/{pid}/upload",
            data={"bestand": (io.BytesIO(big), "groot.csv")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
    finally:
        app.config.pop("SIGNAL_UPLOAD_MAX_BYTES")
    assert "groter dan 1 MB" in r.get_data(as_text=True)
    with app.app_context():
        assert sf.count(pid) == 0
        from models import Signaallevering
        from portal.extensions import db

        assert not db.session.scalar(
            sa.select(Signaallevering.id).where(Signaallevering.project_id == pid)
        )


def test_partner_without_delivery_right_is_told_why(app, login):
    with app.app_context():
        pid = sf.new_project(deliver=("NLA",))
    r = sf.upload(login("partner-uwv"), pid, sf.csv_bytes("5091AB;1;;;Drugs;;"))
    assert r.status_code == 422
    assert "AVG-registratie" in json.dumps(r.json, ensure_ascii=False)


def test_failure_while_storing_leaves_nothing(app, login, monkeypatch):
    with app.app_context():
        pid = sf.new_project()
    uwv = login("partner-uwv")
    r = sf.upload(uwv, pid, sf.csv_bytes(*[f"5091AB;{n};;;Drugs;;" for n in range(1, 50)]))
    from portal.signals import coupling

    def broken(_pid):
        raise RuntimeError("disk full")

    monkeypatch.setattr(coupling, "refresh", broken)
    failed = uwv.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
    assert failed.status_code == 500
    with app.app_context():
        from portal.extensions import db

        db.session.rollback()
        assert sf.count(pid) == 0


# --- isolation ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared(app):
    """A project where UWV and POL both delivered, one address in common."""
    with app.app_context():
        pid = sf.new_project("ISO")
    from tests.conftest import Client

    for user, lines in {
        "partner-uwv": ["5094AA;1;;;Uitkeringsfraude;UWV-geheim;", "5094AA;2;;;Uitkeringsfraude;;"],
        "partner-politie": ["5094AA;1;;;Ondermijning;POL-geheim;", "5094ZZ;9;;;Drugs;;"],
    }.items():
        client = Client(app, user)
        r = sf.upload(client, pid, sf.csv_bytes(*lines))
        assert (
            client.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig").status_code
            == 200
        )
    return pid


def test_partner_sees_only_own_signals_by_api_screen_and_export(app, login, shared):
    uwv = login("partner-uwv")
    r = uwv.api("GET", f"/api/v1/signalen/project/{shared}")
    assert r.status_code == 200
    assert r.json["count"] == 2
    assert {s["partner"] for s in r.json["result"]} == {"UWV"}
    # Searching for the other partner's address finds nothing.
    r = uwv.api("GET", f"/api/v1/signalen/project/{shared}?postcode=5094ZZ")
    assert r.json["count"] == 0
    page = uwv.get(f"/signalen/project/{shared}").get_data(as_text=True)
    assert "UWV-geheim" in page and "POL-geheim" not in page and "Ondermijning" not in page
    export = uwv.get(f"/signalen/project/{shared}/export.csv").data.decode("utf-8-sig")
    assert "UWV-geheim" in export and "POL" not in export and export.count("\r\n") == 3
    panel = uwv.get(f"/partnerproject/show/{shared}").get_data(as_text=True)
    assert "Signalen van uw organisatie" in panel


def test_partner_cannot_reach_coupling_or_other_deliveries(app, login, shared):
    from models import Signaallevering
    from portal.extensions import db

    uwv = login("partner-uwv")
    assert uwv.api("GET", f"/api/v1/koppeling/project/{shared}").status_code in (401, 403, 404)
    assert uwv.get(f"/koppeling/project/{shared}").status_code in (302, 403, 404)
    with app.app_context():
        pol_delivery = db.session.scalar(
            sa.select(Signaallevering.id).where(
                Signaallevering.project_id == shared,
                Signaallevering.ketenpartner_id == fx.partner_id("POL"),
            )
        )
    assert uwv.api("GET", f"/api/v1/signalen/levering/{pol_delivery}").status_code == 404
    assert uwv.get(f"/signalen/levering/{pol_delivery}").status_code == 404
    # Another partner's identical address is not a duplicate for UWV (nothing is revealed).
    r = sf.upload(uwv, shared, sf.csv_bytes("5094ZZ;9;;;Drugs;;"))
    assert r.json["rijen_geldig"] == 1 and r.json["fouten"] == []
    uwv.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/annuleer")
    # Not a partner of the project at all: 404, not "forbidden".
    other = login("projectleider2")
    assert other.api("GET", f"/api/v1/signalen/project/{shared}").status_code == 404
    assert login("secretaris").get(f"/signalen/project/{shared}").status_code in (302, 403, 404)


def test_project_people_see_everything_and_the_coupling(app, login, shared):
    pl = login("projectleider")
    r = pl.api("GET", f"/api/v1/signalen/project/{shared}")
    assert r.json["count"] == 4
    r = pl.api("GET", f"/api/v1/koppeling/project/{shared}?meervoudig=1")
    assert r.status_code == 200
    assert [x["adres"] for x in r.json["result"]] == ["5094AA|1||"]
    assert r.json["result"][0]["partners"] == ["POL", "UWV"]
    page = pl.get(f"/koppeling/project/{shared}").get_data(as_text=True)
    assert "5094 AA 1" in page and "Ondermijning" in page
    export = pl.get(f"/koppeling/project/{shared}/export.csv").data.decode("utf-8-sig")
    assert "5094AA|1||" in export and export.count("\r\n") == 4


# --- judgements, selection, audit, export safety ----------------------------------------------


def test_override_and_selection_feed_the_casework(app, login, shared):
    from models import AuditRecord
    from portal.casework import cases
    from portal.extensions import db

    pl = login("projectleider")
    url = f"/api/v1/koppeling/project/{shared}"
    r = pl.api("POST", f"{url}/oordeel", json={"adres": "5094AA|1||", "reden": "lang genoeg hoor"})
    assert r.status_code == 422  # two partners already
    r = pl.api("POST", f"{url}/oordeel", json={"adres": "5094ZZ|9||", "reden": "kort"})
    assert r.status_code == 422 and "reden" in json.dumps(r.json)
    r = pl.api("POST", f"{url}/selectie", json={"adressen": ["5094ZZ|9||"]})
    assert r.status_code == 422  # no multiple interest yet
    reason = "Buurtagent meldt ernstige overlast op dit adres"
    r = pl.api("POST", f"{url}/oordeel", json={"adres": "5094ZZ|9||", "reden": reason})
    assert r.status_code == 200, r.json
    r = pl.api("GET", f"{url}?meervoudig=1")
    assert {x["adres"] for x in r.json["result"]} == {"5094AA|1||", "5094ZZ|9||"}
    r = pl.api("POST", f"{url}/selectie", json={"adressen": ["5094AA|1||", "5094ZZ|9||"]})
    assert r.status_code == 200 and r.json["gewijzigd"] == 2
    with app.app_context():
        assert set(cases.selected_addresses(shared)) >= {"5094AA|1||", "5094ZZ|9||"}
        audit = db.session.scalars(
            sa.select(AuditRecord).where(
                AuditRecord.tabel == "adresbeoordeling", AuditRecord.project_id == shared
            )
        ).all()
        assert any(reason in json.dumps(a.wijzigingen, ensure_ascii=False) for a in audit)
        assert all(a.door == "projectleider" for a in audit)
    # Withdrawing the judgement of a selected single-partner address is refused.
    r = pl.api("POST", f"{url}/oordeel", json={"adres": "5094ZZ|9||", "aan": False})
    assert r.status_code == 422


def test_exports_cannot_run_formulas(ctx):
    from portal.signals.importer import csv_lines, safe_cell

    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+31 6 1234") == "'+31 6 1234"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Adresfraude") == "Adresfraude"
    text = "".join(csv_lines(["a"], iter([["-2+3"]])))
    assert "'-2+3" in text


def test_withdrawing_a_delivery_removes_its_signals(app, login):
    with app.app_context():
        pid = sf.new_project()
        nla = fx.partner_id("NLA")
    pl = login("projectleider")
    uwv = login("partner-uwv")
    r = sf.upload(pl, pid, sf.csv_bytes("5091AB;1;;;Drugs;;"), ketenpartner_id=str(nla))
    assert r.status_code == 201 and r.json["partner"] == "NLA"
    pl.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
    r2 = sf.upload(uwv, pid, sf.csv_bytes("5091AB;1;;;Fraude;;"))
    uwv.api("POST", f"/api/v1/signalen/levering/{r2.json['id']}/bevestig")
    assert pl.api("GET", f"/api/v1/koppeling/project/{pid}?meervoudig=1").json["count"] == 1
    page = uwv.post(f"/signalen/levering/{r2.json['id']}/intrekken", follow_redirects=True)
    assert "1 signalen verwijderd" in page.get_data(as_text=True)
    assert pl.api("GET", f"/api/v1/koppeling/project/{pid}?meervoudig=1").json["count"] == 0
    with app.app_context():
        assert sf.count(pid) == 1


def test_demo_coupling_matches_the_casework(app, login, ids):
    pl = login("projectleider")
    pid = ids.project("KEMPEN-HAM")
    r = pl.api("GET", f"/api/v1/koppeling/project/{pid}?meervoudig=1&page_size=100")
    keys = {x["adres"] for x in r.json["result"]}
    from portal.casework.demo import ADDRESSES

    assert {key for key, _ in ADDRESSES.values()} <= keys
    assert "5573AA|3||" in keys  # the demo's professional judgement
    empty = pl.get(f"/koppeling/project/{pid}?postcode=9999").get_data(as_text=True)
    assert "Geen adressen gevonden" in empty


def test_retention_removes_signals_and_the_coupling_but_keeps_deliveries(app, login):
    import datetime as dt

    from models import AdresBeoordeling, Adreskoppeling, Signaallevering
    from portal.extensions import db
    from tests.test_retention import _close

    with app.app_context():
        expired, fresh = sf.new_project("RSA"), sf.new_project("RSB")
    for client in login("partner-uwv"), login("partner-politie"):
        for pid in expired, fresh:
            r = sf.upload(client, pid, sf.csv_bytes("5091AB;7;;;Drugs;;"))
            client.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
    login("projectleider").api(
        "POST", f"/api/v1/koppeling/project/{expired}/selectie", json={"adressen": ["5091AB|7||"]}
    )
    _close(app, expired, dt.date.today() - dt.timedelta(days=400))
    result = app.test_cli_runner().invoke(args=["lsi", "retention", "--apply", "--json"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.session.expire_all()
        for model in (AdresBeoordeling, Adreskoppeling):
            assert not db.session.scalar(
                sa.select(model.project_id).where(model.project_id == expired)
            )
        assert sf.count(expired) == 0
        assert sf.count(fresh) == 2
        deliveries = db.session.scalars(
            sa.select(Signaallevering).where(Signaallevering.project_id == expired)
        ).all()
        assert len(deliveries) == 2 and all(d.rijen_opgeslagen == 1 for d in deliveries)
        assert all(d.controle is None for d in deliveries)


def test_overview_pages_link_to_each_other(login, ids):
    import re

    pl = login("projectleider")
    pid = ids.project("KEMPEN-HAM")
    first = pl.get(f"/koppeling/project/{pid}?page_size=10&sort=adres").get_data(as_text=True)
    assert "Pagina 1 van" in first
    nxt = re.search(r'href="\?([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "page=2" in nxt and "page_size=10" in nxt
    second = pl.get(f"/koppeling/project/{pid}?{nxt}").get_data(as_text=True)
    assert "Pagina 2 van" in second and 'rel="prev"' in second
    rows = lambda html: re.findall(r'class="coupling-row[^"]*" data-adres="([^"]+)"', html)  # noqa: E731
    assert len(rows(first)) == 10 and not set(rows(first)) & set(rows(second))
    assert rows(first) == sorted(rows(first))
    signals = pl.get(f"/signalen/project/{pid}").get_data(as_text=True)
    assert "Pagina 1 van 2" in signals  # 53 demo signals, 50 per page


# --- properties and escaping ------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PC = st.tuples(
    st.integers(1000, 9999),
    st.sampled_from("ABCDEFGHJKLMNPRTUVWXYZ"),
    st.sampled_from("ABCDEFGHJKLMNPRTUVWXYZ"),
).map(lambda t: f"{t[0]}{t[1]}{t[2]}")


@settings(max_examples=500, deadline=None)
@given(
    postcode=st.one_of(_PC, _PC.map(lambda p: f"{p[:4]} {p[4:].lower()}"), st.text(max_size=8)),
    nr=st.one_of(st.from_regex(r"[0-9]{1,6}", fullmatch=True), st.text(max_size=6)),
    letter=st.one_of(st.none(), st.text(max_size=2)),
    addition=st.one_of(st.none(), st.from_regex(r"[a-z0-9]{0,5}", fullmatch=True), st.text()),
)
def test_the_fast_path_for_plain_addresses_agrees_with_the_full_parser(
    app, postcode, nr, letter, addition
):
    from portal.addresses import _parse, _plain

    with app.app_context():
        plain = _plain(postcode, nr, letter, addition)
        if plain is not None:
            assert _parse(postcode, nr, letter, addition) == (plain, [])


def test_plain_addresses_take_the_fast_path():
    from portal.addresses import Address, _plain

    assert _plain("5091 ab", "12", "a", "") == Address("5091AB", 12, "A", None)
    assert _plain("5091AB", "12", None, "2b") == Address("5091AB", 12, None, "2B")
    assert _plain("5091AB", "12-a", None, None) is None  # the full parser decides
    assert _plain("5091AB", "0", None, None) is None


@settings(max_examples=300, deadline=None)
@given(
    pc=_PC,
    nr=st.integers(1, 99999),
    letter=st.sampled_from(["", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]),
    addition=st.one_of(st.just(""), st.from_regex(r"[0-9]{1,3}", fullmatch=True)),
    spelling=st.integers(0, 3),
)
def test_every_spelling_of_an_address_gives_one_key(app, pc, nr, letter, addition, spelling):
    from portal.addresses import Address, normalise_address, parse_address_key

    with app.app_context():
        expected = Address(pc, nr, letter or None, addition or None)
        forms = [
            (pc.lower(), f"{nr}{letter.lower()}", "", addition),
            (f"{pc[:4]} {pc[4:]}", f"{nr}-{letter}" if letter else str(nr), "", addition),
            (f" {pc} ", f"{nr} {letter}".strip(), "", f"-{addition}" if addition else ""),
            (pc, str(nr), letter.lower(), addition),
        ]
        address, errors = normalise_address(*forms[spelling])
        assert errors == [] and address == expected
        assert parse_address_key(address.key) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_address_normalisation_never_crashes(app, text):
    from portal.addresses import normalise_address

    with app.app_context():
        address, errors = normalise_address(text, text, text, text)
        assert (address is None) == bool(errors)


XSS = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_delivered_text_is_escaped_on_every_signals_page(app, login):
    with app.app_context():
        pid = sf.new_project("XSS")
    uwv, pl = login("partner-uwv"), login("projectleider")
    r = sf.upload(
        uwv, pid, sf.csv_bytes(f"5091AB;3;;;Risico {XSS};Toel {XSS};", f"5091AB;4;;;{XSS};;x")
    )
    assert r.status_code == 201
    preview_page = uwv.get(f"/signalen/levering/{r.json['id']}").get_data(as_text=True)
    uwv.api("POST", f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
    pages = [
        preview_page,
        uwv.get(f"/signalen/project/{pid}").get_data(as_text=True),
        pl.get(f"/signalen/project/{pid}").get_data(as_text=True),
        pl.get(f"/koppeling/project/{pid}").get_data(as_text=True),
        pl.get(f"/projectview/show/{pid}").get_data(as_text=True),
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in pages[0] and "&lt;script&gt;alert" in pages[1]


def test_confirming_one_delivery_twice_at_once_stores_it_once(app, login):
    """Two clicks on "opslaan" racing each other: one stores, the other gets a clear 422."""

    with app.app_context():
        pid = sf.new_project("RACE")
    uwv = login("partner-uwv")
    r = sf.upload(uwv, pid, sf.csv_bytes(*[f"5091AB;{n};;;Drugs;;" for n in range(1, 400)]))
    url = f"/api/v1/signalen/levering/{r.json['id']}/bevestig"
    results = sf.confirm_at_once(app, [("partner-uwv", url), ("partner-uwv", url)])
    codes = sorted(code for code, _ in results)
    assert codes == [200, 422], results
    refused = next(body for code, body in results if code == 422)
    assert "afgehandeld" in json.dumps(refused) or "al te bestaan" in json.dumps(refused)
    with app.app_context():
        assert sf.count(pid) == 399


def test_small_delivery_updates_only_its_addresses_with_the_same_result(app, monkeypatch):
    """After a small delivery only its addresses are rebuilt; the outcome (rows and totals)
    equals a full rebuild."""
    from models import Adreskoppeling, Koppelingstand
    from portal.extensions import db
    from portal.signals import coupling

    def snapshot(pid):
        rows = db.session.execute(
            sa.select(
                Adreskoppeling.adres_sleutel,
                Adreskoppeling.aantal_partners,
                Adreskoppeling.aantal_signalen,
                Adreskoppeling.partners,
                Adreskoppeling.meervoudig_belang,
            ).where(Adreskoppeling.project_id == pid)
        ).all()
        state = db.session.get(Koppelingstand, pid)
        return {r[0]: (r[1], r[2], sorted(r[3].split(",")), r[4]) for r in rows}, (
            state.adressen,
            state.meervoudig,
        )

    with app.app_context():
        pid = sf.new_project("INC")
        sf.deliver(pid, "UWV", *[f"5092AB;{n};;;Fraude;;" for n in range(1, 61)])
        sf.deliver(pid, "NLA", *[f"5092AB;{n};;;Uitbuiting;;" for n in range(50, 71)])
        calls = []
        monkeypatch.setattr(
            coupling, "refresh", lambda p, _real=coupling.refresh: calls.append(p) or _real(p)
        )
        # POL: two addresses already coupled, one UWV-only address, one new address.
        sf.deliver(pid, "POL", "5092AB;55;;;Drugs;;", "5092AB;1;;;Drugs;;", "5092AB;99;;;Drugs;;")
        assert calls == []  # the incremental path, not a full rebuild
        incremental = snapshot(pid)
        db.session.commit()
        coupling.refresh(pid)
        full = snapshot(pid)
        db.session.commit()
    assert incremental == full
    rows, (adressen, meervoudig) = full
    assert adressen == 71 and rows["5092AB|55||"][0] == 3 and rows["5092AB|1||"][0] == 2
    assert meervoudig == sum(1 for r in rows.values() if r[3])


def test_coupling_rebuilds_itself_when_its_rows_are_lost(app, login):
    """On PostgreSQL the coupling is UNLOGGED: a crash empties it. The next reader (screen,
    API, CLI, a small delivery) finds rows missing against the kept totals and rebuilds."""
    from models import Adreskoppeling
    from portal.extensions import db
    from portal.signals import coupling

    with app.app_context():
        pid = sf.new_project("HEAL")
        sf.deliver(pid, "UWV", *[f"5093AB;{n};;;Fraude;;" for n in range(1, 31)])
        sf.deliver(pid, "POL", *[f"5093AB;{n};;;Drugs;;" for n in range(21, 41)])
        before = [line.to_json() for line in coupling.iterate(pid, coupling.Filters())]
        if db.engine.dialect.name == "postgresql":
            persistence = db.session.scalar(
                sa.text("SELECT relpersistence FROM pg_class WHERE relname = 'adreskoppeling'")
            )
            assert persistence == "u"

        def lose_rows():
            # What crash recovery does to an unlogged table (TRUNCATE on PostgreSQL).
            db.session.execute(sa.delete(Adreskoppeling))
            db.session.commit()

        lose_rows()
    pl = login("projectleider")
    r = pl.api("GET", f"/api/v1/koppeling/project/{pid}?meervoudig=1&page_size=100")
    assert r.status_code == 200 and r.json["count"] == 10
    assert [x["adres"] for x in r.json["result"]] == [f"5093AB|{n}||" for n in range(21, 31)]
    with app.app_context():
        assert [line.to_json() for line in coupling.iterate(pid, coupling.Filters())] == before
        lose_rows()
    page = pl.get(f"/koppeling/project/{pid}").get_data(as_text=True)
    assert "5093 AB 21" in page
    with app.app_context():
        lose_rows()
        sf.deliver(pid, "NLA", "5093AB;1;;;Uitbuiting;;")  # small: would rebuild one address
        after = {
            x["adres"]: x
            for x in (line.to_json() for line in coupling.iterate(pid, coupling.Filters()))
        }
        assert len(after) == 40 and after["5093AB|1||"]["partners"] == ["NLA", "UWV"]
        assert coupling.counts(pid)["meervoudig"] == 11


def test_two_partners_confirming_at_once_both_land_in_the_coupling(app, login):
    """Two partners confirm deliveries for one project at the same moment: both are stored
    and the coupling equals a full rebuild (rebuilds of one project take turns)."""

    from portal.extensions import db
    from portal.signals import coupling

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip(
                "SQLite admits one writer at a time; concurrent rebuilds are a PostgreSQL matter"
            )
        pid = sf.new_project("DUO")
        sf.deliver(pid, "NLA", *[f"5094AB;{n};;;Uitbuiting;;" for n in range(1, 201)])
        db.session.commit()
    users = ("partner-uwv", "partner-politie")
    urls = []
    for user, risk in zip(users, ("Fraude", "Drugs"), strict=True):
        r = sf.upload(
            login(user), pid, sf.csv_bytes(*[f"5094AB;{n};;;{risk};;" for n in range(1, 151)])
        )
        urls.append(f"/api/v1/signalen/levering/{r.json['id']}/bevestig")
    results = sf.confirm_at_once(app, list(zip(users, urls, strict=True)))
    assert [code for code, _ in results] == [200, 200], results
    with app.app_context():
        assert sf.count(pid) == 500
        stored = [line.to_json() for line in coupling.iterate(pid, coupling.Filters())]
        totals = coupling.counts(pid)
        coupling.refresh(pid)
        db.session.commit()
        assert [line.to_json() for line in coupling.iterate(pid, coupling.Filters())] == stored
        assert coupling.counts(pid) == totals and totals["meervoudig"] == 150
        three = {x["adres"] for x in stored if x["partners"] == ["NLA", "POL", "UWV"]}
        assert three == {f"5094AB|{n}||" for n in range(1, 151)}


def test_uploaded_file_is_removed_only_when_the_delivery_is_committed(app):
    from pathlib import Path

    from sqlalchemy.orm import Session

    from models import Signaallevering
    from portal.casework import scope as cscope
    from portal.extensions import db
    from portal.signals import importer

    with app.app_context(), cscope.acting_as_system():
        pid = sf.new_project("KEEP")
        levering = importer.receive(
            io.BytesIO(sf.csv_bytes("5091AB;5;;;Drugs;;")),
            "a.csv",
            pid,
            fx.partner_id("UWV"),
            None,
        )
        importer.preview(levering)
        db.session.commit()
        lid, path = levering.id, Path(levering.bestand_pad)

        def commit_fails(_session):
            raise sa.exc.OperationalError("COMMIT", {}, Exception("disk full"))

        # The use case commits itself: make that commit fail once.
        sa.event.listen(Session, "before_commit", commit_fails)
        try:
            with pytest.raises(sa.exc.OperationalError):
                importer.confirm(levering)
        finally:
            sa.event.remove(Session, "before_commit", commit_fails)
        levering = db.session.get(Signaallevering, lid)
        assert path.is_file() and levering.status == importer.TER_CONTROLE and sf.count(pid) == 0
        assert importer.confirm(levering) == 1
        assert not path.exists() and sf.count(pid) == 1


# --- selecting for the casustafel opens the cases ----------------------------------------------


def test_selecting_addresses_opens_their_cases_in_the_same_step(app, login):
    from models import Casus
    from portal.extensions import db

    two, three, single = "5092AC|5||", "5092AC|7||", "5092AC|9||"
    with app.app_context():
        pid = sf.new_project("SEL")
        sf.deliver(pid, "UWV", "5092AC;5;;;Fraude;;", "5092AC;7;;;Fraude;;", "5092AC;9;;;X;;")
        sf.deliver(pid, "NLA", "5092AC;5;;;Uitbuiting;;", "5092AC;7;;;Uitbuiting;;")
    pl = login("projectleider")
    page = pl.post(
        f"/koppeling/project/{pid}/selectie",
        data={"adres": [two], "aan": "1", "next": f"/koppeling/project/{pid}?meervoudig=1"},
    )
    assert page.status_code == 302
    assert page.headers["Location"].endswith(f"/koppeling/project/{pid}?meervoudig=1")
    text = pl.get(page.headers["Location"]).get_data(as_text=True)
    assert "1 adres(sen) geselecteerd voor de casustafel; 1 casus(sen) aangemaakt" in text
    assert 'id="selection-next-link"' in text  # the page says where the cases went
    with app.app_context():
        casus = db.session.scalar(sa.select(Casus).where(Casus.project_id == pid))
        assert casus.adres_sleutel == two and casus.status == "Aangemeld"
        assert {p.ketenpartner.code for p in casus.partners} == {"UWV", "NLA"}
    # The API does the same and names the new case; a refused address opens nothing (one
    # transaction: the valid address in the same request is not selected either).
    r = pl.api(
        "POST", f"/api/v1/koppeling/project/{pid}/selectie", json={"adressen": [three, single]}
    )
    assert r.status_code == 422
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Casus).where(Casus.project_id == pid)
            )
            == 1
        )
    r = pl.api("POST", f"/api/v1/koppeling/project/{pid}/selectie", json={"adressen": [three]})
    assert r.status_code == 200 and r.json["gewijzigd"] == 1 and len(r.json["casussen"]) == 1
    with app.app_context():
        assert db.session.get(Casus, r.json["casussen"][0]).adres_sleutel == three


def test_selection_goes_back_only_to_a_page_of_the_portal(app, login):
    with app.app_context():
        pid = sf.new_project("SELN")
    pl = login("projectleider")
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        r = pl.post(f"/koppeling/project/{pid}/selectie", data={"aan": "1", "next": evil})
        assert r.status_code == 302
        assert r.headers["Location"].endswith(f"/koppeling/project/{pid}"), evil
