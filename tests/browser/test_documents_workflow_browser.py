"""Documents and the decision route in Chromium, on the demo project KEMPEN-HAM."""

import datetime as dt
import re

import pytest

from tests.browser.helpers import choose, set_date, submit_form

pytestmark = pytest.mark.browser


def _project_id(page, live_url) -> str:
    page.goto(f"{live_url}/projectview/list/?_flt_0_code=KEMPEN-HAM")
    href = page.locator("a[href*='/projectview/show/']").first.get_attribute("href")
    return re.search(r"/show/(\d+)", href).group(1)


def _generate(page, live_url, pid, soort) -> str:
    page.goto(f"{live_url}/documenten/project/{pid}")
    page.click(f"#generate-{soort}")
    page.wait_for_load_state("networkidle")
    row = page.locator("#document-versions tbody tr").filter(has_text=soort.capitalize()).first
    return row.get_attribute("id").removeprefix("doc-")


def _log_decision(page, live_url, pid, doc_id, orgaan, onderwerp, day: dt.date):
    page.goto(
        f"{live_url}/besluitview/add?_flt_0_project={pid}&document={doc_id}"
        f"&orgaan={orgaan}&onderwerp={onderwerp}"
    )
    choose(page, "orgaan", orgaan)
    choose(page, "onderwerp", onderwerp)
    choose(page, "uitkomst", "Akkoord")
    set_date(page, "datum", day.isoformat())
    submit_form(page)


def test_rcf_generates_downloads_and_submits_a_projectvoorstel(login_as, live_url, tmp_path):
    from docx import Document as Docx

    page = login_as("rcf")
    pid = _project_id(page, live_url)
    page.goto(f"{live_url}/projectview/show/{pid}")
    assert page.locator("#documents-panel").is_visible()
    assert "compleet" in page.locator("#documents-panel").inner_text()
    doc_id = _generate(page, live_url, pid, "projectvoorstel")
    with page.expect_download() as download:
        page.click(f"#doc-{doc_id} .download-docx")
    assert download.value.suggested_filename.endswith(".docx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    opened = Docx(str(saved))
    assert "1. Projectgegevens" in [p.text for p in opened.paragraphs]
    assert any("Integrale controle huisvesting" in p.text for p in opened.paragraphs)
    page.locator(f"#doc-{doc_id} .submit-doc").click()
    page.wait_for_load_state("networkidle")
    assert "Ingediend bij RPF" in page.locator(f"#doc-{doc_id} .status").inner_text()


def test_decision_route_to_voorbereiding(login_as, live_url):
    today = dt.date.today()
    rcf = login_as("rcf")
    pid = _project_id(rcf, live_url)

    # Refused first: the phase page says exactly what is missing.
    pl = login_as("projectleider")
    pl.goto(f"{live_url}/fasering/project/{pid}")
    pl.click("#btn-naar-Voorbereiding")
    pl.wait_for_load_state("networkidle")
    assert "niet mogelijk" in pl.content()
    assert "Collegebesluit: akkoord van College B&amp;W" in pl.content()

    rcf = login_as("rcf")
    doc_id = _generate(rcf, live_url, pid, "projectvoorstel")
    rcf.locator(f"#doc-{doc_id} .submit-doc").click()  # to the RPF
    rcf.wait_for_load_state("networkidle")
    _log_decision(rcf, live_url, pid, doc_id, "RPF", "Projectvoorstel", today - dt.timedelta(1))
    rcf.goto(f"{live_url}/documenten/project/{pid}")
    rcf.locator(f"#doc-{doc_id} .submit-doc").click()  # to the LSI
    rcf.wait_for_load_state("networkidle")
    assert "Ingediend bij LSI" in rcf.locator(f"#doc-{doc_id} .status").inner_text()

    sec = login_as("secretaris")
    sec.goto(f"{live_url}/wachtrij/")
    row = sec.locator("#lsi-queue tbody tr").filter(has_text="KEMPEN-HAM").first
    assert "projectvoorstel" in row.inner_text()
    row.locator(".log-decision").click()
    sec.wait_for_load_state("networkidle")
    choose(sec, "uitkomst", "Akkoord")
    set_date(sec, "datum", today.isoformat())
    submit_form(sec)
    sec.goto(f"{live_url}/wachtrij/")
    assert (
        "KEMPEN-HAM" not in sec.locator("body").inner_text()
        or "projectvoorstel" not in sec.locator("body").inner_text()
    )

    pl = login_as("projectleider")
    cb_id = _generate(pl, live_url, pid, "collegebesluit")
    _log_decision(pl, live_url, pid, cb_id, "College B&W", "Collegebesluit", today)
    pl.goto(f"{live_url}/fasering/project/{pid}")
    pl.click("#btn-naar-Voorbereiding")
    pl.wait_for_load_state("networkidle")
    assert pl.locator("#current-phase").inner_text() == "Voorbereiding"
    assert "Verkenning → Voorbereiding" in pl.locator("#timeline").inner_text()
