"""Where a screen sends the user after an action: back where he came from, never elsewhere."""

from __future__ import annotations

from flask import request

from portal.redirects import local_path


def safe_next(fallback: str) -> str:
    """The request's ``next`` (query string or form) when it is a path on this site (the
    rule is portal.redirects.local_path), else ``fallback``."""
    return local_path(request.values.get("next")) or fallback


def may_open(endpoint: str) -> bool:
    """Whether the user's role may open ``endpoint`` ("DoelstellingView.edit"), by the same
    permission FAB checks there - so a page links only where the click will not be refused."""
    from flask import current_app

    view_name, _, method = endpoint.partition(".")
    appbuilder = current_app.appbuilder
    for view in appbuilder.baseviews:
        if view.endpoint != view_name:
            continue
        function = getattr(view, method, None)
        mapped = (view.method_permission_name or {}).get(method)
        permission = mapped or getattr(function, "_permission_name", method)
        return appbuilder.sm.has_access(f"can_{permission}", view.class_permission_name)
    return True  # not a FAB view: nothing to refuse here
