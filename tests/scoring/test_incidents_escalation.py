import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.config import load_methodology
from scoring.escalation import escalation, poisson_sf, surprise
from scoring.incidents import build_cube, month_number, pressure_rates
from tests.scoring import fixtures as fx

M = load_methodology()
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


def test_poisson_tail_exact_values():
    assert poisson_sf(np.array([0]), np.array([2.0]))[0] == 1.0
    assert poisson_sf(np.array([1]), np.array([0.5]))[0] == pytest.approx(1 - math.exp(-0.5))
    assert poisson_sf(np.array([3]), np.array([0.5]))[0] == pytest.approx(1 - 1.625 * math.exp(-0.5))
    def exact(k, lam):
        return 1 - sum(math.exp(-lam) * lam ** i / math.factorial(i) for i in range(k))
    for k, lam in [(5, 20.0), (20, 5.0), (30, 30.0), (60, 40.0)]:
        assert poisson_sf(np.array([k]), np.array([lam]))[0] == pytest.approx(exact(k, lam), rel=1e-9)
    assert surprise(np.array([3]), np.array([0.5]), 6.0)[0] == pytest.approx(-math.log10(1 - 1.625 * math.exp(-0.5)))
    assert surprise(np.array([100]), np.array([0.5]), 6.0)[0] == 6.0      # capped


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 200), st.floats(0.05, 150))
def test_poisson_tail_is_a_probability_and_decreasing_in_k(k, lam):
    p = poisson_sf(np.array([k, k + 1]), np.array([lam, lam]))
    assert 0.0 <= p[1] <= p[0] <= 1.0


def test_escalation_spike_against_own_baseline_and_quiet_region():
    rows = [("73.01", f"2024-{m:02d}-10", "politik_pemilu", "nyata", "ringan", 2, 0, 0, 0) for m in range(1, 13)]
    rows += [("73.01", "2025-01-20", "politik_pemilu", "nyata", "ringan", 6, 0, 0, 0)]
    rows += [("73.02", "2025-01-25", "sara", "nyata", "ringan", 3, 0, 0, 0)]        # quiet region, sudden spike
    cube = cube_for(rows, first="2025-01", last="2025-01")
    esc = escalation(cube, np.array([cube.column(month_number("2025-01"))]), M)
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
    esc = escalation(cube, np.array([cube.column(month_number("2025-01"))]), M)
    assert cube.series[esc.driver[1, 0]] == "politik_pemilu"
    s_cat = -math.log10(1 - sum(math.exp(-0.5) * 0.5 ** i / math.factorial(i) for i in range(9)))
    assert esc.score[1, 0] == pytest.approx(100 * min(6.0, s_cat - math.log10(3)) / 6)


def test_no_incidents_at_all():
    cube = cube_for([], first="2024-06", last="2024-06")
    esc = escalation(cube, np.array([cube.column(month_number("2024-06"))]), M)
    assert esc.score.tolist() == [[0.0], [0.0], [0.0]]
    assert cube.pressure.sum() == 0.0 and cube.recent_deaths.sum() == 0.0


def test_recent_deaths_window_14_days():
    cube = cube_for([("73.02", "2024-06-17", "sara", "nyata", "berat", 1, 2, 0, 0),   # 14 days before 30 Jun
                     ("73.02", "2024-06-16", "sara", "nyata", "berat", 1, 5, 0, 0)],  # 15 days: outside
                    first="2024-06", last="2024-06")
    assert cube.recent_deaths[2, cube.column(month_number("2024-06"))] == 2
