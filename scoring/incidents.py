"""Monthly incident arrays (unit × feature × month), built once, and the *tekanan insiden* rates.

All month-dependent incident figures for any range of months come from one pass over
the daily aggregates, so a 120-month history costs about as much as one month.
Months are absolute numbers (months since 1970-01, numpy ``datetime64[M]``); a scored
month's as-of date is its last day.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.config import Methodology

ARENAS = ("nyata", "maya")
TOTAL = "semua"  # the all-category series of the escalation arrays


def month_number(period: str) -> int:
    """``"2024-10"`` → months since 1970-01."""
    return int(np.datetime64(period, "M").astype(int))


def month_end_day(months: np.ndarray) -> np.ndarray:
    """Day numbers (days since 1970-01-01) of the last day of each absolute month."""
    return ((np.asarray(months) + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - 1)


@dataclass(frozen=True)
class IncidentCube:
    """Incident features per unit and month, for the contiguous months ``months``.

    pressure: (U, 2, M) decayed weighted incidents at each month's end (arenas nyata, maya);
    window_counts: (U, S, M) incidents in the escalation window ending at each month's end;
    monthly_counts: (U, S, M) incidents per calendar month; series S = ("semua", *categories);
    recent_deaths: (U, M) deaths in the override window ending at each month's end.
    """

    units: tuple[str, ...]
    months: np.ndarray
    series: tuple[str, ...]
    pressure: np.ndarray
    window_counts: np.ndarray
    monthly_counts: np.ndarray
    recent_deaths: np.ndarray

    def column(self, month: int) -> int:
        i = month - int(self.months[0])
        if not 0 <= i < len(self.months):
            raise ValueError(f"bulan di luar rentang data insiden: {month}")
        return i


def _window_sums(unit: np.ndarray, series: np.ndarray, n_series: int, day: np.ndarray, weight: np.ndarray,
                 month_col: np.ndarray, ends: np.ndarray, n_units: int, window: int) -> np.ndarray:
    """Σ weight over events with end_m − window < day ≤ end_m, for every month m, via a difference array.

    An event belongs to the windows of a contiguous run of months: from its own month
    (if it is within ``window`` days of that month's end) to the last month whose end is
    fewer than ``window`` days after it.
    """
    n_months = len(ends)
    last = np.searchsorted(ends, day + window - 1, side="right") - 1
    ok = last >= month_col
    base = (unit * n_series + series) * (n_months + 1)
    size = n_units * n_series * (n_months + 1)
    diff = np.bincount(base[ok] + month_col[ok], weight[ok], size) - np.bincount(base[ok] + last[ok] + 1,
                                                                                   weight[ok], size)
    return np.cumsum(diff.reshape(n_units, n_series, n_months + 1), axis=2)[:, :, :n_months]


def build_cube(daily: pd.DataFrame, units: pd.Index, parent: np.ndarray, first_month: int, last_month: int,
               categories: tuple[str, ...], methodology: Methodology) -> IncidentCube:
    """Aggregate ``incident_daily`` into monthly arrays for months ``first_month..last_month``.

    ``units``: unit codes; ``parent[i]``: index of unit i's province unit (−1 if none) — a
    kab/kota event also counts for its province. Events of unknown regions or after the
    last month are left out; the arrays start early enough for baselines and decay.
    """
    cfg_t, cfg_e, cfg_o = methodology.tekanan, methodology.eskalasi, methodology.overrides
    day = daily["day"].to_numpy().astype("datetime64[D]").astype(np.int64)
    ev_month = daily["day"].to_numpy().astype("datetime64[M]").astype(np.int64)
    lo = min(first_month - cfg_e.baseline_months - 1, int(ev_month.min()) if len(ev_month) else first_month)
    months = np.arange(lo, last_month + 1)
    ends = month_end_day(months)

    unit = units.get_indexer(daily["region_code"])
    keep = (unit >= 0) & (ev_month <= last_month)
    # every event is counted for its own unit and, duplicated, for the province above it
    par = np.where(unit >= 0, parent[np.maximum(unit, 0)], -1)
    dup = keep & (par >= 0)
    idx = np.concatenate([np.flatnonzero(keep), np.flatnonzero(dup)])
    u = np.concatenate([unit[keep], par[dup]])
    day, col = day[idx], (ev_month[idx] - lo)
    ev = daily.iloc[idx]
    n_units, n_months = len(units), len(months)

    # tekanan: severity + casualty weights, decayed to the end of the event's own month ...
    sev = ev["severity"].map(dict(cfg_t.severity_weights)).fillna(1.0).to_numpy()
    cw = cfg_t.casualty_weights
    w = (ev["incidents"].to_numpy() * sev + ev["deaths"].to_numpy() * cw["deaths"]
         + ev["injuries"].to_numpy() * cw["injuries"] + ev["displaced"].to_numpy() * cw["displaced"])
    decay = 0.5 ** ((ends[col] - day) / cfg_t.half_life_days)
    arena = np.where(ev["arena"].to_numpy() == "maya", 1, 0)
    a = np.bincount((u * 2 + arena) * n_months + col, w * decay, n_units * 2 * n_months).reshape(
        n_units * 2, n_months)
    # ... then carried forward: month m holds Σ_{m' ≤ m} A[m'] · 0.5^((end_m − end_m')/h)
    gap = ends[None, :] - ends[:, None]
    carry = np.where(gap >= 0, 0.5 ** (np.maximum(gap, 0) / cfg_t.half_life_days), 0.0)
    pressure = (a @ carry).reshape(n_units, 2, n_months)

    # eskalasi: counts per series (all categories + each category)
    series = (TOTAL,) + tuple(categories) + tuple(sorted(set(ev["category"]) - set(categories)))
    cat = pd.Index(series).get_indexer(ev["category"])
    count = ev["incidents"].to_numpy().astype(float)
    n_s = len(series)
    uu, ss = np.concatenate([u, u]), np.concatenate([np.zeros_like(cat), cat])
    dd, cc, kk = np.concatenate([day, day]), np.concatenate([col, col]), np.concatenate([count, count])
    monthly = np.bincount((uu * n_s + ss) * n_months + cc, kk, n_units * n_s * n_months).reshape(
        n_units, n_s, n_months)
    window = _window_sums(uu, ss, n_s, dd, kk, cc, ends, n_units, cfg_e.window_days)
    deaths = _window_sums(u, np.zeros_like(u), 1, day, ev["deaths"].to_numpy().astype(float), col, ends,
                          n_units, cfg_o.deaths_window_days)[:, 0, :]
    return IncidentCube(tuple(units), months, series, pressure, np.rint(window), monthly, np.rint(deaths))


def pressure_rates(cube: IncidentCube, population: np.ndarray, month_cols: np.ndarray,
                   methodology: Methodology) -> np.ndarray:
    """Decayed weighted incidents per ``per_population`` inhabitants: (U, 2 arenas, len(month_cols)).

    Unknown or non-positive population → NaN (missing, re-weighted later), never zero.
    """
    pop = np.where(population > 0, population, np.nan)
    return cube.pressure[:, :, month_cols] * methodology.tekanan.per_population / pop[:, None, None]
