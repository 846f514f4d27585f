"""API keys: how a partner's system signs in (machine accounts).

A partner's system signs in as the *service account* of that partner: a FAB user with the role
Ketenpartner, linked to the partner through ``gebruikerskoppeling`` - so it has exactly the
rights of that partner's people (``portal.roles`` + ``portal.access``), nothing more - and
without a usable password (``"!"``, which no hash check accepts; the security manager also
refuses a service account at every password, LDAP and OIDC login).

The key: ``lsi_<prefix>_<secret>``; ``prefix`` is 12 hex characters (``secrets.token_hex(6)``),
visible in lists and the audit trail and the index that finds the key's row; ``secret`` is
``secrets.token_urlsafe(32)`` (256 random bits). Stored is only ``sha256(key)``, compared with
``hmac.compare_digest``. A fast hash is right here: password hashes (pbkdf2, scrypt - what
werkzeug's ``generate_password_hash`` gives) are slow to make guessing a *low-entropy* secret
expensive; guessing 256 random bits is impossible at any speed, and a slow hash would cost every
API request tens of milliseconds. No pepper from SECRET_KEY either: rotating that would silently
end every partner's key.

A request presents the key as ``Authorization: ApiKey <key>`` or ``X-API-Key: <key>``. The key
decides alone - a session cookie sent along is ignored - and only for ``/api/``: any other path
is refused (403). The user is logged in *for that request only* (Flask-Login's per-request user,
``g._login_user``), so FAB's ``@protect`` sees it; no session cookie is written. A wrong, revoked
or expired key is 401.

Every request made with a key is audited (``record_event``: table ``apisleutel``, action
``gebruik``, who = the service account, the key's prefix, method, path without query string,
status) in a transaction of its own at the end of the request, as are refusals of a known key
(``geweigerd``) and the Beheerder's ``aangemaakt``/``geroteerd``/``intrekking``. No resident
data: a path holds ids only, the query string (a postcode filter) is left out.

Rotation: a new key is made; the old one keeps working for ``API_KEY_ROTATION_GRACE_HOURS``
(24 by default), so the partner can put the new key in place without an outage - or is revoked
at once (``onmiddellijk``) when it may have leaked.

Key rows are written with SQLAlchemy Core, not the ORM: the central audit listener would copy
every column, the hash included, into the audit trail; the explicit records say what matters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app, g, jsonify, request, session
from flask_appbuilder.security.sqla.models import User
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import Apisleutel, Gebruikerskoppeling, Ketenpartner
from portal import audit, roles
from portal.errors import RuleViolation
from portal.extensions import db, use_case

_log = logging.getLogger(__name__)

TABLE = "apisleutel"
SCHEME = "ApiKey"  # Authorization: ApiKey <key>
HEADER = "X-API-Key"
_KEY = re.compile(r"lsi_([0-9a-f]{12})_([A-Za-z0-9_-]{43,})")
UNUSABLE_PASSWORD = "!"  # not a werkzeug hash: check_password_hash is always False
DEFAULT_GRACE_HOURS = 24

# Audit actions (auditrecord.actie, at most 10 characters).
AANGEMAAKT, GEROTEERD, INTREKKEN, GEBRUIK, GEWEIGERD = (
    "aangemaakt",
    "geroteerd",
    "intrekking",
    "gebruik",
    "geweigerd",
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A fresh ``(prefix, key)``."""
    prefix = secrets.token_hex(6)
    return prefix, f"lsi_{prefix}_{secrets.token_urlsafe(32)}"


def prefix_of(key: str) -> str | None:
    match = _KEY.fullmatch(key)
    return match[1] if match else None


# --- service accounts ------------------------------------------------------------------------


def is_service_account(user_id: int | None) -> bool:
    if user_id is None:
        return False
    return (
        db.session.scalar(sa.select(Apisleutel.id).where(Apisleutel.user_id == user_id).limit(1))
        is not None
    )


def service_account(partner: Ketenpartner) -> User | None:
    user_id = db.session.scalar(
        sa.select(Apisleutel.user_id)
        .join(Gebruikerskoppeling, Gebruikerskoppeling.user_id == Apisleutel.user_id)
        .where(Gebruikerskoppeling.ketenpartner_id == partner.id)
        .limit(1)
    )
    return db.session.get(User, user_id) if user_id else None


def service_account_name(partner: Ketenpartner) -> str:
    return f"api-{partner.code.lower()}"


