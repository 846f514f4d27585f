"""The language switch stays on the page it was used on.

FAB's ``/lang/<locale>`` stores the choice and redirects to the last page in its own
history, in practice the start page. The portal sends the user back to the page he came
from (the Referer) - but only to a path on this same host: an outside address, another
scheme or a path that a browser would read as another host (``//evil``, ``/\\evil``) would
turn the switch into an open redirect, so those go to the start page.
"""

from __future__ import annotations

from flask import Flask, Response, request, url_for

from portal.redirects import same_host_path

ENDPOINT = "LocaleView.index"


def install(app: Flask) -> None:
    @app.after_request
    def _back_to_the_page(response: Response) -> Response:
        if request.endpoint == ENDPOINT and response.status_code in (301, 302, 303):
            target = same_host_path(request.referrer, request.host)
            if target and target.startswith("/lang/"):
                target = None  # the switch itself would loop
            response.headers["Location"] = target or url_for("PortalIndexView.index")
        return response
