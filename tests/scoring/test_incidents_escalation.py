import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.config import load_methodology
from scoring.escalation import adjust_across, dispersion, escalation, nb_sf
from scoring.incidents import build_cube, month_number, pressure_rates
from tests.scoring import fixtures as fx
from tests.scoring.test_engine import methodology

M = load_methodology()
# methodology 2026.1's escalation: Poisson, no correction across regions (kept reachable by configuration)
POISSON = methodology(eskalasi__model="poisson", eskalasi__multiple_testing="none")
PEERS = np.array(["provinsi", "kabkota", "kabkota"], dtype=object)
GROUPS = np.array(["provinsi", "kabkota:73", "kabkota:73"], dtype=object)


def esc_for(cube, month, m=M):
    return escalation(cube, np.array([cube.column(month_number(month))]), m, GROUPS, PEERS)
CATS = ("politik_pemilu", "sara", "lainnya")
UNITS = pd.Index(["73", "73.01", "73.02"])
PARENT = np.array([-1, 0, 0])


def cube_for(rows, first="2024-01", last="2024-12"):
    encoded = fx.make_inputs(3, incident_rows=rows).encoded
    return build_cube(encoded, UNITS, PARENT, month_number(first), month_number(last), CATS, M)[0]


def test_pressure_decay_severity_casualties_and_carry_forward():
    cube = cube_for([
        ("73.01", "2024-10-01", "sara", "nyata", "berat", 1, 1, 0, 0),    # 4 + 5·1 = 9, 30 days before 31 Oct
        ("73.01", "2024-09-30", "sara", "maya", "sedang", 1, 0, 2, 20),   # 2 + 1·2 + 0.05·20 = 5
    ], last="2024-10")
    oct_, sep = cube.column(month_number("2024-10")), cube.column(month_number("2024-09"))
    rates = pressure_rates(cube, np.array([np.nan, 100_000.0, 50_000.0]), np.array([sep, oct_]), M)
    assert rates[1, 0, 1] == pytest.approx(9 * 0.5)                       # half-life 30 days
    assert rates[1, 1, 0] == pytest.approx(5.0)                           # same day as as-of: no decay
    assert rates[1, 1, 1] == pytest.approx(5 * 0.5 ** (31 / 30))          # carried into October
    assert np.isnan(rates[0]).all()                                        # unknown population → missing
    assert rates[2].tolist() == [[0.0, 0.0], [0.0, 0.0]]                  # no incidents → a real zero
    assert cube.pressure[0, 0, oct_] == pytest.approx(4.5)                # province counts its kab/kota


def test_window_is_last_30_days_including_february():
    cube = cube_for([
        ("73.01", "2024-01-30", "sara", "nyata", "ringan", 1, 0, 0, 0),
        ("73.01", "2024-01-31", "sara", "nyata", "ringan", 2, 0, 0, 0),
        ("73.01", "2024-03-01", "sara", "nyata", "ringan", 4, 0, 0, 0),   # 31 days before 31 Mar: outside
    ])
    col = lambda p: cube.column(month_number(p))  # noqa: E731
    assert cube.window_counts[1, 0, col("2024-01")] == 3
    assert cube.window_counts[1, 0, col("2024-02")] == 2                  # 31 Jan .. 29 Feb
    assert cube.window_counts[1, 0, col("2024-03")] == 0
    assert cube.monthly_counts[1, 2, col("2024-01")] == 3                 # series 2 = "sara"
    assert cube.window_counts[0, 0, col("2024-01")] == 3                  # province


