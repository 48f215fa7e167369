"""Features known at a forecast origin, for every kab/kota and every origin month at once.

Every feature at origin month ``s`` is a causal function of the panel's months ``≤ s`` (recursive
decays, lags, trailing means), plus facts known in advance: the target month's season, its distance
to the nearest election, population and the latest structural indicator values dated ``≤ s``.
Because the panel itself is built from a :func:`~scoring.early_warning.panel.vintage`, nothing
reported after the origin can enter.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from scoring.early_warning.config import ForecastConfig
from scoring.early_warning.panel import Panel

QUIET_CAP = 36      # months since the last incident are capped here (and used when there was none)
ELECTION_CAP = 24   # months to the nearest election, capped


@dataclass(frozen=True)
class FeatureInputs:
    """Everything the features read besides the config. ``adjacency`` is (regions × regions) 0/1,
    ``structural`` maps an indicator code to (regions × months) values, NaN where unknown."""

    panel: Panel
    adjacency: np.ndarray
    population: np.ndarray
    election_months: tuple[pd.Timestamp, ...] = ()
    structural: dict[str, np.ndarray] = field(default_factory=dict)


def decayed(x: np.ndarray, half_life: float) -> np.ndarray:
    """``D[s] = x[s] + d·D[s−1]`` along the last axis with ``d = 0.5 ** (1 / half_life)``."""
    d = 0.5 ** (1.0 / half_life)
    return lfilter([1.0], [1.0, -d], x, axis=-1)


def lagged(x: np.ndarray, k: int) -> np.ndarray:
    """``x[s − k]`` (zero before the first month)."""
    out = np.zeros_like(x)
    if k < x.shape[-1]:
        out[..., k:] = x[..., : x.shape[-1] - k]
    return out


def trailing_mean(x: np.ndarray, window: int) -> np.ndarray:
    """Mean of ``x[s−window+1 .. s]`` over the months that exist."""
    c = np.cumsum(x, axis=-1)
    n = np.minimum(np.arange(1, x.shape[-1] + 1), window)
    return (c - lagged(c, window)) / n


def months_since_last(x: np.ndarray) -> np.ndarray:
    """Months since the last month with an incident (0 = this month), capped at :data:`QUIET_CAP`."""
    idx = np.arange(x.shape[-1], dtype=float)
    last = np.where(x > 0, idx, np.nan)
    last = pd.DataFrame(last).ffill(axis=1).to_numpy()
    since = idx - last
    return np.where(np.isnan(since), QUIET_CAP, np.minimum(since, QUIET_CAP))


def origin_features(inputs: FeatureInputs, cfg: ForecastConfig) -> dict[str, np.ndarray]:
    """Named (regions × months) arrays: the value of each feature at every origin month."""
    p = inputs.panel
    feats: dict[str, np.ndarray] = {}
    for hl in cfg.half_lives:
        feats[f"decay_{hl:g}"] = decayed(p.total, hl)
    feats["serious_decay_3"] = decayed(p.serious, 3.0)
    feats["maya_decay_3"] = decayed(p.maya, 3.0)
    cat_decay = decayed(p.by_category, cfg.category_half_life)
    for i, code in enumerate(p.categories):
        feats[f"cat_{code}"] = cat_decay[i]
    for k in (0, 1, 2):
        feats[f"lag_{k + 1}"] = lagged(p.total, k)
    feats["mean_12"] = trailing_mean(p.total, 12)
    feats["serious_mean_12"] = trailing_mean(p.serious, 12)
    feats["months_quiet"] = months_since_last(p.total)
    adj = inputs.adjacency
    degree = adj.sum(axis=1, keepdims=True)
    weights = np.divide(adj, degree, out=np.zeros_like(adj, dtype=float), where=degree > 0)
    feats["neighbours_decay_3"] = weights @ decayed(p.total, 3.0)
    feats["neighbours_lag_1"] = weights @ p.total
    feats["log_population"] = np.repeat(np.log1p(inputs.population)[:, None], len(p.months), axis=1)
    for code, values in inputs.structural.items():
        feats[f"ind_{code}"] = values
    return feats


def election_distance(months: pd.DatetimeIndex, elections: tuple[pd.Timestamp, ...]) -> np.ndarray:
    """Signed months from each month to the nearest election month (negative = before it), capped."""
    if not elections:
        return np.full(len(months), float(ELECTION_CAP))
    m = months.year.to_numpy() * 12 + months.month.to_numpy()
    e = np.array([t.year * 12 + t.month for t in elections])
    diff = m[:, None] - e[None, :]
    nearest = diff[np.arange(len(m)), np.abs(diff).argmin(axis=1)]
    return np.clip(nearest, -ELECTION_CAP, ELECTION_CAP).astype(float)


def design(inputs: FeatureInputs, feats: dict[str, np.ndarray], origins: np.ndarray, horizon: int) -> pd.DataFrame:
    """One row per (region, origin) for ``horizon``: origin features, the target month's season and
    election distance, and the same month a year before the target (known when ``horizon ≤ 12``)."""
    p = inputs.panel
    n_r = len(p.codes)
    origins = np.asarray(origins, dtype=int)
    cols = {name: arr[:, origins].reshape(-1) for name, arr in feats.items()}
    target = pd.DatetimeIndex([p.months[0] + pd.DateOffset(months=int(s) + horizon) for s in origins])
    month_of_year = np.tile(target.month.to_numpy(float), n_r)
    cols["target_month_sin"] = np.sin(2 * np.pi * month_of_year / 12)
    cols["target_month_cos"] = np.cos(2 * np.pi * month_of_year / 12)
    cols["target_election"] = np.tile(election_distance(target, inputs.election_months), n_r)
    last_year = origins + horizon - 12
    same = np.where(last_year >= 0, p.total[:, np.clip(last_year, 0, None)], np.nan)
    cols["same_month_last_year"] = same.reshape(-1)
    frame = pd.DataFrame(cols)
    frame.insert(0, "origin", np.tile(origins, n_r))
    frame.insert(0, "region", np.repeat(np.arange(n_r), len(origins)))
    return frame


def targets(panel: Panel, origins: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Incidents and serious incidents in month ``origin + horizon``, in :func:`design`'s row order."""
    idx = np.asarray(origins, dtype=int) + horizon
    return panel.total[:, idx].reshape(-1), panel.serious[:, idx].reshape(-1)


FEATURE_ORDER_EXCLUDE = ("region", "origin")


def feature_matrix(frame: pd.DataFrame) -> np.ndarray:
    """The model's input columns of a :func:`design` frame, as floats."""
    return frame.drop(columns=list(FEATURE_ORDER_EXCLUDE)).to_numpy(float)
