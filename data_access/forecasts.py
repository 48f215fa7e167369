"""Stored forecast runs (with their forecasts) and backtest runs; scoped reads of the latest ones."""
from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, or_, select, true

from data_access.fetch import rows_frame
from data_access.models import BacktestRun, Forecast, ForecastRun, Region
from data_access.scope import code_in_scope
from domain.access import Principal, Scope

FR = ForecastRun.__table__
F = Forecast.__table__
B = BacktestRun.__table__
R = Region.__table__
FORECAST_COLUMNS = ("region_code", "horizon", "target_month", "mean", "lo80", "hi80", "lo90", "hi90", "p_serious",
                    "history_q90")


def save_forecast_run(conn: Connection, run: dict[str, Any], forecasts: pd.DataFrame) -> int:
    """Insert a run (scope_code, origin, data_as_of, model_version, config_version, seed, train_rows,
    dispersion, duration_s, created_by) and its forecast rows (``FORECAST_COLUMNS``); returns the run id."""
    run_id = int(conn.execute(insert(FR).values(**run)).inserted_primary_key[0])
    rows = []
    for r in forecasts.to_dict("records"):
        rows.append({"run_id": run_id, "region_code": r["region_code"], "province_code": r["region_code"].split(".")[0],
                     "horizon": int(r["horizon"]), "target_month": pd.Timestamp(r["target_month"]).date(),
                     "mean": float(r["mean"]), "p_serious": float(r["p_serious"]),
                     **{k: int(r[k]) for k in ("lo80", "hi80", "lo90", "hi90")},
                     "history_q90": None if pd.isna(r["history_q90"]) else float(r["history_q90"])})
    if rows:
        conn.execute(insert(F), rows)
    return run_id


def _runs_covering(principal: Principal, table):
    """Runs whose scope lies inside the caller's scope or contains it (national runs serve everyone);
    their rows are filtered to the caller's scope separately."""
    scope = principal.scope
    if scope.code is None:
        return true()
    parts = scope.code.split(".")
    ancestors = ["nasional"] + [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return or_(table.c.scope_code.in_(ancestors), table.c.scope_code.startswith(scope.code + ".", autoescape=True))


def latest_forecast_run(conn: Connection, principal: Principal) -> dict | None:
    """The newest stored forecast run that covers (part of) the caller's scope."""
    row = conn.execute(select(FR).where(_runs_covering(principal, FR)).order_by(FR.c.created_at.desc(), FR.c.id.desc())
                       .limit(1)).mappings().one_or_none()
    return dict(row) if row else None


def forecasts_of_run(conn: Connection, principal: Principal, run_id: int, *, region_code: str | None = None
                     ) -> pd.DataFrame:
    """A run's forecasts inside the caller's scope, with region names, target month as ``YYYY-MM``."""
    conds = [F.c.run_id == run_id, code_in_scope(F.c.region_code, principal.scope)]
    if region_code:
        conds.append(F.c.region_code == region_code)
    stmt = (select(*[F.c[c] for c in FORECAST_COLUMNS], R.c.name.label("region_name"))
            .select_from(F.join(R, R.c.code == F.c.region_code)).where(*conds)
            .order_by(F.c.horizon, F.c.mean.desc(), F.c.region_code))
    frame = rows_frame(conn, stmt, [*FORECAST_COLUMNS, "region_name"])
    frame["target_month"] = pd.to_datetime(frame["target_month"]).dt.strftime("%Y-%m")
    return frame


def save_backtest_run(conn: Connection, run: dict[str, Any]) -> int:
    """Insert a backtest run (scope_code, month_from, month_to, horizons, model_version, config_version,
    seed, data_as_of, n_origins, result, duration_s, created_by); returns its id."""
    return int(conn.execute(insert(B).values(**run)).inserted_primary_key[0])


def latest_backtest_run(conn: Connection, principal: Principal, *, scope: Scope | None = None) -> dict | None:
    """The newest stored backtest whose scope covers or lies in the caller's scope (metrics are
    aggregates, never region rows). ``scope`` asks for one scope exactly."""
    stmt = select(B).order_by(B.c.created_at.desc(), B.c.id.desc()).limit(1)
    stmt = stmt.where(_runs_covering(principal, B))
    if scope is not None:
        stmt = stmt.where(B.c.scope_code == scope.encode())
    row = conn.execute(stmt).mappings().one_or_none()
    return dict(row) if row else None

