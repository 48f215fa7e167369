"""Each aggregation of the general engine with hand-computed numbers, plus properties.

Properties: every aggregation is non-decreasing in each child, lies between the smallest and
largest available child, and its parts add up to the value (non-negative for inputs ≥ 0).
"""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.aggregation import aggregate_values, round_half_away
from scoring.composite import composite_index, evaluate_tree
from scoring.spec import AGGREGATIONS, GroupSpec, IndexSpec, IndicatorSpec, Normalisation

INFORM_ANCHOR = 100 / 9  # (10 − GEOMEAN((10 − x)/10·9 + 1))/9·10 = 100/9 − ∏(100/9 − x)^(1/n)


def agg(values, weights, how, offset=1.0, anchor=None):
    return aggregate_values(np.array([values], dtype=float), np.array(weights, dtype=float), how, offset, anchor)


def test_reverse_geometric_hand_computed():
    value, parts, _ = agg([0.0, 10.0], [1, 1], "reverse_geometric", anchor=11.0)
    assert value[0] == pytest.approx(7.6833752096446)  # 11 − √(11 · 1)
    assert parts[0].tolist() == pytest.approx([0.0, 7.6833752096446])  # a child at 0 contributes 0
    # weighted: 11 − 9^0.75 · 5^0.25; parts ∝ w_j ln(11/(11 − x_j))
    value, parts, _ = agg([2.0, 6.0], [3, 1], "reverse_geometric", anchor=11.0)
    assert value[0] == pytest.approx(3.2299398076659456)
    assert parts[0].tolist() == pytest.approx([1.3984218114676992, 1.8315179961982464])
    # INFORM's spreadsheet form (10 − GEOMEAN(10, 1))/9·10 is the anchor-100/9 form
    value, _, _ = agg([0.0, 10.0], [1, 1], "reverse_geometric", anchor=INFORM_ANCHOR)
    assert value[0] == pytest.approx((10 - math.sqrt(10)) / 9 * 10) == pytest.approx(7.597469266479578)
    # a missing child is left out: the group is its one available child
    value, _, _ = agg([np.nan, 4.2], [1, 1], "reverse_geometric", anchor=INFORM_ANCHOR)
    assert value[0] == pytest.approx(4.2)
    with pytest.raises(ValueError, match="anchor"):
        agg([1.0], [1], "reverse_geometric")


def test_max_and_min_hand_computed():
    value, parts, w = agg([3.0, 7.0, np.nan], [1, 1, 1], "max")
    assert value[0] == 7.0 and parts[0].tolist() == [0.0, 7.0, 0.0] and w[0].tolist() == [0.0, 1.0, 0.0]
    value, parts, _ = agg([7.0, 7.0, 1.0], [1, 1, 1], "max")
    assert value[0] == 7.0 and parts[0].tolist() == [3.5, 3.5, 0.0]  # a tie shares the value
    value, parts, _ = agg([3.0, 7.0], [1, 1], "min")
    assert value[0] == 3.0 and parts[0].tolist() == [3.0, 0.0]
    value, _, _ = agg([3.0, 9.0], [1, 0], "max")
    assert value[0] == 3.0  # weight 0 leaves a child out
    value, _, _ = agg([np.nan, np.nan], [1, 1], "min")
    assert np.isnan(value[0])


def test_geometric_offset_zero_below_one_has_bounded_parts():
    # the old share w·ln(x)/Σ w·ln(x) gave parts of −6,932 and +6,933 here (value 1.00005)
    value, parts, _ = agg([0.5, 2.0002], [1, 1], "geometric", offset=0.0)
    assert value[0] == pytest.approx(math.sqrt(0.5 * 2.0002))
    # reference r = min y = 0.5: part_j = w_j·r + (G − r)·share of ln(y_j / r)
    assert parts[0].tolist() == pytest.approx([0.25, math.sqrt(0.5 * 2.0002) - 0.25])
    assert (parts >= 0).all() and parts.sum() == pytest.approx(value[0])


