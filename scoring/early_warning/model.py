"""The forecast model: gradient boosting with a Poisson loss for the mean, a negative binomial
dispersion fitted out of sample for the intervals, and a second Poisson model for serious incidents.

``fit_forecast`` trains on every (region, origin) pair whose target month lies inside the panel
(so, in a backtest, inside what was known at the origin) and forecasts from ``origin``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from scoring.early_warning.config import ForecastConfig
from scoring.early_warning.distributions import NegBin, nb2_alpha, nb_p_positive
from scoring.early_warning.features import FeatureInputs, design, feature_matrix, origin_features, targets


@dataclass(frozen=True)
class HorizonForecast:
    """Forecasts of one horizon from one origin for every region of the panel (panel order)."""

    horizon: int
    origin: int
    predictive: NegBin
    alpha_serious: float
    train_rows: int


def _regressor(cfg: ForecastConfig, seed: int) -> HistGradientBoostingRegressor:
    return HistGradientBoostingRegressor(
        loss="poisson", max_iter=cfg.max_iter, learning_rate=cfg.learning_rate, max_leaf_nodes=cfg.max_leaf_nodes,
        min_samples_leaf=cfg.min_samples_leaf, l2_regularization=cfg.l2_regularization, early_stopping=False,
        random_state=seed,
    )


def _fit_predict(x: np.ndarray, y: np.ndarray, x_new: np.ndarray, cfg: ForecastConfig, seed: int) -> np.ndarray:
    # A target that never occurred has the maximum-likelihood rate 0 (boosting's log link cannot start there).
    if y.sum() <= 0:
        return np.zeros(len(x_new))
    # A feature never observed in these rows (an indicator not yet published) carries no information.
    seen = ~np.isnan(x).all(axis=0)
    x, x_new = x[:, seen], x_new[:, seen]
    # One OpenMP thread: on a shared 2-core server more threads spin against each other (10× slower).
    with threadpool_limits(limits=1, user_api="openmp"):
        return _regressor(cfg, seed).fit(x, y).predict(x_new)


def training_origins(origin: int, horizon: int, cfg: ForecastConfig) -> np.ndarray:
    """Origins whose target month is known at ``origin`` (≤ origin), within the history window."""
    last = origin - horizon
    first = max(0, origin - cfg.history_months)
    return np.arange(first, last + 1)


def fit_forecast(inputs: FeatureInputs, origin: int, horizon: int, cfg: ForecastConfig, seed: int,
                 feats: dict[str, np.ndarray] | None = None) -> HorizonForecast:
    """Fit on months known at ``origin`` and forecast month ``origin + horizon`` for every region."""
    feats = feats if feats is not None else origin_features(inputs, cfg)
    train_s = training_origins(origin, horizon, cfg)
    if len(train_s) < 2:
        raise ValueError(f"riwayat terlalu pendek untuk horizon {horizon}: {len(train_s)} bulan latih")
    train = design(inputs, feats, train_s, horizon)
    x = feature_matrix(train)
    y, y_serious = targets(inputs.panel, train_s, horizon)
    x_new = feature_matrix(design(inputs, feats, np.array([origin]), horizon))

    # Dispersion out of sample: fit without the last months of targets, score on them.
    holdout = train["origin"].to_numpy() + horizon > origin - cfg.dispersion_holdout_months
    if holdout.all() or not holdout.any():
        raise ValueError("riwayat terlalu pendek untuk menaksir dispersi")
    mu_hold = _fit_predict(x[~holdout], y[~holdout], x[holdout], cfg, seed)
    mus_hold = _fit_predict(x[~holdout], y_serious[~holdout], x[holdout], cfg, seed)
    alpha = nb2_alpha(y[holdout], mu_hold)
    alpha_s = nb2_alpha(y_serious[holdout], mus_hold)

    mean = np.maximum(_fit_predict(x, y, x_new, cfg, seed), 0.0)
    mean_s = np.maximum(_fit_predict(x, y_serious, x_new, cfg, seed), 0.0)
    p_serious = nb_p_positive(mean_s, alpha_s)
    return HorizonForecast(horizon, origin, NegBin(mean, alpha, p_serious), alpha_s, len(train))
