"""REST APIs on the case-work rows (FAB ModelRestApi via ``PortalApi``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_appbuilder.models.sqla.interface import SQLAInterface

from models import Bevinding, Casus, Casustafel, Controle, Journaalregel, Opvolgactie
from portal import access, roles
from portal.casework import (
    journal,
    validation,  # noqa: F401  (registers the rules enforced below)
)
from portal.casework import scope as cscope
from portal.extensions import db
from views.base import PortalApi


class _CaseApi(PortalApi):
    base_filters = cscope.SCOPED
    scoped = False  # writes are checked below: project people edit case work

    def _check(self, item) -> None:
        # The new row is half-built: no flush until the rules have run.
        with db.session.no_autoflush:
            journal.derive_project(item)
            cscope.check_editable(item.project_id)

    def _rules(self, item, row_id) -> None:
        with db.session.no_autoflush:
            super()._rules(item, row_id)

    def pre_add(self, item):
        self._check(item)
        self._rules(item, None)

    def pre_update(self, item):
        self._check(item)
        self._rules(item, item.id)

    def pre_delete(self, item):
        self._check(item)


class CasusApi(_CaseApi):
    resource_name = "casus"
    datamodel = SQLAInterface(Casus)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    list_columns = [
        "id",
        "project_id",
        "adres_sleutel",
        "status",
        "politiebijstand",
        "politiebijstand_reden",
        "handhavingsactie",
        "afweging",
        "reden_buiten_aanpak",
    ]
    # Child lists only on one row (in a list FAB's schema would describe them wrongly).
    show_columns = [
        *list_columns,
        "partners.ketenpartner_id",
        "partners.actueel",
        "partners.trekker",
    ]
    # Status moves only through POST /api/v1/casuswerk/casus/<id>/status (the rules).
    edit_columns = ["politiebijstand", "politiebijstand_reden", "handhavingsactie", "afweging"]
    search_columns = ["status", "project_id", "adres_sleutel"]


class CasustafelApi(_CaseApi):
    resource_name = "casustafel"
    datamodel = SQLAInterface(Casustafel)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    list_columns = ["id", "project_id", "datum", "locatie", "opmerkingen"]
    show_columns = [
        *list_columns,
        "aanwezigen.id",
        "agenda.casus_id",
        "agenda.besproken",
        "agenda.uitkomst",
    ]
    edit_columns = ["datum", "locatie", "opmerkingen"]
    search_columns = ["project_id", "datum"]


class ControleApi(_CaseApi):
    resource_name = "controle"
    datamodel = SQLAInterface(Controle)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "put"}
    list_columns = [
        "id",
        "project_id",
        "datum",
        "soort",
        "status",
        "aanvang",
        "noodplan",
        "risicoanalyse",
        "personen_aangetroffen",
        "acties_ter_plaatse",
    ]
    show_columns = [*list_columns, "adressen.id", "team.ketenpartner_id", "team.rol"]
    edit_columns = [
        "noodplan",
        "risicoanalyse",
        "personen_aangetroffen",
        "acties_ter_plaatse",
        "opmerkingen",
    ]
    search_columns = ["project_id", "datum", "soort", "status"]

    def pre_get(self, data):
        """A partner sees the visited addresses of its own cases only (issue #19)."""
        scope = access.current_scope()
        if roles.KETENPARTNER in scope.roles and "adressen" in data.get("result", {}):
            own = set(db.session.scalars(sa.select(Casus.id).where(cscope.criterion(Casus, scope))))
            data["result"]["adressen"] = [a for a in data["result"]["adressen"] if a["id"] in own]


class BevindingApi(_CaseApi):
    resource_name = "bevinding"
    datamodel = SQLAInterface(Bevinding)
    class_permission_name = roles.CASUS
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    list_columns = show_columns = [
        "id",
        "project_id",
        "controle_id",
        "casus_id",
        "categorie_id",
        "categorie.naam",
        "ketenpartner_id",
        "omschrijving",
    ]
    add_columns = ["controle", "casus", "categorie", "ketenpartner", "omschrijving"]
    edit_columns = ["categorie", "ketenpartner", "omschrijving"]
    search_columns = ["project_id", "controle_id", "categorie_id"]


class OpvolgactieApi(_CaseApi):
    resource_name = "opvolgactie"
    datamodel = SQLAInterface(Opvolgactie)
    class_permission_name = roles.OPVOLGING
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post", "put"}
    list_columns = show_columns = [
        "id",
        "project_id",
        "bevinding_id",
        "ketenpartner_id",
        "ketenpartner.naam",
        "eigenaar_id",
        "opvolgtype_id",
        "omschrijving",
        "deadline",
        "status",
        "resultaat",
        "afgerond_op",
    ]
    add_columns = [
        "bevinding",
        "ketenpartner",
        "eigenaar",
        "opvolgtype",
        "omschrijving",
        "deadline",
    ]
    # Completing goes through POST /api/v1/casuswerk/opvolgactie/<id>/afronden (the owner).
    edit_columns = ["ketenpartner", "eigenaar", "opvolgtype", "omschrijving", "deadline"]
    search_columns = ["project_id", "status", "ketenpartner_id", "deadline"]


class JournalInterface(SQLAInterface):
    """FAB's API "add" of a journal entry is the use case ``journal.add_manual``."""

    def add(self, item, commit: bool = True) -> None:
        casus = item.casus or (db.session.get(Casus, item.casus_id) if item.casus_id else None)
        journal.add_manual(casus, item.tekst, row=item)


class JournaalregelApi(PortalApi):
    """Read and append only: PUT and DELETE do not exist (405) for any role."""

    resource_name = "journaalregel"
    datamodel = JournalInterface(Journaalregel)
    class_permission_name = roles.JOURNAAL
    base_permissions = ["can_read", "can_write"]
    include_route_methods = {"get", "get_list", "info", "post"}
    base_filters = cscope.SCOPED
    scoped = False
    list_columns = show_columns = ["id", "project_id", "casus_id", "op", "door", "soort", "tekst"]
    add_columns = ["casus", "tekst"]
    search_columns = ["casus_id", "soort"]
    base_order = ("op", "asc")

    def pre_add(self, item):
        """Checked and filled by the use case (``JournalInterface``), as on the screen."""
