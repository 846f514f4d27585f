"""Sections that features add to the project page (workflow, documents, casework ...).

A panel is a function ``(project_id) -> Markup | None``; it returns None when the current
user may not see it. Features register panels at import with their place (``order``), the
anchor of their section and its title; the project page lists them in its in-page
navigation and renders them in order, between its own sections (``views.project``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

Panel = Callable[[int], Markup | None]


@dataclass(frozen=True)
class Registered:
    order: int
    panel: Panel
    anchor: str
    title: object  # a lazy string, translated when the page renders


@dataclass
class Section:
    """One section of the project page: its anchor (the id the navigation links to), title
    and content."""

    order: int
    anchor: str
    title: str
    body: Markup
    heading: bool = True  # False when the body opens with headings of its own


PANELS: list[Registered] = []


def register_panel(
    order: int = 50, anchor: str | None = None, title: object = None
) -> Callable[[Panel], Panel]:
    def add(fn: Panel) -> Panel:
        PANELS.append(Registered(order, fn, anchor or fn.__name__.strip("_"), title))
        PANELS.sort(key=lambda p: p.order)
        return fn

    return add


def panel_sections(project_id: int) -> list[Section]:
    """The panels the current user may see, as sections of the project page."""
    out = []
    for p in PANELS:
        body = p.panel(int(project_id))
        if body:
            out.append(Section(p.order, p.anchor, str(p.title or ""), body))
    return out


def render_panels(project_id: int) -> Markup:
    return Markup("\n").join(s.body for s in panel_sections(project_id))
