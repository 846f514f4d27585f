"""Small helpers for FAB forms in a real browser (select2 hides the real <select>)."""

from __future__ import annotations


def choose(page, name: str, *values: str) -> None:
    """Select option(s) of a (possibly select2-enhanced) <select name=...> by visible text."""
    page.eval_on_selector(
        f"select[name='{name}']",
        """(el, wanted) => {
            for (const o of el.options) {
                o.selected = wanted.some(w => o.text.trim() === w || o.value === w);
            }
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }""",
        list(values),
    )


def submit_form(page) -> None:
    page.click("form button[type=submit], form input[type=submit]")
    page.wait_for_load_state("networkidle")


def set_date(page, name: str, value: str) -> None:
    """FAB's date picker rewrites typed text on blur; set the input value directly."""
    page.eval_on_selector(f"input[name='{name}']", "(el, v) => { el.value = v; }", value)
