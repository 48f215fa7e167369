"""Rolling-origin backtest: at each origin, rebuild the panel from what was known then, fit, forecast
each horizon and score against what happened (the panel as known now), for the model and baselines."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.early_warning.baselines import BASELINES
from scoring.early_warning.config import EarlyWarningConfig
from scoring.early_warning.distributions import Predictive
from scoring.early_warning.features import FeatureInputs, origin_features
from scoring.early_warning.metrics import (
    LOWER_IS_BETTER, aupr, brier, coverage, crps, reliability, skill,
)
from scoring.early_warning.model import fit_forecast
from scoring.early_warning.panel import Panel, build_panel, vintage

MODEL_NAMES = ("model", "persistence", "historical_mean", "bootstrap")


@dataclass(frozen=True)
class StaticInputs:
    """What does not depend on the origin: regions, categories, adjacency, population, elections and
    structural indicators (already restricted to values dated by each month)."""

    codes: tuple[str, ...]
    categories: tuple[str, ...]
    adjacency: np.ndarray
    population: np.ndarray
    election_months: tuple[pd.Timestamp, ...]
    structural: dict[str, np.ndarray]

    def inputs(self, panel: Panel) -> FeatureInputs:
        structural = {k: v[:, : len(panel.months)] for k, v in self.structural.items()}
        return FeatureInputs(panel, self.adjacency, self.population, self.election_months, structural)


@dataclass
class _Collected:
    y: list
    median: list
    lo80: list
    hi80: list
    lo90: list
    hi90: list
    p: list
    event: list
    crps: list


def _collect(store: _Collected, pred: Predictive, y: np.ndarray, event: np.ndarray) -> None:
    lo80, hi80 = pred.interval(0.8)
    lo90, hi90 = pred.interval(0.9)
    store.y.append(y)
    store.median.append(pred.median())
    store.lo80.append(lo80)
    store.hi80.append(hi80)
    store.lo90.append(lo90)
    store.hi90.append(hi90)
    store.p.append(np.asarray(pred.p_event, float))
    store.event.append(event)
    store.crps.append(crps(pred, y))


def _summary(c: _Collected) -> dict:
    y = np.concatenate(c.y)
    p = np.concatenate(c.p)
    event = np.concatenate(c.event)
    return {
        "brier": brier(p, event), "aupr": aupr(p, event),
        "mae": float(np.mean(np.abs(np.concatenate(c.median) - y))),
        "crps": float(np.mean(np.concatenate(c.crps))),
        "coverage80": coverage(np.concatenate(c.lo80), np.concatenate(c.hi80), y),
        "coverage90": coverage(np.concatenate(c.lo90), np.concatenate(c.hi90), y),
    }


def run_backtest(monthly: pd.DataFrame, static: StaticInputs, months: pd.DatetimeIndex, origins: list[pd.Timestamp],
                 horizons: tuple[int, ...], last_complete: pd.Timestamp, cfg: EarlyWarningConfig,
                 seed: int) -> dict:
    """Per-horizon metrics of the model and the baselines, skill against the baselines, and the
    model's reliability bins. ``months`` is the full month axis; targets after ``last_complete`` are skipped.

    Returns ``{"horizons": [{"horizon", "n_forecasts", "models": {name: metrics}, "skill": …}],
    "reliability": [{"horizon", "model", "bins"}]}``.
    """
    truth = build_panel(vintage(monthly, last_complete), static.codes, months, static.categories)
    stores = {h: {name: _Collected(*[[] for _ in range(9)]) for name in MODEL_NAMES} for h in horizons}
    for origin_month in origins:
        o = truth.index_of(origin_month)
        known = build_panel(vintage(monthly, origin_month), static.codes, months[: o + 1], static.categories)
        inputs = static.inputs(known)
        feats = origin_features(inputs, cfg.forecast)
        for h in horizons:
            target = o + h
            if months[target] > last_complete:
                continue
            y = truth.total[:, target]
            event = (truth.serious[:, target] > 0).astype(float)
            forecast = fit_forecast(inputs, o, h, cfg.forecast, seed, feats)
            _collect(stores[h]["model"], forecast.predictive, y, event)
            for name, make in BASELINES.items():
                _collect(stores[h][name], make(known, o), y, event)
    horizons_out, reliability_out = [], []
    for h in horizons:
        n = sum(len(a) for a in stores[h]["model"].y)
        if n == 0:
            horizons_out.append({"horizon": h, "n_forecasts": 0, "models": {}, "skill": {}})
            continue
        models = {name: _summary(stores[h][name]) for name in MODEL_NAMES}
        skills = {base: {m: skill(models["model"][m], models[base][m]) for m in LOWER_IS_BETTER}
                  for base in ("persistence", "historical_mean", "bootstrap")}
        horizons_out.append({"horizon": h, "n_forecasts": n, "models": models, "skill": skills})
        for name in ("model", "historical_mean"):
            reliability_out.append({"horizon": h, "model": name, "bins": reliability(
                np.concatenate(stores[h][name].p), np.concatenate(stores[h][name].event), cfg.reliability_bins)})
    return {"horizons": horizons_out, "reliability": reliability_out}


def beats_persistence(horizon_result: dict) -> bool:
    """The model beats persistence on a horizon when its CRPS and its Brier score are both lower."""
    models = horizon_result.get("models") or {}
    if "model" not in models or "persistence" not in models:
        return False
    m, p = models["model"], models["persistence"]
    return m["crps"] < p["crps"] and m["brier"] < p["brier"]
