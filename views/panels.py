"""Sections that features add to the project page (workflow, documents, casework ...).

A panel is a function ``(project_id) -> Markup | None``; it returns None when the current
user may not see it. Features register panels at import; the project page renders them in
registration order, above the related lists.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

Panel = Callable[[int], Markup | None]
PANELS: list[tuple[int, Panel]] = []


def register_panel(order: int = 50) -> Callable[[Panel], Panel]:
    def add(fn: Panel) -> Panel:
        PANELS.append((order, fn))
        PANELS.sort(key=lambda p: p[0])
        return fn

    return add


def render_panels(project_id: int) -> Markup:
    parts = [fn(int(project_id)) for _, fn in PANELS]
    return Markup("\n").join(p for p in parts if p)
