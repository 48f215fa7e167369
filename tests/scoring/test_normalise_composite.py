import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.composite import aggregate_values, composite_index
from scoring.normalise import normalise_array
from scoring.spec import GroupSpec, IndexSpec, IndicatorSpec, Normalisation


def n(x, **kw):
    higher = kw.pop("higher", True)
    ref = kw.pop("ref", None)
    return normalise_array(np.array(x, dtype=float), Normalisation(**kw), higher, ref)


def test_minmax_plain_and_winsorised():
    assert n([0, 5, 10]).tolist() == [0.0, 50.0, 100.0]
    # p10 = 4, p90 = 36 (linear interpolation) → (10 − 4)/32
    assert n([0, 10, 20, 30, 40], winsor=(10, 90)) == pytest.approx([0.0, 18.75, 50.0, 81.25, 100.0])


def test_minmax_log_transform_and_fixed_bounds_and_direction():
    e = math.e
    assert n([0, e - 1, e * e - 1], transform="log") == pytest.approx([0.0, 50.0, 100.0])
    assert n([82.4, 10.0], bounds=(0.0, 100.0)) == pytest.approx([82.4, 10.0])
    assert n([0, 5, 10], higher=False).tolist() == [100.0, 50.0, 0.0]
    assert n([61.2], bounds=(0.0, 100.0), higher=False) == pytest.approx([38.8])


def test_zscore_mapping():
    # mean 3, population SD √2; z = ±√2 → 50 ± 50·√2/3
    out = n([1, 2, 3, 4, 5], method="zscore", z_cap=3.0)
    assert out == pytest.approx([50 - 50 * 2 ** 0.5 / 3, 50 - 25 * 2 ** 0.5 / 3, 50, 50 + 25 * 2 ** 0.5 / 3,
                                 50 + 50 * 2 ** 0.5 / 3])
    assert n([0, 0, 0, 100], method="zscore", z_cap=1.0)[-1] == 100.0  # clipped


def test_percentile_rank_with_ties_and_external_reference():
    assert n([10, 20, 20, 40], method="rank").tolist() == [0.0, 50.0, 50.0, 100.0]
    assert n([25, 20], method="rank", ref=np.array([10.0, 20, 30, 40])).tolist() == [50.0, 37.5]


def test_fixed_log_and_degenerate_cases():
    e = math.e
    assert n([e - 1, 0, 1e9], method="fixed_log", reference=e * e - 1) == pytest.approx([50.0, 0.0, 100.0])
    assert n([7.0]).tolist() == [50.0]  # one unit cannot be ranked: neutral, not zero
    out = n([np.nan, 3.0, 3.0])
    assert np.isnan(out[0]) and out[1:].tolist() == [50.0, 50.0]


def test_arithmetic_and_geometric_aggregation():
    v = np.array([[80.0, 50.0, 10.0], [80.0, 50.0, np.nan]])
    value, parts, w = aggregate_values(v, np.array([0.5, 0.3, 0.2]), "arithmetic")
    assert value.tolist() == pytest.approx([57.0, 68.75])  # 40 + 15 + 2; re-weighted 0.625/0.375
    assert parts.sum(axis=1) == pytest.approx(value)
    assert w[1].tolist() == pytest.approx([0.625, 0.375, 0.0])
    value, parts, _ = aggregate_values(v[:1], np.array([0.5, 0.3, 0.2]), "geometric", offset=1.0)
    assert value[0] == pytest.approx(9 * 51 ** 0.3 * 11 ** 0.2 - 1)
    assert parts.sum() == pytest.approx(value[0])
    # log-share decomposition: part_j ∝ w_j ln(x_j + 1)
    assert parts[0, 0] / parts[0, 2] == pytest.approx(0.5 * math.log(81) / (0.2 * math.log(11)))
    value, _, _ = aggregate_values(np.array([[4.0, 16.0]]), np.array([1.0, 1.0]), "geometric", offset=0.0)
    assert value[0] == pytest.approx(8.0)
    value, parts, _ = aggregate_values(np.array([[0.0, 16.0]]), np.array([1.0, 1.0]), "geometric", offset=0.0)
    assert value[0] == 0.0 and parts.sum() == 0.0
    value, _, _ = aggregate_values(np.array([[np.nan, np.nan]]), np.array([1.0, 1.0]), "arithmetic")
    assert np.isnan(value[0])  # nothing available → missing, never zero


