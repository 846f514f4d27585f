"""Sign-in through the organisation's identity provider (OpenID Connect, docs/sso.md).

FAB's ``AUTH_OAUTH`` does the protocol (Authlib: discovery, PKCE, state, nonce, the ID token's
signature); this module adds what the portal needs on top of it:

- the ``OIDC_*`` settings become FAB's ``AUTH_TYPE`` and ``OAUTH_PROVIDERS`` when the security
  manager starts, so an environment, a settings file or a test's overrides all configure
  the same way; without ``OIDC_CLIENT_ID`` the portal keeps ``AUTH_DB`` (local accounts);
- claims, not provider-specific API calls: the ID token's claims, refreshed from the
  userinfo endpoint, give the username, the groups (``AUTH_ROLES_MAPPING``) and the user's
  organisation, which sets the ``Gebruikerskoppeling`` at every login;
- a login that gets no portal role, of a user switched off in the portal or refused at the
  IdP fails with a message that says which;
- logout ends the portal session (``portal.sessions`` bumps the version) and then the IdP's
  session (RP-initiated logout at its ``end_session_endpoint``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import jwt
import sqlalchemy as sa
from authlib.integrations.base_client import MismatchingStateError
from flask import current_app, flash, g, has_request_context, redirect, request, session, url_for
from flask_appbuilder.const import AUTH_OAUTH
from flask_appbuilder.security.views import AuthOAuthView, UserOAuthModelView
from flask_appbuilder.utils.base import get_safe_redirect
from flask_appbuilder.views import expose
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from models import Gebruikerskoppeling, Gemeente, Ketenpartner, Regio
from portal import roles
from portal.extensions import transaction

log = logging.getLogger(__name__)

DEFAULT_PROVIDER = "oidc"
# The ID token kept for the logout's id_token_hint; a very large one is left out (the session
# is a cookie of at most 4 KB) and the logout then names the client instead.
ID_TOKEN_KEY = "oidc_id_token"
MAX_ID_TOKEN = 2000
# When the IdP login was (epoch seconds): an IdP session in the portal ends after
# OIDC_SESSION_MAX_HOURS however active it is, so a user removed at the IdP is out by then.
LOGIN_AT_KEY = "oidc_login_at"
# Why the last login attempt was refused (set by the security manager, shown by the view).
_REFUSAL = "portal_sso_refusal"

REFUSALS = {
    "no_role": _l(
        "U bent aangemeld bij uw organisatie, maar u heeft geen rol in het portaal. "
        "Vraag de beheerder van uw organisatie om toegang."
    ),
    "inactive": _l("Uw account in het portaal is uitgeschakeld. Neem contact op met de beheerder."),
    "unknown": _l(
        "U heeft nog geen account in het portaal. Vraag de beheerder om u toe te voegen."
    ),
    "no_username": _l("De identity provider gaf geen gebruikersnaam door. Inloggen is mislukt."),
    "denied": _l(
        "De identity provider heeft het inloggen geweigerd of afgebroken. "
        "Bestaat uw account nog en heeft u toegang tot het portaal?"
    ),
    "failed": _l("Inloggen bij de identity provider is mislukt. Probeer het opnieuw."),
    "state": _l("Het inlogverzoek is verlopen of ongeldig. Probeer het opnieuw."),
    "unreachable": _l(
        "De identity provider van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw."
    ),
}


# --- settings -----------------------------------------------------------------------------


def is_configured(config: Mapping[str, Any]) -> bool:
    return bool(config.get("OIDC_CLIENT_ID"))


def discovery_url(config: Mapping[str, Any]) -> str:
    url = config.get("OIDC_DISCOVERY_URL")
    if url:
        return url
    issuer = config.get("OIDC_ISSUER")
    if not issuer:
        raise RuntimeError("OIDC_CLIENT_ID is set: set OIDC_ISSUER or OIDC_DISCOVERY_URL too")
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def configure(config: dict[str, Any]) -> None:
    """Turn the ``OIDC_*`` settings into FAB's; without OIDC only the registration default."""
    if config.get("AUTH_USER_REGISTRATION") is None:
        # Unset: an account at the first IdP login; no self-registration form under AUTH_DB.
        config["AUTH_USER_REGISTRATION"] = is_configured(config)
    if not is_configured(config):
        return
    # A settings file may name one role as a string: FAB wants a list.
    mapping = {
        str(group): [names] if isinstance(names, str) else list(names)
        for group, names in (config.get("AUTH_ROLES_MAPPING") or {}).items()
    }
    config["AUTH_ROLES_MAPPING"] = mapping
    unknown = {name for names in mapping.values() for name in names if name not in roles.ALL_ROLES}
    if unknown:
        # A typing error here would silently give nobody the role: refuse to start instead.
        raise RuntimeError(
            f"AUTH_ROLES_MAPPING names unknown roles {sorted(unknown)}; "
            f"the portal's roles are {list(roles.ALL_ROLES)}"
        )
    config["AUTH_TYPE"] = AUTH_OAUTH
    config["OAUTH_PROVIDERS"] = [
        {
            "name": config.get("OIDC_PROVIDER_NAME") or DEFAULT_PROVIDER,
            "icon": "fa-sign-in",
            "label": config.get("OIDC_PROVIDER_LABEL") or "",
            "token_key": "access_token",
            "remote_app": {
                "client_id": config["OIDC_CLIENT_ID"],
                "client_secret": config.get("OIDC_CLIENT_SECRET") or None,
                "server_metadata_url": discovery_url(config),
                "client_kwargs": {
                    "scope": config.get("OIDC_SCOPE") or "openid email profile",
                    "code_challenge_method": "S256",
                    "timeout": config.get("OIDC_TIMEOUT", 10),
                },
            },
        }
    ]


