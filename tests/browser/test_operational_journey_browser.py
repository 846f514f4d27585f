"""Issue #19's journey in Chromium: the projectleider plans a control evening ahead, the
partners answer the enrichment request, the evening is held and recorded, a press release is
agreed and published, and the eindrapportage shows it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import sqlalchemy as sa

from tests import casework_fixtures as fx
from tests.browser.helpers import choose, submit_form

pytestmark = pytest.mark.browser

TITLE = "Gezamenlijke controle in Oirschot"


@pytest.fixture
def project(app):
    """A project of 'projectleider' with discussed cases and a casustafel in ten days."""
    from models import Casus
    from portal.casework import meetings
    from portal.casework import scope as cscope
    from portal.extensions import db

    with app.app_context():
        pid = fx.new_project("JRN")
        data = fx.operational(pid)
        with cscope.acting_as_system():
            tafel = meetings.create_meeting(
                pid,
                dt.date.today() + dt.timedelta(days=10),
                [fx.partner_id("UWV"), fx.partner_id("NLA")],
                [data["cases"][0]],
            )
        db.session.commit()
        keys = {
            c.id: c.adres_sleutel
            for c in db.session.scalars(sa.select(Casus).where(Casus.project_id == pid))
        }
        return {"id": pid, "tafel": tafel.id, "cases": data["cases"], "keys": keys}


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode())


def test_plan_enrich_hold_communicate_report(login_as, live_url, project, app):
    from models import Communicatie, Controle, Document
    from portal.extensions import db

    pid, (a, b, _c) = project["id"], project["cases"]
    evening = dt.date.today() + dt.timedelta(days=7)

    # 1. The projectleider plans the evening: addresses, team, police, emergency plan, kit.
    page = login_as("projectleider")
    page.goto(f"{live_url}/casuswerk/project/{pid}/controle/plannen")
    page.fill("#plan-datum", evening.isoformat())
    page.fill("#plan-aanvang", "19:30")
    page.fill("#plan-doel", "Woonsituatie en uitkeringen controleren")
    for case in (a, b):
        page.check(f"input.plan-case[value='{case}']")
    page.select_option("select.team-role[data-code='GEM-OIRSCHOT']", "Leiding")
    page.select_option("select.team-role[data-code='UWV']", "Gesprek")
    page.check("#plan-politie-afgesproken")
    page.check("#plan-politie-geinformeerd")
    page.fill("#plan-verzamelpunt", "Parkeerplaats gemeentehuis")
    page.fill("#plan-belschema", "Teamleider belt 112 en de projectleider")
    for box in page.locator("input[name=uitrusting]").all():
        box.check()
    page.click("#btn-save-plan")
    page.wait_for_selector("#plan-summary")
    with app.app_context():
        control = db.session.scalar(
            sa.select(Controle).where(Controle.project_id == pid, Controle.datum == evening)
        )
        assert control is not None and control.status == "Gepland"
        control_id = control.id
        planned = {ca.casus_id: ca.id for ca in control.planadressen}
    assert set(planned) == {a, b}

    # The risk assessment of one address proposes the police inzet.
    page.locator(f"details:has(#form-assess-{planned[a]}) > summary").click()
    form = page.locator(f"#form-assess-{planned[a]}")
    form.locator("input[name=agressie]").check()
    form.locator("input[name=indeling]").fill("Portiekflat, achteruitgang via de tuin")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#plan-address-{planned[a]}")
    assert "Politie aanwezig" in row.inner_text()
    assert page.inner_text("#evening-inzet") == "Politie aanwezig"

    # The team's briefing opens as a .docx with the evening in it.
    briefing = page.request.get(f"{live_url}/casuswerk/controle/{control_id}/briefing.docx")
    assert briefing.status == 200
    text = _docx_text(briefing.body())
    assert "Parkeerplaats gemeentehuis" in text and "Politie aanwezig" in text

    # 2. The enrichment request for the coming casustafel; UWV answers its own question.
    page.goto(f"{live_url}/casuswerk/casustafel/{project['tafel']}")
    page.click("#send-enrichment button[type=submit]")
    page.wait_for_load_state("networkidle")
    page = login_as("partner-uwv")
    page.goto(f"{live_url}/verrijking/mijn-vragen")
    question = page.locator("form.answer-form").first
    question.locator("input[name=antwoord][value=Ja]").check()
    question.locator("input[name=toelichting]").fill("Nieuwe inschrijving op dit adres")
    question.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page = login_as("projectleider")
    page.goto(f"{live_url}/casuswerk/casustafel/{project['tafel']}")
    assert "Nieuwe inschrijving op dit adres" in page.inner_text("#enrichment-answers")

    # 3. The evening is held and recorded: Gepland becomes Uitgevoerd.
    page.goto(f"{live_url}/casuswerk/controle/{control_id}/uitvoering")
    page.fill("#outcome-datum", dt.date.today().isoformat())
    page.fill("#outcome-personen", "5")
    page.click("#btn-save-outcome")
    page.wait_for_load_state("networkidle")
    with app.app_context():
        control = db.session.get(Controle, control_id)
        assert control.status == "Uitgevoerd" and control.personen_aangetroffen == 5

    # 4. A press release about the evening, agreed with the burgemeester, then published.
    page.goto(f"{live_url}/communicatie/add?_flt_0_project={pid}")
    # the project comes from the project's page (_flt_0_project): no picker for it
    choose(page, "soort", "Persbericht")
    page.fill("input[name=titel]", TITLE)
    page.fill("textarea[name=tekst]", "Gemeente en partners controleerden samen adressen.")
    choose(page, "controle", str(control_id))
    submit_form(page)
    with app.app_context():
        item_id = db.session.scalar(
            sa.select(Communicatie.id).where(
                Communicatie.project_id == pid, Communicatie.titel == TITLE
            )
        )
    assert item_id is not None
    page.goto(f"{live_url}/bericht/{item_id}")
    page.select_option("#partij_soort", "Burgemeester")
    page.fill("#partij", "Burgemeester van Oirschot")
    page.click("#add-party")
    page.wait_for_load_state("networkidle")
    agree = page.locator("[id^=akkoord_op-]").first
    agree.fill(dt.date.today().isoformat())
    page.locator("[id^=agree-]").first.click()
    page.wait_for_load_state("networkidle")
    assert "Afgestemd" in page.inner_text("#communication-status")
    page.fill("#gepubliceerd_op", dt.date.today().isoformat())
    page.fill("#medium", "Eindhovens Dagblad")
    page.fill("#link", "https://www.oirschot.nl/nieuws/controle")
    page.click("#publish")
    page.wait_for_load_state("networkidle")
    assert "Gepubliceerd" in page.inner_text("#communication-status")
    page.goto(f"{live_url}/resultaten/project/{pid}")
    assert TITLE in page.inner_text("#results-communication")

    # 5. The eindrapportage lists the published press release and the evening.
    page.goto(f"{live_url}/documenten/project/{pid}")
    page.click("#generate-eindrapportage")
    page.wait_for_load_state("networkidle")
    with app.app_context():
        doc = db.session.scalar(
            sa.select(Document)
            .where(Document.project_id == pid, Document.soort == "eindrapportage")
            .order_by(Document.versie.desc())
        )
        assert doc is not None
        text = _docx_text(doc.inhoud)
    assert TITLE in text and "Eindhovens Dagblad" in text
    assert "Controles gehouden" in text
