"""Stored early-warning alerts: sync from rule candidates (deduplicated), scoped + masked reads, states.

Deduplication: an alert is identified by (rule, region, subject). While its condition keeps holding
(``active``), each recompute updates the same row (evidence, ``last_seen_on``). When the condition
ends the row stays (inactive) until someone closes it; if the condition returns before it was
closed (``selesai``) the same row becomes active again, otherwise a new alert is raised.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

import pandas as pd
from sqlalchemy import Connection, case, func, insert, literal, select, update

from data_access import audit
from data_access.fetch import rows_frame
from data_access.models import Alert, Region
from data_access.scope import code_in_scope
from domain.access import Permission, Principal, Scope

A = Alert.__table__
R = Region.__table__
STATES = ("baru", "dilihat", "ditindaklanjuti", "selesai")
OPEN_STATES = ("baru", "dilihat", "ditindaklanjuti")
# Which state may follow which (a closed alert can be reopened by mistake-correction).
TRANSITIONS = {
    "baru": ("dilihat", "ditindaklanjuti", "selesai"),
    "dilihat": ("ditindaklanjuti", "selesai"),
    "ditindaklanjuti": ("selesai",),
    "selesai": ("dilihat",),
}
SEVERITY_ORDER = case((A.c.severity == "tinggi", 2), (A.c.severity == "sedang", 1), else_=0)


class AlertDenied(PermissionError):
    """The alert does not exist in the caller's scope, or the caller may not change it."""