def spec_tree(agg="arithmetic"):
    a = IndicatorSpec("a", 3.0, Normalisation(), label="A")
    b = IndicatorSpec("b", 1.0, Normalisation(), label="B")
    c = IndicatorSpec("c", 1.0, Normalisation(method="identity"), higher_is_riskier=True, label="C")
    g1 = GroupSpec("g1", (a, b), weight=1.0, aggregation=agg)
    return IndexSpec(GroupSpec("root", (g1, c), aggregation=agg))


def test_composite_tree_hand_computed():
    values = pd.DataFrame({"a": [0.0, 10.0, 5.0], "b": [2.0, 0.0, 1.0], "c": [30.0, 60.0, np.nan]},
                          index=["u1", "u2", "u3"])
    r = composite_index(values, spec_tree())
    # u1: a→0, b→100; g1 = 0.75·0 + 0.25·100 = 25; root = 0.5·25 + 0.5·30 = 27.5
    # u2: a→100, b→0; g1 = 75; root = 67.5.  u3: a→50, b→50; g1 = 50; c missing → root = 50
    assert r.scores.tolist() == pytest.approx([27.5, 67.5, 50.0])
    assert r.groups["g1"].tolist() == pytest.approx([25.0, 75.0, 50.0])
    assert r.completeness.tolist() == pytest.approx([1.0, 1.0, 0.5])
    sums = r.contributions.groupby("unit")["contribution"].sum()
    assert sums.loc[["u1", "u2", "u3"]].tolist() == pytest.approx([27.5, 67.5, 50.0])
    u1 = r.contributions[r.contributions.unit == "u1"].set_index("indicator")
    assert u1.loc["b", "contribution"] == pytest.approx(12.5) and u1.loc["b", "weight"] == pytest.approx(0.125)
    assert u1.loc["c", "raw_value"] == 30.0 and u1.loc["b", "label"] == "B"
    u3 = r.contributions[r.contributions.unit == "u3"].set_index("indicator")
    assert u3.loc["a", "weight"] == pytest.approx(0.75)
    # a missing indicator has no weight and adds nothing; its normalised value stays NaN
    assert u3.loc["c", "weight"] == 0.0 and u3.loc["c", "contribution"] == 0.0 and np.isnan(u3.loc["c", "normalised"])


def test_composite_geometric_contributions_sum_exactly():
    values = pd.DataFrame({"a": [0.0, 10.0, 5.0], "b": [2.0, 0.0, 1.0], "c": [30.0, 60.0, 20.0]})
    r = composite_index(values, spec_tree("geometric"))
    sums = r.contributions.groupby("unit")["contribution"].sum().sort_index()
    assert sums.to_numpy() == pytest.approx(r.scores.to_numpy(), abs=1e-9)
    # u3: g1 = 51^0.75·51^0.25 − 1 = 50; root = √(51·21) − 1
    assert r.scores.iloc[2] == pytest.approx(math.sqrt(51 * 21) - 1)


finite = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_subnormal=False)  # 5e-324·c underflows to 0


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=2, max_size=30), st.floats(min_value=1e-3, max_value=1e3),
       st.sampled_from([(0.0, 100.0), (5.0, 95.0), (10.0, 90.0)]))
def test_minmax_is_scale_invariant(xs, c, winsor):
    x = np.array(xs)
    a = n(x, winsor=winsor)
    b = n(x * c, winsor=winsor)
    assert a == pytest.approx(b, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, max_value=100), st.integers(min_value=1, max_value=6),
       st.sampled_from(["arithmetic", "geometric"]))
def test_aggregation_of_equal_components_is_that_component(x, k, agg):
    rng = np.random.default_rng(k)
    value, _, _ = aggregate_values(np.full((1, k), x), rng.random(k) + 0.1, agg, 1.0)
    assert value[0] == pytest.approx(x, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(min_value=0, max_value=1e4), min_size=3, max_size=3), min_size=1, max_size=12),
       st.sampled_from(["arithmetic", "geometric"]))
def test_composite_in_range_and_order_invariant(rows, agg):
    values = pd.DataFrame(rows, columns=["a", "b", "c"])
    values["c"] = values["c"] / 100.0
    r = composite_index(values, spec_tree(agg))
    assert ((r.scores >= -1e-9) & (r.scores <= 100 + 1e-9)).all()
    shuffled = values.iloc[::-1]
    r2 = composite_index(shuffled, spec_tree(agg))
    assert r2.scores.reindex(r.scores.index).to_numpy() == pytest.approx(r.scores.to_numpy(), abs=1e-9)