def test_factor_scale_shift_reverse_and_group_offsets():
    a = IndicatorSpec("a", 1, Normalisation(method="identity"), factor=0.5)
    b = IndicatorSpec("b", 1, Normalisation(method="identity"))
    leaves = {"a": np.array([80.0]), "b": np.array([20.0])}
    # factor: a counts as 40 → (40 + 20)/2
    value, _, _ = evaluate_tree(leaves, IndexSpec(GroupSpec("g", (a, b))))
    assert value[0] == pytest.approx(30.0)
    # scale 0.1, reversed on a 0–100 scale, shifted by 1: 1 + 0.1·(100 − 30) = 8
    spec = IndexSpec(GroupSpec("g", (a, b), scale=0.1, reverse=True, shift=1.0))
    value, groups, parts = evaluate_tree(leaves, spec)
    assert value[0] == pytest.approx(8.0)
    # parts: b·part_j + a·w̃_j with a = 1 + 10, b = −0.1 → (−2 + 5.5, −1 + 5.5)
    assert [parts["a"][0][0], parts["b"][0][0]] == pytest.approx([3.5, 4.5])
    # one geometric offset per group: offset 0 → √(4·16) = 8; the spec default 1 → √(1·9) − 1 = 2
    g0 = GroupSpec("g0", (IndicatorSpec("x1"), IndicatorSpec("x2")), aggregation="geometric", offset=0.0)
    g1 = GroupSpec("g1", (IndicatorSpec("y1"), IndicatorSpec("y2")), aggregation="geometric")
    spec = IndexSpec(GroupSpec("root", (g0, g1)), geometric_offset=1.0)
    data = {"x1": np.array([4.0]), "x2": np.array([16.0]), "y1": np.array([0.0]), "y2": np.array([8.0])}
    value, groups, parts = evaluate_tree(data, spec)
    assert groups["g0"][0] == pytest.approx(8.0) and groups["g1"][0] == pytest.approx(2.0)
    assert value[0] == pytest.approx(5.0)
    assert sum(p[0][0] for p in parts.values()) == pytest.approx(5.0)


def test_round_half_away_like_a_spreadsheet():
    assert round_half_away(np.array([7.25, 1.15, -2.5, 0.04999, 2.675]), 1).tolist() == [7.3, 1.2, -2.5, 0.0, 2.7]
    assert round_half_away(np.array([-2.5]), 0).tolist() == [-3.0]
    g = GroupSpec("g", (IndicatorSpec("a"), IndicatorSpec("b")), round_digits=1)
    value, _, parts = evaluate_tree({"a": np.array([1.0]), "b": np.array([1.5])}, IndexSpec(g))
    assert value[0] == 1.3  # 1.25 → 1.3, parts rescaled so they still add up
    assert parts["a"][0][0] + parts["b"][0][0] == pytest.approx(1.3)


def test_composite_index_with_new_aggregations_and_missing_values():
    spec = IndexSpec(GroupSpec("risk", (
        GroupSpec("hazard", (IndicatorSpec("eq", 1, Normalisation(method="identity")),
                             IndicatorSpec("fl", 1, Normalisation(method="identity"))),
                  aggregation="reverse_geometric", anchor=INFORM_ANCHOR, round_digits=1),
        GroupSpec("worst", (IndicatorSpec("c1", 1, Normalisation(method="identity")),
                            IndicatorSpec("c2", 1, Normalisation(method="identity"))), aggregation="max"),
    ), aggregation="geometric", offset=0.0))
    values = pd.DataFrame({"eq": [0.0, np.nan], "fl": [10.0, 4.0], "c1": [2.0, np.nan], "c2": [8.0, 1.0]},
                          index=["A", "B"])
    r = composite_index(values, spec)
    # A: hazard = 7.597… → 7.6; worst = 8; risk = √(7.6 · 8).  B: hazard = 4.0 (eq missing); worst = 1; √4
    assert r.groups["hazard"].tolist() == [7.6, 4.0]
    assert r.scores.tolist() == pytest.approx([math.sqrt(7.6 * 8), 2.0])
    sums = r.contributions.groupby("unit")["contribution"].sum()
    assert sums.loc[["A", "B"]].to_numpy() == pytest.approx(r.scores.to_numpy())
    b = r.contributions[r.contributions.unit == "B"].set_index("indicator")
    assert b.loc["eq", "contribution"] == 0.0 and b.loc["c1", "contribution"] == 0.0


unit = st.floats(min_value=0.0, max_value=10.0, allow_nan=False, allow_subnormal=False)
maybe = st.one_of(unit, st.just(float("nan")))
weight = st.floats(min_value=0.05, max_value=5.0)


def _agg_args(how):
    return {"offset": 0.0 if how == "geometric" else 1.0, "anchor": INFORM_ANCHOR}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(AGGREGATIONS), st.lists(st.tuples(unit, weight), min_size=1, max_size=6),
       st.data())
