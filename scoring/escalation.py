"""*Eskalasi*: incidents of the last 30 days against the region's own 12-month baseline.

p = P(X ≥ observed), X ~ NB(mean λ, dispersion α) (var = λ + α·λ²; α = 0 is Poisson),
λ = max(baseline mean rescaled to the window, floor), α fitted per region and series from its
own baseline months (method of moments) or pooled over its peers when it has too few active
months. Per-category p's are Bonferroni-adjusted across categories; the region's p is the
smallest. The regions of a level tested in the same month are then corrected together
(Benjamini–Hochberg q-values by default) and the component is 100 × min(−log10 q, cap)/cap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from scoring.config import Methodology
from scoring.incidents import IncidentCube

DAYS_PER_MONTH = 30.4375  # mean Gregorian month, to rescale a monthly mean to the window
POISSON_BELOW = 1e-8      # dispersion treated as zero


def nb_sf(k: np.ndarray, lam: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """P(X ≥ k) for X ~ NB(mean lam, dispersion alpha), element-wise; alpha 0 → Poisson.

    NB: P(X ≥ k) = I_{λα/(1+λα)}(k, 1/α) (regularised incomplete beta); Poisson: P(X ≥ k) = P(k, λ)
    (regularised lower incomplete gamma). k ≤ 0 → 1. α below 1e-8 is treated as Poisson (the NB
    limit; 1/α would overflow).
    """
    k, lam, alpha = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(lam, dtype=float),
                                        np.asarray(alpha, dtype=float))
    out = np.ones(k.shape)
    pos = k > 0
    nb = pos & (alpha > POISSON_BELOW)
    po = pos & ~(alpha > POISSON_BELOW)
    if nb.any():
        a, l_ = alpha[nb], lam[nb]
        out[nb] = special.betainc(k[nb], 1.0 / a, a * l_ / (1.0 + a * l_))
    if po.any():
        out[po] = special.gammainc(k[po], lam[po])
    return out


def adjust_across(p: np.ndarray, groups: np.ndarray, method: str) -> np.ndarray:
    """Multiple-testing correction of p (U, M) across the units of each group, per month.

    "benjamini_hochberg": q_(i) = min_{j ≥ i} p_(j)·n/j over the n finite p's of the group;
    "bonferroni": min(p·n, 1); "none": p. NaN stays NaN.
    """
    if method == "none":
        return p.copy()
    out = np.full(p.shape, np.nan)
    for g in pd.unique(np.asarray(groups, dtype=object)):
        rows = np.flatnonzero(groups == g)
        sub = p[rows]                              # (R, M)
        finite = np.isfinite(sub)
        n = finite.sum(axis=0)                     # (M,)
        if method == "bonferroni":
            out[rows] = np.minimum(sub * n, 1.0)
            continue
        filled = np.where(finite, sub, np.inf)
        order = np.argsort(filled, axis=0, kind="stable")
        ranked = np.take_along_axis(filled, order, 0)
        pos = np.arange(1, len(rows) + 1)[:, None]
        with np.errstate(invalid="ignore"):
            q = ranked * n[None, :] / pos
        q = np.minimum.accumulate(q[::-1], axis=0)[::-1]   # step-up: min over j ≥ i
        q = np.minimum(q, 1.0)
        back = np.empty_like(q)
        np.put_along_axis(back, order, q, 0)
        out[rows] = np.where(finite, back, np.nan)
    return out


def dispersion(monthly: np.ndarray, cols: np.ndarray, groups: np.ndarray, methodology: Methodology,
               ) -> tuple[np.ndarray, np.ndarray]:
    """Baseline mean count per month and NB dispersion α, per unit × series × scored column (U, S, M).

    Over the ``baseline_months`` calendar months before each scored month: mean m, sample
    variance v (ddof 1), α = max(v − m, 0)/m² when the series has ≥ ``min_active_months``
    months with incidents; otherwise the pooled α of the unit's group (Σ max(v − m, 0) / Σ m²
    over the group's units that have enough data), else 0. Poisson model: α = 0.
    """
    cfg = methodology.eskalasi
    b = cfg.baseline_months
    cum = lambda a: np.concatenate([np.zeros(a.shape[:2] + (1,)), np.cumsum(a, 2)], 2)  # noqa: E731
    first = np.maximum(cols - b, 0)
    span = lambda c: c[:, :, cols] - c[:, :, first]  # noqa: E731
    s1, s2, active = span(cum(monthly)), span(cum(monthly ** 2)), span(cum((monthly > 0).astype(float)))
    mean = s1 / b
    if cfg.model == "poisson":
        return mean, np.zeros(mean.shape)
    var = (s2 - b * mean ** 2) / (b - 1) if b > 1 else np.zeros(mean.shape)
    excess = np.maximum(var - mean, 0.0)
    enough = active >= cfg.min_active_months
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.where(enough & (mean > 0), excess / mean ** 2, np.nan)
    codes, uniques = pd.factorize(pd.Series(np.asarray(groups, dtype=object)))
    member = (codes[None, :] == np.arange(len(uniques))[:, None]).astype(float)  # (G, U)
    num = np.einsum("gu,usm->gsm", member, np.where(enough, excess, 0.0))
    den = np.einsum("gu,usm->gsm", member, np.where(enough, mean ** 2, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(den > 0, num / den, 0.0)[codes]
    return mean, np.where(np.isnan(own), pooled, own)


@dataclass(frozen=True)
class Escalation:
    """Per unit × month: component 0–100 and its driving series.

    score: (U, M); driver: (U, M) index into cube.series (0 = all categories);
    observed, expected: (U, M) window count and baseline rescaled to the window (unfloored) of the driver;
    alpha: (U, M) NB dispersion of the driver; p, q: (U, M) the region's p-value and its
    multiple-testing-corrected q; signal: q ≤ alpha;
    series_observed/series_expected/series_surprise/series_alpha: (U, S, M) for every series
    (surprise = −log10 p, unadjusted).
    """

    score: np.ndarray
    driver: np.ndarray
    observed: np.ndarray
    expected: np.ndarray
    alpha: np.ndarray
    p: np.ndarray
    q: np.ndarray
    signal: np.ndarray
    series_observed: np.ndarray
    series_expected: np.ndarray
    series_surprise: np.ndarray
    series_alpha: np.ndarray


def region_p(observed: np.ndarray, lam: np.ndarray, alpha: np.ndarray, methodology: Methodology,
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(p per series (U, S, …), region p (U, …), driving series (U, …)) from window counts (U, S, …)."""
    cfg = methodology.eskalasi
    p = nb_sf(observed, lam, alpha)
    n_cat = p.shape[1] - 1
    adjusted = p.copy()
    if cfg.per_category and n_cat > 1:
        adjusted[:, 1:] = np.minimum(p[:, 1:] * n_cat, 1.0)
    elif not cfg.per_category:
        adjusted[:, 1:] = 1.0
    driver = np.argmin(adjusted, axis=1)  # ties go to the all-category series (index 0)
    best = np.take_along_axis(adjusted, np.expand_dims(driver, 1), 1)[:, 0]
    return p, best, driver