def test_tail_probabilities_exact_values():
    poisson = lambda k, lam: nb_sf(np.array([k]), np.array([lam]), np.array([0.0]))[0]  # noqa: E731
    assert poisson(0, 2.0) == 1.0
    assert poisson(1, 0.5) == pytest.approx(1 - math.exp(-0.5))
    assert poisson(3, 0.5) == pytest.approx(1 - 1.625 * math.exp(-0.5))
    def exact(k, lam):
        return 1 - sum(math.exp(-lam) * lam ** i / math.factorial(i) for i in range(k))
    for k, lam in [(5, 20.0), (20, 5.0), (30, 30.0), (60, 40.0)]:
        assert poisson(k, lam) == pytest.approx(exact(k, lam), rel=1e-9)
    # NB mean 2, α 0.5: size 2, p = 0.5; pmf 0,25 / 0,25 / 0,1875 → P(X ≥ 3) = 0,3125
    assert nb_sf(np.array([3]), np.array([2.0]), np.array([0.5]))[0] == pytest.approx(0.3125)
    assert nb_sf(np.array([0, -1]), np.array([2.0, 2.0]), np.array([0.5, 0.5])).tolist() == [1.0, 1.0]


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 200), st.floats(0.05, 150), st.floats(0.0, 5.0))
def test_tail_is_a_probability_decreasing_in_k_and_heavier_with_overdispersion(k, lam, alpha):
    p = nb_sf(np.array([k, k + 1]), np.array([lam, lam]), np.array([alpha, alpha]))
    assert 0.0 <= p[1] <= p[0] <= 1.0
    if k > 2 * lam + 3:  # far above the mean, overdispersion makes the tail heavier
        assert nb_sf(np.array([k]), np.array([lam]), np.array([alpha]))[0] >= \
            nb_sf(np.array([k]), np.array([lam]), np.array([0.0]))[0] * (1 - 1e-9)


def test_multiple_testing_hand_computed():
    p = np.array([[0.01], [0.04], [0.03], [0.20]])
    groups = np.array(["kabkota"] * 4, dtype=object)
    # sorted 0,01 0,03 0,04 0,20 → p·4/rank 0,04 0,06 0,0533 0,20 → step-up minimum from the top
    assert adjust_across(p, groups, "benjamini_hochberg")[:, 0] == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    assert adjust_across(p, groups, "bonferroni")[:, 0] == pytest.approx([0.04, 0.16, 0.12, 0.80])
    assert adjust_across(p, groups, "none")[:, 0] == pytest.approx(p[:, 0])
    # groups are corrected separately; NaN stays out of the count
    p2 = np.array([[0.01], [np.nan], [0.02]])
    q = adjust_across(p2, np.array(["a", "a", "b"], dtype=object), "benjamini_hochberg")
    assert q[0, 0] == pytest.approx(0.01) and np.isnan(q[1, 0]) and q[2, 0] == pytest.approx(0.02)


def test_negative_binomial_dispersion_own_history_and_peer_fallback():
    # 73.01: 0 incidents Jan–Jun, 4 a month Jul–Dec → mean 2, sample variance 12·4/11, α = (48/11 − 2)/4
    rows = [("73.01", f"2024-{m:02d}-10", "politik_pemilu", "nyata", "ringan", 4, 0, 0, 0) for m in range(7, 13)]
    # 73.02: one active month only → borrows the pooled α of its peers (only 73.01 has enough data)
    rows += [("73.02", "2024-03-10", "sara", "nyata", "ringan", 1, 0, 0, 0)]
    rows += [("73.01", "2025-01-20", "politik_pemilu", "nyata", "ringan", 9, 0, 0, 0)]
    cube = cube_for(rows, first="2025-01", last="2025-01")
    col = np.array([cube.column(month_number("2025-01"))])
    mean, alpha = dispersion(cube.monthly_counts, col, GROUPS, M)
    a_own = (48 / 11 - 2) / 4
    assert mean[1, 0, 0] == pytest.approx(2.0) and alpha[1, 0, 0] == pytest.approx(a_own)
    assert alpha[2, 0, 0] == pytest.approx(a_own)          # Σ excess / Σ m² over peers with data = own of 73.01
    esc = esc_for(cube, "2025-01")
    lam = 2 * 30 / 30.4375
    size = 1 / a_own
    pmf = lambda x: math.exp(math.lgamma(x + size) - math.lgamma(size) - math.lgamma(x + 1)  # noqa: E731
                             + size * math.log(size / (size + lam)) + x * math.log(lam / (size + lam)))
    p_nb = 1 - sum(pmf(x) for x in range(9))
    assert esc.p[1, 0] == pytest.approx(p_nb, rel=1e-9)
    assert esc.alpha[1, 0] == pytest.approx(a_own)
    # two kab/kota tested: BH q of the smallest p = p·2/1 (the other region's p is 1)
    assert esc.q[1, 0] == pytest.approx(min(1.0, 2 * p_nb), rel=1e-9)
    assert esc.score[1, 0] == pytest.approx(100 * min(6.0, -math.log10(2 * p_nb)) / 6)


