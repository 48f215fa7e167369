"""Sign-in, lockout and server-side sessions.

Token: ``<secret>.<expires>.<signature>``: a random secret, the absolute expiry (Unix
seconds) and an HMAC-SHA256 over both with the server's secret key. The database
keeps only ``sha256(secret)`` as the session id, so neither a database dump nor an
audit row holds a usable token. Every request re-validates the token against its
``user_sessions`` row (exists, not revoked, not idle-expired, not past its absolute
expiry) and the user row (active), so logout or disabling an account takes effect at
the next click and role/scope changes apply at once.

Lockout: 5 wrong passwords lock an account for 15 minutes (recorded as ``lockout``).
An attempt is claimed before its password is checked, by one atomic UPDATE … RETURNING
that also takes the row's write lock (PostgreSQL: row lock; SQLite: the database's write
lock, which pysqlite takes at that first write), so parallel guesses queue there and at
most 5 passwords are checked before the lock, however many arrive at once. A disabled
account counts every attempt as a failure, so it locks like any other.

Every answer costs exactly one argon2 verification with the account's own parameters:
unknown usernames and locked accounts verify against a dummy hash, and unknown usernames
are "locked" by their failures in the audit log, so neither the answer nor its timing
tells which accounts exist, are locked or are disabled.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets as _secrets
import time
import tomllib
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from argon2 import Parameters, PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError
from argon2.profiles import get_default_parameters
from sqlalchemy import Connection, case, func, insert, or_, select, update

from data_access import audit
from data_access.db import DEFAULT_SQLITE_PATH, SECRETS_FILE
from data_access.models import AuditLog, User, UserSession
from data_access.users import HASHER, UserRecord, get_user, normalise_username, verify_password
from domain.access import Principal

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
DEFAULT_IDLE_MINUTES = 30
DEFAULT_SESSION_HOURS = 12
TOUCH_EVERY = timedelta(seconds=30)  # write last_seen_at at most this often (one write per click is wasteful)
SECRET_KEY_FILE = DEFAULT_SQLITE_PATH.parent / "secret_key"
TOKEN_RE = re.compile(r"\A[A-Za-z0-9_-]{20,100}\.[0-9]{1,12}\.[A-Za-z0-9_-]{20,100}\Z")

# Audit action names owned by this module.
LOGIN_SUCCESS = "login_success"
LOGIN_FAILURE = "login_failure"
LOGIN_LOCKED = "login_locked"      # an attempt while the account is locked
LOCKOUT_ACTION = "lockout"
LOGOUT = "logout"
SESSION_TIMEOUT = "session_timeout"


@dataclass(frozen=True)
class AuthSettings:
    secret_key: bytes
    idle_timeout: timedelta
    session_lifetime: timedelta


def _secrets_auth() -> dict:
    if SECRETS_FILE.exists():
        return tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8")).get("auth", {})
    return {}


def load_secret_key(key_file: Path = SECRET_KEY_FILE) -> bytes:
    """``SIPKS_SECRET_KEY``, else ``[auth] secret_key`` in secrets.toml, else ``data/secret_key``.

    The file is generated once (32 random bytes, mode 0600) so a single-machine install
    needs no configuration and sessions survive restarts; it is git-ignored with ``data/``.
    """
    value = os.environ.get("SIPKS_SECRET_KEY") or _secrets_auth().get("secret_key")
    if value:
        if len(value) < 32:
            raise ValueError("SIPKS_SECRET_KEY / [auth] secret_key minimal 32 karakter")
        return value.encode("utf-8")
    key_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_bytes().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(_secrets.token_urlsafe(48))
    return key_file.read_bytes().strip()


def load_settings() -> AuthSettings:
    """Settings from the environment, then ``[auth]`` in ``.streamlit/secrets.toml``, then defaults."""
    raw = os.environ.get("SIPKS_IDLE_TIMEOUT_MINUTES") or _secrets_auth().get("idle_timeout_minutes")
    try:
        idle = float(raw) if raw not in (None, "") else DEFAULT_IDLE_MINUTES
    except (TypeError, ValueError):
        idle = DEFAULT_IDLE_MINUTES
    if idle <= 0:
        idle = DEFAULT_IDLE_MINUTES
    return AuthSettings(load_secret_key(), timedelta(minutes=idle), timedelta(hours=DEFAULT_SESSION_HOURS))


class LoginStatus(StrEnum):
    OK = "ok"
    INVALID = "invalid"      # unknown user, wrong password or disabled account: one answer for all
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    user: UserRecord | None = None
    locked_until: datetime | None = None


@lru_cache(maxsize=8)
def _dummy_hash_with(parameters: tuple) -> str:
    return PasswordHasher.from_parameters(Parameters(*parameters)).hash(_secrets.token_urlsafe(16))


def _dummy_hash(like: str | None = None) -> str:
    """A hash of a random secret, costing what verifying ``like`` (default: a new hash) costs."""
    try:
        parameters = extract_parameters(like) if like else get_default_parameters()
    except InvalidHashError:
        parameters = get_default_parameters()
    return _dummy_hash_with(astuple(parameters))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def authenticate(conn: Connection, username: str, password: str, *, now: datetime | None = None) -> LoginResult:
    """Check a username and password, with lockout; every outcome is audited in ``conn``'s transaction.

    Keep ``conn``'s transaction open until the answer is used: the attempt's claim holds the
    account's write lock until commit, which is what makes parallel guesses count one by one.
    """
    now = now or _now()
    name = normalise_username(username)[:80]
    password = password or ""
    user = get_user(conn, name) if name else None
    if user is None:
        verify_password(_dummy_hash(), password)
        return _unknown_user_failure(conn, name, now)
    claim = _claim_attempt(conn, user.id, now)
    if claim is None:  # locked: the password is not checked, but the same work is done
        locked_until = conn.execute(select(User.locked_until, User.password_hash).where(User.id == user.id)).one()
        verify_password(_dummy_hash(locked_until.password_hash), password)
        audit.record(conn, user.principal(), LOGIN_LOCKED, user.username,
                     {"locked_until": str(locked_until.locked_until)})
        return LoginResult(LoginStatus.LOCKED, locked_until=locked_until.locked_until)
    correct = verify_password(claim.password_hash, password)
    if correct and claim.is_active:
        values = {"failed_attempts": 0, "locked_until": None}
        if HASHER.check_needs_rehash(claim.password_hash):
            values["password_hash"] = HASHER.hash(password)
        conn.execute(update(User).where(User.id == user.id).values(**values))
        audit.record(conn, user.principal(), LOGIN_SUCCESS, user.username)
        return LoginResult(LoginStatus.OK, user=user)
    reason = "wrong_password" if claim.is_active else "inactive"
    return _failed_attempt(conn, user, claim.failed_attempts, reason, now)


def _claim_attempt(conn: Connection, user_id: int, now: datetime):
    """Count one attempt atomically unless the account is locked; the row (failed_attempts, password_hash,
    is_active) after counting, or None when locked. A lock that has run out restarts the count at 1."""
    expired = User.locked_until.is_not(None)
    stmt = (update(User)
            .where(User.id == user_id, or_(User.locked_until.is_(None), User.locked_until <= now))
            .values(failed_attempts=case((expired, 1), else_=User.failed_attempts + 1), locked_until=None)
            .returning(User.failed_attempts, User.password_hash, User.is_active))
    return conn.execute(stmt).one_or_none()


def _failed_attempt(conn: Connection, user: UserRecord, attempts: int, reason: str, now: datetime) -> LoginResult:
    audit.record(conn, user.principal(), LOGIN_FAILURE, user.username, {"reason": reason, "attempt": attempts})
    if attempts >= MAX_FAILED_ATTEMPTS:
        until = now + LOCKOUT
        conn.execute(update(User).where(User.id == user.id).values(locked_until=until, failed_attempts=0))
        conn.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
                     .values(revoked_at=now))
        audit.record(conn, user.principal(), LOCKOUT_ACTION, user.username,
                     {"attempts": attempts, "locked_until": str(until)})
        return LoginResult(LoginStatus.LOCKED, locked_until=until)
    return LoginResult(LoginStatus.INVALID)


def _unknown_user_failure(conn: Connection, name: str, now: datetime) -> LoginResult:
    window = conn.execute(select(func.count(), func.min(AuditLog.at)).where(
        AuditLog.action == LOGIN_FAILURE, AuditLog.username == name, AuditLog.at > now - LOCKOUT)).one()
    count, first = window
    if count >= MAX_FAILED_ATTEMPTS:
        audit.record(conn, None, LOGIN_LOCKED, name or None, {"reason": "unknown_user"}, username=name or None)
        return LoginResult(LoginStatus.LOCKED, locked_until=(first or now) + LOCKOUT)
    audit.record(conn, None, LOGIN_FAILURE, name or None, {"reason": "unknown_user"}, username=name or None)
    if count + 1 >= MAX_FAILED_ATTEMPTS:
        return LoginResult(LoginStatus.LOCKED, locked_until=now + LOCKOUT)
    return LoginResult(LoginStatus.INVALID)


# --- sessions -----------------------------------------------------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _sign(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def session_id(secret: str) -> str:
    """What the database stores for a token: the SHA-256 of its secret part."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _parse_token(token: str | None, key: bytes, now: datetime) -> str | None:
    """The token's session id if the format, signature and absolute expiry check out, else None."""
    if not token or not TOKEN_RE.match(token):
        return None
    secret, expires, signature = token.split(".")
    if not hmac.compare_digest(signature, _sign(key, f"{secret}.{expires}")):
        return None
    if int(expires) <= int(now.timestamp()):
        return None
    return session_id(secret)


