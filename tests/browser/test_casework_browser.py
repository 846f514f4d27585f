"""The case-work round trip in a real browser: casustafel, control, finding, follow-up by
the partner, results and the regenerated eindrapportage."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import sqlalchemy as sa

from tests import signals_fixtures as sf

pytestmark = pytest.mark.browser

A, B = "5093KL|4||", "5093KL|6|B|"


@pytest.fixture
def coupled(app):
    """A project of 'projectleider' with two addresses coupled on signals of UWV and NLA."""
    from portal.extensions import db

    with app.app_context():
        pid = sf.new_project("BRW")
        made = sf.coupled_cases(pid, [A, B])  # real deliveries, coupling and selection
        assert sorted(c.adres_sleutel for c in made) == sorted([A, B])
        assert all({p.ketenpartner.code for p in c.partners} == {"UWV", "NLA"} for c in made)
        db.session.commit()
        return pid


def test_casustafel_control_followup_results(login_as, live_url, coupled, app):
    pid = coupled
    today = dt.date.today()
    actie = f"Herbeoordeling uitkering (project {pid})"
    page = login_as("projectleider")

    # 1. The casustafel for the two coupled addresses.
    page.goto(f"{live_url}/casuswerk/project/{pid}")
    for code in ("UWV", "NLA", "GEM-OIRSCHOT"):
        page.check(f"input.attendee[data-code='{code}']")
    for key in (A, B):
        page.check(f"input.agenda-case[data-adres='{key}']")
    page.click("#btn-new-meeting")
    page.wait_for_selector("#lookback")
    for key in (A, B):
        item = page.locator(f".agenda-item[data-adres='{key}']")
        for code in ("UWV", "NLA"):
            item.locator(f"tr[data-code='{code}'] input[type=radio][value=ja]").check()
        item.locator("tr[data-code='UWV'] input[name=trekker]").check()
        item.locator("input[name=politiebijstand][value=nee]").check()
        item.locator("input[name=handhavingsactie]").fill("Integrale controle op bewoning")
        item.locator("textarea[name=afweging]").fill("Een brief hielp niet; controle is passend")
        item.locator("textarea[name=uitkomst]").fill("Gezamenlijk oppakken")
        item.locator(".btn-outcome").click()
        page.wait_for_load_state("networkidle")
        assert (
            "Besproken"
            in page.locator(f".agenda-item[data-adres='{key}'] .case-status").inner_text()
        )

    # 2. A control with a finding and follow-up for UWV.
    page.goto(f"{live_url}/casuswerk/project/{pid}/controle")
    page.fill("#control-datum", today.isoformat())
    page.select_option("#control-soort", "Actieavond")
    page.check("#control-noodplan")
    page.check("#control-risicoanalyse")
    page.fill("#control-personen", "6")
    for key in (A, B):
        page.check(f"input.visit-case[data-adres='{key}']")
    page.select_option("select.team-role[data-code='GEM-OIRSCHOT']", "Leiding")
    page.select_option("select.team-role[data-code='UWV']", "Gesprek")
    page.select_option("select.team-role[data-code='NLA']", "Formulieren")
    page.click("#btn-save-control")
    page.wait_for_selector("#form-finding")
    assert page.inner_text("#control-persons") == "6"
    page.select_option("#finding-categorie", label="Uitkeringsfraude")
    page.select_option("#finding-partner", label="Uitvoeringsinstituut Werknemersverzekeringen")
    page.fill("#finding-omschrijving", "Bewoner ontvangt een uitkering op een ander adres")
    page.click("#btn-add-finding")
    page.wait_for_selector(".finding .action-form")
    form = page.locator(".finding .action-form").first
    uwv_id = form.locator(".action-partner option[data-code='UWV']").get_attribute("value")
    form.locator(".action-partner").select_option(uwv_id)
    owner = form.locator(".action-owner option[data-username='partner-uwv']").get_attribute("value")
    form.locator(".action-owner").select_option(owner)
    form.locator(".action-text").fill(actie)
    form.locator(".action-deadline").fill((today + dt.timedelta(days=14)).isoformat())
    form.locator(".btn-add-action").click()
    page.wait_for_load_state("networkidle")
    assert actie in page.content()

    # 3. UWV sees it under "my actions" and completes it.
    page = login_as("partner-uwv")
    page.goto(f"{live_url}/opvolging/mijn-acties")
    row = page.locator("tr.my-action", has_text=actie)
    assert row.locator(".action-state").inner_text() == "open"
    row.locator("input[name=resultaat]").fill("Uitkering herzien; terugvordering gestart")
    row.locator(".btn-complete").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("tr.my-action", has_text=actie)
    assert row.locator(".action-state").inner_text() == "op tijd afgerond"

    # 4. The result shows on the results page and in a regenerated eindrapportage.
    page = login_as("projectleider")
    page.goto(f"{live_url}/resultaten/project/{pid}")
    assert page.inner_text("#r-controles") == "1"
    assert page.inner_text("#r-adressen") == "2"
    assert page.inner_text("#r-personen") == "6"
    assert page.inner_text("#r-op-tijd") == "1"
    assert "Uitkeringsfraude" in page.inner_text("#results-categories")
    assert page.locator("img.results-chart").count() == 2
    page.goto(f"{live_url}/documenten/project/{pid}")
    page.click("#generate-eindrapportage")
    page.wait_for_load_state("networkidle")

    from models import Document
    from portal.extensions import db

    with app.app_context():
        doc = db.session.scalar(
            sa.select(Document)
            .where(Document.project_id == pid, Document.soort == "eindrapportage")
            .order_by(Document.versie.desc())
        )
        assert doc is not None
        with zipfile.ZipFile(io.BytesIO(doc.inhoud)) as z:
            text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode())
            pngs = [n for n in z.namelist() if n.startswith("word/media/")]
    assert "Controles gehouden" in text and "Uitkeringsfraude" in text
    assert "Uitvoeringsinstituut Werknemersverzekeringen" in text
    assert len(pngs) >= 2
