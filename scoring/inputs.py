"""The input contract of the scoring engine: five DataFrames, checked once on entry."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

# column -> kind: "str", "float", "int", "bool", "datetime"
REGIONS = {"code": "str", "name": "str", "level": "str", "parent_code": "str", "province_code": "str",
           "population": "float", "area_km2": "float"}
INDICATOR_DEFINITIONS = {"code": "str", "name": "str", "unit": "str", "higher_is_riskier": "bool",
                         "min_value": "float", "max_value": "float", "source": "str"}
INDICATOR_VALUES = {"region_code": "str", "period": "str", "indicator_code": "str", "value": "float"}
INCIDENT_DAILY = {"region_code": "str", "day": "datetime", "category": "str", "arena": "str",
                  "severity": "str", "incidents": "int", "deaths": "int", "injuries": "int", "displaced": "int",
                  "known_on": "datetime"}
# ``known_on`` is the day the incidents were reported/entered (``incidents.reported_on``): a score "as known
# on D" reads only rows with known_on ≤ D. Frames without the column are accepted and known on their ``day``.
DECLARATIONS = {"region_code": "str", "scale": "str", "start_on": "datetime", "end_on": "datetime"}
LEVELS = ("kabkota", "provinsi")   # result levels (the engine's peer groups)

SCORED_LEVELS = ("kabupaten", "kota")


def _coerce(name: str, frame: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """Check columns and dtypes; return a copy with canonical dtypes (never mutates the caller's frame)."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name}: harus pandas DataFrame, bukan {type(frame).__name__}")
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: kolom wajib tidak ada: {', '.join(missing)}")
    out = frame.loc[:, list(schema)].copy()
    for col, kind in schema.items():
        s = out[col]
        ok = {
            # object columns are accepted without scanning every element (cost on 300k rows)
            "str": lambda: pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)
            or len(s) == 0 or s.isna().all(),
            "float": lambda: pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
            or s.isna().all(),
            "int": lambda: pd.api.types.is_integer_dtype(s.dtype) or len(s) == 0
            or (pd.api.types.is_float_dtype(s) and bool(np.all(np.mod(s.to_numpy(), 1) == 0))),
            "bool": lambda: pd.api.types.is_bool_dtype(s) or len(s) == 0,
            "datetime": lambda: pd.api.types.is_datetime64_any_dtype(s) or len(s) == 0 or s.isna().all(),
        }[kind]()
        if not ok:
            raise ValueError(f"{name}.{col}: tipe data harus {kind}, ditemukan {s.dtype}")
        if kind == "float":
            out[col] = s.astype("float64")
        elif kind == "int":
            if s.isna().any():
                raise ValueError(f"{name}.{col}: tidak boleh kosong (NaN)")
            out[col] = s.astype("int64")
        elif kind == "bool":
            out[col] = s.astype(bool)
        elif kind == "datetime":
            out[col] = pd.to_datetime(s).astype("datetime64[ns]")
        elif not pd.api.types.is_object_dtype(s.dtype):
            out[col] = s.astype(object).where(s.notna(), None)
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class ScoringInputs:
    """Validated inputs; build with :meth:`from_frames` (raises a clear ``ValueError``)."""

    regions: pd.DataFrame
    indicator_definitions: pd.DataFrame
    indicator_values: pd.DataFrame
    incident_daily: pd.DataFrame
    declarations: pd.DataFrame
    # the levels whose results are wanted ("kabkota", "provinsi"): the Monte Carlo probabilities are drawn for
    # these only (scoring.uncertainty); scores and categories are computed for every unit all the same
    levels: tuple[str, ...] = LEVELS

    @classmethod
    def from_frames(cls, regions: pd.DataFrame, indicator_definitions: pd.DataFrame,
                    indicator_values: pd.DataFrame, incident_daily: pd.DataFrame | None = None,
                    declarations: pd.DataFrame | None = None,
                    levels: tuple[str, ...] | None = None) -> "ScoringInputs":
        levels = tuple(levels) if levels is not None else LEVELS
        if not levels or set(levels) - set(LEVELS):
            raise ValueError(f"levels harus bagian dari {LEVELS}, bukan {levels!r}")
        if incident_daily is None:
            incident_daily = empty_frame(INCIDENT_DAILY)
        if declarations is None:
            declarations = empty_frame(DECLARATIONS)
        regions = _coerce("regions", regions, REGIONS)
        if regions["code"].duplicated().any():
            dup = regions.loc[regions["code"].duplicated(), "code"].tolist()[:5]
            raise ValueError(f"regions: kode wilayah ganda: {', '.join(dup)}")
        bad = ~regions["level"].isin(SCORED_LEVELS + ("provinsi",))
        if bad.any():
            raise ValueError(f"regions.level: harus kabupaten/kota/provinsi, ditemukan "
                             f"{sorted(set(regions.loc[bad, 'level']))}")
        values = _coerce("indicator_values", indicator_values, INDICATOR_VALUES)
        if len(values) and not values["period"].str.fullmatch(r"\d{4}-\d{2}").all():
            raise ValueError("indicator_values.period: format harus 'YYYY-MM'")
        if "known_on" not in incident_daily.columns:
            incident_daily = incident_daily.assign(known_on=incident_daily["day"] if "day" in incident_daily
                                                   else pd.Series(dtype="datetime64[ns]"))
        daily = _coerce("incident_daily", incident_daily, INCIDENT_DAILY)
        if daily["known_on"].isna().any():
            # a row without a report date is known from the day it happened (never earlier)
            daily["known_on"] = daily["known_on"].fillna(daily["day"])
        for col in ("incidents", "deaths", "injuries", "displaced"):
            if (daily[col] < 0).any():
                raise ValueError(f"incident_daily.{col}: tidak boleh negatif")
        return cls(regions, _coerce("indicator_definitions", indicator_definitions, INDICATOR_DEFINITIONS),
                   values, daily, _coerce("declarations", declarations, DECLARATIONS),
                   tuple(lv for lv in LEVELS if lv in levels))

    @cached_property
    def encoded(self) -> "EncodedInputs":
        """Columns as numpy arrays with repeated strings factorised, computed once per inputs object.

        The frames are treated as immutable after validation, so every score, history and
        Monte Carlo call on the same inputs shares this work.
        """
        d, v = self.incident_daily, self.indicator_values
        fac = lambda s: pd.factorize(s.to_numpy())  # noqa: E731
        period_codes, periods = fac(v["period"])
        day = d["day"].to_numpy().astype("datetime64[D]")
        return EncodedInputs(
            day=day.astype(np.int64), month=day.astype("datetime64[M]").astype(np.int64),
            known_day=d["known_on"].to_numpy().astype("datetime64[D]").astype(np.int64),
            region=fac(d["region_code"]),
            category=fac(d["category"]),
            severity=fac(d["severity"]), is_maya=d["arena"].to_numpy() == "maya",
            counts={c: d[c].to_numpy() for c in ("incidents", "deaths", "injuries", "displaced")},
            value_region=fac(v["region_code"]), value_indicator=fac(v["indicator_code"]),
            value_month=np.asarray(periods, dtype="datetime64[M]").astype(np.int64)[period_codes]
            if len(v) else np.zeros(0, np.int64),
            value=v["value"].to_numpy(dtype=float),
        )

    def __post_init__(self) -> None:
        # Direct construction is allowed only with frames that already satisfy the contract.
        for name, schema in (("regions", REGIONS), ("indicator_definitions", INDICATOR_DEFINITIONS),
                             ("indicator_values", INDICATOR_VALUES), ("incident_daily", INCIDENT_DAILY),
                             ("declarations", DECLARATIONS)):
            frame = getattr(self, name)
            if not isinstance(frame, pd.DataFrame) or any(c not in frame.columns for c in schema):
                raise ValueError(f"{name}: gunakan ScoringInputs.from_frames untuk memvalidasi masukan")


