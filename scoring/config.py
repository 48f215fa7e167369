"""The versioned methodology (``methodology.toml``) loaded into frozen dataclasses."""
from __future__ import annotations

import copyreg
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, Mapping

import numpy as np

from scoring.spec import AGGREGATIONS, METHODS, Aggregation, Normalisation

METHODOLOGY_FILE = Path(__file__).with_name("methodology.toml")
COMPONENTS = ("struktural", "tekanan", "eskalasi")
CATEGORY_ORDER = ("hijau", "kuning", "merah")  # low → high risk


@dataclass(frozen=True)
class GroupConfig:
    code: str
    label: str
    weight: float
    aggregation: Aggregation


@dataclass(frozen=True)
class IndicatorConfig:
    code: str
    group: str
    label: str
    weight: float
    normalisation: Normalisation
    bounds_from_definition: bool  # use min_value/max_value of the indicator definition
    higher_is_riskier: bool


@dataclass(frozen=True)
class StructuralConfig:
    aggregation: Aggregation
    max_age_months: int
    unconfigured_policy: Literal["ignore", "include"]
    unconfigured_weight: float
    missing: Literal["impute", "none"]
    groups: tuple[GroupConfig, ...]
    indicators: tuple[IndicatorConfig, ...]

    def indicator(self, code: str) -> IndicatorConfig | None:
        return next((i for i in self.indicators if i.code == code), None)


@dataclass(frozen=True)
class PressureConfig:
    half_life_days: float
    lookback_months: int
    per_population: float
    reference_rate: float
    aggregation: Aggregation
    arena_weights: Mapping[str, float]
    severity_weights: Mapping[str, float]
    casualty_weights: Mapping[str, float]  # deaths, injuries, displaced
    shrinkage: Literal["empirical_bayes", "none"]
    prior_population_min: float
    prior_population_max: float


@dataclass(frozen=True)
class EscalationConfig:
    window_days: int
    baseline_months: int
    lambda_floor: float
    surprise_cap: float
    per_category: bool
    model: Literal["negative_binomial", "poisson"]
    min_active_months: int
    multiple_testing: Literal["benjamini_hochberg", "bonferroni", "none"]
    alpha: float


@dataclass(frozen=True)
class CategoryConfig:
    mode: Literal["relative", "fixed"]
    relative_sd: float
    fixed_merah: float
    fixed_kuning: float
    sd_ddof: int
    reference: Literal["provinsi", "nasional"]
    floor_merah: float
    floor_kuning: float
    hysteresis_margin: float
    hysteresis_lookback_months: int


@dataclass(frozen=True)
class OverrideConfig:
    deaths_window_days: int
    deaths_min_category: str
    declaration_category: str


@dataclass(frozen=True)
class UncertaintyConfig:
    draws: int
    history_draws: int
    borderline_below: float
    dirichlet_concentration: float
    normalisations: tuple[str, ...]
    aggregations: tuple[str, ...]


@dataclass(frozen=True)
class Methodology:
    version: str
    name: str
    aggregation: Aggregation
    geometric_offset: float
    min_completeness: float
    component_weights: Mapping[str, float]
    component_labels: Mapping[str, str]
    struktural: StructuralConfig
    tekanan: PressureConfig
    eskalasi: EscalationConfig
    kategori: CategoryConfig
    overrides: OverrideConfig
    top_drivers: int
    uncertainty: UncertaintyConfig


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"metodologi tidak valid: {message}")


def _normalisation(raw: Mapping[str, Any]) -> Normalisation:
    winsor = tuple(float(v) for v in raw.get("winsor", (0.0, 100.0)))
    _check(len(winsor) == 2, "winsor harus [bawah, atas]")
    return Normalisation(
        method=raw.get("method", "minmax"),
        transform=raw.get("transform", "none"),
        log_offset=float(raw.get("log_offset", 1.0)),
        winsor=(winsor[0], winsor[1]),
        z_cap=float(raw.get("z_cap", 3.0)),
    )


