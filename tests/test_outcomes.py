"""Results as the evaluations report them (issue #19 parts 5, 6): outcomes per gemeente and
per partner with exact Decimal sums, the yield, expenses, the case's gemeente, questionnaire
measurements, the results page, the eindrapportage and the rights."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx


def _kempen(app):
    from models import Project
    from portal.extensions import db

    return db.session.scalar(sa.select(Project.id).where(Project.code == "KEMPEN-HAM"))


def test_demo_totals_per_gemeente_partner_and_yield_are_exact(app):
    from portal.casework import outcomes

    with app.app_context():
        pid = _kempen(app)
        s = outcomes.summary(pid)
        per_g = {g["naam"]: g for g in s["per_gemeente"]}
        assert per_g["Oirschot"]["bedrag"] == Decimal("6300.00")
        assert per_g["Reusel-De Mierden"]["bedrag"] == Decimal("7750.00")
        assert s["opbrengst"] == Decimal("14050.00")
        assert s["opbrengst"] == sum(g["bedrag"] for g in s["per_gemeente"])
        assert s["opbrengst"] == sum(p["bedrag"] for p in s["per_partner"])
        per_p = {p["naam"]: p for p in s["per_partner"]}
        assert per_p["Uitvoeringsinstituut Werknemersverzekeringen"]["bedrag"] == Decimal("7750.00")
        brp = {u["soort"]: u for u in per_g["Reusel-De Mierden"]["uitkomsten"]}["BRP-correctie"]
        assert brp["aantal"] == 4 and brp["bedrag"] is None
        assert s["kosten"]["totaal"] == Decimal("2612.50")
        assert s["saldo"] == Decimal("11437.50")
        assert {k["soort"] for k in s["kosten"]["rijen"]} == {"Tolk", "Slotenmaker"}


def test_case_gets_its_gemeente_and_outcome_follows_the_case(app):
    from models import Gemeente, Uitkomst, Uitkomstsoort
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("UIT")  # one gemeente: Oirschot
        casus = fx.new_case(pid, "5092AB|77||")
        oirschot = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.naam == "Oirschot"))
        assert casus.gemeente_id == oirschot
        soort = db.session.scalar(sa.select(Uitkomstsoort).where(Uitkomstsoort.naam == "Boete"))
        row = Uitkomst(
            project_id=pid,
            uitkomstsoort=soort,
            ketenpartner_id=fx.partner_id("NLA"),
            casus_id=casus.id,
            datum=casus.aangemaakt_op.date(),
            bedrag=Decimal("1250.10"),
        )
        db.session.add(row)
        db.session.flush()
        assert row.gemeente_id == oirschot
        db.session.rollback()


def test_kempen_cases_map_to_the_gemeente_partner(app):
    from models import Casus
    from portal.extensions import db

    with app.app_context():
        names = {
            c.adres_sleutel: c.gemeente.naam
            for c in db.session.scalars(sa.select(Casus).where(Casus.project_id == _kempen(app)))
            if c.gemeente is not None
        }
    assert names.get("5091AB|12||") == "Oirschot"
    assert names.get("5541AA|7||") == "Reusel-De Mierden"


def _rules(model, **values):
    from portal import rules

    return rules.check(model, values, None)


def test_outcome_and_expense_rules(app):
    from models import Gemeente, Kostenpost, Uitkomst, Uitkomstsoort
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("UIR")
        boete = db.session.scalar(sa.select(Uitkomstsoort).where(Uitkomstsoort.naam == "Boete"))
        brp = db.session.scalar(
            sa.select(Uitkomstsoort).where(Uitkomstsoort.naam == "BRP-correctie")
        )
        oirschot = db.session.scalar(sa.select(Gemeente).where(Gemeente.naam == "Oirschot"))
        best = db.session.scalar(sa.select(Gemeente).where(Gemeente.naam == "Best"))
        assert "bedrag" in _rules(Uitkomst, project_id=pid, uitkomstsoort=boete, gemeente=oirschot)
        assert "bedrag" in _rules(
            Uitkomst, project_id=pid, uitkomstsoort=brp, gemeente=oirschot, bedrag=Decimal("5")
        )
        assert "gemeente" in _rules(Uitkomst, project_id=pid, uitkomstsoort=brp)
        assert "gemeente" in _rules(Uitkomst, project_id=pid, uitkomstsoort=brp, gemeente=best)
        assert "aantal" in _rules(
            Uitkomst, project_id=pid, uitkomstsoort=brp, gemeente=oirschot, aantal=0
        )
        assert not _rules(
            Uitkomst, project_id=pid, uitkomstsoort=boete, gemeente=oirschot, bedrag=Decimal("9")
        )
        assert "controle" in _rules(
            Kostenpost, project_id=pid, omschrijving="Tolk", bedrag=Decimal("10")
        )
        assert "bedrag" in _rules(
            Kostenpost, project_id=pid, omschrijving="x", bedrag=Decimal("-1")
        )


def test_measurement_rules(app):
    from models import Controle, Meting
    from portal.extensions import db

    with app.app_context():
        pid = _kempen(app)
        held = db.session.scalar(
            sa.select(Controle).where(Controle.project_id == pid, Controle.status == "Uitgevoerd")
        )
        base = {"project_id": pid, "vragenlijst": "Enquête", "vraag": "Veilig?", "respondenten": 10}
        assert "score" in _rules(Meting, soort="0-meting", **base)  # neither
        assert "score" in _rules(
            Meting, soort="0-meting", score=Decimal("3"), percentage=Decimal("50"), **base
        )
        assert "score" in _rules(Meting, soort="0-meting", score=Decimal("6"), **base)
        assert "percentage" in _rules(Meting, soort="0-meting", percentage=Decimal("120"), **base)
        assert "respondenten" in _rules(
            Meting, soort="0-meting", score=Decimal("3"), **{**base, "respondenten": 0}
        )
        assert "controle" in _rules(Meting, soort="Controle", score=Decimal("3"), **base)
        assert not _rules(Meting, soort="Controle", score=Decimal("4.5"), controle=held, **base)


def test_measurements_pair_zero_and_one(app):
    from portal.casework import measurements

    with app.app_context():
        m = measurements.for_project(_kempen(app))
    rows = {v["vraag"]: v for v in m["vergelijking"]}
    veilig = rows["Ik voel me veilig in mijn buurt"]
    assert veilig["nul"]["score"] == Decimal("3.10") and veilig["een"]["score"] == Decimal("3.60")
    assert veilig["verschil"] == Decimal("0.50")
    assert {r["vraag"] for r in m["controles"]} >= {"De controle werd respectvol uitgevoerd"}


def test_results_page_shows_outcomes_yield_and_measurements(login, ids):
    pid = ids.project("KEMPEN-HAM")
    page = login("projectleider").get(f"/resultaten/project/{pid}").get_data(as_text=True)
    assert "€ 14.050,00" in page.replace("\xa0", " ")
    assert 'id="results-per-gemeente"' in page and "Reusel-De Mierden" in page
    assert 'id="results-expenses"' in page and "Slotenmaker" in page
    assert 'id="results-measurements"' in page and "Ik voel me veilig in mijn buurt" in page
    assert 'id="results-experience"' in page
    assert page.count("data:image/png;base64,") >= 3  # findings, follow-up, yield charts
    assert 'id="add-outcome"' in page
    partner = login("partner-uwv").get(f"/resultaten/project/{pid}").get_data(as_text=True)
    assert "€ 14.050,00" in partner.replace("\xa0", " ")  # aggregated figures, as today
    assert 'id="results-expenses"' not in partner and 'id="add-outcome"' not in partner


def test_dashboard_shows_the_yield_of_the_staffs_projects(login):
    import re

    home = login("projectleider").get("/").get_data(as_text=True).replace("\xa0", " ")
    block = home.split('id="results-yield"', 1)[1].split("</table>", 1)[0]
    row = re.search(r"<tr><td><a [^>]*>KEMPEN-HAM</a></td>(.*?)</tr>", block, re.S).group(1)
    assert ["€ 14.050,00", "€ 2.612,50", "€ 11.437,50"] == re.findall(r"€ [\d.,]+", row)
    assert "data:image/png;base64," in block
    for user in ("partner-uwv", "secretaris", "privacy"):
        assert 'id="results-yield"' not in login(user).get("/").get_data(as_text=True)


def test_rights_per_role_on_the_rows(app, login, ids):
    pid = ids.project("KEMPEN-HAM")
    with app.app_context():
        from models import Gemeente, Uitkomstsoort
        from portal.extensions import db

        soort = db.session.scalar(sa.select(Uitkomstsoort.id).where(Uitkomstsoort.naam == "Boete"))
        gem = db.session.scalar(sa.select(Gemeente.id).where(Gemeente.naam == "Oirschot"))
    body = {
        "project": pid,
        "uitkomstsoort": soort,
        "gemeente": gem,
        "ketenpartner": fx_partner(app, "NLA"),
        "datum": "2019-06-01",
        "bedrag": "100.05",
    }
    assert login("partner-uwv").api("POST", "/api/v1/uitkomst/", json=body).status_code in (
        401,
        403,
    )
    assert login("secretaris").api("POST", "/api/v1/uitkomst/", json=body).status_code in (401, 403)
    assert login("privacy").api("GET", "/api/v1/uitkomst/").status_code == 200
    assert login("projectleider2").api("POST", "/api/v1/uitkomst/", json=body).status_code in (
        403,
        404,
        422,
    )
    pl = login("projectleider")
    r = pl.api("POST", "/api/v1/uitkomst/", json=body)
    assert r.status_code == 201, r.json
    bad = pl.api("POST", "/api/v1/uitkomst/", json={**body, "bedrag": None})
    assert bad.status_code == 422 and "bedrag" in str(bad.json).lower()
    bad = pl.api("POST", "/api/v1/meting/", json={"project": pid, "soort": "0-meting"})
    assert 400 <= bad.status_code < 500
    assert pl.api("DELETE", f"/api/v1/uitkomst/{r.json['id']}").status_code == 200


def fx_partner(app, code):
    with app.app_context():
        return fx.partner_id(code)


def test_eindrapportage_has_tables_per_gemeente_yield_measurements_and_charts(app):
    from docx import Document as Docx
    from flask import current_app

    from portal import access
    from portal.documents import service

    with app.app_context():
        pid = _kempen(app)
        rcf = current_app.appbuilder.sm.find_user(username="rcf")
        doc = service.generate(pid, "eindrapportage", rcf.id, access.scope_for(rcf))
        d = Docx(io.BytesIO(doc.inhoud))
        media = [r for r in d.part.related_parts.values() if "image" in r.content_type]
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    text = "\n".join(p.text for p in d.paragraphs) + "\n".join(cells)
    assert "Oirschot" in cells and "Reusel-De Mierden" in cells
    assert "€ 6.300,00" in cells and "€ 7.750,00" in cells
    assert "€ 14.050,00" in text and "€ 2.612,50" in text
    assert any("Tolken Pools" in c for c in cells)
    assert any("Ik voel me veilig in mijn buurt" in c for c in cells)
    assert any("3,10" in c for c in cells) and any("+0,50" in c for c in cells)
    assert "Financiële opbrengst per gemeente" in text
    assert len(media) >= 3


@pytest.mark.parametrize("url", ["/uitkomst/list/", "/kostenpost/list/", "/meting/list/"])
def test_list_screens_for_staff(login, url):
    page = login("projectleider").get(url)
    assert page.status_code == 200
    assert login("partner-uwv").get(url).status_code in (302, 403)
