"""The backtest's baselines, each from the counts known at the origin (VIEWS-style):

* ``persistence``: next month looks like the last one (a point mass; P(serious) is 1 if last month had one).
* ``historical_mean``: Poisson around the mean of the last 12 months.
* ``bootstrap``: the last 12 monthly counts, each equally likely.
"""
from __future__ import annotations

import numpy as np

from scoring.early_warning.distributions import Empirical, PointMass, PoissonDist
from scoring.early_warning.panel import Panel

WINDOW = 12


def _window(x: np.ndarray, origin: int) -> np.ndarray:
    return x[:, max(0, origin - WINDOW + 1): origin + 1]


def persistence(panel: Panel, origin: int) -> PointMass:
    return PointMass(panel.total[:, origin].copy(), (panel.serious[:, origin] > 0).astype(float))


def historical_mean(panel: Panel, origin: int) -> PoissonDist:
    mean = _window(panel.total, origin).mean(axis=1)
    serious = _window(panel.serious, origin).mean(axis=1)
    return PoissonDist(mean, 1.0 - np.exp(-serious))


def bootstrap(panel: Panel, origin: int) -> Empirical:
    return Empirical(_window(panel.total, origin).copy(), (_window(panel.serious, origin) > 0).mean(axis=1))


BASELINES = {"persistence": persistence, "historical_mean": historical_mean, "bootstrap": bootstrap}