class AlertStateError(ValueError):
    """A state change that is not allowed (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class SyncResult:
    new: int
    updated: int
    ended: int
    new_ids: tuple[int, ...]


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def sync_alerts(conn: Connection, candidates: Iterable[Any], *, region_codes: Iterable[str], as_of: date,
                config_version: str) -> SyncResult:
    """Store the candidates found for ``region_codes`` on ``as_of`` (caller's transaction).

    ``candidates`` are ``scoring.early_warning.rules.AlertCandidate``-like objects (rule, region_code,
    subject, severity, priority, evidence, detail, sensitivity, incident_id). Alerts of those regions
    whose condition no longer holds become inactive.
    """
    codes = sorted(set(region_codes))
    if not codes:
        return SyncResult(0, 0, 0, ())
    latest: dict[tuple[str, str, str], Any] = {}
    for chunk in (codes[i:i + 500] for i in range(0, len(codes), 500)):
        rows = conn.execute(select(A.c.id, A.c.rule, A.c.region_code, A.c.subject, A.c.active, A.c.state)
                            .where(A.c.region_code.in_(chunk)).order_by(A.c.id)).all()
        for row in rows:
            latest[(row.rule, row.region_code, row.subject)] = row  # the newest per key wins (ordered by id)
    now = _now()
    seen: set[tuple[str, str, str]] = set()
    new_rows, updates = [], []
    for c in candidates:
        key = (c.rule, c.region_code, c.subject)
        if key in seen or c.region_code not in codes:
            continue
        seen.add(key)
        values = {"severity": c.severity, "priority": float(c.priority), "evidence": dict(c.evidence),
                  "detail": c.detail, "sensitivity": c.sensitivity, "incident_id": c.incident_id,
                  "last_seen_on": as_of, "active": True, "config_version": config_version, "updated_at": now}
        row = latest.get(key)
        if row is not None and (row.active or row.state != "selesai"):
            updates.append((row.id, values))
        else:
            new_rows.append({**values, "rule": c.rule, "region_code": c.region_code, "subject": c.subject,
                             "province_code": c.region_code.split(".")[0], "first_seen_on": as_of,
                             "state": "baru", "created_at": now})
    for alert_id, values in updates:
        conn.execute(update(A).where(A.c.id == alert_id).values(**values))
    ended = [row.id for key, row in latest.items() if row.active and key not in seen]
    for chunk in (ended[i:i + 500] for i in range(0, len(ended), 500)):
        conn.execute(update(A).where(A.c.id.in_(chunk)).values(active=False, updated_at=now))
    new_ids: list[int] = []
    for values in new_rows:
        new_ids.append(int(conn.execute(insert(A).values(**values)).inserted_primary_key[0]))
    return SyncResult(len(new_rows), len(updates), len(ended), tuple(new_ids))


ALERT_COLUMNS = ("id", "rule", "region_code", "province_code", "subject", "severity", "priority", "evidence",
                 "sensitivity", "incident_id", "first_seen_on", "last_seen_on", "active", "state", "state_by",
                 "state_at", "handling_action_id", "config_version")


def _select(principal: Principal):
    detail = case((A.c.sensitivity.in_(principal.readable_sensitivities), A.c.detail), else_=literal(None))
    restricted = (~A.c.sensitivity.in_(principal.readable_sensitivities)).label("restricted")
    return (select(*[A.c[c] for c in ALERT_COLUMNS], detail.label("detail"), restricted, R.c.name.label("region_name"))
            .select_from(A.join(R, R.c.code == A.c.region_code))
            .where(code_in_scope(A.c.region_code, principal.scope)))


def list_alerts(conn: Connection, principal: Principal, *, states: tuple[str, ...] = OPEN_STATES,
                region_code: str | None = None, active_only: bool = False, limit: int | None = 500) -> pd.DataFrame:
    """Alerts in the caller's scope, most severe and newest first; ``detail`` masked above clearance."""
    stmt = _select(principal)
    if states:
        stmt = stmt.where(A.c.state.in_(states))
    if region_code:
        stmt = stmt.where(A.c.region_code == region_code)
    if active_only:
        stmt = stmt.where(A.c.active.is_(True))
    stmt = stmt.order_by(SEVERITY_ORDER.desc(), A.c.first_seen_on.desc(), A.c.priority.desc(), A.c.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    return rows_frame(conn, stmt)


def count_open_alerts(conn: Connection, principal: Principal, *, region_prefix: str | None = None) -> int:
    """Open alerts (not ``selesai``) in the caller's scope (optionally inside a region)."""
    stmt = select(func.count()).select_from(A).where(code_in_scope(A.c.region_code, principal.scope),
                                                     A.c.state.in_(OPEN_STATES))
    if region_prefix:
        stmt = stmt.where(code_in_scope(A.c.region_code, Scope.for_region(region_prefix)))
    return int(conn.execute(stmt).scalar_one())


def get_alert(conn: Connection, principal: Principal, alert_id: int) -> dict | None:
    row = conn.execute(_select(principal).where(A.c.id == alert_id)).mappings().one_or_none()
    return dict(row) if row else None


def set_state(conn: Connection, principal: Principal, alert_id: int, state: str, *,
              handling_action_id: int | None = None) -> str:
    """Move an alert to ``state`` (who and when recorded, audited); returns the previous state.

    Marking *dilihat* needs only the dashboard; follow-up and closing need the handling permission."""
    if state not in STATES:
        raise AlertStateError(f"Status peringatan tidak dikenal: {state}")
    needed = Permission.VIEW_DASHBOARD if state == "dilihat" else Permission.MANAGE_HANDLING
    if not principal.can(needed):
        raise AlertDenied("Anda tidak berhak mengubah status peringatan ini.")
    row = conn.execute(select(A.c.state, A.c.region_code).where(
        A.c.id == alert_id, code_in_scope(A.c.region_code, principal.scope))).one_or_none()
    if row is None:
        raise AlertDenied("Peringatan tidak ditemukan atau di luar cakupan Anda.")
    if state == row.state and handling_action_id is None:
        return row.state
    if state != row.state and state not in TRANSITIONS[row.state]:
        raise AlertStateError(f"Status peringatan tidak dapat berpindah dari {row.state} ke {state}.")
    values: dict[str, Any] = {"state": state, "state_by": principal.username, "state_at": _now()}
    if handling_action_id is not None:
        values["handling_action_id"] = handling_action_id
    conn.execute(update(A).where(A.c.id == alert_id).values(**values))
    audit.record(conn, principal, "alert_state", f"peringatan #{alert_id}",
                 {"alert_id": alert_id, "region": row.region_code, "from": row.state, "to": state,
                  "handling_action_id": handling_action_id})
    return row.state