def parse_methodology(raw: Mapping[str, Any]) -> Methodology:
    """Build and validate a :class:`Methodology` from parsed TOML (raises ``ValueError``)."""
    score = raw["score"]
    weights = {c: float(score["weights"][c]) for c in COMPONENTS}
    _check(all(w >= 0 for w in weights.values()) and sum(weights.values()) > 0, "bobot komponen")
    _check(score["aggregation"] in AGGREGATIONS, "score.aggregation")

    s = raw["struktural"]
    groups = tuple(
        GroupConfig(code, g.get("label", code), float(g["weight"]), g.get("aggregation", s["aggregation"]))
        for code, g in s["groups"].items()
    )
    group_codes = {g.code for g in groups}
    indicators = []
    for code, i in s["indicators"].items():
        _check(i["group"] in group_codes, f"kelompok {i['group']!r} dari indikator {code} tidak ada")
        _check(i.get("method", "minmax") in METHODS, f"metode indikator {code}")
        _check(i.get("bounds", "data") in ("data", "definition"), f"bounds indikator {code}")
        indicators.append(IndicatorConfig(
            code, i["group"], i.get("label", code), float(i["weight"]), _normalisation(i),
            i.get("bounds", "data") == "definition", bool(i.get("higher_is_riskier", True)),
        ))
    _check(s.get("unconfigured_policy", "ignore") in ("ignore", "include"), "unconfigured_policy")

    t = raw["tekanan"]
    e = raw["eskalasi"]
    k = raw["kategori"]
    o = raw["overrides"]
    u = raw["uncertainty"]
    _check(k["mode"] in ("relative", "fixed"), "kategori.mode")
    _check(o["deaths_min_category"] in CATEGORY_ORDER and o["declaration_category"] in CATEGORY_ORDER,
           "kategori override")
    _check(int(t["lookback_months"]) >= 1, "tekanan.lookback_months")
    _check(float(t["half_life_days"]) > 0 and float(t["reference_rate"]) > 0, "tekanan")
    _check(float(e["lambda_floor"]) > 0 and float(e["surprise_cap"]) > 0, "eskalasi")
    _check(set(u["normalisations"]) <= set(METHODS) | {"configured"}, "uncertainty.normalisations")
    _check(set(u["aggregations"]) <= set(AGGREGATIONS), "uncertainty.aggregations")
    _check(s.get("missing", "none") in ("impute", "none"), "struktural.missing")
    _check(t.get("shrinkage", "none") in ("empirical_bayes", "none"), "tekanan.shrinkage")
    _check(0 < float(t.get("prior_population_min", 1.0)) <= float(t.get("prior_population_max", 1.0)),
           "tekanan.prior_population_min/max")
    _check(e.get("model", "poisson") in ("negative_binomial", "poisson"), "eskalasi.model")
    _check(e.get("multiple_testing", "none") in ("benjamini_hochberg", "bonferroni", "none"),
           "eskalasi.multiple_testing")
    _check(k.get("reference", "provinsi") in ("provinsi", "nasional"), "kategori.reference")
    _check(int(k.get("sd_ddof", 0)) in (0, 1), "kategori.sd_ddof")
    _check(int(u.get("draws", 0)) >= 0 and int(u.get("history_draws", 0)) >= 0, "uncertainty.draws")

    frozen = MappingProxyType
    return Methodology(
        version=str(raw["version"]),
        name=str(raw.get("name", "")),
        aggregation=score["aggregation"],
        geometric_offset=float(score.get("geometric_offset", 1.0)),
        min_completeness=float(score["min_completeness"]),
        component_weights=frozen(weights),
        component_labels=frozen({c: score.get("labels", {}).get(c, c) for c in COMPONENTS}),
        struktural=StructuralConfig(
            s["aggregation"], int(s["max_age_months"]), s.get("unconfigured_policy", "ignore"),
            float(s.get("unconfigured_weight", 0.0)), s.get("missing", "none"), groups, tuple(indicators),
        ),
        tekanan=PressureConfig(
            float(t["half_life_days"]), int(t["lookback_months"]), float(t["per_population"]), float(t["reference_rate"]),
            t.get("aggregation", "arithmetic"),
            frozen({a: float(v) for a, v in t["arena_weights"].items()}),
            frozen({a: float(v) for a, v in t["severity_weights"].items()}),
            frozen({c: float(t["casualty_weights"].get(c, 0.0)) for c in ("deaths", "injuries", "displaced")}),
            t.get("shrinkage", "none"), float(t.get("prior_population_min", 1.0)),
            float(t.get("prior_population_max", 1.0)),
        ),
        eskalasi=EscalationConfig(
            int(e["window_days"]), int(e["baseline_months"]), float(e["lambda_floor"]),
            float(e["surprise_cap"]), bool(e.get("per_category", True)), e.get("model", "poisson"),
            int(e.get("min_active_months", 1)), e.get("multiple_testing", "none"), float(e.get("alpha", 0.05)),
        ),
        # defaults below reproduce methodology 2026.1 for files that predate a setting
        kategori=CategoryConfig(k["mode"], float(k["relative_sd"]), float(k["fixed_merah"]),
                                float(k["fixed_kuning"]), int(k.get("sd_ddof", 0)), k.get("reference", "provinsi"),
                                float(k.get("floor_merah", -np.inf)), float(k.get("floor_kuning", -np.inf)),
                                float(k.get("hysteresis_margin", 0.0)),
                                int(k.get("hysteresis_lookback_months", 0))),
        overrides=OverrideConfig(int(o["deaths_window_days"]), o["deaths_min_category"],
                                 o["declaration_category"]),
        top_drivers=int(raw.get("explain", {}).get("top_drivers", 2)),
        uncertainty=UncertaintyConfig(int(u.get("draws", 0)), int(u.get("history_draws", 0)),
                                      float(u.get("borderline_below", 0.8)),
                                      float(u["dirichlet_concentration"]), tuple(u["normalisations"]),
                                      tuple(u["aggregations"])),
    )


def _mapping_proxy(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


def _reduce_mapping_proxy(proxy: MappingProxyType) -> tuple:
    return _mapping_proxy, (dict(proxy),)


# A methodology travels to the refresh's worker processes (services.snapshots); its read-only mappings
# pickle as the dicts they wrap.
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)


def load_methodology(path: str | Path | None = None) -> Methodology:
    """Load a methodology file; ``None`` = the bundled ``methodology.toml`` (cached)."""
    if path is None:
        return _default()
    return parse_methodology(tomllib.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _default() -> Methodology:
    return parse_methodology(tomllib.loads(METHODOLOGY_FILE.read_text(encoding="utf-8")))