def _create_service_account(partner: Ketenpartner) -> User:
    sm = current_app.appbuilder.sm
    username = service_account_name(partner)
    if sm.find_user(username=username) is not None:
        raise RuleViolation(
            {
                "partner": [
                    _(
                        "Er bestaat al een gebruiker %(naam)s die geen dienstaccount is.",
                        naam=username,
                    )
                ]
            }
        )
    now = _now()
    user = User(
        username=username,
        first_name="Dienstaccount",
        last_name=partner.naam[:64],
        email=f"{username}@dienstaccount.invalid",
        password=UNUSABLE_PASSWORD,
        active=True,
        created_on=now,
        changed_on=now,
    )
    user.roles = [sm.find_role(roles.KETENPARTNER)]
    db.session.add(user)
    db.session.flush()
    db.session.add(Gebruikerskoppeling(user_id=user.id, ketenpartner_id=partner.id))
    db.session.flush()
    return user


def _partner(code: str) -> Ketenpartner:
    partner = db.session.scalar(
        sa.select(Ketenpartner).where(Ketenpartner.code == (code or "").strip().upper())
    )
    if partner is None:
        raise RuleViolation({"partner": [_("Ketenpartner %(code)s bestaat niet.", code=code)]})
    return partner


# --- the Beheerder's use cases ---------------------------------------------------------------


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``key`` is shown once and then exists nowhere."""

    id: int
    prefix: str
    key: str
    partner: str
    username: str


def _insert(user_id: int, naam: str, omschrijving: str | None, verloopt_op, door_id) -> tuple:
    prefix, key = new_key()
    result = db.session.execute(
        sa.insert(Apisleutel.__table__).values(
            user_id=user_id,
            prefix=prefix,
            sleutel_hash=_hash(key),
            naam=naam,
            omschrijving=omschrijving or None,
            aangemaakt_door_id=door_id,
            aangemaakt_op=_now(),
            verloopt_op=verloopt_op,
        )
    )
    return result.inserted_primary_key[0], prefix, key


def _check_name(naam: str) -> str:
    naam = (naam or "").strip()
    if not naam:
        raise RuleViolation({"naam": [_("Geef de sleutel een naam, bijvoorbeeld het systeem.")]})
    if len(naam) > 100:
        raise RuleViolation({"naam": [_("De naam is te lang (hoogstens 100 tekens).")]})
    return naam


@use_case
def create(
    partner_code: str,
    naam: str,
    omschrijving: str | None = None,
    verloopt_op: dt.datetime | None = None,
    door_id: int | None = None,
) -> NewKey:
    """A new key for the partner's service account (made with the first key)."""
    naam = _check_name(naam)
    if verloopt_op is not None and verloopt_op <= _now():
        raise RuleViolation({"verloopt_op": [_("De vervaldatum moet in de toekomst liggen.")]})
    partner = _partner(partner_code)
    user = service_account(partner) or _create_service_account(partner)
    key_id, prefix, key = _insert(user.id, naam, omschrijving, verloopt_op, door_id)
    audit.record_event(
        db.session,
        TABLE,
        str(key_id),
        AANGEMAAKT,
        {
            "prefix": prefix,
            "naam": naam,
            "partner": partner.code,
            "dienstaccount": user.username,
            "verloopt_op": verloopt_op.isoformat() if verloopt_op else None,
        },
    )
    return NewKey(key_id, prefix, key, partner.code, user.username)


def _valid(key_id: int) -> Apisleutel:
    key = db.session.get(Apisleutel, key_id)
    if key is None:
        raise LookupError(key_id)
    if not key.geldig_op(_now()):
        raise RuleViolation({"sleutel": [_("Deze sleutel is al ingetrokken of verlopen.")]})
    return key


def grace() -> dt.timedelta:
    return dt.timedelta(
        hours=float(current_app.config.get("API_KEY_ROTATION_GRACE_HOURS", DEFAULT_GRACE_HOURS))
    )


def grace_hours() -> int | float:
    hours = grace().total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


