"""A live portal on a free loopback port and a real Chromium driven by Playwright.

Every module here sets ``pytestmark = pytest.mark.browser``. Chromium comes from Debian
(``/usr/bin/chromium``; .ci/run installs it); Playwright never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_url(app, database_url):
    """Serve a second app on the same database, with CSRF on as in production."""
    from portal import create_app

    live = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": True,
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "AUTH_RATE_LIMIT": "10000 per minute",
        }
    )
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does) "
            "to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def login_as(page, live_url):
    """Log in through the real login form; returns the page."""

    def _login(username: str):
        page.context.clear_cookies()
        page.goto(f"{live_url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return _login
