"""A partner delivers signals in a real browser; the projectleider sees the coupling."""

from __future__ import annotations

import io

import pytest

from tests import signals_fixtures as sf

pytestmark = pytest.mark.browser


@pytest.fixture
def project_with_nla_signals(app):
    """A fresh project where NLA already delivered two addresses."""
    from models import Project
    from portal.casework import scope as cscope
    from portal.extensions import db
    from portal.signals import importer
    from tests import casework_fixtures as fx

    with app.app_context():
        pid = sf.new_project("BRS")
        with cscope.acting_as_system():
            levering = importer.receive(
                io.BytesIO(
                    sf.csv_bytes("5093KL;4;;;Arbeidsuitbuiting;;", "5093KL;8;;;Arbeidsuitbuiting;;")
                ),
                "nla.csv",
                pid,
                fx.partner_id("NLA"),
                None,
            )
            importer.preview(levering)
            importer.confirm(levering)
        db.session.commit()
        return pid, db.session.get(Project, pid).code


def test_partner_uploads_and_projectleider_sees_the_coupling(
    login_as, live_url, project_with_nla_signals, tmp_path, app
):
    pid, _code = project_with_nla_signals
    delivery = tmp_path / "uwv-signalen.csv"
    delivery.write_bytes(
        sf.csv_bytes(
            "5093 kl;4;;;Uitkeringsfraude;Woont mogelijk elders;2026-01-10",
            "5093KL;6-b;;;Uitkeringsfraude;;10-1-2026",
            "5093KL;abc;;;Uitkeringsfraude;;",  # the bad row
        )
    )
    page = login_as("partner-uwv")
    page.goto(f"{live_url}/partnerproject/show/{pid}")
    page.click("#open-signals")
    page.set_input_files("#upload-file", str(delivery))
    page.click("#btn-upload")
    page.wait_for_selector("#summary")
    assert "3 regels gelezen: 2 geldig, 1 met fouten" in page.inner_text("#summary")
    rows = page.locator("#error-rows .error-row")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-regel") == "4"
    assert "geen geldig huisnummer" in rows.first.inner_text()
    page.click("#btn-confirm")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#delivery-status") == "Verwerkt"
    assert "2 signalen opgeslagen" in page.content()
    # The partner's own list shows its two signals and nothing of NLA.
    page.goto(f"{live_url}/signalen/project/{pid}")
    assert page.locator("#signals .signal-row").count() == 2
    assert "Arbeidsuitbuiting" not in page.inner_text("#signals")

    page = login_as("projectleider")
    page.goto(f"{live_url}/projectview/show/{pid}")
    page.click("#open-coupling")
    page.check("#filter-meervoudig")
    page.click("#btn-filter")
    page.wait_for_load_state("networkidle")
    keys = page.locator("#coupling-table .coupling-row").evaluate_all(
        "rows => rows.map(r => r.dataset.adres)"
    )
    assert keys == ["5093KL|4||"]
    assert "NLA en UWV" in page.inner_text("#coupling-table")
    # Select it for the casustafel: its case is opened in the same step.
    page.check("#coupling-table .select-address")
    page.click("#btn-select")
    page.wait_for_load_state("networkidle")
    assert "1 casus(sen) aangemaakt" in page.content()
    assert "geselecteerd" in page.inner_text("#coupling-table .coupling-row .selected")
    page.click("#link-casework")
    assert page.locator("#cases .case-row[data-adres='5093KL|4||']").count() == 1
