"""Reading the audit log: filtered, paginated lists for the admin page and CSV export for the CLI.

Only principals with ``Permission.VIEW_AUDIT`` may read it; an admin scoped to a
province or kab/kota sees the rows made by users inside that scope. Exports are
themselves audited (``audit_export``) and neutralise spreadsheet formulas, because
usernames and targets in failed-login rows are whatever an attacker typed.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, func, select

from data_access import audit
from data_access.fetch import rows_frame
from data_access.models import AuditLog
from data_access.scope import code_in_scope
from domain.access import Permission, Principal, ScopeLevel
from domain.spreadsheet import neutralise_frame

A = AuditLog.__table__
COLUMNS = ("id", "at", "username", "action", "target", "scope", "detail")


@dataclass(frozen=True)
class AuditFilter:
    date_from: date | None = None
    date_to: date | None = None          # inclusive
    actions: tuple[str, ...] = ()
    username: str = ""                   # substring, case-insensitive
    target: str = ""                     # substring, case-insensitive


def _require(principal: Principal) -> None:
    if not principal.can(Permission.VIEW_AUDIT):
        raise PermissionError("tidak berwenang membaca log audit")


def _conditions(principal: Principal, flt: AuditFilter) -> list:
    conds = []
    if principal.scope.level is not ScopeLevel.NASIONAL:
        conds.append(code_in_scope(A.c.scope, principal.scope))
    if flt.date_from:
        conds.append(A.c.at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to:
        conds.append(A.c.at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
    if flt.actions:
        conds.append(A.c.action.in_(flt.actions))
    if flt.username.strip():
        conds.append(func.lower(A.c.username).contains(flt.username.strip().lower(), autoescape=True))
    if flt.target.strip():
        conds.append(func.lower(A.c.target).contains(flt.target.strip().lower(), autoescape=True))
    return conds


def count_audit(conn: Connection, principal: Principal, flt: AuditFilter) -> int:
    _require(principal)
    return int(conn.execute(select(func.count()).select_from(A).where(*_conditions(principal, flt))).scalar_one())


def list_audit(conn: Connection, principal: Principal, flt: AuditFilter, *, limit: int | None = 200,
               offset: int = 0) -> pd.DataFrame:
    """Audit rows matching ``flt``, newest first, paginated in SQL."""
    _require(principal)
    stmt = (select(*[A.c[c] for c in COLUMNS]).where(*_conditions(principal, flt))
            .order_by(A.c.at.desc(), A.c.id.desc()).offset(offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    return rows_frame(conn, stmt, list(COLUMNS))


def known_actions(conn: Connection, principal: Principal) -> list[str]:
    _require(principal)
    return sorted(conn.execute(select(A.c.action).distinct()).scalars())


def export_csv(conn: Connection, principal: Principal, flt: AuditFilter, *, channel: str = "app") -> bytes:
    """The filtered audit rows as UTF-8 CSV (with BOM for Excel), formulas neutralised; the export is audited."""
    frame = list_audit(conn, principal, flt, limit=None)
    frame["detail"] = frame["detail"].map(lambda d: json.dumps(d, ensure_ascii=False) if d else "")
    frame["at"] = frame["at"].astype(str)
    buffer = io.StringIO()
    neutralise_frame(frame.astype(object).where(frame.notna(), "")).to_csv(buffer, index=False)
    audit.record(conn, principal, "audit_export", None, {
        "rows": len(frame), "channel": channel, "from": str(flt.date_from or ""), "to": str(flt.date_to or ""),
        "actions": list(flt.actions),
    })
    return buffer.getvalue().encode("utf-8-sig")


def hostile_usernames(conn: Connection, principal: Principal, since: datetime) -> pd.DataFrame:
    """Usernames with failed sign-ins since ``since`` (for spotting guessing attacks), most failures first."""
    _require(principal)
    stmt = (select(A.c.username, func.count().label("failures"), func.max(A.c.at).label("last"))
            .where(A.c.action.in_(("login_failure", "login_locked", "lockout")), A.c.at >= since,
                   *_conditions(principal, AuditFilter()))
            .group_by(A.c.username).order_by(func.count().desc()))
    return rows_frame(conn, stmt, ["username", "failures", "last"])

