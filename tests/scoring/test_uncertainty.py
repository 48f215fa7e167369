import numpy as np
import pandas as pd

from scoring.uncertainty import rank_uncertainty
from tests.scoring import fixtures as fx

VALUES = [(f"73.{i:02d}", "2024-06", code, v)
          for i in range(1, 9)
          for code, v in (("ikp_bawaslu", 95.0 - 10 * i), ("kemiskinan", 30.0 - 3 * i), ("kepadatan", 50.0 * i),
                          ("indeks_kerukunan", 50.0 + 5 * i))]


def test_rank_uncertainty_is_reproducible_and_sensible():
    inputs = fx.make_inputs(8, VALUES)
    a = rank_uncertainty(inputs, "2024-10", n_draws=300, seed=7, top_n=3)
    b = rank_uncertainty(inputs, "2024-10", n_draws=300, seed=7, top_n=3)
    pd.testing.assert_frame_equal(a, b)
    c = rank_uncertainty(inputs, "2024-10", n_draws=300, seed=8, top_n=3)
    assert not np.array_equal(a["mean_rank_shift"].to_numpy(), c["mean_rank_shift"].to_numpy())
    kab = a[a.level == "kabkota"].set_index("region_code")
    assert len(kab) == 8 and (kab["rank_p05"] <= kab["median_rank"]).all()
    assert (kab["median_rank"] <= kab["rank_p95"]).all()
    # density disagrees with the other indicators, so 73.01's first place is not robust under
    # geometric aggregation (a 0 on density pulls a geometric mean down)
    assert kab.loc["73.01", "rank"] == 1 and kab.loc["73.01", "rank_p95"] > 1
    assert kab.loc["73.08", "rank"] == 8 and kab.loc["73.08", "rank_p05"] > 3
    prov = a[a.level == "provinsi"]
    assert prov["median_rank"].tolist() == [1.0]


def test_rank_uncertainty_with_all_units_equal():
    inputs = fx.make_inputs(3)
    u = rank_uncertainty(inputs, "2024-10", n_draws=50)
    kab = u[u.level == "kabkota"]
    assert (kab["median_rank"] == 1.0).all() and kab["robust_top"].all()


def test_indicators_that_agree_give_robust_ranks():
    agree = [v for v in VALUES if v[2] != "kepadatan"]
    u = rank_uncertainty(fx.make_inputs(8, agree), "2024-10", n_draws=200, top_n=1).set_index("region_code")
    assert u.loc["73.01", "rank_p95"] == 1.0 and bool(u.loc["73.01", "robust_top"])
    assert u.loc["73.01", "mean_rank_shift"] == 0.0
    assert not u.loc[[f"73.{i:02d}" for i in range(2, 9)], "robust_top"].any()
    assert u.loc["73.08", "median_rank"] == 8.0
