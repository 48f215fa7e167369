"""User accounts: create, update, disable, list, and the demo accounts.

Passwords are hashed with argon2id (argon2-cffi); the plain text never reaches the
database, a log or an audit row. Every change is audited in the same transaction.
Disabling an account (or resetting its password) revokes its open sessions at once.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, func, insert, select, update

from data_access import audit
from data_access.fetch import rows_frame
from data_access.models import Region, User, UserSession
from data_access.scope import code_in_scope
from domain.access import Permission, Principal, Role, Scope
from domain.taxonomy import SENSITIVITY_ORDER, sensitivity_allowed

# argon2id with the library's defaults (RFC 9106 "second recommended" profile).
HASHER = PasswordHasher()
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256  # argon2 copes with more, but nobody types this much; stops hashing abuse


class UserError(ValueError):
    """Invalid user input; the message is Bahasa Indonesia and safe to show."""


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    full_name: str
    role: Role
    scope_code: str | None      # None = nasional
    clearance: str
    is_active: bool
    is_demo: bool
    locked_until: datetime | None
    created_at: datetime

    def principal(self) -> Principal:
        scope = Scope.national() if self.scope_code is None else Scope.for_region(self.scope_code)
        return Principal(username=self.username, role=self.role, scope=scope, clearance=self.clearance,
                         user_id=self.id)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    scope_code: str | None
    clearance: str
    full_name: str


# Published in README: anyone can read them, hence the warning banner while any is active.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("pimpinan", "demo-pimpinan-2024", Role.PIMPINAN, "73", "terbatas", "Demo Pimpinan (Gubernur)"),
    DemoAccount("analis", "demo-analis-2024", Role.ANALIS, "73", "rahasia", "Demo Analis Kesbangpol"),
    DemoAccount("operator", "demo-operator-2024", Role.OPERATOR, "73.71", "umum", "Demo Operator Kota Makassar"),
    DemoAccount("admin", "demo-admin-2024", Role.ADMIN, None, "rahasia", "Demo Admin"),
)


def normalise_username(raw: str) -> str:
    """Lower-case NFKC form, so "Admin" and "ａｄｍｉｎ" are one account."""
    return unicodedata.normalize("NFKC", raw or "").strip().lower()


def hash_password(password: str) -> str:
    check_password_policy(password)
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return False


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"Kata sandi maksimal {MAX_PASSWORD_LENGTH} karakter.")


def _check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError(f"Peran tidak dikenal: {role!r} (pilih: {', '.join(r.value for r in Role)}).") from None


def _check_clearance(clearance: str) -> str:
    if clearance not in SENSITIVITY_ORDER:
        raise UserError(f"Izin akses tidak dikenal: {clearance!r} (pilih: {', '.join(SENSITIVITY_ORDER)}).")
    return clearance


def parse_scope_code(conn: Connection, raw: str | None) -> str | None:
    """``None``/"nasional" → None; a province or kab/kota code that exists in ``regions`` → the code."""
    text = (raw or "").strip()
    if text in ("", "nasional"):
        return None
    level = conn.execute(select(Region.level).where(Region.code == text)).scalar_one_or_none()
    if level not in ("provinsi", "kabupaten", "kota"):
        raise UserError(f"Cakupan tidak valid: {text!r} (gunakan 'nasional', kode provinsi mis. 73, "
                        "atau kode kabupaten/kota mis. 73.71).")
    return text


_USER_SELECT = select(User.id, User.username, User.full_name, User.role, User.scope_code, User.clearance,
                      User.is_active, User.is_demo, User.locked_until, User.created_at)


def _record(row) -> UserRecord:
    return UserRecord(id=row.id, username=row.username, full_name=row.full_name, role=Role(row.role),
                      scope_code=row.scope_code, clearance=row.clearance, is_active=bool(row.is_active),
                      is_demo=bool(row.is_demo), locked_until=row.locked_until, created_at=row.created_at)


def get_user(conn: Connection, username: str) -> UserRecord | None:
    row = conn.execute(_USER_SELECT.where(User.username == normalise_username(username))).one_or_none()
    return _record(row) if row else None


def get_user_by_id(conn: Connection, user_id: int) -> UserRecord | None:
    row = conn.execute(_USER_SELECT.where(User.id == user_id)).one_or_none()
    return _record(row) if row else None


def create_user(conn: Connection, actor: Principal, *, username: str, password: str, role: str,
                scope_code: str | None, clearance: str = "umum", full_name: str = "",
                is_demo: bool = False) -> UserRecord:
    """Create an account (audited as ``user_create``). Raises :class:`UserError` on bad input."""
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise UserError("Nama pengguna 3–80 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, "
                        "diawali huruf/angka.")
    role_value = _check_role(role)
    clearance = _check_clearance(clearance)
    scope = parse_scope_code(conn, scope_code)
    _authorise(actor, scope, clearance)
    if get_user(conn, name) is not None:
        raise UserError(f"Nama pengguna sudah dipakai: {name}")
    full_name = (full_name or name).strip()[:160]
    user_id = conn.execute(insert(User).values(
        username=name, full_name=full_name, password_hash=hash_password(password), role=role_value.value,
        scope_code=scope, clearance=clearance, is_active=True, is_demo=is_demo, failed_attempts=0,
    ).returning(User.id)).scalar_one()
    audit.record(conn, actor, "user_create", name,
                 {"role": role_value.value, "scope": scope or "nasional", "clearance": clearance, "demo": is_demo})
    return get_user_by_id(conn, user_id)


KEEP = object()  # "leave unchanged" for update_user's scope_code (None already means nasional)


def update_user(conn: Connection, actor: Principal, username: str, *, role: str | None = None,
                scope_code: str | None | object = KEEP, clearance: str | None = None,
                full_name: str | None = None) -> UserRecord:
    """Change role, scope (``None`` = nasional; omit to keep), clearance or name; audited as ``user_update``.

    Sessions are validated against the user row on every request, so changes apply at the next click.
    """
    user = _require(conn, username, actor)
    values: dict = {}
    if role is not None and role != user.role.value:
        values["role"] = _check_role(role).value
    if scope_code is not KEEP:
        scope = parse_scope_code(conn, scope_code)
        if scope != user.scope_code:
            values["scope_code"] = scope
    if clearance is not None and clearance != user.clearance:
        values["clearance"] = _check_clearance(clearance)
    if full_name is not None and full_name.strip() and full_name.strip() != user.full_name:
        values["full_name"] = full_name.strip()[:160]
    if not values:
        return user
    _authorise(actor, values.get("scope_code", user.scope_code), values.get("clearance", user.clearance))
    if user.role is Role.ADMIN and values.get("role", "admin") != "admin":
        _keep_one_admin(conn, user)
    conn.execute(update(User).where(User.id == user.id).values(**values, updated_at=_now()))
    before = {k: (getattr(user, k).value if k == "role" else getattr(user, k)) for k in values}
    audit.record(conn, actor, "user_update", user.username, {"before": before, "after": values})
    return get_user_by_id(conn, user.id)


def set_password(conn: Connection, actor: Principal, username: str, password: str) -> None:
    """Reset a password (audited as ``user_password_reset``; the password is never logged) and end open sessions."""
    user = _require(conn, username, actor)
    conn.execute(update(User).where(User.id == user.id).values(
        password_hash=hash_password(password), failed_attempts=0, locked_until=None, is_demo=False,
        updated_at=_now()))
    _revoke_all(conn, user.id)
    audit.record(conn, actor, "user_password_reset", user.username)


def set_active(conn: Connection, actor: Principal, username: str, active: bool) -> None:
    """Disable (revoking every session at once) or re-enable an account; audited."""
    user = _require(conn, username, actor)
    if not active and actor.user_id == user.id:
        raise UserError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    if not active and user.role is Role.ADMIN:
        _keep_one_admin(conn, user)
    conn.execute(update(User).where(User.id == user.id).values(
        is_active=active, failed_attempts=0, locked_until=None, updated_at=_now()))
    if not active:
        _revoke_all(conn, user.id)
    audit.record(conn, actor, "user_enable" if active else "user_disable", user.username)


def list_users(conn: Connection, actor: Principal) -> pd.DataFrame:
    """The accounts inside ``actor``'s scope (no password hashes), for the admin page and the CLI."""
    _authorise(actor, actor.scope.code, "umum")
    stmt = select(User.id, User.username, User.full_name, User.role, User.scope_code, User.clearance,
                  User.is_active, User.is_demo, User.locked_until, User.created_at,
                  User.updated_at).order_by(User.username)
    if actor.scope.code is not None:
        stmt = stmt.where(code_in_scope(User.scope_code, actor.scope))
    return rows_frame(conn, stmt)


