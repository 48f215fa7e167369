"""*Eskalasi*: incidents of the last 30 days against the region's own 12-month baseline.

Surprise = −log10 P(X ≥ observed | λ), X ~ Poisson(λ), λ = max(baseline rescaled to the
window, floor). The floor makes a sudden spike in a quiet region visible. Per-category
surprises are Bonferroni-adjusted (−log10 of the number of categories) before competing
with the all-category surprise; the component is the largest, capped and mapped to 0–100.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.config import Methodology
from scoring.incidents import IncidentCube

DAYS_PER_MONTH = 30.4375  # mean Gregorian month, to rescale a monthly mean to the window


def poisson_sf(k: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """P(X ≥ k) for X ~ Poisson(lam), element-wise; k non-negative integers, lam > 0.

    Summed from the side with the smaller tail so no precision is lost to cancellation:
    above the mean the upper tail Σ_{i≥k} pmf(i), otherwise 1 − Σ_{i<k} pmf(i).
    """
    k = np.asarray(k, dtype=np.int64)
    lam = np.broadcast_to(np.asarray(lam, dtype=float), k.shape)
    out = np.ones(k.shape)
    if k.size == 0 or k.max() <= 0:
        return out
    logfact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, k.max() + 1)))])

    def log_pmf(i: np.ndarray, l: np.ndarray) -> np.ndarray:
        return -l + i * np.log(l) - logfact[i]

    upper = (k > 0) & (k > lam)
    kk, ll = k[upper].astype(float), lam[upper]
    term = np.exp(log_pmf(k[upper], ll))
    total = term.copy()
    j = 0
    active = np.ones(kk.shape, bool)
    while active.any():  # converges geometrically: ratio lam/(k+j) < 1
        j += 1
        term = np.where(active, term * ll / (kk + j), 0.0)
        total += term
        active = term > 1e-17 * total
    out[upper] = np.minimum(total, 1.0)

    lower = (k > 0) & ~upper
    kk, ll = k[lower], lam[lower]
    i = kk - 1
    term = np.exp(log_pmf(i, ll))
    total = term.copy()
    active = i > 0
    while active.any():  # i counts down to 0; ratio i/lam ≤ 1 below the mean
        term = np.where(active, term * i / ll, 0.0)
        i = np.where(active, i - 1, i)
        total += term
        active = (i > 0) & (term > 1e-17 * total)
    out[lower] = np.clip(1.0 - total, 0.0, 1.0)
    return out


def surprise(observed: np.ndarray, lam: np.ndarray, cap: float) -> np.ndarray:
    """−log10 P(X ≥ observed | lam), capped at ``cap``."""
    p = poisson_sf(observed, lam)
    with np.errstate(divide="ignore"):
        return np.minimum(-np.log10(np.maximum(p, 0.0)), cap) + 0.0  # + 0.0 turns −0.0 into 0.0


@dataclass(frozen=True)
class Escalation:
    """Per unit × month: component 0–100 and its driving series.

    score: (U, M); driver: (U, M) index into cube.series (0 = all categories);
    observed, expected: (U, M) window count and baseline rescaled to the window (unfloored) of the driver;
    series_observed/series_expected/series_surprise: (U, S, M) for every series.
    """

    score: np.ndarray
    driver: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    series_observed: np.ndarray
    series_expected: np.ndarray
    series_surprise: np.ndarray


def escalation(cube: IncidentCube, month_cols: np.ndarray, methodology: Methodology) -> Escalation:
    """Escalation component for the cube columns ``month_cols``."""
    cfg = methodology.eskalasi
    b = cfg.baseline_months
    cum = np.concatenate([np.zeros(cube.monthly_counts.shape[:2] + (1,)), np.cumsum(cube.monthly_counts, 2)], 2)
    cols = np.asarray(month_cols)
    # months cols−b … cols−1 (the cube always starts ≥ b months before the first scored month)
    base = (cum[:, :, cols] - cum[:, :, np.maximum(cols - b, 0)]) / b
    expected = base * cfg.window_days / DAYS_PER_MONTH
    observed = cube.window_counts[:, :, cols]
    # capped only after the Bonferroni adjustment, so a category spike can also reach 100
    s = surprise(observed.astype(np.int64), np.maximum(expected, cfg.lambda_floor), np.inf)
    n_cat = len(cube.series) - 1
    adjusted = s.copy()
    if cfg.per_category and n_cat > 1:
        adjusted[:, 1:, :] = np.maximum(s[:, 1:, :] - np.log10(n_cat), 0.0)
    elif not cfg.per_category:
        adjusted[:, 1:, :] = 0.0
    adjusted = np.minimum(adjusted, cfg.surprise_cap)
    s = np.minimum(s, cfg.surprise_cap)
    driver = np.argmax(adjusted, axis=1)  # ties go to the all-category series (index 0)
    best = np.take_along_axis(adjusted, driver[:, None, :], 1)[:, 0, :]
    pick = lambda a: np.take_along_axis(a, driver[:, None, :], 1)[:, 0, :]  # noqa: E731
    return Escalation(100.0 * best / cfg.surprise_cap, driver, pick(observed), pick(expected),
                      observed, expected, s)
