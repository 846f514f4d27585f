"""A small but real OpenID Connect provider for the SSO tests, built on Authlib's server side.

    python tests/oidc_provider.py --port 9000 --config /tmp/op.json

It speaks the protocol the portal meets at an organisation's IdP: discovery at
``/.well-known/openid-configuration``, a JWKS, the authorization code flow with PKCE and a
nonce (``/authorize``, a login form), the token endpoint (client_secret_basic/post), a signed
ID token, ``/userinfo`` and RP-initiated logout (``/logout``, the end_session_endpoint).
The provider keeps its own session (a cookie): a user signed in here is not asked again
until that session ends.

The test owns the users and clients in the JSON file, read again on every request, so a test
adds, changes or removes a user by rewriting it::

    {"clients": [{"client_id": "portal", "client_secret": "s", "redirect_uris": [...],
                  "post_logout_redirect_uris": [...]}],
     "users": {"j.jansen": {"password": "pw", "active": true,
                            "claims": {"email": "...", "groups": ["lsi-beheer"]}}}}

A removed or inactive user cannot sign in, and a provider session of one ends. What happened
(logins, refusals, logouts) is listed at ``/_test/events`` for the tests' assertions.
"""

from __future__ import annotations

import argparse
import html
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin, OpenIDCode, UserInfo, UserInfoEndpoint
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import Flask, jsonify, request, session
from joserfc.jwk import KeySet, RSAKey

CODE_SECONDS = 120
TOKEN_SECONDS = 600


@dataclass
class User:
    username: str
    claims: dict[str, Any]

    def get_user_id(self) -> str:
        return self.username


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str] = field(default_factory=list)
    scope: str = "openid email profile groups"

    @property
    def client_metadata(self) -> dict[str, Any]:
        return {"post_logout_redirect_uris": self.post_logout_redirect_uris}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.scope.split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def is_expired(self) -> bool:
        return time.time() > self.auth_time + CODE_SECONDS


@dataclass
class Token(TokenMixin):
    access_token: str
    client: Client
    user: User
    scope: str
    issued_at: float = field(default_factory=time.time)
    expires_in: int = TOKEN_SECONDS

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() > self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return False

    def get_user(self) -> User:
        return self.user

    def get_client(self) -> Client:
        return self.client


