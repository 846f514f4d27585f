import pytest

pytestmark = pytest.mark.browser


def test_projectleider_logs_in_and_sees_home(login_as, live_url):
    page = login_as("projectleider")
    assert "Welkom" in page.content()
    page.goto(f"{live_url}/projectview/list/")
    assert "KEMPEN-HAM" in page.content()
