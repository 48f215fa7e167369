"""Early-warning building blocks with hand-computed numbers, and properties of the scores."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.early_warning import load_config
from scoring.early_warning.baselines import bootstrap, historical_mean, persistence
from scoring.early_warning.distributions import Empirical, NegBin, PointMass, PoissonDist, nb2_alpha, nb_p_positive
from scoring.early_warning.features import decayed, election_distance, lagged, months_since_last, trailing_mean
from scoring.early_warning.metrics import aupr, brier, coverage, crps, reliability, skill
from scoring.early_warning.panel import build_panel, month_range, vintage


def test_config_loads_every_rule_with_its_version():
    cfg = load_config()
    assert cfg.version == "2026.1" and cfg.model_version == "hgb-poisson-nb/2026.1"
    assert set(cfg.rules) == {"lonjakan", "kemunculan", "kategori", "korban_jiwa", "lonjakan_maya", "prakiraan_tinggi"}
    assert cfg.rules["lonjakan"]["ratio"] == 2.0 and cfg.rules["korban_jiwa"]["days"] == 14
    assert cfg.forecast.horizons == (1, 3) and cfg.serious.severities == ("berat",)


def test_decay_lag_mean_quiet_by_hand():
    x = np.array([[1.0, 0.0, 0.0, 2.0]])
    assert decayed(x, 1.0).tolist() == [[1.0, 0.5, 0.25, 2.125]]
    assert lagged(x, 1).tolist() == [[0.0, 1.0, 0.0, 0.0]]
    assert trailing_mean(x, 2).tolist() == [[1.0, 0.5, 0.0, 1.0]]
    assert months_since_last(np.array([[0.0, 3.0, 0.0, 0.0]])).tolist() == [[36.0, 0.0, 1.0, 2.0]]


def test_election_distance_signed_and_capped():
    months = pd.DatetimeIndex(["2024-01-01", "2024-02-01", "2024-05-01", "2030-01-01"])
    got = election_distance(months, (pd.Timestamp("2024-02-01"),))
    assert got.tolist() == [-1.0, 0.0, 3.0, 24.0]


def test_negative_binomial_pieces_by_hand():
    # Σ((y−μ)² − y) / Σμ² = ((4 − 0) + (4 − 4)) / (4 + 4)
    assert nb2_alpha(np.array([0.0, 4.0]), np.array([2.0, 2.0])) == pytest.approx(0.5)
    assert nb_p_positive(np.array([1.0]), 1.0)[0] == pytest.approx(0.5)          # 1 − (1 + 1)^−1
    assert nb_p_positive(np.array([1.0]), 0.0)[0] == pytest.approx(1 - math.exp(-1))
    nb = NegBin(np.array([2.0]), 0.5, np.array([0.3]))
    # NB2 with μ = 2, α = 0.5: n = 2, p = 0.5 → P(0) = 0.25, P(1) = 0.25, P(2) = 0.1875
    assert nb.cdf(np.arange(3))[0].tolist() == pytest.approx([0.25, 0.5, 0.6875])
    assert nb.median()[0] == 1 and nb.quantile(0.6)[0] == 2


def test_scores_by_hand():
    assert brier(np.array([1.0, 0.0, 0.5]), np.array([1, 0, 0])) == pytest.approx(0.25 / 3)
    assert aupr(np.array([0.9, 0.1, 0.8]), np.array([1, 0, 0])) == pytest.approx(1.0)
    assert aupr(np.array([0.2, 0.1]), np.array([0, 0])) is None
    assert coverage(np.array([0, 1]), np.array([2, 1]), np.array([2, 3])) == 0.5
    assert skill(1.5, 2.0) == pytest.approx(0.25) and skill(1.0, 0.0) is None
    # Point mass at 2: CRPS is the absolute error.
    assert crps(PointMass(np.array([2.0, 2.0]), np.zeros(2)), np.array([2.0, 5.0])).tolist() == [0.0, 3.0]
    # Empirical {0, 2}: F = 0.5 at k = 0, 1; y = 1 → (0.5 − 0)² + (0.5 − 1)² = 0.5
    assert crps(Empirical(np.array([[0.0, 2.0]]), np.zeros(1)), np.array([1.0]))[0] == pytest.approx(0.5)
    bins = reliability(np.array([0.1, 0.15, 0.9]), np.array([0, 1, 1]), 2)
    assert bins == [{"bin_low": 0.0, "bin_high": 0.5, "forecast": pytest.approx(0.125), "observed": 0.5, "n": 2},
                    {"bin_low": 0.5, "bin_high": 1.0, "forecast": 0.9, "observed": 1.0, "n": 1}]


def _monthly(rows):
    return pd.DataFrame(rows, columns=["region_code", "month", "reported_month", "category", "arena", "incidents",
                                       "serious", "deaths"]).astype({"month": "datetime64[ns]",
                                                                      "reported_month": "datetime64[ns]"})


def test_baselines_by_hand():
    months = month_range(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-03-01"))
    monthly = _monthly([("A", "2024-01-01", "2024-01-01", "sara", "nyata", 3, 1, 0),
                        ("A", "2024-03-01", "2024-03-01", "sara", "maya", 6, 0, 0)])
    panel = build_panel(monthly, ("A",), months, ("sara",))
    assert panel.total.tolist() == [[3.0, 0.0, 6.0]] and panel.maya.tolist() == [[0.0, 0.0, 6.0]]
    assert persistence(panel, 2).mean.tolist() == [6.0] and persistence(panel, 2).p_event.tolist() == [0.0]
    hm = historical_mean(panel, 2)
    assert hm.mean.tolist() == [3.0] and hm.p_event[0] == pytest.approx(1 - math.exp(-1 / 3))
    assert bootstrap(panel, 2).p_event.tolist() == [pytest.approx(1 / 3)]


def test_vintage_drops_rows_reported_after_the_origin():
    monthly = _monthly([("A", "2024-01-01", "2024-01-01", "sara", "nyata", 2, 0, 0),
                        ("A", "2024-01-01", "2024-02-01", "sara", "nyata", 5, 0, 0),
                        ("A", "2024-02-01", "2024-02-01", "sara", "nyata", 1, 0, 0)])
    assert vintage(monthly, pd.Timestamp("2024-01-01"))["incidents"].tolist() == [2]
    assert vintage(monthly, pd.Timestamp("2024-02-01"))["incidents"].sum() == 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=12), st.lists(st.integers(0, 30), min_size=1, max_size=12),
       st.floats(0.05, 20))
def test_crps_properties(values, ys, mean):
    n = min(len(values), len(ys))
    v, y = np.array(values[:n], float), np.array(ys[:n], float)
    assert crps(PointMass(v, np.zeros(n)), y) == pytest.approx(np.abs(v - y))
    pois = PoissonDist(np.full(n, mean), np.zeros(n))
    scores = crps(pois, y)
    assert (scores >= 0).all()
    lo80, hi80 = pois.interval(0.8)
    lo90, hi90 = pois.interval(0.9)
    assert (lo90 <= lo80).all() and (lo80 <= pois.median()).all() and (pois.median() <= hi80).all()
    assert (hi80 <= hi90).all()
