"""The look's assets (issue #15, section 1): one bundle of our own on every page, none of FAB's
Bootstrap, Font Awesome, jQuery, select2, datepicker or ab*.js; at most 560 KB of CSS and
JavaScript per page (what FAB's default layout loaded); compressed when asked; a year's
cache for the hashed files; the page frame's language and landmarks.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser

import brotli
import pytest

from portal import assets

BUDGET = 560 * 1024  # bytes of CSS and JavaScript, uncompressed
ROLES = ["projectleider", "rcf", "secretaris", "partner-uwv", "privacy", "beheerder"]
# A FAB static file (its blueprint serves /static/appbuilder/...) or any of the libraries.
FAB_STATIC = re.compile(
    r"/static/appbuilder/|bootstrap|jquery|select2|datepicker|fontawesome|font-awesome"
    r"|/ab(_filters|_actions)?\.js",
    re.IGNORECASE,
)


class _Page(HTMLParser):
    """The stylesheets, scripts and links of one HTML page, and its first few tags."""

    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.links: list[str] = []
        self.menu_links: list[str] = []  # inside <nav>
        self._in_nav = False
        self.html_lang: str | None = None
        self.body_tags: list[tuple[str, dict]] = []
        self._in_body = False

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self._in_nav:
                self.menu_links.append(a["href"])
        if tag == "nav":
            self._in_nav = True
        if tag == "body":
            self._in_body = True
        elif self._in_body:
            self.body_tags.append((tag, a))


def _asset_url(app, name: str) -> str:
    with app.test_request_context():
        return assets.asset_url(name)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _menu_pages(client) -> list[str]:
    """The home page and every page its menu links to."""
    home = _parse(client.get("/").get_data(as_text=True))
    return ["/", *dict.fromkeys(href for href in home.menu_links if href.startswith("/"))]


def _weight(client, page: _Page) -> int:
    """Bytes of every local stylesheet and script the page references, as served."""
    total = 0
    for url in page.styles + page.scripts:
        assert url.startswith("/"), f"{url}: a page loads nothing from elsewhere"
        r = client.get(url)
        assert r.status_code == 200, url
        total += len(r.data)
    return total


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_loads_only_our_bundle_within_budget(app, login, ids, username):
    client = login(username)
    pid = ids.project("KEMPEN-HAM")
    urls = _menu_pages(client)
    if username in ("projectleider", "rcf"):
        urls += [f"/projectview/show/{pid}", f"/projectview/edit/{pid}"]
    assert len(urls) > 3, urls  # the menu was found
    weights = {}
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        html = r.get_data(as_text=True)
        page = _parse(html)
        fab = [ref for ref in page.styles + page.scripts if FAB_STATIC.search(ref)]
        assert not fab, (url, fab)
        assert page.styles == [_asset_url(app, "portal.css")], url  # FAB's are all gone
        weights[url] = _weight(client, page)
        assert weights[url] <= BUDGET, (url, weights[url])
    heaviest = max(weights.values())
    print(f"{username}: {len(urls)} pages, CSS+JS at most {heaviest / 1024:.1f} KB per page")


def test_login_page_within_budget_and_labelled(app):
    client = app.test_client()
    r = client.get("/login/")
    page = _parse(r.get_data(as_text=True))
    assert _weight(client, page) <= BUDGET
    html = r.get_data(as_text=True)
    for name in ("username", "password"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)[0]
        field_id = re.search(r'id="([^"]+)"', field)[1]
        assert f'<label class="utrecht-form-label" for="{field_id}">' in html, name
    assert re.search(r'<button type="submit"[^>]*>\s*Inloggen\s*</button>', html)


def test_page_frame_language_skip_link_and_landmarks(login):
    html = login("projectleider").get("/").get_data(as_text=True)
    page = _parse(html)
    assert page.html_lang == "nl"
    first_tag, first = page.body_tags[0]
    assert first_tag == "a" and first["href"] == "#content", page.body_tags[:2]
    assert "Naar de inhoud" in html
    assert '<main id="content"' in html and 'tabindex="-1"' in html
    assert 'role="header"' not in html
    assert re.search(r'<nav [^>]*aria-label="Hoofdmenu"', html)
    assert "<header" in html and "<footer" in html
    # The other language is a named link in its own language; the user menu is Dutch.
    assert re.search(r'<a [^>]*lang="en"[^>]*>English</a>', html)
    assert "Profiel" in html and "Uitloggen" in html
    assert "data-toggle" not in html and "modal" not in html


def test_english_pages_declare_english(app):
    client = app.test_client()
    client.get("/lang/en")
    html = client.get("/login/").get_data(as_text=True)
    assert _parse(html).html_lang == "en"
    assert re.search(r'<a [^>]*lang="nl"[^>]*>Nederlands</a>', html)


@pytest.mark.parametrize("name", ["portal.css", "portal.js"])
def test_hashed_assets_are_cached_for_a_year_and_compressed(app, name):
    client = app.test_client()
    url = _asset_url(app, name)
    assert re.fullmatch(r"/static/dist/portal\.[0-9a-f]{12}\.(css|js)", url), url
    plain = client.get(url)
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in plain.headers
    assert plain.mimetype == ("text/css" if name.endswith(".css") else "text/javascript")
    body = plain.data
    br = client.get(url, headers={"Accept-Encoding": "br"})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.data) == body
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.data) == body
    assert len(gz.data) < len(body)
    assert "Accept-Encoding" in plain.headers["Vary"]
    # Unchanged: a revalidation answers 304 without the body.
    again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_pages_are_compressed_when_asked(login):
    client = login("projectleider")
    plain = client.get("/projectview/list/")
    r = client.get("/projectview/list/", headers={"Accept-Encoding": "gzip, br"})
    assert r.headers["Content-Encoding"] == "br"
    page = brotli.decompress(r.data)
    assert len(page) == len(plain.data) and b'<main id="content"' in page  # (a fresh CSP nonce)
    api = client.api("GET", "/api/v1/project/", headers={"Accept-Encoding": "gzip"})
    assert api.status_code == 200 and api.headers["Content-Encoding"] == "gzip"


def test_unknown_or_unhashed_asset_names_are_404(app):
    client = app.test_client()
    assert client.get("/static/dist/portal.css").status_code == 404
    assert client.get("/static/dist/manifest.json").status_code == 404
    assert client.get("/static/dist/portal.000000000000.css").status_code == 404
    assert client.get("/static/dist/..%2Fassets.py").status_code == 404


def test_missing_bundle_says_to_run_make_assets(app, tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "MANIFEST", tmp_path / "manifest.json")
    with app.test_request_context(), pytest.raises(assets.AssetsNotBuilt, match="make assets"):
        assets.asset_url("portal.css")