# --- claims -------------------------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    """A claim that may be a list, one string, or a comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Iterable):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


def userinfo_from_claims(claims: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, Any]:
    """FAB's userinfo (its ``User`` columns and ``role_keys``) plus the portal's coupling."""
    username = None
    for name in (config.get("OIDC_USERNAME_CLAIM") or "preferred_username", "email", "sub"):
        if claims.get(name):
            username = str(claims[name])
            break
    koppeling = {}
    for kind in ("GEMEENTEN", "REGIO", "KETENPARTNER"):
        claim = config.get(f"OIDC_{kind}_CLAIM")
        # An empty claim name switches that part off: the portal's own screen keeps it.
        if claim:
            koppeling[kind.lower()] = _as_list(claims.get(claim))
    return {
        "username": username,
        "email": claims.get("email") or "",
        "first_name": claims.get("given_name") or "",
        "last_name": claims.get("family_name") or claims.get("name") or "",
        "role_keys": _as_list(claims.get(config.get("OIDC_GROUPS_CLAIM") or "groups")),
        "koppeling": koppeling,
    }


def _by_code(s, model, codes: list[str], *fields: str) -> list:
    """Rows whose code (or name) is one of ``codes``, compared without case; unknown codes are
    logged (codes only - no personal data) and skipped."""
    if not codes:
        return []
    wanted = {c.casefold(): c for c in codes}
    columns = [getattr(model, f) for f in fields if hasattr(model, f)]
    found, seen = [], set()
    for row in s.scalars(
        sa.select(model).where(sa.or_(*(sa.func.lower(c).in_(list(wanted)) for c in columns)))
    ):
        found.append(row)
        seen.update(str(getattr(row, f, "")).casefold() for f in fields)
    missing = sorted(set(wanted) - seen)
    if missing:
        log.warning("OIDC claim names unknown %s codes: %s", model.__tablename__, missing)
    return found


def sync_koppeling(user_id: int, koppeling: Mapping[str, list[str]]) -> None:
    """Set the user's organisation to what the IdP's claims say, at every login.

    Gemeenten by CBS code when the gemeente table has one, else by name; regio and
    ketenpartner by their code. A part whose claim is switched off is left as it is."""
    if not koppeling:
        return
    with transaction() as s:
        row = s.scalar(sa.select(Gebruikerskoppeling).where(Gebruikerskoppeling.user_id == user_id))
        if row is None:
            if not any(koppeling.values()):
                return
            row = Gebruikerskoppeling(user_id=user_id)
            s.add(row)
        if "gemeenten" in koppeling:
            gemeenten = _by_code(s, Gemeente, koppeling["gemeenten"], "code", "naam")
            # Only a real change is written (each write is audited and bumps the lock).
            if {g.id for g in row.gemeenten} != {g.id for g in gemeenten}:
                row.gemeenten = gemeenten
        if "regio" in koppeling:
            regio = _by_code(s, Regio, koppeling["regio"][:1], "code")
            regio_id = regio[0].id if regio else None
            if row.regio_id != regio_id:
                row.regio_id = regio_id
        if "ketenpartner" in koppeling:
            partner = _by_code(s, Ketenpartner, koppeling["ketenpartner"][:1], "code")
            partner_id = partner[0].id if partner else None
            if row.ketenpartner_id != partner_id:
                row.ketenpartner_id = partner_id


