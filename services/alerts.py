"""Alert recomputation and follow-up: load aggregated inputs → scoring rules → store (deduplicated).

``refresh_alerts`` is the alert step of a data refresh: every write (import, report, edit, rollback,
indicator upload) calls it after the scores, for the kab/kota it touched. It re-evaluates every rule
for all kab/kota of the touched provinces as known today, so alerts that expire with time (deaths in
the last 14 days) are also brought up to date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable

import pandas as pd
from sqlalchemy import Connection

from data_access import alerts as store
from data_access import audit
from data_access import early_warning as ew
from data_access import forecasts
from data_access.handling import add_action
from domain.access import SYSTEM, Principal, Scope
from scoring.early_warning.config import EarlyWarningConfig, load_config
from scoring.early_warning.rules import BLOCK_DAYS, evaluate_rules


@dataclass(frozen=True)
class RefreshResult:
    regions: int
    candidates: int
    new: int
    updated: int
    ended: int


def _scopes(region_codes: Iterable[str] | None) -> list[Scope]:
    """The provinces holding ``region_codes`` (all of Indonesia when None)."""
    if region_codes is None:
        return [Scope.national()]
    provinces = sorted({code.split(".")[0] for code in region_codes if code})
    return [Scope.for_region(p) for p in provinces]


def _window_days(cfg: EarlyWarningConfig) -> int:
    blocks = max(int(cfg.rules[r]["baseline_blocks"]) for r in ("lonjakan", "lonjakan_maya"))
    blocks = max(blocks, int(cfg.rules["kemunculan"]["quiet_blocks"]))
    return (blocks + 1) * BLOCK_DAYS


def _latest_forecasts(conn: Connection, scope: Scope) -> pd.DataFrame:
    reader = Principal(username="peringatan", role=SYSTEM.role, scope=scope, clearance=SYSTEM.clearance)
    run = forecasts.latest_forecast_run(conn, reader)
    if run is None:
        return pd.DataFrame(columns=["region_code", "horizon", "target_month", "mean", "history_q90", "hi90"])
    return forecasts.forecasts_of_run(conn, reader, run["id"])


def refresh_alerts(conn: Connection, region_codes: Iterable[str] | None = None, *, as_of: date | None = None,
                   cfg: EarlyWarningConfig | None = None) -> RefreshResult:
    """Re-evaluate the rules for the provinces of ``region_codes`` (every kab/kota when None) as known on
    ``as_of`` (today) and store the result in the caller's transaction; audited."""
    cfg = cfg or load_config()
    as_of = as_of or date.today()
    totals = RefreshResult(0, 0, 0, 0, 0)
    for scope in _scopes(region_codes):
        codes = tuple(ew.kabkota(conn, scope)["code"])
        day_from = as_of - timedelta(days=_window_days(cfg) - 1)
        fatal_from = as_of - timedelta(days=int(cfg.rules["korban_jiwa"]["days"]) - 1)
        candidates = evaluate_rules(
            daily=ew.daily_counts(conn, scope, day_from=day_from, as_of=as_of),
            fatal=ew.fatal_incidents(conn, SYSTEM, scope, day_from=fatal_from, as_of=as_of),
            snapshots=ew.latest_snapshots(conn, scope, period_to=as_of),
            forecasts=_latest_forecasts(conn, scope),
            as_of=as_of, history_start=ew.first_incident_day(conn, scope), cfg=cfg)
        synced = store.sync_alerts(conn, candidates, region_codes=codes, as_of=as_of, config_version=cfg.version)
        totals = RefreshResult(totals.regions + len(codes), totals.candidates + len(candidates),
                               totals.new + synced.new, totals.updated + synced.updated, totals.ended + synced.ended)
        audit.record(conn, SYSTEM, "alerts_refresh", scope.encode(),
                     {"as_of": as_of.isoformat(), "candidates": len(candidates), "new": synced.new,
                      "updated": synced.updated, "ended": synced.ended, "config_version": cfg.version})
    return totals


@dataclass(frozen=True)
class FollowUp:
    """What "tindak lanjuti" records: a prevention action for the alert's region."""

    action_type: str
    agency: str
    due_on: date | None = None
    note: str = ""


def follow_up(conn: Connection, principal: Principal, alert_id: int, plan: FollowUp) -> int:
    """Turn an alert into a penanganan action (stage *pencegahan*) for its region, link it and mark the
    alert *ditindaklanjuti*; returns the action id. Permission and scope are checked by both writes."""
    alert = store.get_alert(conn, principal, alert_id)
    if alert is None:
        raise store.AlertDenied("Peringatan tidak ditemukan atau di luar cakupan Anda.")
    outcome = (plan.note.strip() + "\n" if plan.note.strip() else "") + f"Tindak lanjut peringatan #{alert_id}"
    action_id = add_action(conn, principal, {
        "region_code": alert["region_code"], "stage": "pencegahan", "action_type": plan.action_type,
        "agency": plan.agency, "started_on": date.today(), "due_on": plan.due_on, "status": "direncanakan",
        "outcome": outcome})
    store.set_state(conn, principal, alert_id, "ditindaklanjuti", handling_action_id=action_id)
    return action_id


def refresh_step(conn: Connection, change: Any, actor: Principal, today: date, progress: Any) -> int:
    """The alert step of ``services.refresh.after_change`` (runs after the scores): re-evaluates the
    provinces the change touched (everything when ``change.everything``); returns alerts written."""
    progress(0.0, "")
    result = refresh_alerts(conn, None if change.everything else change.region_codes, as_of=today)
    progress(1.0, "")
    return result.new + result.updated + result.ended