def test_escalation_spike_against_own_baseline_and_quiet_region():
    rows = [("73.01", f"2024-{m:02d}-10", "politik_pemilu", "nyata", "ringan", 2, 0, 0, 0) for m in range(1, 13)]
    rows += [("73.01", "2025-01-20", "politik_pemilu", "nyata", "ringan", 6, 0, 0, 0)]
    rows += [("73.02", "2025-01-25", "sara", "nyata", "ringan", 3, 0, 0, 0)]        # quiet region, sudden spike
    cube = cube_for(rows, first="2025-01", last="2025-01")
    esc = esc_for(cube, "2025-01", POISSON)
    lam = 2 * 30 / 30.4375
    p_tot = 1 - sum(math.exp(-lam) * lam ** i / math.factorial(i) for i in range(6))
    s_tot = -math.log10(p_tot)
    # the politik series has the same counts, but is Bonferroni-adjusted: the total drives
    assert esc.driver[1, 0] == 0
    assert esc.score[1, 0] == pytest.approx(100 * s_tot / 6)
    assert esc.observed[1, 0] == 6 and esc.expected[1, 0] == pytest.approx(lam)
    # quiet region: λ floored at 0.5 → P(X ≥ 3) = 1 − 1.625·e^−0.5
    assert esc.score[2, 0] == pytest.approx(100 * -math.log10(1 - 1.625 * math.exp(-0.5)) / 6)
    assert esc.expected[2, 0] == 0.0
    # province: baseline 2/month, window 9
    p_prov = 1 - sum(math.exp(-lam) * lam ** i / math.factorial(i) for i in range(9))
    assert esc.score[0, 0] == pytest.approx(100 * -math.log10(p_prov) / 6)


def test_category_spike_drives_when_total_is_ordinary():
    rows = [("73.01", f"2024-{m:02d}-10", "lainnya", "nyata", "ringan", 30, 0, 0, 0) for m in range(1, 13)]
    rows += [("73.01", "2025-01-15", "lainnya", "nyata", "ringan", 25, 0, 0, 0),
             ("73.01", "2025-01-16", "politik_pemilu", "nyata", "ringan", 9, 0, 0, 0)]
    cube = cube_for(rows, first="2025-01", last="2025-01")
    esc = esc_for(cube, "2025-01", POISSON)
    assert cube.series[esc.driver[1, 0]] == "politik_pemilu"
    s_cat = -math.log10(1 - sum(math.exp(-0.5) * 0.5 ** i / math.factorial(i) for i in range(9)))
    assert esc.score[1, 0] == pytest.approx(100 * min(6.0, s_cat - math.log10(3)) / 6)


def test_no_incidents_at_all():
    cube = cube_for([], first="2024-06", last="2024-06")
    esc = esc_for(cube, "2024-06")
    assert esc.score.tolist() == [[0.0], [0.0], [0.0]]
    assert cube.pressure.sum() == 0.0 and cube.recent_deaths.sum() == 0.0


def test_recent_deaths_window_14_days():
    cube = cube_for([("73.02", "2024-06-17", "sara", "nyata", "berat", 1, 2, 0, 0),   # 14 days before 30 Jun
                     ("73.02", "2024-06-16", "sara", "nyata", "berat", 1, 5, 0, 0)],  # 15 days: outside
                    first="2024-06", last="2024-06")
    assert cube.recent_deaths[2, cube.column(month_number("2024-06"))] == 2
