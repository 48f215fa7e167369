"""Append-only audit log. This module only inserts; nothing in the code base updates or deletes audit rows."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert

from data_access.models import AuditLog
from domain.access import Principal


def record(conn: Connection, principal: Principal | None, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None, *, username: str | None = None) -> None:
    """Append one audit row (who, when, what, scope) in the caller's transaction."""
    conn.execute(insert(AuditLog).values(
        username=username or (principal.username if principal else None),
        action=action,
        target=(target or "")[:255] or None,
        scope=principal.scope.encode() if principal else None,
        detail=detail,
    ))