def create_session(conn: Connection, user: UserRecord, settings: AuthSettings, *,
                   now: datetime | None = None) -> str:
    """Open a session for ``user`` and return its token (shown to nobody but the user's browser)."""
    now = now or _now()
    expires = now + settings.session_lifetime
    secret = _secrets.token_urlsafe(32)
    payload = f"{secret}.{int(expires.timestamp())}"
    conn.execute(insert(UserSession).values(id=session_id(secret), user_id=user.id, created_at=now,
                                            last_seen_at=now, expires_at=expires))
    return f"{payload}.{_sign(settings.secret_key, payload)}"


def validate_session(conn: Connection, token: str | None, settings: AuthSettings, *,
                     now: datetime | None = None) -> Principal | None:
    """The signed-in principal for ``token``, rebuilt from the user row, or None (then show the login form).

    Touches ``last_seen_at`` (the idle clock); an idle-expired session is revoked and audited once.
    """
    now = now or _now()
    sid = _parse_token(token, settings.secret_key, now)
    if sid is None:
        return None
    row = conn.execute(
        select(UserSession.last_seen_at, UserSession.expires_at, UserSession.revoked_at, User.id, User.username,
               User.is_active)
        .join(User, User.id == UserSession.user_id).where(UserSession.id == sid)).one_or_none()
    if row is None or row.revoked_at is not None or not row.is_active or row.expires_at <= now:
        return None
    user = get_user(conn, row.username)
    if user is None:
        return None
    if now - row.last_seen_at > settings.idle_timeout:
        conn.execute(update(UserSession).where(UserSession.id == sid, UserSession.revoked_at.is_(None))
                     .values(revoked_at=now))
        audit.record(conn, user.principal(), SESSION_TIMEOUT, user.username,
                     {"idle_minutes": round((now - row.last_seen_at).total_seconds() / 60, 1)})
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        conn.execute(update(UserSession).where(UserSession.id == sid).values(last_seen_at=now))
    return user.principal()


def revoke_session(conn: Connection, token: str | None, principal: Principal | None, *,
                   now: datetime | None = None) -> None:
    """Log out: revoke the token's session on the server (audited as ``logout``)."""
    now = now or _now()
    if not token or not TOKEN_RE.match(token):
        return
    sid = session_id(token.split(".")[0])
    conn.execute(update(UserSession).where(UserSession.id == sid, UserSession.revoked_at.is_(None))
                 .values(revoked_at=now))
    audit.record(conn, principal, LOGOUT, principal.username if principal else None)


def session_expiry_seconds(token: str) -> int:
    """Seconds until the token's absolute expiry (for the cookie's Max-Age)."""
    return max(0, int(token.split(".")[1]) - int(time.time()))
