"""Traffic-light categories (merah/kuning/hijau) and the override rules, vectorised over units × months."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from scoring.config import CATEGORY_ORDER, Methodology

LEVEL = {c: i for i, c in enumerate(CATEGORY_ORDER)}  # hijau 0 < kuning 1 < merah 2


def category_levels(scores: np.ndarray, groups: np.ndarray, methodology: Methodology) -> np.ndarray:
    """Category level (0 hijau, 1 kuning, 2 merah; −1 when no score) per unit × month.

    ``scores`` (U, M); ``groups`` (U,) peer group of each unit (kab/kota vs provinsi), because
    the relative rule compares a unit only with units of its own level (Bawaslu IKP).
    Relative: merah > mean + k·SD, hijau < mean − k·SD (population SD of the month's scores).
    """
    cfg = methodology.kategori
    scores = np.atleast_2d(scores)
    if cfg.mode == "fixed":
        hi = np.full(scores.shape, cfg.fixed_merah)
        lo = np.full(scores.shape, cfg.fixed_kuning)
        level = np.where(scores >= hi, 2, np.where(scores >= lo, 1, 0))
    else:
        hi = np.empty(scores.shape)
        lo = np.empty(scores.shape)
        for g in np.unique(groups):  # two peer groups at most; units stay vectorised
            rows = groups == g
            with warnings.catch_warnings():  # an all-NaN month has no mean: NaN is the answer
                warnings.simplefilter("ignore", RuntimeWarning)
                mean = np.nanmean(scores[rows], axis=0)
                sd = np.nanstd(scores[rows], axis=0)
            hi[rows] = mean + cfg.relative_sd * sd
            lo[rows] = mean - cfg.relative_sd * sd
        # a tiny tolerance so equal scores (SD 0) are kuning, not split by rounding noise
        tol = 1e-9
        level = np.where(scores > hi + tol, 2, np.where(scores < lo - tol, 0, 1))
    return np.where(np.isnan(scores), -1, level)


def apply_overrides(level: np.ndarray, recent_deaths: np.ndarray, declared: np.ndarray,
                    methodology: Methodology) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Raise categories by the override rules; returns (level, raised_by_deaths, raised_by_declaration).

    Overrides only ever raise a category; a unit without a score still gets one from an override.
    """
    cfg = methodology.overrides
    deaths_min = LEVEL[cfg.deaths_min_category]
    declared_level = LEVEL[cfg.declaration_category]
    by_deaths = (recent_deaths > 0) & (level < deaths_min)
    out = np.where(by_deaths, deaths_min, level)
    by_decl = declared & (out < declared_level)
    out = np.where(by_decl, declared_level, out)
    return out, by_deaths, by_decl


def level_names(level: np.ndarray) -> np.ndarray:
    """Levels → category codes (None when no category)."""
    names = np.array(CATEGORY_ORDER + (None,), dtype=object)
    return names[np.where(level < 0, len(CATEGORY_ORDER), level)]


def declared_active(declarations: pd.DataFrame, units: pd.Index, as_of_days: np.ndarray) -> np.ndarray:
    """(U, M) True where a status keadaan konflik covering the unit is active on the as-of day.

    A declaration covers its region and every region below it (code prefix); an empty end
    date means still active. Day numbers are days since 1970-01-01.
    """
    if declarations.empty:
        return np.zeros((len(units), len(as_of_days)), bool)
    start = declarations["start_on"].to_numpy().astype("datetime64[D]").astype(np.int64)
    end_raw = declarations["end_on"].to_numpy().astype("datetime64[D]")
    end = np.where(np.isnat(end_raw), np.iinfo(np.int64).max, end_raw.astype(np.int64))
    active = (start[:, None] <= as_of_days[None, :]) & (end[:, None] >= as_of_days[None, :])  # (D, M)
    codes = units.to_numpy(dtype=object).astype(str)
    regions = declarations["region_code"].fillna("").to_numpy(dtype=object).astype(str)
    # nasional without a region code covers everything; otherwise the region and its descendants
    cover = np.array([(codes == r) | np.char.startswith(codes, r + ".") if r else np.ones(len(codes), bool)
                      for r in regions])  # (D, U): a loop over declarations, not regions
    return (cover.T.astype(np.int64) @ active.astype(np.int64)) > 0
