"""Predictive distributions of a month's incident count, one per forecast, in one interface.

The model gives a negative binomial (NB2: variance = μ + α·μ²); the baselines give a point mass
(persistence), a Poisson (historical mean) and an empirical distribution (bootstrap of 12 months).
Each also carries P(serious) for the event "at least one serious incident".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_ALPHA = 1e-6   # below this the negative binomial is a Poisson


class Predictive:
    """Interface: ``cdf(k)`` on an integer grid, ``mean``, ``p_event``."""

    mean: np.ndarray
    p_event: np.ndarray

    def cdf(self, k: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def support_max(self) -> int:
        """A count above which every forecast's CDF is ≥ 0.9999 (the CRPS grid's end)."""
        return int(np.max(self.quantile(0.9999), initial=0))

    def quantile(self, q: float) -> np.ndarray:
        """Smallest integer k with F(k) ≥ q, per forecast."""
        hi = 16
        while True:
            grid = np.arange(hi)
            f = self.cdf(grid)
            if (f[:, -1] >= q).all() or hi > 1_000_000:
                return (f < q).sum(axis=1).astype(int)
            hi *= 4

    def interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Central interval with ``level`` coverage: quantiles (1−level)/2 and (1+level)/2."""
        return self.quantile((1 - level) / 2), self.quantile((1 + level) / 2)

    def median(self) -> np.ndarray:
        return self.quantile(0.5)


@dataclass
class NegBin(Predictive):
    mean: np.ndarray
    alpha: float
    p_event: np.ndarray

    def cdf(self, k: np.ndarray) -> np.ndarray:
        mu = np.maximum(np.asarray(self.mean, float), 1e-12)[:, None]
        if self.alpha <= MIN_ALPHA:
            return stats.poisson.cdf(k[None, :], mu)
        n = 1.0 / self.alpha
        return stats.nbinom.cdf(k[None, :], n, n / (n + mu))


@dataclass
class PoissonDist(Predictive):
    mean: np.ndarray
    p_event: np.ndarray

    def cdf(self, k: np.ndarray) -> np.ndarray:
        return stats.poisson.cdf(k[None, :], np.maximum(np.asarray(self.mean, float), 1e-12)[:, None])


@dataclass
class PointMass(Predictive):
    value: np.ndarray
    p_event: np.ndarray

    @property
    def mean(self) -> np.ndarray:  # type: ignore[override]
        return np.asarray(self.value, float)

    def cdf(self, k: np.ndarray) -> np.ndarray:
        return (k[None, :] >= np.asarray(self.value)[:, None]).astype(float)


@dataclass
class Empirical(Predictive):
    """Equal-weight samples per forecast (rows)."""

    samples: np.ndarray
    p_event: np.ndarray

    @property
    def mean(self) -> np.ndarray:  # type: ignore[override]
        return self.samples.mean(axis=1)

    def cdf(self, k: np.ndarray) -> np.ndarray:
        return (self.samples[:, :, None] <= k[None, None, :]).mean(axis=1)


def nb_p_positive(mean: np.ndarray, alpha: float) -> np.ndarray:
    """P(count ≥ 1) under NB2 with ``mean`` and dispersion ``alpha`` (Poisson when α ≈ 0)."""
    mean = np.maximum(np.asarray(mean, float), 0.0)
    if alpha <= MIN_ALPHA:
        return 1.0 - np.exp(-mean)
    return 1.0 - (1.0 + alpha * mean) ** (-1.0 / alpha)


def nb2_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """Moment estimate of the NB2 dispersion from out-of-sample predictions: Σ((y−μ)² − y) / Σμ²."""
    y = np.asarray(y, float)
    mu = np.asarray(mu, float)
    denom = float((mu ** 2).sum())
    if denom <= 0:
        return MIN_ALPHA
    return max(float((((y - mu) ** 2) - y).sum()) / denom, MIN_ALPHA)
