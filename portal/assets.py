"""The portal's stylesheet and script: built by ``make assets`` (assets/build.mjs) into
portal/static/dist/ with a content hash in each name, found here through the manifest.

Templates call ``asset_url("portal.css")``. A hashed file never changes, so it is served with a
one-year ``immutable`` cache lifetime; pages, CSS, JS and JSON are compressed (br or gzip) for
the clients that ask.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Flask, Response, abort, request, url_for
from flask_babel import get_locale
from flask_compress import Compress

DIST = Path(__file__).resolve().parent / "static" / "dist"
MANIFEST = DIST / "manifest.json"
IMMUTABLE = "public, max-age=31536000, immutable"
_HASHED = re.compile(r"^[\w-]+\.[0-9a-f]{12}\.(css|js)$")
_MIMETYPES = {"css": "text/css", "js": "text/javascript"}
COMPRESSED = ["text/html", "text/css", "text/javascript", "application/json"]


class AssetsNotBuilt(RuntimeError):
    """The bundle is missing: a checkout without ``make assets``."""


def _manifest() -> dict[str, str]:
    try:
        return json.loads(MANIFEST.read_text())
    except FileNotFoundError:
        raise AssetsNotBuilt(
            f"{MANIFEST} is missing: the stylesheet was not built; run make assets"
        ) from None


def asset_url(name: str) -> str:
    """URL of the hashed build of ``name`` ("portal.css"), e.g. /static/dist/portal.1a2b....css."""
    manifest = _manifest()
    if name not in manifest:
        raise AssetsNotBuilt(f"{name} is not in {MANIFEST}; run make assets")
    return url_for("portal_asset", name=manifest[name])


def page_lang() -> str:
    """The page's language for ``<html lang>``: "nl" or "en"."""
    locale = get_locale()
    return locale.language if locale else "nl"


def _serve(name: str) -> Response:
    # Read whole (the files are a few dozen KB): an unstreamed answer gets a Content-Length,
    # a strong ETag and the gzip that Flask-Compress leaves out for streamed answers.
    match = _HASHED.match(name)
    path = DIST / name
    if not match or not path.is_file():
        abort(404)
    response = Response(path.read_bytes(), mimetype=_MIMETYPES[match[1]])
    response.headers["Cache-Control"] = IMMUTABLE
    response.add_etag()
    return response.make_conditional(request)


def install(app: Flask) -> None:
    """Call first among the app's after-request hooks: Flask runs them in reverse order, so
    compression (registered here) runs last, after every hook that reads or stores a body."""
    _manifest()  # fail at start-up, not on the first page, when the bundle is missing
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    Compress(app)
    app.add_url_rule("/static/dist/<name>", "portal_asset", _serve)
    app.jinja_env.globals.update(asset_url=asset_url, page_lang=page_lang)