@dataclass(frozen=True)
class EncodedInputs:
    """Numpy view of the inputs; (codes, uniques) pairs come from ``pd.factorize``."""

    # calendar conversions done once per inputs, not per scored month
    day: np.ndarray        # days since 1970-01-01 of each row
    month: np.ndarray      # months since 1970-01 of each row
    known_day: np.ndarray  # known_on as days since 1970-01-01
    region: tuple[np.ndarray, np.ndarray]
    category: tuple[np.ndarray, np.ndarray]
    severity: tuple[np.ndarray, np.ndarray]
    is_maya: np.ndarray
    counts: dict[str, np.ndarray]
    value_region: tuple[np.ndarray, np.ndarray]
    value_indicator: tuple[np.ndarray, np.ndarray]
    value_month: np.ndarray
    value: np.ndarray


def lookup(pair: tuple[np.ndarray, np.ndarray], index: pd.Index, rows: np.ndarray | None = None) -> np.ndarray:
    """Positions in ``index`` of factorised values (−1 when absent or missing), via the few uniques;
    ``rows``: of these rows only."""
    codes, uniques = pair
    return np.append(index.get_indexer(uniques), -1)[codes if rows is None else codes[rows]]  # −1 → the appended −1


def empty_frame(schema: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the contract's columns and dtypes."""
    dtypes = {"str": object, "float": "float64", "int": "int64", "bool": bool, "datetime": "datetime64[ns]"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes[k]) for c, k in schema.items()})
