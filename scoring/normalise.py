"""Normalisation of raw indicator values to 0–100 (100 = riskiest), per indicator column.

Every method can be *fitted* on a reference set of units (e.g. the kab/kota of the
month) and *applied* to other units (e.g. a province's own values), so that both
end up on one scale. Vectorised over units; the loop is over indicator columns only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.spec import IndexSpec, IndicatorSpec, Normalisation

NEUTRAL = 50.0  # value given when the reference set cannot discriminate (one unit, all equal)


def _transform(x: np.ndarray, norm: Normalisation) -> np.ndarray:
    if norm.transform == "log":
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log(x + norm.log_offset)
        return np.where(np.isfinite(y), y, np.nan)  # log of ≤ 0 is missing, not −∞
    return x.astype(float)


def normalise_array(x: np.ndarray, norm: Normalisation, higher_is_riskier: bool = True,
                    reference: np.ndarray | None = None) -> np.ndarray:
    """Normalise ``x`` to 0–100; parameters are fitted on ``reference`` (default: ``x`` itself).

    NaN stays NaN. Direction is applied last: for "higher is safer" indicators the result is 100 − y.
    """
    x = np.asarray(x, dtype=float)
    member = reference is None  # fitted on itself: ranks use the "average rank" formula
    t = _transform(x, norm)
    ref = t if member else _transform(np.asarray(reference, dtype=float), norm)
    ref = ref[~np.isnan(ref)]
    method = norm.method

    if method == "identity":
        y = np.clip(x, 0.0, 100.0)
    elif method == "fixed_log":
        y = 100.0 * np.clip(np.log1p(np.maximum(x, 0.0)) / np.log1p(norm.reference), 0.0, 1.0)
        y = np.where(np.isnan(x), np.nan, y)
    elif ref.size == 0:
        y = np.where(np.isnan(t), np.nan, NEUTRAL)
    elif method == "minmax":
        if norm.bounds is not None:
            lo, hi = _transform(np.asarray(norm.bounds, dtype=float), norm)
        else:
            lo, hi = np.percentile(ref, norm.winsor)
        if not hi > lo:
            y = np.where(np.isnan(t), np.nan, NEUTRAL)
        else:
            y = (np.clip(t, lo, hi) - lo) / (hi - lo) * 100.0
    elif method == "zscore":
        lo, hi = np.percentile(ref, norm.winsor)
        clipped = np.clip(ref, lo, hi)
        mean, sd = clipped.mean(), clipped.std()
        if not sd > 0:
            y = np.where(np.isnan(t), np.nan, NEUTRAL)
        else:
            z = (np.clip(t, lo, hi) - mean) / sd
            y = np.clip(50.0 + 50.0 * z / norm.z_cap, 0.0, 100.0)
    elif method == "rank":
        srt = np.sort(ref)
        less = np.searchsorted(srt, t, side="left").astype(float)
        equal = np.searchsorted(srt, t, side="right") - less
        n = srt.size
        if member:
            # (average rank − 1)/(n − 1); ties share their mid-rank
            y = NEUTRAL * np.ones_like(t) if n == 1 else (less + (equal - 1) / 2.0) / (n - 1) * 100.0
        else:
            y = (less + equal / 2.0) / n * 100.0
        y = np.where(np.isnan(t), np.nan, y)
    else:  # pragma: no cover - guarded by Normalisation.__post_init__
        raise ValueError(method)

    return y if higher_is_riskier else 100.0 - y


def leaf_by_code(spec: IndexSpec) -> dict[str, IndicatorSpec]:
    return {leaf.code: leaf for leaf in spec.root.leaves()}


def normalise_table(values: pd.DataFrame, spec: IndexSpec, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Wide table (unit × indicator) → normalised 0–100 table with the spec's indicator columns.

    Columns of the spec missing from ``values`` become all-NaN (missing, never zero).
    ``reference``: units the normalisation is fitted on (default: ``values`` itself).
    """
    out = {}
    for code, leaf in leaf_by_code(spec).items():
        x = values[code].to_numpy(dtype=float) if code in values else np.full(len(values), np.nan)
        ref = None
        if reference is not None:
            ref = reference[code].to_numpy(dtype=float) if code in reference else np.array([])
        out[code] = normalise_array(x, leaf.normalisation, leaf.higher_is_riskier, ref)
    return pd.DataFrame(out, index=values.index)
