"""Walk the portal as one user and run axe-core (WCAG 2.1 A/AA rules) on every page found.

Used by tests/browser/test_accessibility.py, and on its own against any running portal
(``python -m tests.browser.a11y_walk http://127.0.0.1:5000 out.json``) to count violations
of another version, e.g. the code before a change.

The walk follows links, not a list: the menu, then the links of every page it reaches up to
``MAX_DEPTH`` clicks from the home page (the project page, its panels, casustafels, the add
and edit forms), skipping links that leave the portal, change state or download a file. URLs
that differ only in ids (``/x/show/3`` and ``/x/show/4``) count as one page, so a role's run
stays short and a new page is covered as soon as something links to it.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Demo users, one per role (portal/demo.py).
ROLE_USERS = {
    "Projectleider": "projectleider",
    "RCF": "rcf",
    "Secretaris LSI": "secretaris",
    "Ketenpartner": "partner-uwv",
    "Privacyfunctionaris": "privacy",
    "Beheerder": "beheerder",
}
MAX_DEPTH = 4
# Links that end the session, switch language, go back, change state or are not a page.
SKIP = re.compile(
    r"(^/logout|^/lang/|^/back$|^/static/|^/api/|^/swagger|_openapi|/delete|/verwijder|"
    r"/download|/export|/render|/genereer|[./](docx|pdf|csv|xlsx|zip|json|png|txt)$)",
    re.IGNORECASE,
)
_ID = re.compile(r"(?<=/)\d+(?=/|$)")
# The links a page offers: every <a href> in the document, minus fragments.
_LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
    .map(a => a.getAttribute('href'))"""
_MENU_JS = """() => Array.from(document.querySelectorAll(
        'nav a[href], [role=navigation] a[href], header a[href]'))
    .map(a => a.getAttribute('href'))"""

_axe = Axe()


def pattern(path: str) -> str:
    """The page a URL shows, ids replaced: /x/show/3 and /x/show/4 are one page."""
    return _ID.sub("{id}", path.rstrip("/") or "/")


@dataclass
class Walk:
    base: str
    role: str
    pages: dict[str, str] = field(default_factory=dict)  # pattern -> first URL checked
    violations: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    langs: dict[str, str] = field(default_factory=dict)  # pattern -> <html lang>

    def internal(self, href: str | None, current: str) -> str | None:
        """The portal-relative path + query of a followable link, or None."""
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            return None
        url = urljoin(current, href)
        parts, base = urlsplit(url), urlsplit(self.base)
        if parts.netloc != base.netloc or SKIP.search(parts.path):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")


def check_page(page, walk: Walk, label: str | None = None) -> None:
    """Run axe on the page as it stands and record its violations under ``label``."""
    label = label or pattern(urlsplit(page.url).path)
    walk.langs[label] = page.evaluate("document.documentElement.lang")
    result = _axe.run(page, options=AXE_OPTIONS).response
    for v in result["violations"]:
        walk.violations.append(
            {
                "role": walk.role,
                "page": label,
                "url": page.url.removeprefix(walk.base),
                "rule": v["id"],
                "impact": v.get("impact"),
                "help": v.get("help"),
                "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]],
            }
        )


def visit(page, walk: Walk, path: str) -> bool:
    """Open a page; False when it is not an HTML page of the portal (or failed)."""
    try:
        response = page.goto(walk.base + path, wait_until="load")
    except Exception as e:  # noqa: BLE001 - a download or a broken page is reported, not fatal
        walk.errors.append(f"{path}: {type(e).__name__}: {str(e).splitlines()[0]}")
        return False
    if response is None:
        return False
    if response.status >= 400:
        walk.errors.append(f"{path}: HTTP {response.status}")
        return False
    return "text/html" in (response.headers.get("content-type") or "")


def walk_role(
    page, base: str, role: str, seeds: list[str] = (), max_depth: int = MAX_DEPTH
) -> Walk:
    """Breadth-first from the home page of the logged-in user; axe on each new page pattern.

    ``seeds`` (e.g. the demo project's page) are visited right after the home page, so the
    walk starts from a project with content, not from whichever project a list shows first.
    """
    walk = Walk(base=base, role=role)
    queue: list[tuple[str, int]] = [("/", 0), *((s, 1) for s in seeds)]
    seen: set[str] = {pattern("/"), *(pattern(urlsplit(s).path) for s in seeds)}
    while queue:
        path, depth = queue.pop(0)
        if not visit(page, walk, path):
            continue
        current = page.url
        if urlsplit(current).path.startswith("/login"):
            walk.errors.append(f"{path}: redirected to the login page")
            continue
        here = pattern(urlsplit(current).path)
        if here in walk.pages and walk.pages[here] != path:
            continue  # a redirect to a page already checked
        walk.pages[here] = path
        seen.add(here)
        check_page(page, walk)
        if depth >= max_depth:
            continue
        hrefs = page.evaluate(_MENU_JS if depth == 0 else _LINKS_JS)
        for href in hrefs:
            target = walk.internal(href, current)
            if target is None:
                continue
            key = pattern(urlsplit(target).path)
            if key not in seen:
                seen.add(key)
                queue.append((target, depth + 1))
    return walk


