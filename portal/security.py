"""FAB security manager of the portal: role bootstrap from ``portal.roles``."""

from __future__ import annotations

from flask_appbuilder.security.sqla.manager import SecurityManager

from portal import roles


class PortalSecurityManager(SecurityManager):
    def create_roles(self) -> None:
        for name in (*roles.ALL_ROLES, roles.PUBLIC):
            if self.find_role(name) is None:
                self.add_role(name)

    def sync_roles(self) -> None:
        """Create every role and give it exactly the rights declared in ``portal.roles``."""
        self.create_roles()
        for role_name, rights in roles.ROLE_RIGHTS.items():
            role = self.find_role(role_name)
            wanted = set(roles.SELF_SERVICE)
            for resource, actions in rights.items():
                for action in actions:
                    wanted.add((roles.permission_name(action), resource))
            for menu, resources in roles.MENU_RESOURCES.items():
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
