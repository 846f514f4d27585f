"""Charts of the results as PNG bytes (matplotlib, Agg). The object API is used instead of
pyplot: pyplot keeps global state, which is not safe in a threaded web server."""

from __future__ import annotations

import base64
import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

BLUE, GREEN, ORANGE, RED, GREY = "#2c6e9b", "#3a8f4b", "#e0a030", "#c0392b", "#9aa5ad"


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def findings_per_category(rows: list[dict]) -> bytes:
    fig = Figure(figsize=(6.5, 3.2), dpi=110)
    ax = fig.add_subplot()
    labels = [r["categorie"] for r in rows][::-1]
    ax.barh(labels, [r["aantal"] for r in rows][::-1], color=BLUE)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Aantal bevindingen")
    ax.set_title("Bevindingen per categorie")
    return _png(fig)


def followup_per_partner(rows: list[dict]) -> bytes:
    """Stacked bars per partner: on time, late done, open, term passed."""
    fig = Figure(figsize=(6.5, 3.4), dpi=110)
    ax = fig.add_subplot()
    labels = [r["partner"] for r in rows][::-1]
    left = [0] * len(rows)
    for key, label, color in (
        ("op_tijd_afgerond", "op tijd afgerond", GREEN),
        ("te_laat_afgerond", "te laat afgerond", ORANGE),
        ("open", "open", GREY),
        ("te_laat", "termijn verstreken", RED),
    ):
        values = [r[key] for r in rows][::-1]
        ax.barh(labels, values, left=left, color=color, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Aantal opvolgacties")
    ax.set_title("Opvolging per partner")
    ax.legend(fontsize=7, loc="lower right")
    return _png(fig)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()
