"""Screens and API for case work (rules in portal.casework).

Pages are FAB BaseViews (``@has_access``: the RBAC matrix sees them protected); which rows a
user sees comes from ``portal.casework.scope``. The journal has an add route only: there is
no screen or API route that edits or deletes an entry.

The modules mirror ``portal.casework``: ``cases``, ``meetings`` and ``controls`` hold the
pages of ``CasuswerkView`` (assembled in ``screens`` with the other screens), ``panels`` the
project-page section and dashboard block, ``model_api`` the row APIs and ``service_api`` the
APIs that call services; ``helpers`` has what the screens share.
"""

from __future__ import annotations

from portal.casework import results
from views import home
from views.casework.helpers import CASE_LABELS
from views.casework.model_api import (
    BevindingApi,
    CasusApi,
    CasustafelApi,
    ControleApi,
    JournaalregelApi,
    OpvolgactieApi,
)
from views.casework.panels import casework_panel, my_actions_block, results_block
from views.casework.planning_api import ControleAdresApi, ControleplanningApi
from views.casework.screens import (
    BevindingCategorieView,
    CasuswerkView,
    JournaalView,
    OpvolgingView,
    ResultatenView,
)
from views.casework.service_api import CasuswerkApi, OpvolgingApi, ResultatenApi

__all__ = [
    "APIS",
    "CASE_LABELS",
    "VIEWS",
    "BevindingApi",
    "BevindingCategorieView",
    "CasusApi",
    "CasustafelApi",
    "CasuswerkApi",
    "CasuswerkView",
    "ControleApi",
    "JournaalView",
    "JournaalregelApi",
    "OpvolgactieApi",
    "OpvolgingApi",
    "OpvolgingView",
    "ResultatenApi",
    "ResultatenView",
    "casework_panel",
    "my_actions_block",
    "results_block",
    "register",
]

VIEWS = [CasuswerkView, JournaalView, ResultatenView]
APIS = [
    CasusApi,
    CasustafelApi,
    ControleApi,
    BevindingApi,
    OpvolgactieApi,
    JournaalregelApi,
    CasuswerkApi,
    OpvolgingApi,
    ResultatenApi,
    ControleplanningApi,
    ControleAdresApi,
]


def register(appbuilder) -> None:
    """Views, APIs, the dashboard block and the eindrapportage provider."""
    from flask import current_app

    from portal.casework import followup
    from views.casework import followup_loop  # issue #19 parts 2, 4, 7

    current_app.jinja_env.globals["opvolgtypen"] = followup.types
    for view in followup_loop.VIEWS:
        appbuilder.add_view_no_menu(view)
    for api in followup_loop.APIS:
        appbuilder.add_api(api)
    for view in VIEWS:
        appbuilder.add_view_no_menu(view)
    for api in APIS:
        appbuilder.add_api(api)
    for block in (my_actions_block, results_block):
        if block not in home.BLOCKS:
            home.BLOCKS.append(block)
    results.register_document_provider()
    _register_results_work(appbuilder)


def _register_results_work(appbuilder) -> None:
    """Communication, outcomes, expenses, measurements (issue #19 parts 3, 5, 6)."""
    from views.casework import outcomes as result_views
    from views.casework.communication import BerichtView

    for view in [*result_views.VIEWS, BerichtView]:
        appbuilder.add_view_no_menu(view)
    for api in result_views.APIS:
        appbuilder.add_api(api)
