"""General composite index: normalise → weight → aggregate over a tree of groups.

Every group aggregates its *available* children (weights re-normalised; missing never
counts as zero) by a weighted arithmetic, geometric (of x + offset, minus offset), reverse
geometric (INFORM), max or min aggregation; see :mod:`scoring.aggregation` for the formulas
and the exact per-child decomposition. A group's output may be scaled, shifted, reversed and
rounded (:class:`scoring.spec.GroupSpec`).

Contributions decompose every score exactly into per-indicator parts: a group's part is
passed down to its children in proportion to their parts of the group's value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from scoring.aggregation import aggregate_values, transform_output
from scoring.normalise import normalise_table
from scoring.spec import GroupSpec, IndexSpec, IndicatorSpec

__all__ = ["CompositeResult", "aggregate", "aggregate_values", "composite_index", "evaluate_tree"]


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


def evaluate_tree(leaves: Mapping[str, np.ndarray], spec: IndexSpec,
                  weights: Mapping[str, np.ndarray] | None = None, with_parts: bool = True,
                  ) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Aggregate normalised leaf arrays through the tree.

    ``weights`` may replace a group's child weights (group code → (k,) or (draws, k)).
    Each leaf is multiplied by its ``factor``; each group uses its own aggregation, geometric
    offset (default: the spec's), anchor and output transform (see :class:`GroupSpec`).
    Returns (root value, {group code: value}, {indicator: (part, effective weight)}) where parts of
    every unit sum to its root value.
    """
    groups: dict[str, np.ndarray] = {}
    parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def leaf_value(leaf: IndicatorSpec) -> np.ndarray:
        x = leaves[leaf.code]
        return x * leaf.factor if leaf.factor != 1.0 else x

    def walk(node: GroupSpec) -> np.ndarray:
        # Values go bottom-up; parts are pushed top-down afterwards, once every value is known.
        kids = [leaf_value(c) if isinstance(c, IndicatorSpec) else walk(c) for c in node.children]
        stacked = np.stack(np.broadcast_arrays(*kids), axis=-1)
        w = weights.get(node.code) if weights and node.code in weights else np.array([c.weight for c in node.children])
        offset = spec.geometric_offset if node.offset is None else node.offset
        value, p, w_eff = aggregate_values(stacked, w, node.aggregation, offset, node.anchor, with_parts)
        if node.transformed:
            value, p = transform_output(value, p, w_eff, node.scale, node.shift, node.reverse, node.upper,
                                        node.round_digits)
        groups[node.code] = value
        if with_parts:
            cache[node.code] = (p, w_eff)
        return value

    root_value = walk(spec.root)

    if with_parts:
        def push(node: GroupSpec, amount: np.ndarray, wfactor: np.ndarray | float) -> None:
            # ``amount`` is what this node contributes to the root; its children share it in
            # proportion to their parts of the node's value. A node worth exactly 0 keeps its own
            # parts (they sum to 0) and spreads the amount by effective weight.
            p, w_eff = cache[node.code]
            value = groups[node.code]
            with np.errstate(invalid="ignore", divide="ignore"):
                nz = (value != 0) & ~np.isnan(value)
                ratio = np.where(nz, amount / np.where(nz, value, 1.0), 0.0)
            for j, child in enumerate(node.children):
                share = np.where(nz, p[..., j] * ratio, p[..., j] + amount * w_eff[..., j])
                weff = w_eff[..., j] * wfactor
                if isinstance(child, IndicatorSpec):
                    parts[child.code] = (share, weff)
                else:
                    push(child, share, weff)
        push(spec.root, root_value, 1.0)
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
