"""General composite index: normalise → weight → aggregate over a tree of groups.

Aggregation at every group is a weighted arithmetic or geometric mean of the
*available* children (weights re-normalised; missing never counts as zero). The
geometric mean is taken of (x + offset) − offset so one zero child does not zero the group.

Contributions decompose every score exactly into per-indicator parts:
- arithmetic node: part_j = w̃_j · x_j (w̃ = re-weighted weights), Σ part_j = value;
- geometric node (log-share): part_j = value · w̃_j·ln(x_j + c) / Σ_k w̃_k·ln(x_k + c);
- a child's parts are passed down to its own children in proportion to their parts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from scoring.normalise import normalise_table
from scoring.spec import Aggregation, GroupSpec, IndexSpec, IndicatorSpec


@dataclass(frozen=True)
class CompositeResult:
    """Scores and their exact decomposition.

    scores: unit → 0–100 (NaN when no indicator is available);
    groups: unit × group code (root included) values;
    normalised: unit × indicator 0–100;
    contributions: long table unit, group, indicator, label, raw_value, normalised, weight, contribution
      (weight = effective weight used after re-weighting; contributions of a unit sum to its score);
    completeness: unit → share of the configured (effective) weight that was available, 0–1.
    """

    scores: pd.Series
    groups: pd.DataFrame
    normalised: pd.DataFrame
    contributions: pd.DataFrame
    completeness: pd.Series


def aggregate_values(values: np.ndarray, weights: np.ndarray, aggregation: Aggregation,
                     offset: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted mean over the last axis of ``values`` (…, n, k) with ``weights`` (k,) or (…, k).

    Returns (value (…, n), parts (…, n, k) summing to value, effective weights (…, n, k)).
    A leading axis in ``values``/``weights`` carries Monte Carlo draws.
    """
    avail = ~np.isnan(values)
    w = np.asarray(weights, dtype=float)[..., None, :] * avail
    wsum = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        w_eff = np.where(wsum > 0, w / wsum, 0.0)
    x = np.where(avail, values, 0.0)
    none = wsum[..., 0] <= 0
    if aggregation == "arithmetic":
        parts = w_eff * x
        value = parts.sum(axis=-1)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(avail, np.log(np.maximum(x + offset, 0.0)), 0.0)
            wl = w_eff * logs
            total = wl.sum(axis=-1)
            value = np.exp(total) - offset
            zero = np.isneginf(total) | (value <= 0)  # a factor of zero (possible when offset = 0)
            value = np.where(zero, 0.0, value)
            share = np.where(np.abs(total)[..., None] > 1e-300, wl / total[..., None], w_eff)
            parts = np.where(zero[..., None], 0.0, value[..., None] * share)
    value = np.where(none, np.nan, value)
    parts = np.where(none[..., None], np.nan, parts)
    return value, parts, w_eff


def evaluate_tree(leaves: Mapping[str, np.ndarray], spec: IndexSpec,
                  weights: Mapping[str, np.ndarray] | None = None, with_parts: bool = True,
                  ) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Aggregate normalised leaf arrays through the tree.

    ``weights`` may replace a group's child weights (group code → (k,) or (draws, k)).
    Returns (root value, {group code: value}, {indicator: (part, effective weight)}) where parts of
    every unit sum to its root value.
    """
    groups: dict[str, np.ndarray] = {}
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def walk(node: GroupSpec) -> np.ndarray:
        # Values go bottom-up; parts are pushed top-down afterwards, once every value is known.
        kids = [leaves[c.code] if isinstance(c, IndicatorSpec) else walk(c) for c in node.children]
        stacked = np.stack(np.broadcast_arrays(*kids), axis=-1)
        w = weights.get(node.code) if weights and node.code in weights else np.array([c.weight for c in node.children])
        value, p, w_eff = aggregate_values(stacked, w, node.aggregation, spec.geometric_offset)
        groups[node.code] = value
        if with_parts:
            cache[node.code] = (p, w_eff)
        return value

    root_value = walk(spec.root)

    if with_parts:
        def push(node: GroupSpec, factor: np.ndarray | float, wfactor: np.ndarray | float) -> None:
            p, w_eff = cache[node.code]
            for j, child in enumerate(node.children):
                part = p[..., j] * factor
                weff = w_eff[..., j] * wfactor
                if isinstance(child, IndicatorSpec):
                    parts[child.code] = (part, weff)
                else:
                    cv = groups[child.code]
                    with np.errstate(invalid="ignore", divide="ignore"):
                        # pass the child's share down in proportion to its own parts
                        f = np.where((cv != 0) & ~np.isnan(cv), p[..., j] * factor / cv, 0.0)
                    push(child, f, weff)
        push(spec.root, 1.0, 1.0)
    return root_value, groups, parts


def aggregate(normalised: pd.DataFrame, spec: IndexSpec, raw: pd.DataFrame | None = None) -> CompositeResult:
    """Aggregate an already normalised wide table (unit × indicator, 0–100) through ``spec``."""
    codes = spec.indicator_codes
    n = len(normalised)
    leaves = {c: (normalised[c].to_numpy(dtype=float) if c in normalised else np.full(n, np.nan)) for c in codes}
    score, groups, parts = evaluate_tree(leaves, spec)
    configured = spec.leaf_weights()
    completeness = sum(np.where(np.isnan(leaves[c]), 0.0, configured[c]) for c in codes) if codes else np.zeros(n)
    index = normalised.index
    labels = {leaf.code: leaf.label or leaf.code for leaf in spec.root.leaves()}
    parent = {c.code: g.code for g in spec.root.groups() for c in g.children if isinstance(c, IndicatorSpec)}
    m = len(codes)
    raw_mat = np.column_stack([
        raw[c].to_numpy(dtype=float) if raw is not None and c in raw else np.full(n, np.nan) for c in codes
    ]) if m else np.empty((n, 0))
    contributions = pd.DataFrame({
        "unit": np.tile(index.to_numpy(), m),
        "group": np.repeat([parent[c] for c in codes], n),
        "indicator": np.repeat(codes, n),
        "label": np.repeat([labels[c] for c in codes], n),
        "raw_value": raw_mat.T.reshape(-1),
        "normalised": np.concatenate([leaves[c] for c in codes]) if m else [],
        "weight": np.concatenate([parts[c][1] for c in codes]) if m else [],
        "contribution": np.concatenate([parts[c][0] for c in codes]) if m else [],
    })
    return CompositeResult(
        scores=pd.Series(score, index=index, name="score"),
        groups=pd.DataFrame(groups, index=index),
        normalised=pd.DataFrame(leaves, index=index),
        contributions=contributions,
        completeness=pd.Series(np.asarray(completeness, dtype=float), index=index, name="completeness"),
    )


def composite_index(values: pd.DataFrame, spec: IndexSpec, reference: pd.DataFrame | None = None) -> CompositeResult:
    """Composite index of any wide indicator table (rows = units, columns = indicators).

    Normalises each indicator per its spec (fitted on ``reference`` if given, else on
    ``values``), then aggregates through the group tree. See module docstring for the
    exact decomposition of scores into contributions.
    """
    return aggregate(normalise_table(values, spec, reference), spec, raw=values)
