"""Forecasts and the rolling-origin backtest: load aggregated inputs → scoring.early_warning → store.

The population fitted together is a *benchmark scope* (the province around the caller's scope, or the
whole country): neighbours and peers inform each other. Stored runs carry the model version, the
config version, the data-as-of day and the seed; the same inputs and seed give the same numbers.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access import early_warning as ew
from data_access import forecasts as store
from data_access.indicators import indicator_values
from domain.access import Principal, Role, Scope
from domain.taxonomy import taxonomy
from scoring.early_warning.backtest import StaticInputs, run_backtest
from scoring.early_warning.config import EarlyWarningConfig, load_config
from scoring.early_warning.features import origin_features
from scoring.early_warning.model import fit_forecast
from scoring.early_warning.panel import build_panel, month_range
from scoring.early_warning.rules import history_quantile
from services.adjacency import adjacency_matrix

LAG_MONTHS = 12   # history read before the first month a model needs (lags and trailing means)


@dataclass(frozen=True)
class ForecastOutcome:
    run_id: int
    origin: date
    forecasts: pd.DataFrame
    duration_s: float


def last_complete_month(as_of: date) -> pd.Timestamp:
    """The newest month whose every day lies on or before ``as_of``."""
    first = pd.Timestamp(as_of.year, as_of.month, 1)
    if (as_of + timedelta(days=1)).month != as_of.month:
        return first
    return first - pd.DateOffset(months=1)


def _structural(conn: Connection, scope: Scope, codes: tuple[str, ...], months: pd.DatetimeIndex
                ) -> dict[str, np.ndarray]:
    """Per indicator, (regions × months) of the latest value dated on or before each month."""
    reader = Principal(username="prakiraan", role=Role.ANALIS, scope=scope)
    values = indicator_values(conn, reader, period_to=months[-1].date())
    out: dict[str, np.ndarray] = {}
    if values.empty:
        return out
    values = values.assign(period=pd.to_datetime(values["period"]))
    for code, group in values.groupby("indicator_code", sort=True):
        wide = group.pivot_table(index="region_code", columns="period", values="value", aggfunc="last")
        wide = wide.reindex(index=list(codes), columns=wide.columns.union(months)).sort_index(axis=1).ffill(axis=1)
        out[str(code)] = wide.reindex(columns=months).to_numpy(float)
    return out


def load_static(conn: Connection, scope: Scope, months: pd.DatetimeIndex) -> tuple[StaticInputs, pd.DataFrame]:
    """Regions, adjacency, population, election months and structural indicators for ``scope``."""
    regions = ew.kabkota(conn, scope)
    codes = tuple(regions["code"])
    static = StaticInputs(
        codes=codes, categories=taxonomy().codes("category"), adjacency=adjacency_matrix(codes),
        population=regions["population"].fillna(0.0).to_numpy(float),
        election_months=ew.election_months(conn, scope), structural=_structural(conn, scope, codes, months))
    return static, regions


def _first_month(conn: Connection, scope: Scope, wanted: pd.Timestamp) -> pd.Timestamp:
    """``wanted``, or the month the data begin when later: months before any record are unknown, not zero."""
    first_data = ew.first_incident_day(conn, scope)
    if first_data is None:
        raise ValueError("belum ada insiden dalam cakupan ini")
    return max(pd.Timestamp(first_data.year, first_data.month, 1), wanted)


def _monthly(conn: Connection, scope: Scope, cfg: EarlyWarningConfig, first: pd.Timestamp, as_of: date) -> pd.DataFrame:
    return ew.monthly_counts(conn, scope, serious_severities=cfg.serious.severities,
                             serious_min_deaths=cfg.serious.min_deaths, month_from=first.date(), day_to=as_of)


def forecast_frame(conn: Connection, scope: Scope, *, as_of: date, seed: int, cfg: EarlyWarningConfig
                   ) -> tuple[pd.DataFrame, dict, pd.Timestamp]:
    """Fit on everything known on ``as_of`` and forecast every configured horizon for every kab/kota.

    Returns the forecasts (``data_access.forecasts.FORECAST_COLUMNS``), run facts and the origin month."""
    origin = last_complete_month(as_of)
    first = _first_month(conn, scope, origin - pd.DateOffset(months=cfg.forecast.history_months + LAG_MONTHS))
    months = month_range(first, origin)
    static, _ = load_static(conn, scope, months)
    panel = build_panel(_monthly(conn, scope, cfg, first, as_of), static.codes, months, static.categories)
    inputs = static.inputs(panel)
    feats = origin_features(inputs, cfg.forecast)
    o = len(months) - 1
    rule = cfg.rules["prakiraan_tinggi"]
    observed = panel.total[:, panel.total.any(axis=0).argmax():]  # from the first month with data
    q90 = history_quantile(observed, rule["quantile"], int(rule["min_history_months"]))
    frames, dispersion, train_rows = [], {}, 0
    for h in cfg.forecast.horizons:
        fc = fit_forecast(inputs, o, h, cfg.forecast, seed, feats)
        pred = fc.predictive
        lo80, hi80 = pred.interval(0.8)
        lo90, hi90 = pred.interval(0.9)
        frames.append(pd.DataFrame({
            "region_code": static.codes, "horizon": h, "target_month": origin + pd.DateOffset(months=h),
            "mean": pred.mean, "lo80": lo80, "hi80": hi80, "lo90": lo90, "hi90": hi90,
            "p_serious": pred.p_event, "history_q90": q90}))
        dispersion[str(h)] = {"alpha": round(pred.alpha, 6), "alpha_serious": round(fc.alpha_serious, 6)}
        train_rows += fc.train_rows
    return pd.concat(frames, ignore_index=True), {"dispersion": dispersion, "train_rows": train_rows}, origin


def run_forecast(conn: Connection, scope: Scope, *, created_by: str, as_of: date | None = None,
                 seed: int | None = None, cfg: EarlyWarningConfig | None = None) -> ForecastOutcome:
    """Forecast and store a run for ``scope`` (caller's transaction)."""
    cfg = cfg or load_config()
    as_of = as_of or date.today()
    seed = cfg.forecast.seed if seed is None else seed
    started = time.perf_counter()
    frame, facts, origin = forecast_frame(conn, scope, as_of=as_of, seed=seed, cfg=cfg)
    duration = time.perf_counter() - started
    run_id = store.save_forecast_run(conn, {
        "scope_code": scope.encode(), "origin": origin.date(), "data_as_of": as_of,
        "model_version": cfg.model_version, "config_version": cfg.version, "seed": seed,
        "train_rows": facts["train_rows"], "dispersion": facts["dispersion"], "duration_s": round(duration, 3),
        "created_by": created_by}, frame)
    return ForecastOutcome(run_id, origin.date(), frame, duration)


def backtest(conn: Connection, scope: Scope, *, month_from: pd.Timestamp, month_to: pd.Timestamp,
             horizons: tuple[int, ...], created_by: str, as_of: date | None = None, seed: int | None = None,
             cfg: EarlyWarningConfig | None = None, save: bool = True) -> dict:
    """Rolling-origin backtest over origins ``month_from`` … ``month_to``; stored when ``save``.

    Returns the stored result: ``{"horizons": [...], "reliability": [...]}`` plus the run's facts."""
    cfg = cfg or load_config()
    as_of = as_of or date.today()
    seed = cfg.forecast.seed if seed is None else seed
    last = last_complete_month(as_of)
    if month_to > last:
        raise ValueError(f"asal terakhir {month_to:%Y-%m} belum selesai (data sampai {as_of.isoformat()})")
    first = _first_month(conn, scope, month_from - pd.DateOffset(months=cfg.forecast.history_months + LAG_MONTHS))
    if month_from < first + pd.DateOffset(months=cfg.forecast.min_train_months):
        earliest = first + pd.DateOffset(months=cfg.forecast.min_train_months)
        raise ValueError(f"asal pertama terlalu awal: perlu {cfg.forecast.min_train_months} bulan riwayat "
                         f"(paling awal {earliest:%Y-%m})")
    months = month_range(first, max(last, month_to + pd.DateOffset(months=max(horizons))))
    origins = list(month_range(month_from, month_to))
    started = time.perf_counter()
    static, _ = load_static(conn, scope, months)
    monthly = _monthly(conn, scope, cfg, first, as_of)
    result = run_backtest(monthly, static, months, origins, tuple(horizons), last, cfg, seed)
    duration = time.perf_counter() - started
    facts = {"scope_code": scope.encode(), "month_from": month_from.date(), "month_to": month_to.date(),
             "horizons": ",".join(str(h) for h in horizons), "model_version": cfg.model_version,
             "config_version": cfg.version, "seed": seed, "data_as_of": as_of, "n_origins": len(origins),
             "result": result, "duration_s": round(duration, 3), "created_by": created_by}
    if save:
        facts["id"] = store.save_backtest_run(conn, facts)
    return facts


def default_origins(conn: Connection, scope: Scope, *, as_of: date, cfg: EarlyWarningConfig | None = None,
                    max_origins: int = 24) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The newest ``max_origins`` backtest origins the data allow: from the first month with enough
    history to the month before the last complete one (so horizon 1 has a target)."""
    cfg = cfg or load_config()
    last = last_complete_month(as_of) - pd.DateOffset(months=1)
    earliest = _first_month(conn, scope, pd.Timestamp("1900-01-01")) + pd.DateOffset(months=cfg.forecast.min_train_months)
    first = max(earliest, last - pd.DateOffset(months=max_origins - 1))
    if first > last:
        raise ValueError("riwayat terlalu pendek untuk uji mundur")
    return first, last
