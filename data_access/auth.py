"""Sign-in, lockout and server-side sessions.

Token: ``<secret>.<expires>.<signature>``: a random secret, the absolute expiry (Unix
seconds) and an HMAC-SHA256 over both with the server's secret key. The database
keeps only ``sha256(secret)`` as the session id, so neither a database dump nor an
audit row holds a usable token. Every request re-validates the token against its
``user_sessions`` row (exists, not revoked, not idle-expired, not past its absolute
expiry) and the user row (active), so logout or disabling an account takes effect at
the next click and role/scope changes apply at once.

Lockout: 5 wrong passwords lock an account for 15 minutes (recorded as ``lockout``).
Unknown usernames cost one argon2 verification like known ones and are "locked" by
their failures in the audit log, so the answers do not reveal which accounts exist.
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
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, update

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


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified against for unknown usernames so they take as long as known ones.
    return HASHER.hash(_secrets.token_urlsafe(16))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def authenticate(conn: Connection, username: str, password: str, *, now: datetime | None = None) -> LoginResult:
    """Check a username and password, with lockout; every outcome is audited in ``conn``'s transaction."""
    now = now or _now()
    name = normalise_username(username)[:80]
    password = password or ""
    user = get_user(conn, name) if name else None
    if user is None:
        verify_password(_dummy_hash(), password)
        return _unknown_user_failure(conn, name, now)
    if user.locked_until is not None and user.locked_until > now:
        audit.record(conn, user.principal(), LOGIN_LOCKED, user.username, {"locked_until": str(user.locked_until)})
        return LoginResult(LoginStatus.LOCKED, locked_until=user.locked_until)
    password_hash = conn.execute(select(User.password_hash).where(User.id == user.id)).scalar_one()
    correct = verify_password(password_hash, password)
    if correct and user.is_active:
        values = {"failed_attempts": 0, "locked_until": None}
        if HASHER.check_needs_rehash(password_hash):
            values["password_hash"] = HASHER.hash(password)
        conn.execute(update(User).where(User.id == user.id).values(**values))
        audit.record(conn, user.principal(), LOGIN_SUCCESS, user.username)
        return LoginResult(LoginStatus.OK, user=user)
    if not user.is_active:
        audit.record(conn, user.principal(), LOGIN_FAILURE, user.username, {"reason": "inactive"})
        return LoginResult(LoginStatus.INVALID)
    return _wrong_password(conn, user, now)


def _wrong_password(conn: Connection, user: UserRecord, now: datetime) -> LoginResult:
    expired_lock = user.locked_until is not None and user.locked_until <= now
    # Atomic increment: two parallel guesses both count.
    conn.execute(update(User).where(User.id == user.id).values(
        failed_attempts=(1 if expired_lock else User.failed_attempts + 1),
        locked_until=None if expired_lock else User.locked_until))
    attempts = conn.execute(select(User.failed_attempts).where(User.id == user.id)).scalar_one()
    audit.record(conn, user.principal(), LOGIN_FAILURE, user.username, {"reason": "wrong_password",
                                                                        "attempt": attempts})
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
