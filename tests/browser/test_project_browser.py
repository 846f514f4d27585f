import re
import uuid

import pytest

from tests.browser.helpers import choose, submit_form

pytestmark = pytest.mark.browser


def test_projectleider_creates_project_and_projectleider2_does_not_see_it(login_as, live_url):
    code = f"BR-{uuid.uuid4().hex[:6].upper()}"
    page = login_as("projectleider")
    page.goto(f"{live_url}/projectview/add")
    page.fill("input[name=code]", code)
    page.fill("input[name=naam]", "Browserproject Oirschot")
    choose(page, "regio", "Zuidoost-Brabant")
    choose(page, "gemeenten", "Oirschot")
    page.fill("textarea[name=projectgebied]", "5688 AA-5688 ZZ")
    page.fill("textarea[name=aanleiding]", "Signalen over overbewoning.")
    submit_form(page)
    assert "Fout" not in page.content()

    page.goto(f"{live_url}/projectview/list/?_flt_0_code={code}")
    assert code in page.content()
    href = page.locator("a[href*='/projectview/show/']").first.get_attribute("href")
    project_id = re.search(r"/show/(\d+)", href).group(1)

    page.goto(f"{live_url}/projectpartnerview/add?_flt_0_project={project_id}")
    choose(page, "ketenpartner", "Uitvoeringsinstituut Werknemersverzekeringen")
    page.fill("textarea[name=belang]", "Uitkeringsfraude")
    page.fill("input[name=capaciteit_uren]", "120")
    submit_form(page)

    page.goto(f"{live_url}/doelstellingview/add?_flt_0_project={project_id}")
    page.fill("textarea[name=doel]", "Overbewoning terugdringen")
    page.fill("input[name=indicator]", "Aantal overbewoonde panden")
    page.fill("input[name=nulmeting]", "12")
    submit_form(page)

    page.goto(f"{live_url}/projectview/show/{project_id}")
    content = page.content()
    assert "Uitvoeringsinstituut Werknemersverzekeringen" in content
    assert "Overbewoning terugdringen" in content

    other = login_as("projectleider2")
    other.goto(f"{live_url}/projectview/list/")
    assert code not in other.content()
    response = other.goto(f"{live_url}/projectview/show/{project_id}")
    assert response.status == 404
