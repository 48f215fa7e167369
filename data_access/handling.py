"""Penanganan (handling): open cases, handling actions and the incident handling-status workflow.

Reads are confined to the caller's scope like every other query. Writes need
``Permission.MANAGE_HANDLING`` and a region inside the caller's scope, and each one
is audited in the same transaction.

*Overdue* (terlambat) means: an action that is not ``selesai`` whose due date has
passed, or an incident still ``baru`` with no action at all after
:data:`UNHANDLED_OVERDUE_DAYS` days (nobody has picked it up).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, case, func, insert, literal, or_, select, update

from data_access import audit
from data_access.fetch import rows_frame
from data_access.models import HandlingAction, Incident, Region
from data_access.scope import code_in_scope, effective_scope, incident_scope
from domain.access import Permission, Principal, Scope
from domain.taxonomy import taxonomy

H = HandlingAction.__table__
I = Incident.__table__
R = Region.__table__

UNHANDLED_OVERDUE_DAYS = 14
CLOSED_STATUS = "selesai"

# Allowed moves of an incident's handling status (baru → ditangani → selesai, or via pemulihan).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "baru": ("ditangani",),
    "ditangani": ("pemulihan", "selesai", "baru"),
    "pemulihan": ("selesai", "ditangani"),
    "selesai": ("ditangani",),  # reopening is allowed, and audited
}

ACTION_COLUMNS = (
    "id", "incident_id", "region_code", "stage", "action_type", "agency", "started_on", "due_on",
    "finished_on", "status", "outcome", "source_ref", "created_by", "created_at", "updated_by", "updated_at",
)

OPEN_CASE_COLUMNS = (
    "incident_id", "occurred_on", "kabkota_code", "kabkota_name", "kecamatan_code", "category", "severity",
    "deaths", "injuries", "handling_status", "sensitivity", "description", "age_days", "action_count",
    "last_stage", "last_action_type", "last_agency", "last_status", "last_due_on", "last_started_on",
    "overdue_actions", "overdue",
)

# Most severe first when two cases are equally overdue.
SEVERITY_RANK = {"berat": 3, "sedang": 2, "ringan": 1}


class HandlingError(ValueError):
    """A handling write that the data does not allow (unknown code, impossible status move, …)."""


# --------------------------------------------------------------------------- reads


def _latest_action_subquery():
    """Per incident: its newest live action (by start date, then id) and the count of overdue ones."""
    started = func.coalesce(H.c.started_on, H.c.due_on)
    ranked = (
        select(
            H.c.incident_id, H.c.stage, H.c.action_type, H.c.agency, H.c.status, H.c.due_on, H.c.started_on,
            func.row_number().over(partition_by=H.c.incident_id,
                                   order_by=(started.desc().nulls_last(), H.c.id.desc())).label("rn"),
            func.count().over(partition_by=H.c.incident_id).label("action_count"),
        )
        .where(H.c.incident_id.is_not(None), H.c.withdrawn_at.is_(None))
        .subquery("ranked")
    )
    return ranked


def _overdue_count_subquery(today: date):
    return (
        select(H.c.incident_id, func.count().label("overdue_actions"))
        .where(H.c.incident_id.is_not(None), H.c.withdrawn_at.is_(None), H.c.status != CLOSED_STATUS,
               H.c.due_on < today)
        .group_by(H.c.incident_id)
        .subquery("overdue")
    )


def _open_conditions(principal: Principal, scope: Scope | None) -> list:
    where = effective_scope(principal, scope)
    return [incident_scope(I, where), I.c.deleted_at.is_(None), I.c.handling_status != CLOSED_STATUS]


def open_cases(conn: Connection, principal: Principal, scope: Scope | None = None, *,
               today: date | None = None) -> pd.DataFrame:
    """Incidents whose handling is not ``selesai``, with region, age, latest action and an overdue flag.

    Most urgent first: overdue cases, then by severity (berat first), then the newest. The
    description is None where the caller's clearance does not cover the incident.
    ``scope`` narrows the caller's own scope (never widens it).
    """
    today = today or date.today()
    ranked = _latest_action_subquery()
    overdue = _overdue_count_subquery(today)
    kab = R.alias("kab")
    stmt = (
        select(
            I.c.id.label("incident_id"), I.c.occurred_on, I.c.kabkota_code, kab.c.name.label("kabkota_name"),
            I.c.kecamatan_code, I.c.category, I.c.severity, I.c.deaths, I.c.injuries, I.c.handling_status,
            I.c.sensitivity,
            case((I.c.sensitivity.in_(principal.readable_sensitivities), I.c.description),
                 else_=literal(None)).label("description"),
            func.coalesce(ranked.c.action_count, 0).label("action_count"),
            ranked.c.stage.label("last_stage"), ranked.c.action_type.label("last_action_type"), ranked.c.agency.label("last_agency"),
            ranked.c.status.label("last_status"), ranked.c.due_on.label("last_due_on"),
            ranked.c.started_on.label("last_started_on"),
            func.coalesce(overdue.c.overdue_actions, 0).label("overdue_actions"),
        )
        .select_from(
            I.join(kab, kab.c.code == I.c.kabkota_code)
            .outerjoin(ranked, and_(ranked.c.incident_id == I.c.id, ranked.c.rn == 1))
            .outerjoin(overdue, overdue.c.incident_id == I.c.id)
        )
        .where(*_open_conditions(principal, scope))
        .order_by(I.c.occurred_on, I.c.id)
    )
    rows = conn.execute(stmt).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows], columns=[c for c in OPEN_CASE_COLUMNS
                                                            if c not in ("age_days", "overdue")])
    if frame.empty:
        return pd.DataFrame(columns=list(OPEN_CASE_COLUMNS))
    occurred = pd.to_datetime(frame["occurred_on"]).dt.date
    frame["occurred_on"] = occurred
    frame["age_days"] = [(today - d).days for d in occurred]
    for column in ("last_due_on", "last_started_on"):
        frame[column] = [pd.Timestamp(v).date() if v is not None and not pd.isna(v) else None
                         for v in frame[column]]
    for column in ("last_stage", "last_action_type", "last_agency", "last_status", "kecamatan_code", "description"):
        # No action yet → None (not NaN), so callers can test it plainly.
        frame[column] = [v if isinstance(v, str) else None for v in frame[column]]
    frame["action_count"] = frame["action_count"].astype("int64")
    frame["overdue_actions"] = frame["overdue_actions"].astype("int64")
    unhandled = (frame["action_count"] == 0) & (frame["handling_status"] == "baru") & \
                (frame["age_days"] > UNHANDLED_OVERDUE_DAYS)
    frame["overdue"] = (frame["overdue_actions"] > 0) | unhandled
    urgency = frame.assign(_sev=frame["severity"].map(SEVERITY_RANK).fillna(0))
    order = urgency.sort_values(["overdue", "_sev", "occurred_on", "incident_id"],
                                ascending=[False, False, False, False], kind="stable").index
    return frame.loc[order, list(OPEN_CASE_COLUMNS)].reset_index(drop=True)


def count_open_cases(conn: Connection, principal: Principal, scope: Scope | None = None) -> int:
    """Number of incidents in scope whose handling is not ``selesai`` (counted in SQL)."""
    stmt = select(func.count()).select_from(I).where(*_open_conditions(principal, scope))
    return int(conn.execute(stmt).scalar_one())


def open_cases_by_region(conn: Connection, principal: Principal, scope: Scope | None = None) -> pd.DataFrame:
    """Open cases per kab/kota (``kabkota_code``, ``open_cases``), counted in SQL."""
    stmt = (select(I.c.kabkota_code, func.count().label("open_cases"))
            .where(*_open_conditions(principal, scope)).group_by(I.c.kabkota_code).order_by(I.c.kabkota_code))
    frame = rows_frame(conn, stmt, ["kabkota_code", "open_cases"])
    frame["open_cases"] = frame["open_cases"].astype("int64")
    return frame


def _action_select(principal: Principal, today: date):
    # An action linked to a restricted incident keeps its outcome notes hidden from
    # users without clearance: outcomes often retell what the report said.
    readable = or_(I.c.id.is_(None), I.c.sensitivity.in_(principal.readable_sensitivities))
    reg = R.alias("reg")
    columns = [H.c[c] for c in ACTION_COLUMNS if c != "outcome"]
    return (
        select(
            *columns,
            case((readable, H.c.outcome), else_=literal(None)).label("outcome"),
            reg.c.name.label("region_name"), reg.c.level.label("region_level"),
            and_(H.c.status != CLOSED_STATUS, H.c.due_on.is_not(None), H.c.due_on < today).label("overdue"),
        )
        .select_from(H.join(reg, reg.c.code == H.c.region_code).outerjoin(I, I.c.id == H.c.incident_id))
        .where(code_in_scope(H.c.region_code, principal.scope), H.c.withdrawn_at.is_(None))
    )


def _actions_frame(conn: Connection, stmt) -> pd.DataFrame:
    frame = rows_frame(conn, stmt)
    if not frame.empty:
        frame["overdue"] = frame["overdue"].astype(bool)
        for column in ("started_on", "due_on", "finished_on"):
            frame[column] = [pd.Timestamp(v).date() if v is not None and not pd.isna(v) else None
                             for v in frame[column]]
    return frame


def _newest_first():
    return (func.coalesce(H.c.started_on, H.c.due_on).desc().nulls_last(), H.c.id.desc())


def actions_for_region(conn: Connection, principal: Principal, region_code: str, *,
                       today: date | None = None, limit: int | None = None) -> pd.DataFrame:
    """Live actions of a region and the regions below it (a kab/kota includes its kecamatan), newest first."""
    stmt = _action_select(principal, today or date.today()).where(
        or_(H.c.region_code == region_code, H.c.region_code.startswith(region_code + ".", autoescape=True))
    ).order_by(*_newest_first())
    if limit is not None:
        stmt = stmt.limit(limit)
    return _actions_frame(conn, stmt)


def actions_for_incident(conn: Connection, principal: Principal, incident_id: int, *,
                         today: date | None = None) -> pd.DataFrame:
    """Live actions of one incident (empty when the incident is outside the caller's scope), newest first."""
    stmt = _action_select(principal, today or date.today()).where(
        H.c.incident_id == incident_id, incident_scope(I, principal.scope)
    ).order_by(*_newest_first())
    return _actions_frame(conn, stmt)


def last_action(conn: Connection, principal: Principal, region_code: str, *,
                today: date | None = None) -> dict[str, Any] | None:
    """The newest live action in a region (or below it), or None."""
    frame = actions_for_region(conn, principal, region_code, today=today, limit=1)
    return None if frame.empty else frame.iloc[0].to_dict()


def get_action(conn: Connection, principal: Principal, action_id: int) -> dict[str, Any] | None:
    """One live action in scope, or None."""
    stmt = _action_select(principal, date.today()).where(H.c.id == action_id)
    frame = _actions_frame(conn, stmt)
    return None if frame.empty else frame.iloc[0].to_dict()


# --------------------------------------------------------------------------- writes


def status_from_actions(actions: list[tuple[str, str]]) -> str | None:
    """The handling status an incident's live actions imply (``(stage, status)`` pairs), or None.

    No action says nothing (the status stays as it is). Any action means the case is being
    handled; an action in the pemulihan stage moves it to pemulihan; once every action is done
    and recovery was among them, the case is selesai.
    """
    if not actions:
        return None
    stages = {stage for stage, _ in actions}
    if "pemulihan" in stages:
        return CLOSED_STATUS if all(status == CLOSED_STATUS for _, status in actions) else "pemulihan"
    return "ditangani"


def _follow_actions(conn: Connection, principal: Principal, incident_id: int | None, action_id: int) -> None:
    """Move the incident's handling status to what its live actions imply (audited like a manual move)."""
    if incident_id is None:
        return
    live = conn.execute(select(H.c.stage, H.c.status).where(H.c.incident_id == incident_id,
                                                            H.c.withdrawn_at.is_(None))).all()
    wanted = status_from_actions([(r.stage, r.status) for r in live])
    current = conn.execute(select(I.c.handling_status).where(I.c.id == incident_id)).scalar_one_or_none()
    if wanted is None or current is None or wanted == current:
        return
    if current == CLOSED_STATUS and all(r.status == CLOSED_STATUS for r in live):
        return  # a case closed by hand stays closed while no action is open again
    conn.execute(update(I).where(I.c.id == incident_id).values(handling_status=wanted, updated_by=principal.username,
                                                               updated_at=_now()))
    audit.record(conn, principal, "handling_status", f"insiden #{incident_id}",
                 {"incident_id": incident_id, "from": current, "to": wanted, "by_action": action_id})


class HandlingDenied(PermissionError):
    """The caller may not change handling here (permission or region scope)."""


ACTION_FIELDS = ("incident_id", "region_code", "stage", "action_type", "agency", "started_on", "due_on",
                 "finished_on", "status", "outcome")


def _require_manage(principal: Principal) -> None:
    if not principal.can(Permission.MANAGE_HANDLING):
        raise HandlingDenied("Anda tidak berhak mengubah penanganan.")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _check_action(conn: Connection, principal: Principal, values: dict[str, Any]) -> dict[str, Any]:
    problems = []
    for name, vocabulary in (("stage", "stage"), ("action_type", "action_type"), ("agency", "agency"),
                             ("status", "action_status")):
        if values.get(name) not in taxonomy().codes(vocabulary):
            problems.append(f"{name}: nilai tidak dikenal")
    if values.get("incident_id") is not None:
        kab = conn.execute(select(I.c.kabkota_code).where(I.c.id == values["incident_id"],
                                                          I.c.deleted_at.is_(None))).scalar_one_or_none()
        if kab is None or not principal.scope.contains(kab):
            raise HandlingDenied("Insiden tidak ditemukan atau di luar cakupan Anda.")
        values.setdefault("region_code", kab)
        if not values.get("region_code"):
            values["region_code"] = kab
    region = values.get("region_code")
    if not region or conn.execute(select(R.c.code).where(R.c.code == region)).scalar_one_or_none() is None:
        problems.append("region_code: wilayah tidak dikenal")
    elif not principal.scope.contains(region):
        raise HandlingDenied(f"Wilayah {region} di luar cakupan Anda.")
    start, due, finished = values.get("started_on"), values.get("due_on"), values.get("finished_on")
    if start and due and due < start:
        problems.append("due_on: tenggat lebih awal dari tanggal mulai")
    if start and finished and finished < start:
        problems.append("finished_on: tanggal selesai lebih awal dari tanggal mulai")
    if values.get("status") == CLOSED_STATUS and not finished:
        values["finished_on"] = date.today()
    if len(values.get("outcome") or "") > 5000:
        problems.append("outcome: terlalu panjang (batas 5.000 karakter)")
    if problems:
        raise HandlingError("; ".join(problems))
    if region:
        values["province_code"] = region.split(".")[0]
    return values


def add_action(conn: Connection, principal: Principal, data: dict[str, Any]) -> int:
    """Record a handling action for an incident and/or a region (caller's transaction); returns its id."""
    _require_manage(principal)
    values = {"status": "direncanakan", "outcome": "", **{k: data.get(k) for k in ACTION_FIELDS if k in data}}
    values = _check_action(conn, principal, values)
    action_id = conn.execute(insert(H).values(**values, created_by=principal.username, created_at=_now())
                             ).inserted_primary_key[0]
    audit.record(conn, principal, "handling_add", f"tindakan #{action_id}",
                 {"action_id": action_id, "incident_id": values.get("incident_id"), "region": values["region_code"],
                  "status": values["status"]})
    _follow_actions(conn, principal, values.get("incident_id"), int(action_id))
    return int(action_id)


def update_action(conn: Connection, principal: Principal, action_id: int, changes: dict[str, Any]) -> None:
    """Change an action (status, dates, outcome, …); audited with the fields that changed."""
    _require_manage(principal)
    row = conn.execute(select(H).where(H.c.id == action_id, H.c.withdrawn_at.is_(None))).mappings().one_or_none()
    if row is None or not principal.scope.contains(row["region_code"]):
        raise HandlingDenied("Tindakan tidak ditemukan atau di luar cakupan Anda.")
    merged = {k: row[k] for k in ACTION_FIELDS}
    merged.update({k: v for k, v in changes.items() if k in ACTION_FIELDS})
    values = _check_action(conn, principal, merged)
    diff = {k: v for k, v in values.items() if row.get(k) != v}
    if not diff:
        return
    conn.execute(update(H).where(H.c.id == action_id).values(**diff, updated_by=principal.username, updated_at=_now()))
    audit.record(conn, principal, "handling_update", f"tindakan #{action_id}",
                 {"action_id": action_id, "fields": sorted(diff),
                  "before": {k: (row[k].isoformat() if isinstance(row[k], date) else row[k]) for k in diff}})
    _follow_actions(conn, principal, values.get("incident_id"), action_id)


def withdraw_action(conn: Connection, principal: Principal, action_id: int, reason: str) -> None:
    """Withdraw an action entered by mistake (kept in the table with ``withdrawn_at``)."""
    _require_manage(principal)
    if not (reason or "").strip():
        raise HandlingError("Alasan penarikan wajib diisi.")
    row = conn.execute(select(H.c.region_code, H.c.incident_id).where(H.c.id == action_id,
                                                                      H.c.withdrawn_at.is_(None))).one_or_none()
    if row is None or not principal.scope.contains(row.region_code):
        raise HandlingDenied("Tindakan tidak ditemukan atau di luar cakupan Anda.")
    conn.execute(update(H).where(H.c.id == action_id).values(withdrawn_at=_now(), updated_by=principal.username,
                                                             updated_at=_now()))
    audit.record(conn, principal, "handling_withdraw", f"tindakan #{action_id}",
                 {"action_id": action_id, "reason": reason.strip()[:500]})
    _follow_actions(conn, principal, row.incident_id, action_id)


def set_handling_status(conn: Connection, principal: Principal, incident_id: int, status: str) -> str:
    """Move an incident's handling status along :data:`STATUS_TRANSITIONS`; returns the previous status."""
    _require_manage(principal)
    row = conn.execute(select(I.c.handling_status, I.c.kabkota_code, I.c.version).where(
        I.c.id == incident_id, I.c.deleted_at.is_(None))).one_or_none()
    if row is None or not principal.scope.contains(row.kabkota_code):
        raise HandlingDenied("Insiden tidak ditemukan atau di luar cakupan Anda.")
    if status not in taxonomy().codes("handling_status"):
        raise HandlingError(f"Status penanganan tidak dikenal: {status}")
    if status == row.handling_status:
        return row.handling_status
    if status not in STATUS_TRANSITIONS.get(row.handling_status, ()):
        raise HandlingError(f"Status tidak dapat berpindah dari {taxonomy().label('handling_status', row.handling_status)}"
                            f" ke {taxonomy().label('handling_status', status)}.")
    conn.execute(update(I).where(I.c.id == incident_id).values(handling_status=status, updated_by=principal.username,
                                                               updated_at=_now()))
    audit.record(conn, principal, "handling_status", f"insiden #{incident_id}",
                 {"incident_id": incident_id, "from": row.handling_status, "to": status})
    return row.handling_status