def demo_accounts_active(conn: Connection) -> bool:
    """True while any demo account can still sign in with its published password."""
    stmt = select(func.count()).select_from(User).where(User.is_demo.is_(True), User.is_active.is_(True))
    return conn.execute(stmt).scalar_one() > 0


def ensure_demo_users(conn: Connection, actor: Principal | None = None) -> list[str]:
    """Create the missing demo accounts (one per role); returns the usernames created."""
    from domain.access import SYSTEM

    created = []
    for account in DEMO_ACCOUNTS:
        if get_user(conn, account.username) is None:
            create_user(conn, actor or SYSTEM, username=account.username, password=account.password,
                        role=account.role.value, scope_code=account.scope_code, clearance=account.clearance,
                        full_name=account.full_name, is_demo=True)
            created.append(account.username)
    return created


def _require(conn: Connection, username: str, actor: Principal) -> UserRecord:
    user = get_user(conn, username)
    # An account outside the actor's scope is "not found": its existence is not the actor's business.
    if user is None or (user.scope_code is None and actor.scope.code is not None) or (
            user.scope_code is not None and not actor.scope.contains(user.scope_code)):
        raise UserError(f"Pengguna tidak ditemukan: {normalise_username(username)}")
    return user


def _authorise(actor: Principal, scope_code: str | None, clearance: str) -> None:
    """Only user managers change accounts, and never grant a scope or clearance wider than their own."""
    if not actor.can(Permission.MANAGE_USERS):
        raise PermissionError("tidak berwenang mengelola pengguna")
    if actor.scope.code is not None and (scope_code is None or not actor.scope.contains(scope_code)):
        raise UserError("Cakupan pengguna tidak boleh lebih luas dari cakupan Anda sendiri.")
    if clearance not in sensitivity_allowed(actor.clearance):
        raise UserError("Izin akses pengguna tidak boleh lebih tinggi dari izin Anda sendiri.")


def _keep_one_admin(conn: Connection, user: UserRecord) -> None:
    others = conn.execute(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.is_active.is_(True), User.id != user.id)).scalar_one()
    if others == 0:
        raise UserError("Harus tetap ada setidaknya satu admin aktif.")


def _revoke_all(conn: Connection, user_id: int) -> None:
    conn.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                 .values(revoked_at=_now()))


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
