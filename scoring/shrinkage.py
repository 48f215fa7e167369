"""Small numbers: empirical-Bayes shrinkage of the *tekanan* rates toward the reference set's pooled rate.

Gamma–Poisson model (Marshall 1991, method of moments). Per arena and reference set g:
n_u = population / per_population, x_u = decayed weighted incidents, r_u = x_u / n_u,
μ = Σx / Σn (pooled rate), s² = Σ n_u (r_u − μ)² / Σn, n̄ = Σn / N, φ = Σw² / Σw (mean weight
of one incident: a weighted count has variance φ·mean), A = max(s² − φ·μ / n̄, 0) and the
prior strength n0 = φ·μ / A, clamped to the methodology's [prior_population_min, max].
Shrunk rate r̃_u = (x_u + n0·μ) / (n_u + n0); its posterior is Gamma(shape (x_u + n0·μ)/φ,
scale φ/(n_u + n0)), which the Monte Carlo draws from.

n0 and φ are estimated from the ``lookback_months`` months before the scored month, so an
incident of the scored month changes only its own region's x and the pooled μ: one incident
of weight w moves r̃ by at most w / (n_u + n0_min) + w / Σn.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.config import Methodology
from scoring.incidents import IncidentCube


@dataclass(frozen=True)
class Shrinkage:
    """Per unit × arena × scored month: raw rate, shrunk rate, pooled rate μ, prior strength n0; φ per arena × month."""

    raw: np.ndarray      # (U, 2, M) per `per_population` inhabitants
    rate: np.ndarray     # (U, 2, M) shrunk
    mu: np.ndarray       # (U, 2, M)
    n0: np.ndarray       # (U, 2, M) in units of `per_population` inhabitants
    n: np.ndarray        # (U,) population / per_population (NaN unknown)
    phi: np.ndarray      # (2, M)


def _group_matrix(groups: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(G, U) 0/1 membership of the units with a valid population, and each unit's group index."""
    codes, uniques = pd.factorize(pd.Series(np.asarray(groups, dtype=object)))
    member = (codes[None, :] == np.arange(len(uniques))[:, None]) & valid[None, :]
    return member.astype(float), codes


def shrink(cube: IncidentCube, population: np.ndarray, groups: np.ndarray, month_cols: np.ndarray,
           methodology: Methodology) -> Shrinkage:
    """Shrunk *tekanan* rates for the cube columns ``month_cols`` (see module docstring)."""
    cfg = methodology.tekanan
    n = np.where(population > 0, population, np.nan) / cfg.per_population
    valid = np.isfinite(n)
    member, gidx = _group_matrix(groups, valid)
    nz = np.nan_to_num(n)
    x = cube.pressure  # (U, 2, Mc)
    raw_all = x / n[:, None, None]
    sum_n = member @ nz                                          # (G,)
    count = member.sum(axis=1)
    sum_x = np.einsum("gu,uam->gam", member, x)                  # (G, 2, Mc)
    with np.errstate(invalid="ignore", divide="ignore"):
        mu_all = sum_x / sum_n[:, None, None]
        dev = np.where(valid[:, None, None], raw_all - mu_all[gidx], 0.0)
        s2 = np.einsum("gu,uam->gam", member, nz[:, None, None] * dev ** 2) / sum_n[:, None, None]
        nbar = (sum_n / count)[:, None, None]
    cols = np.asarray(month_cols)
    if cfg.shrinkage == "none":
        raw = raw_all[:, :, cols]
        zero = np.zeros_like(raw)
        return Shrinkage(raw, raw, mu_all[gidx][:, :, cols], zero, n, np.ones((2, len(cols))))

    lookback = cfg.lookback_months
    cum = lambda a: np.concatenate([np.zeros(a.shape[:-1] + (1,)), np.cumsum(np.nan_to_num(a), -1)], -1)  # noqa: E731
    first = np.maximum(cols - lookback, 0)
    span = lambda c: c[..., cols] - c[..., first]  # noqa: E731  Σ over the months before each scored month
    ws, wq = span(cum(cube.weight_sum)), span(cum(cube.weight_sq))
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(ws > 0, wq / ws, 1.0)                       # (2, M)
        months = np.maximum(cols - first, 1)
        mu_b = span(cum(mu_all)) / months                           # (G, 2, M) mean pooled rate before
        a_all = np.maximum(s2 - phi_full(cube, lookback) * mu_all / nbar, 0.0)
        a_b = span(cum(a_all)) / months
        n0 = phi[None] * mu_b / a_b
    lo = cfg.prior_population_min / cfg.per_population
    hi = cfg.prior_population_max / cfg.per_population
    n0 = np.clip(np.where(np.isfinite(n0), n0, hi), lo, hi)[gidx]   # no spread or no incidents: strongest prior
    mu = np.nan_to_num(mu_all[gidx][:, :, cols])
    xs = x[:, :, cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (xs + n0 * mu) / (n[:, None, None] + n0)
    return Shrinkage(raw_all[:, :, cols], rate, mu, n0, n, phi)


def phi_full(cube: IncidentCube, lookback: int) -> np.ndarray:
    """φ for every cube month from the ``lookback`` months up to it (used for A of each past month)."""
    c = lambda a: np.concatenate([np.zeros((2, 1)), np.cumsum(a, -1)], -1)  # noqa: E731
    idx = np.arange(cube.weight_sum.shape[1])
    first = np.maximum(idx + 1 - lookback, 0)
    ws = c(cube.weight_sum)[:, idx + 1] - c(cube.weight_sum)[:, first]
    wq = c(cube.weight_sq)[:, idx + 1] - c(cube.weight_sq)[:, first]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ws > 0, wq / ws, 1.0)[None]
