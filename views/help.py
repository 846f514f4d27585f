"""Help: the user guide (docs/gebruikershandleiding.md) inside the portal, with its screenshots.

The guide is one Markdown file in the repository, so the help page and the document a reader
opens on GitHub are the same text; the browser tests rewrite the screenshots it embeds.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from flask import abort, send_from_directory
from flask_appbuilder import BaseView, expose, has_access
from markupsafe import Markup

from portal import roles

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDE = DOCS / "gebruikershandleiding.md"
SCREENSHOTS = DOCS / "screenshots"
# Only plain file names of the committed PNGs: nothing else of docs/ is served.
_SCREENSHOT = re.compile(r"^[a-z0-9][a-z0-9_-]*\.png$")


def render_guide(text: str) -> Markup:
    """The guide as HTML: headings get ids (the table of contents links to them)."""
    html = markdown.markdown(
        text,
        extensions=["toc", "tables", "attr_list", "sane_lists"],
        extension_configs={"toc": {"permalink": False, "toc_depth": "2-3"}},
        output_format="html",
    )
    # The guide is the repository's own file, not user input.
    return Markup(html)  # noqa: S704


class HelpView(BaseView):
    route_base = "/help"
    class_permission_name = roles.HELP
    method_permission_name = {"index": roles.READ, "screenshot": roles.READ}
    default_view = "index"

    @expose("/")
    @has_access
    def index(self):
        guide = render_guide(GUIDE.read_text(encoding="utf-8"))
        return self.render_template("help/index.html", guide=guide)

    @expose("/screenshots/<name>")
    @has_access
    def screenshot(self, name: str):
        if not _SCREENSHOT.match(name) or not (SCREENSHOTS / name).is_file():
            abort(404)
        return send_from_directory(SCREENSHOTS, name, mimetype="image/png", max_age=3600)
