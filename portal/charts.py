"""Charts as PNG bytes (matplotlib, Agg). The object API is used instead of pyplot: pyplot
keeps global state, which is not safe in a threaded web server.

Drawing a chart costs 50-150 ms, far more than rendering the document it goes in, and the
same figures give the same picture: each chart is kept per input (bounded LRU), so
regenerating an eindrapportage or reloading a page redraws only what changed.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from portal.formatting import current_locale, label

BLUE, GREEN, ORANGE, RED, GREY = "#2c6e9b", "#3a8f4b", "#e0a030", "#c0392b", "#9aa5ad"
FINDINGS_TITLE = _l("Bevindingen per categorie")
FOLLOWUP_TITLE = _l("Opvolging per partner")


_CACHE_SIZE = 128
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def _remembered(draw: Callable[..., bytes]) -> Callable[..., bytes]:
    @functools.wraps(draw)
    def wrapper(*args: Any) -> bytes:
        # Titles and captions are in the user's language: one picture per locale.
        key = draw.__name__ + current_locale() + json.dumps(args, sort_keys=True, default=str)
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        png = draw(*args)
        with _lock:
            _cache[key] = png
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        return png

    return wrapper


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


@_remembered
def findings_per_category(rows: list[dict]) -> bytes:
    fig = Figure(figsize=(6.5, 3.2), dpi=110)
    ax = fig.add_subplot()
    labels = [r["categorie"] for r in rows][::-1]
    ax.barh(labels, [r["aantal"] for r in rows][::-1], color=BLUE)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(str(_l("Aantal bevindingen")))
    ax.set_title(str(FINDINGS_TITLE))
    return _png(fig)


@_remembered
def followup_per_partner(rows: list[dict]) -> bytes:
    """Stacked bars per partner: on time, late done, open, term passed."""
    fig = Figure(figsize=(6.5, 3.4), dpi=110)
    ax = fig.add_subplot()
    labels = [r["partner"] for r in rows][::-1]
    left = [0] * len(rows)
    for key, state, color in (
        ("op_tijd_afgerond", "op tijd afgerond", GREEN),
        ("te_laat_afgerond", "te laat afgerond", ORANGE),
        ("open", "open", GREY),
        ("te_laat", "termijn verstreken", RED),
    ):
        values = [r[key] for r in rows][::-1]
        ax.barh(labels, values, left=left, color=color, label=label(state))
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(str(_l("Aantal opvolgacties")))
    ax.set_title(str(FOLLOWUP_TITLE))
    ax.legend(fontsize=7, loc="lower right")
    return _png(fig)


@_remembered
def counts(rows: list[tuple[str, int]], xlabel: str) -> bytes:
    """A small horizontal bar chart of labelled counts (the dashboard's projects per phase)."""
    fig = Figure(figsize=(5, 2.6), dpi=100)
    ax = fig.add_subplot()
    ax.barh([label for label, _ in rows][::-1], [n for _, n in rows][::-1], color=BLUE)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(xlabel)
    return _png(fig)


@_remembered
def amounts(rows: list[tuple[str, float]], title: str, xlabel: str) -> bytes:
    """Horizontal bars of euro amounts per label (the yield per gemeente, issue #19)."""
    fig = Figure(figsize=(6.5, max(2.4, 0.45 * len(rows) + 1.2)), dpi=110)
    ax = fig.add_subplot()
    ax.barh([r[0] for r in rows][::-1], [r[1] for r in rows][::-1], color=GREEN)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return _png(fig)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()
