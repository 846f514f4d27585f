"""Long work in Chromium: "Alle documenten genereren" sends the projectleider to the job's
page, whose progress bar follows the job and moves on to the result when it is done."""

from __future__ import annotations

import re

import pytest

from portal.documents.catalogue import SOORTEN
from tests.browser import a11y_walk

pytestmark = pytest.mark.browser


def test_generating_all_documents_shows_progress_then_the_result(login_as, live_url):
    page = login_as("projectleider2")
    page.goto(f"{live_url}/projectview/list/?_flt_0_code=GRN-OOST-2026")
    href = page.locator("a[href*='/projectview/show/']").first.get_attribute("href")
    pid = re.search(r"/show/(\d+)", href).group(1)
    page.goto(f"{live_url}/documenten/project/{pid}")
    before = page.locator("#document-versions tbody tr").count()

    page.click("#generate-all")
    page.wait_for_url(re.compile(r"/taken/[0-9a-f]{32}$"))
    job_url = page.url
    assert page.locator("progress#job-progress[max='100']").count() == 1
    assert page.locator("#job-state[role=status][aria-live=polite]").count() == 1
    # The script follows the job and opens the result once it is done.
    page.wait_for_url(f"{live_url}/documenten/project/{pid}", timeout=60_000)
    # every type: the projectleider also drafts the raadsinformatiebrief
    assert page.locator("#document-versions tbody tr").count() == before + len(SOORTEN)

    page.goto(job_url)  # the finished job's page: a link to the result, no polling
    assert page.locator("#job-progress").get_attribute("value") == "100"
    assert page.locator("#job-status").inner_text() == "Klaar"
    assert page.locator("#job-result").get_attribute("href") == f"/documenten/project/{pid}"
    walk = a11y_walk.Walk(live_url, "Projectleider")
    a11y_walk.check_page(page, walk, "/taken/{id}")
    assert walk.violations == [], a11y_walk.report(walk.violations)