@use_case
def rotate(
    key_id: int,
    door_id: int | None = None,
    onmiddellijk: bool = False,
    verloopt_op: dt.datetime | None = None,
) -> NewKey:
    """A new key in place of ``key_id``; the old one works until the grace period ends
    (``API_KEY_ROTATION_GRACE_HOURS``), or not at all with ``onmiddellijk``."""
    old = _valid(key_id)
    new_id, prefix, key = _insert(old.user_id, old.naam, old.omschrijving, verloopt_op, door_id)
    now = _now()
    until = now if onmiddellijk else now + grace()
    if old.verloopt_op is not None:
        until = min(until, old.verloopt_op)
    db.session.execute(
        sa.update(Apisleutel.__table__)
        .where(Apisleutel.id == old.id)
        .values(
            vervangen_door_id=new_id,
            verloopt_op=until,
            ingetrokken_op=now if onmiddellijk else None,
        )
    )
    audit.record_event(
        db.session,
        TABLE,
        str(old.id),
        GEROTEERD,
        {
            "prefix": old.prefix,
            "nieuwe_prefix": prefix,
            "nieuwe_id": new_id,
            "oude_werkt_tot": until.isoformat(),
        },
    )
    db.session.expire(old)
    partner = _partner_of(old.user_id)
    return NewKey(new_id, prefix, key, partner.code if partner else "", old.user.username)


@use_case
def revoke(key_id: int, door_id: int | None = None) -> Apisleutel:
    """The key stops working now (it stays on record)."""
    key = db.session.get(Apisleutel, key_id)
    if key is None:
        raise LookupError(key_id)
    if key.ingetrokken_op is None:
        db.session.execute(
            sa.update(Apisleutel.__table__)
            .where(Apisleutel.id == key.id)
            .values(ingetrokken_op=_now())
        )
        audit.record_event(db.session, TABLE, str(key.id), INTREKKEN, {"prefix": key.prefix})
        db.session.expire(key)
    return key


def _partner_of(user_id: int) -> Ketenpartner | None:
    return db.session.scalar(
        sa.select(Ketenpartner)
        .join(Gebruikerskoppeling, Gebruikerskoppeling.ketenpartner_id == Ketenpartner.id)
        .where(Gebruikerskoppeling.user_id == user_id)
    )


@dataclass(frozen=True)
class KeyLine:
    sleutel: Apisleutel
    partner: Ketenpartner | None
    status: str
    geldig: bool  # signs in now (so it can be revoked)

    @property
    def vervangbaar(self) -> bool:
        return self.geldig and self.sleutel.vervangen_door_id is None


ACTIEF, ROTATIE, INGETROKKEN_LABEL, VERLOPEN = (
    _l("Actief"),
    _l("Vervangen, werkt nog tot de overgangstermijn om is"),
    _l("Ingetrokken"),
    _l("Verlopen"),
)


def status_of(key: Apisleutel, now: dt.datetime | None = None) -> str:
    now = now or _now()
    if key.ingetrokken_op is not None and key.ingetrokken_op <= now:
        return str(INGETROKKEN_LABEL)
    if key.verloopt_op is not None and key.verloopt_op <= now:
        return str(VERLOPEN)
    if key.vervangen_door_id is not None:
        return str(ROTATIE)
    return str(ACTIEF)


def keys(partner_code: str | None = None) -> list[KeyLine]:
    """Every key (newest first), or a partner's."""
    stmt = (
        sa.select(Apisleutel, Ketenpartner)
        .outerjoin(Gebruikerskoppeling, Gebruikerskoppeling.user_id == Apisleutel.user_id)
        .outerjoin(Ketenpartner, Ketenpartner.id == Gebruikerskoppeling.ketenpartner_id)
        .order_by(Apisleutel.aangemaakt_op.desc(), Apisleutel.id.desc())
    )
    if partner_code:
        stmt = stmt.where(Ketenpartner.id == _partner(partner_code).id)
    now = _now()
    return [KeyLine(k, p, status_of(k, now), k.geldig_op(now)) for k, p in db.session.execute(stmt)]


# --- signing in with a key -------------------------------------------------------------------


def presented() -> str | None:
    """The key the request carries, if any (``Authorization: ApiKey`` or ``X-API-Key``)."""
    auth = request.headers.get("Authorization", "")
    scheme, _sep, value = auth.partition(" ")
    if scheme.lower() == SCHEME.lower() and value.strip():
        return value.strip()
    value = request.headers.get(HEADER, "").strip()
    return value or None


@dataclass
class _Use:
    key_id: int
    prefix: str
    user_id: int
    username: str
    action: str
    reason: str | None = None
    status: int | None = None


# Per-request state lives in the WSGI environ, not on g: g belongs to the app context, which
# a test or a CLI command may hold around several requests.
_USE = "portal.api_key.use"
_KEYED = "portal.api_key.request"


