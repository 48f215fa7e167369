"""Shared builders for the security tests."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from data_access import users
from data_access.auth import AuthSettings
from data_access.models import AuditLog
from domain.access import SYSTEM

PASSWORD = "kata-sandi-uji-123"
SETTINGS = AuthSettings(secret_key=b"k" * 48, idle_timeout=timedelta(minutes=30), session_lifetime=timedelta(hours=12))


def make_user(conn, username: str = "budi", role: str = "analis", scope: str | None = "73",
              clearance: str = "umum", password: str = PASSWORD) -> users.UserRecord:
    return users.create_user(conn, SYSTEM, username=username, password=password, role=role, scope_code=scope,
                             clearance=clearance, full_name=username.title())


def audit_actions(conn, username: str | None = None) -> list[str]:
    stmt = select(AuditLog.action).order_by(AuditLog.id)
    if username is not None:
        stmt = stmt.where(or_(AuditLog.username == username, AuditLog.target == username))
    return list(conn.execute(stmt).scalars())
