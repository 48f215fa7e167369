"""Forecast scores: Brier and average precision (AUPR) for the serious-incident event, MAE and CRPS
for counts, interval coverage, skill against a baseline, and reliability bins."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score

from scoring.early_warning.distributions import Predictive

METRICS = ("brier", "aupr", "mae", "crps", "coverage80", "coverage90")
LOWER_IS_BETTER = ("brier", "mae", "crps")


def crps(pred: Predictive, y: np.ndarray) -> np.ndarray:
    """CRPS of an integer-valued forecast per observation: Σₖ (F(k) − 1{y ≤ k})² over k = 0 … K."""
    y = np.asarray(y, float)
    k_max = max(int(y.max(initial=0)), pred.support_max()) + 2
    grid = np.arange(k_max)
    f = pred.cdf(grid)
    step = (grid[None, :] >= y[:, None]).astype(float)
    return ((f - step) ** 2).sum(axis=1)


def brier(p: np.ndarray, outcome: np.ndarray) -> float:
    return float(np.mean((np.asarray(p, float) - np.asarray(outcome, float)) ** 2))


def aupr(p: np.ndarray, outcome: np.ndarray) -> float | None:
    """Average precision; None when the event never happened (undefined)."""
    outcome = np.asarray(outcome, int)
    if outcome.sum() == 0:
        return None
    return float(average_precision_score(outcome, np.asarray(p, float)))


def coverage(lo: np.ndarray, hi: np.ndarray, y: np.ndarray) -> float:
    y = np.asarray(y)
    return float(np.mean((y >= lo) & (y <= hi)))


def skill(score: float | None, baseline: float | None) -> float | None:
    """1 − score/baseline (positive = better than the baseline); None when undefined."""
    if score is None or baseline is None or baseline == 0:
        return None
    return 1.0 - score / baseline


def reliability(p: np.ndarray, outcome: np.ndarray, bins: int) -> list[dict]:
    """Equal-width bins of the forecast probability: mean forecast, observed frequency and count."""
    p = np.asarray(p, float)
    outcome = np.asarray(outcome, float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            rows.append({"bin_low": float(edges[b]), "bin_high": float(edges[b + 1]),
                         "forecast": float(p[mask].mean()), "observed": float(outcome[mask].mean()),
                         "n": int(mask.sum())})
    return rows
