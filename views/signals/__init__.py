"""Screens and API for signals and the bestandskoppeling (rules in portal.signals).

A ketenpartner opens the same pages as the project people but sees only its own signals
and deliveries; the coupling pages are for the project people (``BESTANDSKOPPELING``).

``screens`` holds the pages, ``api`` the REST API, ``panels`` the project-page section,
``exports`` the CSV downloads and ``helpers`` what screens and API share.
"""

from __future__ import annotations

from portal.signals import privacy as _privacy
from views.signals.api import KoppelingApi, SignalenApi
from views.signals.panels import signals_panel
from views.signals.screens import KoppelingView, SignalenView

__all__ = [
    "APIS",
    "VIEWS",
    "KoppelingApi",
    "KoppelingView",
    "SignalenApi",
    "SignalenView",
    "register",
    "signals_panel",
]

_privacy.install()

VIEWS = [SignalenView, KoppelingView]
APIS = [SignalenApi, KoppelingApi]


def register(appbuilder) -> None:
    for view in VIEWS:
        appbuilder.add_view_no_menu(view)
    for api in APIS:
        appbuilder.add_api(api)