# --- the security manager's part ----------------------------------------------------------


class PortalAuthOAuthView(AuthOAuthView):
    """FAB's OAuth login with the portal's messages, the ID token kept for the logout, and
    the IdP's session ended at logout."""

    login_template = "appbuilder/general/security/login_oauth.html"
    title = _l("Inloggen")

    @expose("/login/")
    @expose("/login/<provider>")
    def login(self, provider: str | None = None) -> Response:
        remote = self.appbuilder.sm.oauth_remotes.get(provider or "")
        if remote is not None and not (g.user is not None and g.user.is_authenticated):
            try:
                remote.load_server_metadata()  # FAB would say "invalid login" instead
            except Exception as exc:  # noqa: BLE001 - IdP down or misconfigured: say which
                log.warning("OIDC discovery failed: %s", exc)
                flash(str(REFUSALS["unreachable"]), "warning")
                return redirect(self.appbuilder.get_url_for_login)
        return super().login(provider)

    @expose("/oauth-authorized/<provider>")
    def oauth_authorized(self, provider: str) -> Response:
        sm = self.appbuilder.sm
        login_url = self.appbuilder.get_url_for_login
        if provider not in sm.oauth_remotes:
            return redirect(login_url)
        if request.args.get("error"):
            # The IdP refused (unknown or disabled account, cancelled, no consent).
            log.info("OIDC login refused by the IdP: %s", request.args.get("error"))
            flash(str(REFUSALS["denied"]), "warning")
            return redirect(login_url)
        try:
            token = sm.oauth_remotes[provider].authorize_access_token()
            state = jwt.decode(
                request.args["state"], session.pop("oauth_state"), algorithms=["HS256"]
            )
        except (KeyError, jwt.InvalidTokenError, MismatchingStateError) as exc:
            log.warning("OIDC login with a bad state: %s", type(exc).__name__)
            flash(str(REFUSALS["state"]), "warning")
            return redirect(login_url)
        except Exception as exc:  # noqa: BLE001 - any protocol error: refuse, say so, log it
            log.warning("OIDC token exchange failed: %s", exc)
            flash(str(REFUSALS["failed"]), "warning")
            return redirect(login_url)
        try:
            userinfo = sm.oauth_user_info(provider, token)
        except Exception as exc:  # noqa: BLE001
            log.warning("OIDC userinfo failed: %s", exc)
            flash(str(REFUSALS["failed"]), "warning")
            return redirect(login_url)
        user = sm.auth_user_oauth(userinfo)
        if user is None:
            flash(str(REFUSALS[g.pop(_REFUSAL, "failed")]), "warning")
            return redirect(login_url)
        sm.set_oauth_session(provider, token)
        login_user(user)
        session[LOGIN_AT_KEY] = int(time.time())
        next_url = self.appbuilder.get_url_for_index
        if state.get("next"):
            next_url = get_safe_redirect(state["next"][0])
        return redirect(next_url)

    @expose("/logout/")
    def logout(self) -> Response:
        provider = session.get("oauth_provider")
        id_token = session.get(ID_TOKEN_KEY)
        user = self._get_authenticated_user()
        logout_user()
        if user is not None:
            self.appbuilder.sm.on_user_logout(user)
        for key in ("oauth", "oauth_provider", "oauth_state", ID_TOKEN_KEY, LOGIN_AT_KEY):
            session.pop(key, None)
        target = self._end_session_url(provider, id_token)
        return redirect(
            target
            or current_app.config.get("LOGOUT_REDIRECT_URL", self.appbuilder.get_url_for_index)
        )

    def _end_session_url(self, provider: str | None, id_token: str | None) -> str | None:
        """The IdP's RP-initiated logout, when it has one (OpenID Connect RP-Initiated Logout)."""
        remote = self.appbuilder.sm.oauth_remotes.get(provider or "")
        if remote is None:
            return None
        try:
            endpoint = remote.load_server_metadata().get("end_session_endpoint")
        except Exception as exc:  # noqa: BLE001 - the IdP away: the portal's logout stands
            log.warning("OIDC discovery failed at logout: %s", exc)
            return None
        if not endpoint:
            return None
        params = {
            "client_id": remote.client_id,
            "post_logout_redirect_uri": current_app.config.get("OIDC_POST_LOGOUT_REDIRECT_URI")
            or url_for(f"{self.endpoint}.login", _external=True),
        }
        if id_token:
            params["id_token_hint"] = id_token
        if lang := session.get("locale"):
            params["ui_locales"] = lang
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


