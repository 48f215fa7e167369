"""Monthly incident arrays (unit × feature × month), built once, and the *tekanan insiden* rates.

All month-dependent incident figures for any range of months come from one pass over
the daily aggregates, so a 120-month history costs about as much as one month.
Months are absolute numbers (months since 1970-01, numpy ``datetime64[M]``); a scored
month's as-of date is its last day, except for the month holding ``as_of`` (the running
month), whose windows all end on ``as_of``. Rows reported after ``known_by`` are not read.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.config import Methodology
from scoring.inputs import EncodedInputs, lookup

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
    recent_deaths: (U, M) deaths in the override window ending at each month's end;
    ends: (M,) the day (days since 1970-01-01) every window of each month ends on (as-of);
    weight_sum, weight_sq: (2 arenas, M) Σw and Σw² of the incident weights per event month;
    data_as_of: (M,) newest report day (known_on) of the rows read up to each month's end (−1 none).
    """

    units: tuple[str, ...]
    months: np.ndarray
    series: tuple[str, ...]
    pressure: np.ndarray
    window_counts: np.ndarray
    monthly_counts: np.ndarray
    recent_deaths: np.ndarray
    ends: np.ndarray
    weight_sum: np.ndarray
    weight_sq: np.ndarray
    data_as_of: np.ndarray

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


def _roll_up(arr: np.ndarray, parent: np.ndarray) -> np.ndarray:
    """Add every unit's rows (axis 0) to its parent's rows."""
    out = arr.copy()
    child = np.flatnonzero(parent >= 0)
    np.add.at(out, parent[child], arr[child])
    return out


