"""FAB security manager of the portal: role bootstrap from ``portal.roles``, session
versions checked on every request (``portal.sessions``) and login throttling
(``portal.throttle``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_request_context, request
from flask import session as web_session
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import assoc_permissionview_role
from flask_jwt_extended import JWTManager
from flask_login import LoginManager, user_logged_in

from portal import api_errors, api_keys, roles, sessions, throttle
from portal.sso import SsoSecurityMixin


class PortalSecurityManager(SsoSecurityMixin, SecurityManager):
    # FAB's login statistics chart loads Google Charts from the internet, which the CSP
    # (rightly) blocks; the audit trail and the sessions table tell who logs in.
    userstatschartview = None

    def create_roles(self) -> None:
        for name in (*roles.ALL_ROLES, roles.PUBLIC):
            if self.find_role(name) is None:
                self.add_role(name)

    def exist_permission_on_roles(
        self, view_name: str, permission_name: str, role_ids: list[int]
    ) -> bool:
        """FAB asks the database once per check - some 30 times for a page's menu and
        buttons. Within a request the roles' rights are read once and answered from memory;
        a change of rights shows from the next request on."""
        if not has_request_context():
            return super().exist_permission_on_roles(view_name, permission_name, role_ids)
        key = tuple(sorted(role_ids))
        # On the request, not on g: g belongs to the app context, which a test (or a CLI
        # command) may hold around several requests.
        cache = request.__dict__.setdefault("_portal_role_rights", {})
        if key not in cache:
            cache[key] = self._rights_of(key)
        return (permission_name, view_name) in cache[key]

    def _rights_of(self, role_ids: tuple[int, ...]) -> set[tuple[str, str]]:
        pv, perm, view = self.permissionview_model, self.permission_model, self.viewmenu_model
        link = assoc_permissionview_role
        rows = (
            self.session.query(perm.name, view.name)
            .select_from(pv)
            .join(link, pv.id == link.c.permission_view_id)
            .join(perm, pv.permission_id == perm.id)
            .join(view, pv.view_menu_id == view.id)
            .filter(link.c.role_id.in_(role_ids))
        )
        return {(p, v) for p, v in rows}

    def menu_resources(self) -> dict[str, set[str]]:
        """Per menu entry (and per category: its entries together) the resources it shows,
        read from the menu the views registered: a role sees an entry when it may read one."""
        out: dict[str, set[str]] = {}
        for item in self.appbuilder.menu.get_list():
            for entry in item.childs or [item]:
                resource = getattr(entry.baseview, "class_permission_name", None)
                if resource:
                    out.setdefault(entry.name, set()).add(resource)
                    out.setdefault(item.name, set()).add(resource)
        return out

    def sync_roles(self) -> None:
        """Create every role and give it exactly the rights declared in ``portal.roles``."""
        self.create_roles()
        for role_name, rights in roles.ROLE_RIGHTS.items():
            role = self.find_role(role_name)
            wanted = set(roles.SELF_SERVICE)
            for resource, actions in rights.items():
                for action in actions:
                    wanted.add((roles.permission_name(action), resource))
            for menu, resources in self.menu_resources().items():
                if any(roles.READ in rights.get(r, ()) for r in resources):
                    wanted.add(("menu_access", menu))
            current = {(pv.permission.name, pv.view_menu.name): pv for pv in role.permissions}
            for perm, view in wanted - current.keys():
                pv = self.add_permission_view_menu(perm, view)
                self.add_permission_role(role, pv)
            for key in current.keys() - wanted:
                self.del_permission_role(role, current[key])
        # Last, so the Beheerder also gets permissions created just above.
        admin = self.find_role(roles.BEHEERDER)
        have = {pv.id for pv in admin.permissions}
        for pv in self.session.query(self.permissionview_model).all():
            if pv.id not in have:
                self.add_permission_role(admin, pv)

    # --- sessions end when they should (portal.sessions) ---------------------------------

    def create_login_manager(self, app: Flask) -> LoginManager:
        lm = super().create_login_manager(app)
        lm.user_loader(self.load_session_user)
        # FAB passes current_app (a proxy); the signal's sender is the real app.
        user_logged_in.connect(self._stamp_session, app._get_current_object())
        sessions.install()
        api_keys.install(app)  # partners' systems: API key for this request only
        return lm

    def create_jwt_manager(self, app: Flask) -> JWTManager:
        jwt_manager = super().create_jwt_manager(app)
        jwt_manager.additional_claims_loader(
            lambda identity: sessions.claims(self.session, identity)
        )
        jwt_manager.user_lookup_error_loader(self._ended_token)
        api_errors.install_jwt(jwt_manager)  # token errors in the API's one error shape
        return jwt_manager

    def load_session_user(self, pk: str) -> Any | None:
        """Flask-Login's loader: the cookie session must carry the user's current version."""
        user = self.load_user(pk)
        if user is not None and sessions.is_current(
            self.session, user.id, web_session.get(sessions.SESSION_KEY)
        ):
            return user
        return None

    def load_user_jwt(self, _jwt_header: dict, jwt_data: dict) -> Any | None:
        """JWT loader (access and refresh tokens): an ended or deactivated user's token fails."""
        user = self.load_user(jwt_data["sub"])
        if (
            user is not None
            and sessions.is_current(self.session, user.id, jwt_data.get(sessions.CLAIM))
            and not api_keys.is_service_account(user.id)  # signs in with its key only
        ):
            g.user = user  # FAB sets it here too: its before_request runs before JWT checks
            return user
        return None

    @staticmethod
    def _ended_token(jwt_header: dict, jwt_data: dict):
        return api_errors.ended_session(jwt_header, jwt_data)

    def _stamp_session(self, _app: Flask, user: Any, **_kw: Any) -> None:
        sessions.stamp(self.session, user.id)

    def on_user_logout(self, user: Any) -> None:
        # Ends every session and token of the user, not just this browser's cookie.
        sessions.bump(self.session.connection(), [user.id])
        self.session.commit()
        super().on_user_logout(user)

    # --- login throttling (portal.throttle) ----------------------------------------------

    @property
    def is_auth_limited(self) -> bool:
        # FAB's own limit covers only the form login and counts successes too; the portal's
        # throttle replaces it (one budget for form and API login, failures only).
        return False

    def auth_user_db(self, username: str, password: str) -> Any | None:
        user = super().auth_user_db(username, password)
        if user is not None and api_keys.is_service_account(user.id):
            user = None  # a service account has no password (a Beheerder may have set one)
        if user is None:
            throttle.failed(username)
        return user

    def auth_user_ldap(self, username: str, password: str) -> Any | None:
        user = super().auth_user_ldap(username, password)
        if user is not None and api_keys.is_service_account(user.id):
            user = None
        if user is None:
            throttle.failed(username)
        return user

    def auth_user_oauth(self, userinfo: dict[str, Any]) -> Any | None:
        user = super().auth_user_oauth(userinfo)
        if user is not None and api_keys.is_service_account(user.id):
            return None  # an IdP account must not become a partner's system
        return user
