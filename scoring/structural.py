"""*Kerentanan struktural*: the latest indicator values as of a month, and the index spec of the component."""
from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from scoring.config import Methodology
from scoring.inputs import EncodedInputs, lookup
from scoring.spec import GroupSpec, IndexSpec, IndicatorSpec, Normalisation

UNCONFIGURED_GROUP = "lainnya"


def structural_spec(methodology: Methodology, definitions: pd.DataFrame,
                    present: set[str]) -> tuple[IndexSpec, tuple[str, ...]]:
    """The struktural tree from the methodology, with direction and fixed bounds from the definitions.

    Indicators in the data but not in the methodology are ignored (with a note) or, with
    ``unconfigured_policy = "include"``, added to group "lainnya" with ``unconfigured_weight``.
    """
    cfg = methodology.struktural
    defs = definitions.drop_duplicates("code", keep="last").set_index("code")
    # plain dict lookups: this runs once per prepared month, and DataFrame.at per leaf dominated it
    direction = dict(zip(defs.index, defs["higher_is_riskier"].to_numpy()))
    bounds = dict(zip(defs.index, zip(defs["min_value"].to_numpy(), defs["max_value"].to_numpy())))
    notes: list[str] = []

    def leaf(code: str, weight: float, label: str, norm: Normalisation, from_def: bool, higher: bool) -> IndicatorSpec:
        if code in direction:
            higher = bool(direction[code])
            lo, hi = bounds[code]
            if from_def:
                if np.isfinite(lo) and np.isfinite(hi) and hi > lo:
                    norm = replace(norm, bounds=(float(lo), float(hi)))
                else:
                    notes.append(f"Indikator {code}: batas min/maks definisi tidak ada, dinormalisasi dengan data.")
        return IndicatorSpec(code, weight, norm, higher, label)

    groups = []
    for g in cfg.groups:
        kids = tuple(leaf(i.code, i.weight, i.label, i.normalisation, i.bounds_from_definition, i.higher_is_riskier)
                     for i in cfg.indicators if i.group == g.code)
        groups.append(GroupSpec(g.code, kids, g.weight, g.aggregation, g.label))
    extra = sorted(present - {i.code for i in cfg.indicators})
    if extra and cfg.unconfigured_policy == "include":
        names = defs["name"].to_dict() if "name" in defs else {}
        kids = tuple(leaf(c, 1.0, str(names.get(c, c)), Normalisation(), False, True) for c in extra)
        groups.append(GroupSpec(UNCONFIGURED_GROUP, kids, cfg.unconfigured_weight, cfg.aggregation,
                                "Indikator lain"))
        notes.append(f"Indikator di luar metodologi ikut dihitung (bobot {cfg.unconfigured_weight}): "
                     f"{', '.join(extra)}.")
    elif extra:
        notes.append(f"Indikator di luar metodologi {methodology.version} diabaikan: {', '.join(extra)}.")
    return IndexSpec(GroupSpec("struktural", tuple(groups), 1.0, cfg.aggregation, "Kerentanan struktural"),
                     methodology.geometric_offset), tuple(notes)


def latest_values(values: EncodedInputs, units: pd.Index, codes: tuple[str, ...], months: np.ndarray,
                  max_age: int) -> tuple[np.ndarray, np.ndarray]:
    """Per unit × indicator × requested month: the latest value with period ≤ month, and its age in months.

    Values older than ``max_age`` months count as missing (NaN). Returns (values, ages), both (U, I, M).
    """
    months = np.asarray(months, dtype=np.int64)
    shape = (len(units), len(codes), len(months))
    u, i = lookup(values.value_region, units), lookup(values.value_indicator, pd.Index(codes))
    pm, v = values.value_month, values.value
    keep = (u >= 0) & (i >= 0) & (pm <= months.max()) & ~np.isnan(v)
    if not keep.any():
        return np.full(shape, np.nan), np.full(shape, np.nan)
    lo = min(int(pm[keep].min()), int(months.min()))
    span = int(months.max()) - lo + 1
    dense = np.full((len(units), len(codes), span), np.nan)
    order = np.argsort(pm[keep], kind="stable")  # duplicates: the row given last wins
    dense[u[keep][order], i[keep][order], pm[keep][order] - lo] = v[keep][order]
    # forward fill along months, remembering where each value came from
    idx = np.where(~np.isnan(dense), np.arange(span), -1)
    last = np.maximum.accumulate(idx, axis=2)[:, :, months - lo]
    age = (months - lo)[None, None, :] - last
    val = np.take_along_axis(dense, np.maximum(last, 0), axis=2)
    ok = (last >= 0) & (age <= max_age)
    return np.where(ok, val, np.nan), np.where(ok, age, np.nan).astype(float)


def group_medians(raw: np.ndarray, kab: np.ndarray, province: np.ndarray) -> np.ndarray:
    """(U, I, M) median of each indicator and month over the unit's peers that have a value.

    A kab/kota's peers are the kab/kota of its province; a province's peers are the provinces.
    NaN where no peer has a value. One vectorised group-by instead of a median per province.
    """
    n_u = raw.shape[0]
    flat = raw.reshape(n_u, -1)
    labels = np.where(kab, "k:" + np.asarray(province, dtype=object).astype(str), "provinsi")
    med = pd.DataFrame(flat).groupby(labels, sort=False).median()
    return med.loc[labels].to_numpy(dtype=float).reshape(raw.shape)


def impute_median(raw: np.ndarray, kab: np.ndarray, medians: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill a kab/kota's missing indicator values with its province's median (else all kab/kota's median).

    ``raw`` (U, I, M) latest values; ``kab`` (U,) mask of kab/kota units; ``medians`` from
    :func:`group_medians`. A province without any value for that indicator and month falls back to
    the median over every kab/kota in the inputs; with no value anywhere the cell stays missing.
    Provinces are never imputed here (they are filled from their kab/kota). Returns (filled values,
    imputed mask (U, I, M)).
    """
    missing = np.isnan(raw) & kab[:, None, None]
    if not missing.any():
        return raw.copy(), missing
    with warnings.catch_warnings():  # an all-missing slice has no median: NaN, handled below
        warnings.simplefilter("ignore", RuntimeWarning)
        national = np.nanmedian(raw[kab], axis=0)
    fill = np.where(np.isnan(medians), national[None], medians)
    out = np.where(missing, fill, raw)
    return out, missing & ~np.isnan(out)