def reach_months(methodology: Methodology) -> int:
    """How many months before the first scored month the incident arrays must start."""
    longest_window = max(methodology.eskalasi.window_days, methodology.overrides.deaths_window_days)
    return max(methodology.tekanan.lookback_months - 1, methodology.eskalasi.baseline_months + 1,
               -(-longest_window // 28) + 1)


def build_cube(daily: EncodedInputs, units: pd.Index, parent: np.ndarray, first_month: int, last_month: int,
               categories: tuple[str, ...], methodology: Methodology,
               event_units: int | None = None, as_of: int | None = None,
               known_by: int | None = None) -> tuple[IncidentCube, int]:
    """Aggregate the encoded ``incident_daily`` (``ScoringInputs.encoded``) into monthly arrays for months ``first_month..last_month``.

    ``units``: unit codes; ``parent[i]``: index of unit i's province unit (−1 if none) — a
    kab/kota event also counts for its province; ``event_units``: only the first so many units
    (the kab/kota) may be named by an event. Only the months that can affect the
    scored months are read (see :func:`reach_months`). ``as_of`` (day number, within
    ``last_month``) ends the last month early; ``known_by`` (day number) drops rows reported
    later. Returns the cube and the number of incidents left out because their region code is unknown.
    """
    cfg_t, cfg_e, cfg_o = methodology.tekanan, methodology.eskalasi, methodology.overrides
    lo = first_month - reach_months(methodology)
    months = np.arange(lo, last_month + 1)
    ends = month_end_day(months)
    if as_of is not None:
        ends[-1] = min(int(ends[-1]), int(as_of))
    n_units, n_months = len(units), len(months)

    start = int(np.datetime64(lo, "M").astype("datetime64[D]").astype(np.int64))
    keep = (daily.day >= start) & (daily.day <= int(ends[-1]))
    if known_by is not None:
        keep &= daily.known_day <= int(known_by)
    sel = np.flatnonzero(keep)
    vocabulary = units[:event_units] if event_units is not None else units
    unit = lookup(daily.region, vocabulary, sel)
    unknown = unit < 0
    dropped = int(daily.counts["incidents"][sel][unknown].sum())
    rows = sel[~unknown]
    u = unit[~unknown]
    day = daily.day[rows]
    col = daily.month[rows] - lo
    get = lambda name: daily.counts[name][rows].astype(float)  # noqa: E731
    decode = lambda pair, vocab: lookup(pair, pd.Index(vocab), rows)  # noqa: E731

    # tekanan: severity + casualty weights, decayed to the end of the event's own month ...
    sev_w = np.append(np.array(list(cfg_t.severity_weights.values())), 1.0)  # unknown severity weighs 1
    sev = sev_w[decode(daily.severity, list(cfg_t.severity_weights))]
    cw = cfg_t.casualty_weights
    incidents, deaths = get("incidents"), get("deaths")
    w = incidents * sev + deaths * cw["deaths"] + get("injuries") * cw["injuries"] + get("displaced") * cw["displaced"]
    decay = 0.5 ** ((ends[col] - day) / cfg_t.half_life_days)
    arena = daily.is_maya[rows].astype(np.int64)
    # Σw and Σw² per arena and event month: the overdispersion of a weighted count (shrinkage, Monte Carlo);
    # a row aggregates `incidents` incidents of the same severity, each weighing w / incidents
    per = np.where(incidents > 0, w / np.maximum(incidents, 1), 0.0)
    weight_sum = np.bincount(arena * n_months + col, w, 2 * n_months).reshape(2, n_months)
    weight_sq = np.bincount(arena * n_months + col, w * per, 2 * n_months).reshape(2, n_months)
    known = daily.known_day[rows]
    newest = np.full(n_months, -1, np.int64)
    np.maximum.at(newest, col, known)
    data_as_of = np.maximum.accumulate(newest)
    a = np.bincount((u * 2 + arena) * n_months + col, w * decay, n_units * 2 * n_months).reshape(
        n_units * 2, n_months)
    # ... then carried forward: month m holds Σ A[m'] · 0.5^((end_m − end_m')/h) over the
    # `lookback_months` months up to m (older incidents weigh < 0.5^(lookback·30/h), i.e. nothing)
    gap = ends[None, :] - ends[:, None]
    lag = months[None, :] - months[:, None]
    carry = np.where((lag >= 0) & (lag < cfg_t.lookback_months),
                     0.5 ** (np.maximum(gap, 0) / cfg_t.half_life_days), 0.0)
    pressure = (a @ carry).reshape(n_units, 2, n_months)

    # eskalasi: counts per category; the all-category series is their sum (everything here is linear)
    cat_codes, cat_uniques = daily.category
    present = np.unique(cat_codes[rows])
    extra = tuple(sorted(set(np.asarray(cat_uniques, dtype=object)[present]) - set(categories)))
    series = (TOTAL,) + tuple(categories) + extra
    cat = decode(daily.category, series)
    n_s = len(series)
    monthly = np.bincount((u * n_s + cat) * n_months + col, incidents, n_units * n_s * n_months).reshape(
        n_units, n_s, n_months)
    window = _window_sums(u, cat, n_s, day, incidents, col, ends, n_units, cfg_e.window_days)
    monthly[:, 0] = monthly[:, 1:].sum(axis=1)
    window[:, 0] = window[:, 1:].sum(axis=1)
    recent_deaths = _window_sums(u, np.zeros_like(u), 1, day, deaths, col, ends, n_units,
                                 cfg_o.deaths_window_days)[:, 0, :]
    # a province also holds the sums of its kab/kota (one level: provinces have no parent)
    pressure, monthly, window, recent_deaths = (_roll_up(x, parent) for x in (pressure, monthly, window,
                                                                               recent_deaths))
    cube = IncidentCube(tuple(units), months, series, pressure, np.rint(window), monthly, np.rint(recent_deaths),
                        ends, weight_sum, weight_sq, data_as_of)
    return cube, dropped


def pressure_rates(cube: IncidentCube, population: np.ndarray, month_cols: np.ndarray,
                   methodology: Methodology) -> np.ndarray:
    """Decayed weighted incidents per ``per_population`` inhabitants: (U, 2 arenas, len(month_cols)).

    Unknown or non-positive population → NaN (missing, re-weighted later), never zero.
    """
    pop = np.where(population > 0, population, np.nan)
    return cube.pressure[:, :, month_cols] * methodology.tekanan.per_population / pop[:, None, None]