def create_app(config_path: Path, issuer: str) -> Flask:
    app = Flask(__name__)
    app.secret_key = secrets.token_hex(16)
    # Portal and provider share the host in the tests; cookies do not keep ports apart.
    app.config["SESSION_COOKIE_NAME"] = "op_session"
    key = RSAKey.generate_key(2048, parameters={"kid": "op-1", "use": "sig", "alg": "RS256"})
    public_jwks = KeySet([key]).as_dict(private=False)
    codes: dict[str, AuthorizationCode] = {}
    tokens: dict[str, Token] = {}
    events: list[dict[str, Any]] = []

    def settings() -> dict[str, Any]:
        return json.loads(config_path.read_text())

    def find_user(username: str | None) -> User | None:
        """The user as the file says now; a removed or inactive one is not there."""
        entry = settings().get("users", {}).get(username or "")
        if not entry or not entry.get("active", True):
            return None
        return User(username, dict(entry.get("claims", {})))

    def query_client(client_id: str) -> Client | None:
        for c in settings().get("clients", []):
            if c["client_id"] == client_id:
                return Client(**c)
        return None

    def save_token(token: dict[str, Any], req) -> None:
        tokens[token["access_token"]] = Token(
            token["access_token"], req.client, req.user, token.get("scope", "")
        )

    def user_claims(user: User, scope: str) -> UserInfo:
        claims = {"sub": user.username, "preferred_username": user.username, **user.claims}
        # Standard claims follow the scope; the organisation's own claims (groups, gemeenten,
        # ...) go with "openid", as an IdP's claim mappers release them.
        filtered = dict(UserInfo(claims).filter(scope))
        filtered.update({k: v for k, v in claims.items() if k not in UserInfo.REGISTERED_CLAIMS})
        return UserInfo(filtered)

    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code: str, req) -> None:
            data = req.payload.data
            codes[code] = AuthorizationCode(
                code=code,
                client_id=req.client.client_id,
                redirect_uri=req.payload.redirect_uri,
                scope=req.scope,
                user=req.user,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
            )

        def query_authorization_code(self, code: str, client: Client):
            item = codes.get(code)
            if item and item.client_id == client.client_id and not item.is_expired():
                return item
            return None

        def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
            codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: AuthorizationCode) -> User | None:
            # Removed between the login form and the token request: no token.
            return find_user(authorization_code.user.username)

    class OpenIDCodeExt(OpenIDCode):
        def exists_nonce(self, nonce: str, req) -> bool:
            return any(c.nonce == nonce for c in codes.values())

        def resolve_client_private_key(self, client: Client):
            return key

        def get_client_algorithm(self, client: Client) -> str:
            return "RS256"

        def get_encode_header(self, client: Client) -> dict[str, str]:
            return {"alg": "RS256", "kid": "op-1"}

        def get_client_claims(self, client: Client) -> dict[str, Any]:
            now = int(time.time())
            return {"iss": issuer, "aud": [client.client_id], "exp": now + TOKEN_SECONDS}

        def generate_user_info(self, user: User, scope: str) -> UserInfo:
            return user_claims(user, scope)

    class Validator(BearerTokenValidator):
        def authenticate_token(self, token_string: str):
            item = tokens.get(token_string)
            # A token of a user removed since is worth nothing.
            if item is None or find_user(item.user.username) is None:
                return None
            return item

    class UserInfoExt(UserInfoEndpoint):
        def get_issuer(self) -> str:
            return issuer

        def generate_user_info(self, user: User, scope: str) -> UserInfo:
            return user_claims(find_user(user.username) or user, scope)

        def resolve_private_key(self):
            return key

    class EndSession(EndSessionEndpoint):
        def get_server_jwks(self) -> dict[str, Any]:
            return public_jwks

        def end_session(self, req) -> None:
            events.append(
                {
                    "event": "logout",
                    "user": session.get("user"),
                    "id_token_hint": req.id_token_claims is not None,
                    "client_id": req.client.client_id if req.client else None,
                    "redirect": req.redirect_uri,
                }
            )
            session.clear()

    protector = ResourceProtector()
    protector.register_token_validator(Validator())
    server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
    extensions = [CodeChallenge(required=True), OpenIDCodeExt(require_nonce=True)]
    server.register_grant(CodeGrant, extensions)
    server.register_endpoint(UserInfoExt(resource_protector=protector))
    server.register_endpoint(EndSession)

    def signed_in() -> User | None:
        user = find_user(session.get("user"))
        if user is None:
            session.pop("user", None)  # removed at the IdP: the IdP session ends too
        return user

    def login_form(error: str = "", status: int = 200):
        body = f"""<!doctype html><html lang="nl"><head><title>Test-IdP</title></head><body>
<h1>Inloggen bij de test-IdP</h1>
{f'<p role="alert" id="error">{html.escape(error)}</p>' if error else ""}
<form method="post" action="{html.escape(request.full_path)}">
<label for="username">Gebruikersnaam</label><input id="username" name="username">
<label for="password">Wachtwoord</label><input id="password" name="password" type="password">
<button type="submit" name="action" value="login">Inloggen</button>
<button type="submit" name="action" value="cancel">Annuleren</button>
</form></body></html>"""
        return body, status, {"Content-Type": "text/html; charset=utf-8"}

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return jsonify(
            issuer=issuer,
            authorization_endpoint=f"{issuer}/authorize",
            token_endpoint=f"{issuer}/token",
            userinfo_endpoint=f"{issuer}/userinfo",
            jwks_uri=f"{issuer}/jwks",
            end_session_endpoint=f"{issuer}/logout",
            response_types_supported=["code"],
            grant_types_supported=["authorization_code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            scopes_supported=["openid", "email", "profile", "groups"],
            token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            code_challenge_methods_supported=["S256"],
            claims_supported=["sub", "preferred_username", "email", "name", "groups"],
        )

    @app.get("/jwks")
    def jwks():
        return jsonify(public_jwks)

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize():
        user = signed_in()
        if request.method == "GET":
            try:
                grant = server.get_consent_grant(end_user=user)
            except OAuth2Error as error:
                return jsonify(error=error.error, error_description=error.description), 400
            if user is not None and request.args.get("prompt") != "login":
                events.append({"event": "login", "user": user.username, "sso": True})
                return server.create_authorization_response(grant_user=user, grant=grant)
            return login_form()
        if request.form.get("action") == "cancel":
            grant = server.get_consent_grant(end_user=None)
            events.append({"event": "cancel"})
            return server.create_authorization_response(grant_user=None, grant=grant)
        username = request.form.get("username", "")
        entry = settings().get("users", {}).get(username)
        user = find_user(username)
        if user is None or not secrets.compare_digest(
            str(entry.get("password", "")), request.form.get("password", "")
        ):
            events.append({"event": "refused", "user": username})
            return login_form("Onbekende gebruiker of onjuist wachtwoord.", 401)
        session["user"] = username
        grant = server.get_consent_grant(end_user=user)
        events.append({"event": "login", "user": username, "sso": False})
        return server.create_authorization_response(grant_user=user, grant=grant)

    @app.post("/token")
    def token():
        return server.create_token_response()

    @app.route("/userinfo", methods=["GET", "POST"])
    def userinfo():
        return server.create_endpoint_response("userinfo")

    @app.route("/logout", methods=["GET", "POST"])
    def logout():
        response = server.create_endpoint_response("end_session")
        return response or ("<!doctype html><html lang='nl'><title>Uitgelogd</title>Uitgelogd", 200)

    @app.get("/_test/events")
    def test_events():
        return jsonify(events)

    @app.get("/_test/health")
    def health():
        return "ok"

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--issuer", help="default http://HOST:PORT")
    args = parser.parse_args()
    issuer = args.issuer or f"http://{args.host}:{args.port}"
    app = create_app(args.config, issuer)
    # A plain threaded WSGI server: the portal calls back (token, userinfo) while a test's
    # browser request is still open.
    from werkzeug.serving import make_server

    make_server(args.host, args.port, app, threaded=True).serve_forever()


if __name__ == "__main__":
    main()
