"""Where the portal may send a browser back to: a path on this site, never elsewhere.

One rule for every "back where you came from" (a form's ``next``, the language switch's
Referer): "//evil.example", "https://...", "/\\evil" and "javascript:" would make the portal
an open redirect, so only a plain path of this host passes.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path (with query) on this site, else None."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    return target


def same_host_path(referrer: str | None, host: str) -> str | None:
    """The path (with query) of ``referrer`` when it is a page of ``host``, else None."""
    if not referrer or any(ch in referrer for ch in "\\\r\n\t"):
        return None
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        return None
    return local_path(urlunsplit(("", "", parts.path or "/", parts.query, "")))