def _refusal(status: int, message: str):
    try:  # the API's one error shape (issue #17), where it exists
        from portal.api_errors import api_error
    except ImportError:  # pragma: no cover
        response = jsonify(message=message, errors={})
        response.status_code = status
    else:
        response = api_error(status, message)
    if status == 401:
        response.headers["WWW-Authenticate"] = f'{SCHEME} realm="api"'
    return response


def _exactly_partner(user: User) -> bool:
    """The account must still be what it was made as: active, only the Ketenpartner role, and
    linked to a partner (a role added on FAB's user screen must not travel with the key)."""
    names = {r.name for r in user.roles}
    return user.active and names == {roles.KETENPARTNER} and _partner_of(user.id) is not None


def _authenticate():
    key = presented()
    if key is None:
        return _refuse_service_session()
    request.environ[_KEYED] = True
    prefix = prefix_of(key)
    row = (
        db.session.scalar(sa.select(Apisleutel).where(Apisleutel.prefix == prefix))
        if prefix
        else None
    )
    message = _("De API-sleutel is onjuist, ingetrokken of verlopen.")
    if row is None:
        _log.warning("API-sleutel onbekend (prefix %s)", prefix or "-")
        return _refusal(401, message)
    use = _Use(row.id, row.prefix, row.user_id, row.user.username, GEWEIGERD)
    request.environ[_USE] = use
    if not hmac.compare_digest(_hash(key), row.sleutel_hash):
        use.reason = "onjuist"
    elif not row.geldig_op(_now()):
        use.reason = "ingetrokken" if row.ingetrokken_op else "verlopen"
    elif not _exactly_partner(row.user):
        use.reason = "account"
    if use.reason:
        return _refusal(401, message)
    if not request.path.startswith("/api/"):
        use.reason = "scherm"
        return _refusal(
            403, _("Een API-sleutel geeft alleen toegang tot de API (/api/), niet tot schermen.")
        )
    use.action = GEBRUIK
    # Signed in for this request only: Flask-Login's per-request user, no login_user().
    g._login_user = row.user
    g.user = row.user
    return None


def _refuse_service_session():
    """A service account never uses a cookie session (it cannot log in; this is the second
    lock, for an account a Beheerder gave a password or an IdP let in)."""
    user_id = session.get("_user_id")
    if user_id is None or request.endpoint in ("static", "appbuilder.static", "portal_asset"):
        return None
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    if is_service_account(user_id):
        return _refusal(403, _("Een dienstaccount kan geen schermen gebruiken."))
    return None


def _remember_status(response):
    if not request.environ.get(_KEYED):
        return response
    use = request.environ.get(_USE)
    if use is not None:
        use.status = response.status_code
    # No session cookie for a machine: drop what other hooks (the idle timeout) put in the
    # session of this request, without marking it changed.
    own = session._get_current_object()
    dict.clear(own)
    own.modified = False
    return response


def _audit_use(exc: BaseException | None) -> None:
    """One audit record per request made with a known key, in a transaction of its own after
    the request's (whatever the request left uncommitted is dropped at teardown anyway)."""
    use = request.environ.pop(_USE, None)
    if use is None:
        return
    # Signed in for this request only (and the record below names the key's account, not a
    # cookie's user that hooks before ours may have loaded).
    for name in ("_login_user", "user", "portal_scope"):
        g.pop(name, None)
    status = use.status if use.status is not None else 500
    details = {
        "prefix": use.prefix,
        "methode": request.method,
        "pad": request.path,  # without the query string: a filter may name an address
        "status": status,
    }
    if use.reason:
        details["reden"] = use.reason
    # A wrong secret for a known prefix proves nothing about who sent it.
    who = (None, "onbekend") if use.reason == "onjuist" else (use.user_id, use.username)
    token = audit.acting_user.set(who)
    try:
        db.session.rollback()
        audit.record_event(db.session, TABLE, str(use.key_id), use.action, details)
        if use.action == GEBRUIK:
            db.session.execute(
                sa.update(Apisleutel.__table__)
                .where(Apisleutel.id == use.key_id)
                .values(laatst_gebruikt_op=_now())
            )
        db.session.commit()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        _log.exception("gebruik van API-sleutel %s niet vastgelegd", use.prefix)
    finally:
        audit.acting_user.reset(token)


def install(app: Flask) -> None:
    """Called by the security manager when it sets up Flask-Login: after the portal's request
    checks (ids, CSRF), before the idempotency keys (which need the user)."""
    app.before_request(_authenticate)
    app.after_request(_remember_status)
    app.teardown_request(_audit_use)