def test_every_aggregation_is_monotone_in_each_child(how, kids, data):
    x = np.array([k[0] for k in kids])
    w = np.array([k[1] for k in kids])
    j = data.draw(st.integers(0, len(kids) - 1))
    bump = data.draw(st.floats(min_value=0.0, max_value=10.0 - x[j]))
    up = x.copy()
    up[j] += bump
    v0, _, _ = aggregate_values(x[None, :], w, how, **_agg_args(how))
    v1, _, _ = aggregate_values(up[None, :], w, how, **_agg_args(how))
    assert v1[0] >= v0[0] - 1e-9


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(AGGREGATIONS), st.lists(st.tuples(maybe, weight), min_size=1, max_size=6))
def test_parts_add_up_and_stay_within_bounds(how, kids):
    x = np.array([k[0] for k in kids])
    w = np.array([k[1] for k in kids])
    value, parts, _ = aggregate_values(x[None, :], w, how, **_agg_args(how))
    avail = x[~np.isnan(x)]
    if avail.size == 0:
        assert np.isnan(value[0])
        return
    assert avail.min() - 1e-9 <= value[0] <= avail.max() + 1e-9
    assert parts[0].sum() == pytest.approx(value[0], abs=1e-9)
    assert (parts[0] >= -1e-9).all() and (parts[0] <= value[0] + 1e-9).all()


def _random_tree(draw_aggs, draw_flags):
    leaves = [IndicatorSpec(f"i{k}", 1.0 + k % 3, Normalisation(method="identity"), factor=1.0 if k % 4 else 0.5)
              for k in range(6)]
    kw = lambda n: {"anchor": 100.0} if draw_aggs[n] == "reverse_geometric" else {}  # noqa: E731
    g1 = GroupSpec("g1", tuple(leaves[:3]), 1.0, draw_aggs[0], offset=0.0, scale=0.5, reverse=draw_flags[0], **kw(0))
    g2 = GroupSpec("g2", tuple(leaves[3:]), 2.0, draw_aggs[1], round_digits=1 if draw_flags[1] else None, **kw(1))
    return IndexSpec(GroupSpec("root", (g1, g2), aggregation=draw_aggs[2], **kw(2)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(AGGREGATIONS), min_size=3, max_size=3), st.lists(st.booleans(), min_size=2, max_size=2),
       st.lists(st.lists(st.one_of(st.floats(0.0, 100.0), st.just(float("nan"))), min_size=6, max_size=6),
                min_size=1, max_size=8))
def test_tree_contributions_add_up_to_the_score(aggs, flags, rows):
    spec = _random_tree(aggs, flags)
    values = pd.DataFrame(rows, columns=[f"i{k}" for k in range(6)])
    r = composite_index(values, spec)
    sums = r.contributions.groupby("unit")["contribution"].sum().reindex(r.scores.index)
    scored = r.scores.notna()
    assert sums[scored].to_numpy() == pytest.approx(r.scores[scored].to_numpy(), abs=1e-7)
    # inputs within [0, upper], scale ≥ 0 and no negative shift: no part is negative, reversed or not —
    # except a reversed reverse-geometric group (see test_negative_parts_are_where_documented)
    if not (flags[0] and aggs[0] == "reverse_geometric"):
        assert (r.contributions["contribution"].dropna() >= -1e-9).all()
    assert ((r.scores[scored] >= -1e-9) & (r.scores[scored] <= 100 + 1e-9)).all()


def test_negative_parts_are_where_documented():
    # docs/scoring.md: y = v − 20 over children 10 and 90 → parts 5 − 10 and 45 − 10
    g = GroupSpec("g", (IndicatorSpec("a"), IndicatorSpec("b")), shift=-20.0)
    value, _, parts = evaluate_tree({"a": np.array([10.0]), "b": np.array([90.0])}, IndexSpec(g))
    assert value[0] == 30.0 and [parts["a"][0][0], parts["b"][0][0]] == [-5.0, 35.0]
    # a reversed reverse-geometric group: v = 100 − 27^0.4 · 100^0.6 = 40.77 all goes to a (b is 0),
    # and a's reversed part 0.4·100 − 40.77 is below zero; the parts still add up to 100 − v
    g = GroupSpec("g", (IndicatorSpec("a", 2), IndicatorSpec("b", 3)), aggregation="reverse_geometric",
                  anchor=100.0, reverse=True)
    value, _, parts = evaluate_tree({"a": np.array([73.0]), "b": np.array([0.0])}, IndexSpec(g))
    v = 100 - 27 ** 0.4 * 100 ** 0.6
    assert value[0] == pytest.approx(100 - v)
    assert [parts["a"][0][0], parts["b"][0][0]] == pytest.approx([40 - v, 60.0])
    assert parts["a"][0][0] < 0