class PortalUserOAuthView(UserOAuthModelView):
    # The same rights as the database login's user screens: roles in portal.roles name those
    # (self-service, the Beheerder's user management) whichever login is on.
    class_permission_name = "UserDBModelView"


class SsoSecurityMixin:
    """Mixed into ``PortalSecurityManager`` (before FAB's SecurityManager)."""

    authoauthview = PortalAuthOAuthView
    useroauthmodelview = PortalUserOAuthView

    def __init__(self, appbuilder) -> None:
        configure(current_app.config)
        super().__init__(appbuilder)

    def load_user(self, pk: Any) -> Any | None:
        """Flask-Login's and the JWT loader's lookup: a browser session that came from the IdP
        ends OIDC_SESSION_MAX_HOURS after that login, active or not (the idle time-out alone
        would let a busy user removed at the IdP work on); the next login asks the IdP."""
        if has_request_context() and (login_at := session.get(LOGIN_AT_KEY)) is not None:
            max_hours = float(current_app.config.get("OIDC_SESSION_MAX_HOURS") or 0)
            if max_hours and time.time() - login_at > max_hours * 3600:
                for key in ("_user_id", "_fresh", "_id", LOGIN_AT_KEY, ID_TOKEN_KEY):
                    session.pop(key, None)
                return None
        return super().load_user(pk)

    def get_oauth_user_info(self, provider: str, resp: dict[str, Any]) -> dict[str, Any]:
        """Claims of the (validated) ID token, brought up to date from the userinfo endpoint:
        groups and organisation may be released there only."""
        claims = dict(resp.get("userinfo") or {})
        remote = self.oauth_remotes[provider]
        if remote.load_server_metadata().get("userinfo_endpoint"):
            fresh = remote.userinfo(token=resp)
            if claims.get("sub") and fresh.get("sub") != claims["sub"]:
                raise ValueError("userinfo answered for another subject than the ID token")
            claims.update(fresh)
        return userinfo_from_claims(claims, current_app.config)

    def set_oauth_session(self, provider: str, oauth_response: dict[str, Any]) -> None:
        # Not the access token (FAB keeps it): the portal never calls the IdP's APIs, and a
        # cookie session has room for one token only - the ID token, for the logout.
        session["oauth_provider"] = provider
        id_token = oauth_response.get("id_token")
        if id_token and len(id_token) <= MAX_ID_TOKEN:
            session[ID_TOKEN_KEY] = id_token

    def _refuse(self, reason: str, username: str | None) -> None:
        setattr(g, _REFUSAL, reason)
        log.info("OIDC login refused (%s) for %s", reason, username)

    def _oauth_calculate_user_roles(self, userinfo: dict[str, Any]) -> list[Any]:
        # The anonymous role (FAB's default registration role) has no place on a signed-in
        # user: AUTH_USER_REGISTRATION_ROLE "Public" means "no role beyond the mapped ones".
        public = current_app.config.get("AUTH_ROLE_PUBLIC", roles.PUBLIC)
        return [r for r in super()._oauth_calculate_user_roles(userinfo) if r.name != public]

    def auth_user_oauth(self, userinfo: dict[str, Any]) -> Any | None:
        username = userinfo.get("username")
        if not username:
            self._refuse("no_username", None)
            return None
        user = self.find_user(username=username)
        if user is not None and not user.is_active:
            self._refuse("inactive", username)
            return None
        if user is not None and not self.auth_roles_sync_at_login:
            # Roles kept in the portal (Security > Users), not taken from the IdP.
            portal_roles = [r for r in user.roles if r.name in roles.ALL_ROLES]
        else:
            portal_roles = [
                r for r in self._oauth_calculate_user_roles(userinfo) if r.name in roles.ALL_ROLES
            ]
        if not portal_roles:
            # Taken out of every group at the IdP: no rights left in the portal either (the
            # role change ends the user's open sessions, portal.sessions).
            if user is not None and self.auth_roles_sync_at_login and user.roles:
                user.roles = []
                self.session.commit()
            self._refuse("no_role", username)
            return None
        user = super().auth_user_oauth(userinfo)
        if user is None:
            self._refuse("failed" if self.auth_user_registration else "unknown", username)
            return None
        sync_koppeling(user.id, userinfo.get("koppeling") or {})
        return user
