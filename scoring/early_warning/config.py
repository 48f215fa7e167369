"""The versioned early-warning configuration (``scoring/early_warning.toml``) as frozen dataclasses."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

CONFIG_FILE = Path(__file__).resolve().parent.parent / "early_warning.toml"
RULES = ("lonjakan", "kemunculan", "kategori", "korban_jiwa", "lonjakan_maya", "prakiraan_tinggi")
SEVERITIES = ("tinggi", "sedang")


@dataclass(frozen=True)
class SeriousConfig:
    severities: tuple[str, ...]
    min_deaths: int


@dataclass(frozen=True)
class RuleConfig:
    """One alert rule: its severity and its numeric parameters (as written in the config)."""

    code: str
    severity: str
    params: Mapping[str, float]

    def __getitem__(self, name: str) -> float:
        return self.params[name]


@dataclass(frozen=True)
class ForecastConfig:
    model: str
    horizons: tuple[int, ...]
    intervals: tuple[float, ...]
    seed: int
    history_months: int
    min_train_months: int
    half_lives: tuple[float, ...]
    category_half_life: float
    max_iter: int
    learning_rate: float
    max_leaf_nodes: int
    min_samples_leaf: int
    l2_regularization: float
    dispersion_holdout_months: int


@dataclass(frozen=True)
class EarlyWarningConfig:
    version: str
    name: str
    serious: SeriousConfig
    rules: Mapping[str, RuleConfig]
    forecast: ForecastConfig
    reliability_bins: int

    @property
    def model_version(self) -> str:
        """What a stored forecast or backtest names as its model: algorithm and config version."""
        return f"{self.forecast.model}/{self.version}"


def parse_config(data: dict[str, Any]) -> EarlyWarningConfig:
    """Validate and freeze a parsed TOML document; raises ValueError naming the bad key."""
    rules: dict[str, RuleConfig] = {}
    for code in RULES:
        raw = dict(data.get("rules", {}).get(code) or {})
        if not raw:
            raise ValueError(f"early_warning.toml: aturan rules.{code} tidak ada")
        severity = raw.pop("severity", None)
        if severity not in SEVERITIES:
            raise ValueError(f"early_warning.toml: rules.{code}.severity harus salah satu dari {SEVERITIES}")
        rules[code] = RuleConfig(code, severity, MappingProxyType({k: float(v) for k, v in raw.items()}))
    f = data["forecast"]
    forecast = ForecastConfig(
        model=str(f["model"]), horizons=tuple(int(h) for h in f["horizons"]),
        intervals=tuple(float(x) for x in f["intervals"]), seed=int(f["seed"]),
        history_months=int(f["history_months"]), min_train_months=int(f["min_train_months"]),
        half_lives=tuple(float(x) for x in f["half_lives"]), category_half_life=float(f["category_half_life"]),
        max_iter=int(f["max_iter"]), learning_rate=float(f["learning_rate"]),
        max_leaf_nodes=int(f["max_leaf_nodes"]), min_samples_leaf=int(f["min_samples_leaf"]),
        l2_regularization=float(f["l2_regularization"]),
        dispersion_holdout_months=int(f["dispersion_holdout_months"]),
    )
    if any(h < 1 for h in forecast.horizons) or not all(0 < x < 1 for x in forecast.intervals):
        raise ValueError("early_warning.toml: horizons ≥ 1 dan intervals di antara 0 dan 1")
    serious = SeriousConfig(tuple(data["serious"]["severities"]), int(data["serious"]["min_deaths"]))
    return EarlyWarningConfig(str(data["version"]), str(data["name"]), serious, MappingProxyType(rules),
                              forecast, int(data["backtest"]["reliability_bins"]))


@lru_cache(maxsize=4)
def load_config(path: Path = CONFIG_FILE) -> EarlyWarningConfig:
    """The configuration in ``path`` (the shipped file by default); a missing file fails loudly."""
    with path.open("rb") as fh:
        return parse_config(tomllib.load(fh))
