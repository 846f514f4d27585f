"""The language switch (FAB's /lang/<locale>) returns to the page it was used on, and never
to another host: the Referer decides only when it is a path of this same host."""

from __future__ import annotations

import pytest

from portal.redirects import same_host_path

HOME = "/"


def _switch(app, referrer: str | None, locale: str = "en"):
    c = app.test_client()
    headers = {"Referer": referrer} if referrer is not None else {}
    return c, c.get(f"/lang/{locale}", headers=headers)


@pytest.mark.parametrize(
    ("referrer", "target"),
    [
        ("http://localhost/projectview/list/", "/projectview/list/"),
        ("http://localhost/projectview/list/?_flt_0_fase=Uitvoering", None),
        ("http://localhost/documenten/", "/documenten/"),
    ],
)
def test_back_to_the_page_of_this_host(app, referrer, target):
    _, r = _switch(app, referrer)
    assert r.status_code == 302
    expected = target or referrer.removeprefix("http://localhost")
    assert r.headers["Location"].endswith(expected)  # the query is kept too
    assert "lang" not in r.headers["Location"]


@pytest.mark.parametrize(
    "referrer",
    [
        "http://evil.example/",
        "http://evil.example/projectview/list/",
        "https://localhost.evil.example/projectview/list/",
        "http://localhost@evil.example/",
        "http://localhost//evil.example/",
        "http://localhost/\\evil.example/",
        "javascript:alert(1)",
        "/projectview/list/",  # not a full address: a browser never sends one
        "http://localhost/lang/nl",  # the switch itself: no loop
        "",
        None,
    ],
)
def test_anything_else_goes_home(app, referrer):
    _, r = _switch(app, referrer)
    assert r.status_code == 302
    location = r.headers["Location"]
    assert location.removeprefix("http://localhost") == HOME, location
    assert "evil" not in location


def test_the_language_is_switched_and_shown(app):
    c, r = _switch(app, "http://localhost/login/", "en")
    assert r.headers["Location"].endswith("/login/")
    page = c.get(r.headers["Location"])
    assert page.status_code == 200 and 'lang="en"' in page.get_data(as_text=True)
    r = c.get("/lang/nl", headers={"Referer": "http://localhost/login/"})
    assert r.headers["Location"].endswith("/login/")
    assert 'lang="nl"' in c.get("/login/").get_data(as_text=True)


def test_an_unknown_locale_is_still_not_found(app):
    _, r = _switch(app, "http://localhost/projectview/list/", "xx")
    assert r.status_code == 404


def test_same_host_path_rules():
    host = "portaal.example.nl"
    assert same_host_path(f"https://{host}/a/b?c=1#x", host) == "/a/b?c=1"
    assert same_host_path("http://PORTAAL.example.nl/", "portaal.example.nl") == "/"
    assert same_host_path("http://portaal.example.nl:8080/a", "portaal.example.nl") is None
    assert same_host_path("http://portaal.example.nl/a\r\nX: y", "portaal.example.nl") is None
    assert same_host_path("ftp://portaal.example.nl/a", "portaal.example.nl") is None
