"""Where a screen sends the user after an action: back where he came from, never elsewhere."""

from __future__ import annotations

from flask import request

from portal.redirects import local_path


def safe_next(fallback: str) -> str:
    """The request's ``next`` (query string or form) when it is a path on this site (the
    rule is portal.redirects.local_path), else ``fallback``."""
    return local_path(request.values.get("next")) or fallback