def component(q: np.ndarray, cap: float) -> np.ndarray:
    """100 × min(−log10 q, cap) / cap (NaN stays NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * np.minimum(-np.log10(q), cap) / cap + 0.0


def escalation(cube: IncidentCube, month_cols: np.ndarray, methodology: Methodology, groups: np.ndarray,
               peers: np.ndarray) -> Escalation:
    """Escalation for the cube columns ``month_cols``.

    ``groups`` (U,): reference set whose pooled dispersion a sparse series borrows; ``peers`` (U,):
    the level (kab/kota vs provinsi) whose units are corrected together for multiple testing.
    """
    cfg = methodology.eskalasi
    cols = np.asarray(month_cols)
    mean, alpha = dispersion(cube.monthly_counts, cols, groups, methodology)
    expected = mean * cfg.window_days / DAYS_PER_MONTH
    observed = cube.window_counts[:, :, cols]
    lam = np.maximum(expected, cfg.lambda_floor)
    p_series, p, driver = region_p(observed, lam, alpha, methodology)
    q = adjust_across(p, peers, cfg.multiple_testing)
    pick = lambda a: np.take_along_axis(a, driver[:, None, :], 1)[:, 0, :]  # noqa: E731
    with np.errstate(divide="ignore"):
        sur = -np.log10(p_series) + 0.0
    return Escalation(component(q, cfg.surprise_cap), driver, pick(observed), pick(expected), pick(alpha), p, q,
                      q <= cfg.alpha, observed, expected, sur, alpha)
