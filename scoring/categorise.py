"""Traffic-light categories (merah/kuning/hijau) and the override rules, vectorised over units × months."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from scoring.config import CATEGORY_ORDER, Methodology

LEVEL = {c: i for i, c in enumerate(CATEGORY_ORDER)}  # hijau 0 < kuning 1 < merah 2


def reference_groups(peer: np.ndarray, province: np.ndarray, methodology: Methodology) -> np.ndarray:
    """Label of each unit's reference set for the relative rule (and the shrinkage target).

    Provinces are compared with the provinces; a kab/kota with the kab/kota of its province
    (``reference = "provinsi"``) or with every kab/kota in the inputs (``"nasional"``).
    """
    if methodology.kategori.reference == "nasional":
        return np.asarray(peer, dtype=object)
    return np.where(np.asarray(peer) == "kabkota", "kabkota:" + np.asarray(province, dtype=object).astype(str),
                    np.asarray(peer, dtype=object)).astype(object)


def relative_cutoffs(scores: np.ndarray, groups: np.ndarray, k: float, ddof: int) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) = mean ∓ k·SD of the scores of each unit's group, per month (arrays (U, M)).

    ``ddof = 1`` is the sample SD (n − 1), as in Bawaslu's published IKP cut-offs; a group with
    fewer than ddof + 1 scores has no SD (NaN cut-offs: its units are kuning).
    """
    scores = np.atleast_2d(scores)
    hi = np.empty(scores.shape)
    lo = np.empty(scores.shape)
    for g in pd.unique(np.asarray(groups, dtype=object)):  # few groups; units stay vectorised
        rows = groups == g
        with warnings.catch_warnings():  # an all-NaN month has no mean: NaN is the answer
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(scores[rows], axis=0)
            sd = np.nanstd(scores[rows], axis=0, ddof=ddof)
        hi[rows] = mean + k * sd
        lo[rows] = mean - k * sd
    return lo, hi


def cutoffs(scores: np.ndarray, groups: np.ndarray, methodology: Methodology) -> tuple[np.ndarray, np.ndarray]:
    """(kuning cut-off, merah cut-off) per unit × month for the configured mode, floors not included."""
    cfg = methodology.kategori
    scores = np.atleast_2d(scores)
    if cfg.mode == "fixed":
        return np.full(scores.shape, cfg.fixed_kuning), np.full(scores.shape, cfg.fixed_merah)
    return relative_cutoffs(scores, groups, cfg.relative_sd, cfg.sd_ddof)


def levels_at(scores: np.ndarray, lo: np.ndarray, hi: np.ndarray, methodology: Methodology) -> np.ndarray:
    """Rule level (0 hijau, 1 kuning, 2 merah, −1 no score) of ``scores`` against given cut-offs and the floors.

    Relative mode: merah > hi and ≥ floor_merah; hijau < lo or < floor_kuning (so a calm month can
    be all hijau and a merah is never below the floor). Fixed mode: merah ≥ hi, kuning ≥ lo.
    """
    cfg = methodology.kategori
    scores = np.atleast_2d(scores)
    if cfg.mode == "fixed":
        level = np.where(scores >= hi, 2, np.where(scores >= lo, 1, 0))
    else:
        # a tiny tolerance so equal scores (SD 0) are kuning, not split by rounding noise
        tol = 1e-9
        level = np.where(scores > hi + tol, 2, np.where(scores < lo - tol, 0, 1))
        level = np.where((level == 2) & (scores < cfg.floor_merah), 1, level)
        level = np.where(scores < cfg.floor_kuning, 0, level)
    return np.where(np.isnan(scores), -1, level)


def category_levels(scores: np.ndarray, groups: np.ndarray, methodology: Methodology) -> np.ndarray:
    """Rule level per unit × month (before hysteresis and overrides); ``groups`` from :func:`reference_groups`."""
    lo, hi = cutoffs(scores, groups, methodology)
    return levels_at(scores, lo, hi, methodology)


def hysteresis(scores: np.ndarray, lo: np.ndarray, hi: np.ndarray, methodology: Methodology) -> np.ndarray:
    """Held rule level per unit × month: a change needs the margin or two consecutive months.

    Month 0 starts at the rule's level. Later, when the rule's level r differs from the held
    level h: it is taken at once if it was also the rule's level the month before; otherwise h
    moves only as far as the score still reaches after ``hysteresis_margin`` points against it
    (level of score − margin for a rise, score + margin for a fall). No score → no level.
    """
    margin = methodology.kategori.hysteresis_margin
    scores = np.atleast_2d(scores)
    raw = levels_at(scores, lo, hi, methodology)
    up = levels_at(scores - margin, lo, hi, methodology)
    down = levels_at(scores + margin, lo, hi, methodology)
    held = np.empty_like(raw)
    held[:, 0] = raw[:, 0]
    for j in range(1, raw.shape[1]):  # a loop over months; vectorised over units
        h, r = held[:, j - 1], raw[:, j]
        confirmed = raw[:, j - 1] == r
        rise = np.where(confirmed, r, np.maximum(h, up[:, j]))
        fall = np.where(confirmed, r, np.minimum(h, down[:, j]))
        held[:, j] = np.where((r < 0) | (h < 0), r, np.where(r > h, rise, np.where(r < h, fall, r)))
    return held


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
