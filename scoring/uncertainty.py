"""Uncertainty by Monte Carlo: rank bands over modelling choices (OECD/JRC handbook, step 7), and
P(merah) / P(hijau) per region over the incident counts and weights (:func:`category_probabilities`).

Rank bands:
Each draw picks a normalisation (configured, or one method for every struktural
indicator), an aggregation (arithmetic or geometric, at every level) and new weights
inside every group from Dirichlet(concentration × configured weights) — so the mean
weights equal the configured ones. All draws sharing a choice are evaluated at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from domain.period import Month
from scoring.composite import evaluate_tree
from scoring.config import Methodology, load_methodology
from scoring.categorise import apply_overrides, cutoffs, levels_at
from scoring.engine import (PEER_KABKOTA, PEER_PROVINSI, MonthScores, Prepared, _ranks, normalised_leaves, prepare,
                            score_months)
from scoring.escalation import POISSON_BELOW, adjust_across, nb_sf
from scoring.escalation import component as escalation_component
from scoring.incidents import ARENAS, month_number
from scoring.inputs import ScoringInputs
from scoring.normalise import normalise_array
from scoring.spec import Normalisation


def rank_uncertainty(inputs: ScoringInputs, period: str | Month, n_draws: int = 1000, seed: int = 0,
                     top_n: int = 5, methodology: Methodology | None = None) -> pd.DataFrame:
    """Per unit: rank under the methodology, median rank, 5–95 % rank band, mean absolute rank shift,
    and ``robust_top`` (True when the whole 90 % band stays within the top ``top_n`` of its level).

    Seeded, so the same inputs and seed give the same table.
    """
    m = methodology or load_methodology()
    cfg = m.uncertainty
    prep = prepare(inputs, [month_number(str(period))], m)
    rng = np.random.default_rng(seed)
    norm_choice = rng.integers(len(cfg.normalisations), size=n_draws)
    agg_choice = rng.integers(len(cfg.aggregations), size=n_draws)
    weights: dict[str, np.ndarray] = {}
    for group in prep.spec.root.groups():
        w = np.array([c.weight for c in group.children], dtype=float)
        w = w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
        # a zero weight stays (almost) zero; Dirichlet parameters must be positive
        weights[group.code] = rng.dirichlet(np.maximum(cfg.dirichlet_concentration * w, 1e-6), size=n_draws)

    scores = np.full((n_draws, len(prep.units)), np.nan)
    for k, method in enumerate(cfg.normalisations):
        leaves = normalised_leaves(prep, 0, method)
        for a, agg in enumerate(cfg.aggregations):
            draws = np.flatnonzero((norm_choice == k) & (agg_choice == a))
            if draws.size == 0:
                continue
            spec = prep.spec.with_aggregation(agg)
            value, _, _ = evaluate_tree(leaves, spec, {g: w[draws] for g, w in weights.items()}, with_parts=False)
            scores[draws] = np.broadcast_to(value, (draws.size, len(prep.units)))

    ranks = _ranks(scores.T, prep.peer)  # (U, draws)
    base_rank = _ranks(score_months(prep).score, prep.peer)[:, 0]
    with np.errstate(invalid="ignore"):
        p05, median, p95 = np.nanpercentile(ranks, [5, 50, 95], axis=1) if ranks.size else (np.nan,) * 3
        shift = np.nanmean(np.abs(ranks - base_rank[:, None]), axis=1)
    return pd.DataFrame({
        "region_code": prep.units.to_numpy(),
        "name": prep.names,
        "level": prep.peer,
        "rank": pd.array(base_rank, dtype="Int64"),
        "median_rank": median,
        "rank_p05": p05,
        "rank_p95": p95,
        "mean_rank_shift": shift,
        "robust_top": np.nan_to_num(p95, nan=np.inf) <= top_n,
        "n_draws": n_draws,
    }).sort_values(["level", "median_rank", "region_code"],
                   key=lambda s: s.map({PEER_KABKOTA: 0, PEER_PROVINSI: 1}) if s.name == "level" else s
                   ).reset_index(drop=True)


@dataclass(frozen=True)
class CategoryProbabilities:
    """Per unit: P(merah), P(hijau), P(the month's own category), borderline (NaN/False without draws)."""

    p_merah: np.ndarray
    p_hijau: np.ndarray
    p_same: np.ndarray
    borderline: np.ndarray


def category_probabilities(prep: Prepared, ms: MonthScores, j: int, draws: int, seed: int = 0,
                           leaves: Mapping[str, np.ndarray] | None = None) -> CategoryProbabilities:
    """Monte Carlo over the incident counts and the weights for month column ``j``.

    Each draw: (1) every tekanan rate from its empirical-Bayes posterior Gamma((x + n0·μ)/φ,
    φ/(n + n0)); (2) the 30-day count of the escalation driver series from NB(observed, α)
    (Gamma–Poisson), its p-value against the same baseline, Bonferroni across categories as in the
    score and the multiple-testing correction across the level's regions within the draw; (3) the
    weights inside every group from Dirichlet(concentration × configured weights). Struktural
    values, normalisation and aggregation stay as configured. Categories are then assigned in
    every draw with cut-offs recomputed from that draw's scores, floors and overrides (no
    hysteresis: a draw is one month on its own). Borderline: the month's own category (before
    hysteresis) holds in fewer than ``borderline_below`` of the draws. Seeded, one stream per level; drawn
    only for ``prep.levels``. ``leaves``: the month's normalised leaves when the caller has them
    (``normalised_leaves(prep, j)``; not modified).
    """
    n_u = len(prep.units)
    nan = np.full(n_u, np.nan)
    out = CategoryProbabilities(nan, nan.copy(), nan.copy(), np.zeros(n_u, bool))
    if draws <= 0:
        return out
    leaves = normalised_leaves(prep, j) if leaves is None else leaves
    # each level draws from its own seeded stream: levels are never compared with each other, and a
    # level's probabilities then do not depend on the other level's units (a reference set that stores one
    # level draws for it alone, or reads incidents per province, and gets the same P(merah))
    for k, level in enumerate((PEER_KABKOTA, PEER_PROVINSI)):
        rows = np.flatnonzero(prep.peer == level)
        if level not in prep.levels:
            continue   # results of that level are not wanted (never stored): no draws
        if rows.size:
            part = _level_probabilities(prep, ms, j, draws, np.random.default_rng([seed, k]), rows, leaves)
            for whole, values in zip((out.p_merah, out.p_hijau, out.p_same, out.borderline), part):
                whole[rows] = values
    return out


def _level_probabilities(prep: Prepared, ms: MonthScores, j: int, draws: int, rng: np.random.Generator,
                         rows: np.ndarray, base: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """(p_merah, p_hijau, p_same, borderline) of the units ``rows`` (one level), drawn from ``rng``."""
    n_u = len(rows)
    m = prep.methodology
    leaves = {c: v[rows] for c, v in base.items()}
    sh = prep.shrink
    tek = Normalisation(method="fixed_log", reference=m.tekanan.reference_rate)
    for a, arena in enumerate(ARENAS):
        n, n0, mu, phi = sh.n[rows], sh.n0[rows, a, j], sh.mu[rows, a, j], sh.phi[a, j]
        x = np.nan_to_num(sh.raw[rows, a, j] * n)
        shape = (x + n0 * mu) / phi
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = phi / (n + n0)
        ok = np.isfinite(scale) & (shape > 0)
        rate = np.where(ok, rng.gamma(np.where(ok, shape, 1.0), np.where(ok, scale, 1.0), (draws, n_u)), 0.0)
        rate = np.where(np.isfinite(n), rate, np.nan)
        leaves[f"tekanan_{arena}"] = normalise_array(rate.reshape(-1), tek).reshape(draws, n_u)

    esc, cfg = prep.esc, m.eskalasi
    obs, alpha = esc.observed[rows, j], esc.alpha[rows, j]
    lam = np.maximum(esc.expected[rows, j], cfg.lambda_floor)
    nb = alpha > POISSON_BELOW
    gamma = np.where(nb, rng.gamma(np.where(nb, 1.0 / np.where(nb, alpha, 1.0), 1.0),
                                   np.where(nb, alpha * obs, 1.0), (draws, n_u)), obs)
    counts = rng.poisson(np.maximum(gamma, 0.0))
    p = nb_sf(counts, lam, alpha)
    n_cat = len(prep.esc_series) - 1
    if cfg.per_category and n_cat > 1:
        p = np.where(esc.driver[rows, j] > 0, np.minimum(p * n_cat, 1.0), p)
    q = adjust_across(p.T, prep.peer[rows], cfg.multiple_testing).T
    leaves["eskalasi"] = np.where(np.isnan(leaves["eskalasi"]), np.nan, escalation_component(q, cfg.surprise_cap))

    weights: dict[str, np.ndarray] = {}
    for group in prep.spec.root.groups():
        w = np.array([c.weight for c in group.children], dtype=float)
        w = w / w.sum() if w.sum() > 0 else np.full(len(w), 1.0 / len(w))
        weights[group.code] = rng.dirichlet(np.maximum(m.uncertainty.dirichlet_concentration * w, 1e-6), size=draws)
    scores, _, _ = evaluate_tree(leaves, prep.spec, weights, with_parts=False)   # (draws, U)
    score = ms.score[rows, j]
    scores = np.where(np.isnan(score)[None, :], np.nan, scores)
    lo, hi = cutoffs(scores.T, prep.groups[rows], m)
    level = levels_at(scores.T, lo, hi, m)                                          # (U, draws)
    level, _, _ = apply_overrides(level, prep.deaths[rows, j:j + 1], prep.declared[rows, j:j + 1], m)
    has = ~np.isnan(score)
    p_merah = np.where(has, (level == 2).mean(axis=1), np.nan)
    p_hijau = np.where(has, (level == 0).mean(axis=1), np.nan)
    p_same = np.where(has, (level == ms.raw[rows, j:j + 1]).mean(axis=1), np.nan)
    borderline = has & (p_same < m.uncertainty.borderline_below)
    return p_merah, p_hijau, p_same, borderline