def login(page, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_load_state("load")
    if urlsplit(page.url).path.startswith("/login"):
        raise RuntimeError(f"login as {username} failed")


def anonymous_and_english(page, base: str, username: str, password: str) -> Walk:
    """The login page (nobody logged in); the home page and the project list in English."""
    walk = Walk(base=base, role="anoniem / English")
    page.context.clear_cookies()
    if visit(page, walk, "/login/"):
        check_page(page, walk, "/login (anoniem)")
        walk.pages["/login (anoniem)"] = "/login/"
    login(page, base, username, password)
    page.goto(f"{base}/lang/en")
    for path in ("/", "/projectview/list/"):
        label = f"{pattern(path)} (English)"
        if visit(page, walk, path):
            check_page(page, walk, label)
            walk.pages[label] = path
    page.goto(f"{base}/lang/nl")
    return walk


def summary(walks: list[Walk]) -> dict:
    """Counts per role: pages, violating nodes, distinct rules, per rule and per impact."""
    out: dict = {"roles": {}, "total": {}}
    all_v = [v for w in walks for v in w.violations]

    def counts(vs: list[dict]) -> dict:
        by_rule: Counter = Counter()
        by_impact: Counter = Counter()
        for v in vs:
            by_rule[v["rule"]] += len(v["targets"])
            by_impact[v["impact"]] += len(v["targets"])
        return {
            "nodes": sum(by_rule.values()),
            "violations": len(vs),  # (page, rule) pairs
            "distinct_rules": len(by_rule),
            "by_rule": dict(by_rule.most_common()),
            "by_impact": dict(by_impact.most_common()),
        }

    for w in walks:
        out["roles"][w.role] = {"pages": len(w.pages), **counts(w.violations)}
        out["roles"][w.role]["errors"] = w.errors
    out["total"] = {"pages": sum(len(w.pages) for w in walks), **counts(all_v)}
    return out


def report(violations: list[dict]) -> str:
    """One line per violation: page, rule, impact, the elements (for a failing test)."""
    lines = []
    for v in violations:
        targets = ", ".join(v["targets"][:6]) + (" ..." if len(v["targets"]) > 6 else "")
        lines.append(f"[{v['role']}] {v['page']}: {v['rule']} ({v['impact']}) {targets}")
    return "\n".join(lines)


def seeds_for(project_id: int | None, secretary_project_id: int | None = None) -> dict:
    """Start pages per role: the project page of ``project_id`` (the partner's own view for a
    ketenpartner), so the walk reaches its panels whatever project a list shows first."""
    if project_id is None:
        return {}
    staff = [f"/projectview/show/{project_id}"]
    return {
        "Projectleider": staff,
        "RCF": staff,
        "Privacyfunctionaris": staff,
        "Beheerder": staff,
        "Ketenpartner": [f"/partnerproject/show/{project_id}"],
        "Secretaris LSI": [f"/projectview/show/{secretary_project_id}"]
        if secretary_project_id
        else [],
    }


def main(
    base: str,
    out_path: str,
    project_id: str | None = None,
    secretary_project_id: str | None = None,
    password: str = "demo-Wachtwoord-2026",
) -> None:
    """``python -m tests.browser.a11y_walk BASE OUT.json [PROJECT_ID [SECRETARY_PROJECT_ID]]``"""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, FLAGS

    started = time.monotonic()
    seeds = seeds_for(
        int(project_id) if project_id else None,
        int(secretary_project_id) if secretary_project_id else None,
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 800})
        context.set_default_timeout(30_000)
        page = context.new_page()
        walks = [anonymous_and_english(page, base, "projectleider", password)]
        for role, username in ROLE_USERS.items():
            login(page, base, username, password)
            walks.append(walk_role(page, base, role, seeds=seeds.get(role, [])))
            print(f"{role}: {len(walks[-1].pages)} pages", file=sys.stderr)
        browser.close()
    data = summary(walks)
    data["base"] = base
    data["seconds"] = round(time.monotonic() - started)
    data["pages"] = {w.role: w.pages for w in walks}
    data["violations"] = [v for w in walks for v in w.violations]
    with open(out_path, "w") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
    print(json.dumps({k: data[k] for k in ("total", "seconds")}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
