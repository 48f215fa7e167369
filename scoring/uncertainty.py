"""Rank uncertainty by Monte Carlo over modelling choices (OECD/JRC handbook, step 7).

Each draw picks a normalisation (configured, or one method for every struktural
indicator), an aggregation (arithmetic or geometric, at every level) and new weights
inside every group from Dirichlet(concentration × configured weights) — so the mean
weights equal the configured ones. All draws sharing a choice are evaluated at once.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from domain.period import Month
from scoring.composite import evaluate_tree
from scoring.config import Methodology, load_methodology
from scoring.engine import PEER_KABKOTA, PEER_PROVINSI, _ranks, normalised_leaves, prepare, score_months
from scoring.incidents import month_number
from scoring.inputs import ScoringInputs


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
    base_scores, _, _, _, _ = score_months(prep)
    base_rank = _ranks(base_scores, prep.peer)[:, 0]
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
