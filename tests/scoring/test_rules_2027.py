"""Hand-computed numbers for the rules of methodology 2027.1: as-of windows, report dates, shrinkage,
floors, sample SD, hysteresis, imputation, P(merah); and the properties they must keep."""
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.categorise import hysteresis, levels_at, relative_cutoffs
from scoring.engine import compute_scores, default_as_of
from scoring.incidents import IncidentCube, month_number
from scoring.inputs import ScoringInputs
from scoring.shrinkage import shrink
from tests.scoring import fixtures as fx
from tests.scoring.test_engine import IKP, legacy, methodology

M = methodology(uncertainty__draws=0)
LN21 = math.log(21)


def table(inputs, period="2024-10", m=M, **kw):
    return compute_scores(inputs, period, m, **kw).table.set_index("region_code")


# ----------------------------------------------------------------------------- 1. as-of scoring

def test_default_as_of_is_today_for_the_running_month_and_month_end_otherwise():
    assert default_as_of(month_number("2024-10"), today=date(2024, 10, 12)) == date(2024, 10, 12)
    assert default_as_of(month_number("2024-10"), today=date(2024, 11, 2)) == date(2024, 10, 31)
    assert default_as_of(month_number("2024-02"), today=date(2030, 1, 1)) == date(2024, 2, 29)


def test_every_window_ends_on_the_as_of_date():
    m = legacy(kategori__mode="fixed", kategori__fixed_merah=90.0, kategori__fixed_kuning=80.0)
    inc = [("73.03", "2024-10-05", "sara", "nyata", "ringan", 1, 3, 0, 0),    # 3 deaths on the 5th
           ("73.01", "2024-10-20", "sara", "nyata", "ringan", 1, 0, 0, 0)]    # after the as-of date
    inputs = fx.make_inputs(3, IKP, inc)
    # as of the month's end the deaths are 26 days old: outside the 14-day window (methodology 2026.1's blind spot)
    t = table(inputs, m=m)
    assert t.loc["73.03", "category"] == "hijau" and t.loc["73.03", "as_of"] == date(2024, 10, 31)
    # as of the 10th they are 5 days old: kuning at once; everything after the 10th is not read
    t = table(inputs, m=m, as_of=date(2024, 10, 10))
    assert t.loc["73.03", "category"] == "kuning" and t.loc["73.03", "overrides"][0]["deaths"] == 3
    assert t.loc["73.03", "as_of"] == date(2024, 10, 10)
    # tekanan decays to the 10th: (1 ringan + 5·3 deaths)·0,5^(5/30) per 100.000 (population 300.000)
    rate = 16 * 0.5 ** (5 / 30) / 3
    assert t.loc["73.03", "tekanan"] == pytest.approx(0.7 * 100 * math.log(1 + rate) / LN21)
    assert t.loc["73.01", "tekanan"] == 0.0 and t.loc["73.01", "eskalasi"] == 0.0
    # escalation window = the 30 days to the 10th; the baseline months stay the 12 before October
    assert t.loc["73.03", "eskalasi"] == pytest.approx(100 * -math.log10(1 - math.exp(-0.5)) / 6)
    assert t.loc["73.03", "prev_category"] == "hijau"     # September is scored as of 30 September
    with pytest.raises(ValueError, match="as-of"):
        compute_scores(inputs, "2024-10", m, as_of=date(2024, 11, 3))


def test_a_score_as_known_on_a_date_reads_only_rows_reported_by_then():
    inc = fx.incidents([("73.02", "2024-10-05", "sara", "nyata", "berat", 2, 0, 0, 0)]).assign(
        known_on=pd.Timestamp("2024-10-25"))
    inputs = ScoringInputs.from_frames(fx.regions(3), fx.DEFINITIONS, fx.values(IKP), inc)
    now = table(inputs, m=legacy())
    published = table(inputs, m=legacy(), as_of=date(2024, 10, 20), known_by=date(2024, 10, 20))
    assert now.loc["73.02", "tekanan"] > 0 and now.loc["73.02", "data_as_of"] == date(2024, 10, 25)
    assert published.loc["73.02", "tekanan"] == 0.0 and published.loc["73.02", "data_as_of"] is None
    # rows without a report date are known on the day they happened
    assert ScoringInputs.from_frames(fx.regions(3), fx.DEFINITIONS, fx.values(IKP),
                                     inc.drop(columns="known_on")).incident_daily["known_on"].tolist() == \
        [pd.Timestamp("2024-10-05")]


# ----------------------------------------------------------------------------- 2. small numbers

def _cube(pressure: np.ndarray, weight_sum: np.ndarray, weight_sq: np.ndarray) -> IncidentCube:
    u, _, n_m = pressure.shape
    z = np.zeros((u, 1, n_m))
    return IncidentCube(tuple(f"u{i}" for i in range(u)), np.arange(n_m), ("semua",), pressure, z, z,
                        np.zeros((u, n_m)), np.zeros(n_m), weight_sum, weight_sq, np.zeros(n_m, np.int64))


def test_empirical_bayes_shrinkage_hand_computed():
    # two kab/kota of 100.000 and 300.000 inhabitants (n = 1 and 3); arena nyata only
    pressure = np.zeros((2, 2, 2))
    pressure[:, 0, 0] = [4.0, 0.0]    # month before: rates 4 and 0, μ = 1, s² = (1·9 + 3·1)/4 = 3, n̄ = 2
    pressure[:, 0, 1] = [2.0, 0.0]    # scored month: μ = 2/4 = 0,5
    ws, wq = np.array([[4.0, 2.0], [0.0, 0.0]]), np.array([[8.0, 4.0], [0.0, 0.0]])   # φ = 8/4 = 2
    m = methodology(tekanan__prior_population_min=50_000.0)
    s = shrink(_cube(pressure, ws, wq), np.array([100_000.0, 300_000.0]), np.array(["g", "g"], dtype=object),
               np.array([1]), m)
    # A = 3 − φ·μ/n̄ = 3 − 1 = 2; n0 = φ·μ/A = 1 (100.000 inhabitants)
    assert s.phi[0, 0] == pytest.approx(2.0) and s.n0[:, 0, 0] == pytest.approx([1.0, 1.0])
    assert s.rate[:, 0, 0] == pytest.approx([(2 + 0.5) / 2, (0 + 0.5) / 4])     # (x + n0·μ)/(n + n0)
    assert s.raw[:, 0, 0] == pytest.approx([2.0, 0.0])
    # no spread at all (arena maya is empty) → the strongest prior, clamped at the maximum (10 = 1.000.000)
    assert s.n0[:, 1, 0] == pytest.approx([10.0, 10.0]) and s.rate[:, 1, 0].tolist() == [0.0, 0.0]
    # the minimum prior binds when the spread is large: the same cube with a 10× prior minimum
    s = shrink(_cube(pressure, ws, wq), np.array([100_000.0, 300_000.0]), np.array(["g", "g"], dtype=object),
               np.array([1]), methodology(tekanan__prior_population_min=1_000_000.0))
    assert s.n0[0, 0, 0] == pytest.approx(10.0)


def test_one_incident_in_a_quiet_region_with_the_strongest_prior():
    # no incidents in the 12 months before: no spread → n0 = 10 (1.000.000 inhabitants); μ = 1/6
    inc = [("73.01", "2024-10-31", "sara", "nyata", "ringan", 1, 0, 0, 0)]
    t = table(fx.make_inputs(3, IKP, inc))
    shrunk = [(1 + 10 / 6) / 11, (10 / 6) / 12, (10 / 6) / 13]
    for code, r in zip(["73.01", "73.02", "73.03"], shrunk):
        assert t.loc[code, "tekanan"] == pytest.approx(0.7 * 100 * math.log(1 + r) / LN21)


@st.composite
def background(draw):
    n = draw(st.integers(2, 5))
    pops = [draw(st.floats(500.0, 5_000_000.0)) for _ in range(n)]
    rows = [(f"73.{draw(st.integers(1, n)):02d}", f"2024-{draw(st.integers(1, 10)):02d}-{draw(st.integers(1, 28)):02d}",
             "sara", "nyata", draw(st.sampled_from(["ringan", "sedang", "berat"])), draw(st.integers(1, 20)),
             draw(st.integers(0, 3)), 0, 0) for _ in range(draw(st.integers(0, 12)))]
    return n, pops, rows, draw(st.integers(1, n))


@settings(max_examples=40, deadline=None)
@given(background())
def test_one_incident_moves_incident_pressure_by_a_bounded_amount_for_any_population(sc):
    n, pops, rows, target = sc
    regions = fx.regions(n)
    regions.loc[regions.level != "provinsi", "population"] = pops
    code = f"73.{target:02d}"
    before = ScoringInputs.from_frames(regions, fx.DEFINITIONS, fx.values(IKP[:n]),
                                       fx.incidents(rows) if rows else None)
    one = [(code, "2024-10-31", "sara", "nyata", "berat", 1, 0, 0, 0)]                # weight 4
    after = ScoringInputs.from_frames(regions, fx.DEFINITIONS, fx.values(IKP[:n]), fx.incidents(rows + one))
    tb, ta = table(before), table(after)
    w, n_t, n_min = 4.0, pops[target - 1] / 1e5, 2.5
    bound_rate = w / (n_t + n_min) + w / (sum(pops) / 1e5)
    bound = 0.7 * 100 * math.log(1 + bound_rate) / LN21     # tekanan = 0,7·nyata + 0,3·maya
    delta = ta.loc[code, "tekanan"] - tb.loc[code, "tekanan"]
    assert -1e-9 <= delta <= bound + 1e-9
    # monotone: one more incident never lowers the region's score
    assert ta.loc[code, "score"] >= tb.loc[code, "score"] - 1e-9


# ----------------------------------------------------------------------------- 4. categories

def test_relative_cutoffs_use_the_sample_sd_like_bawaslu():
    scores = np.array([[60.0], [70.0], [80.0], [90.0]])
    lo, hi = relative_cutoffs(scores, np.array(["k"] * 4, dtype=object), 1.0, 1)
    sd = math.sqrt(500 / 3)                                   # Σ(x − 75)² = 500, n − 1 = 3
    assert hi[0, 0] == pytest.approx(75 + sd) and lo[0, 0] == pytest.approx(75 - sd)
    assert hi[0, 0] == pytest.approx(87.9099, abs=1e-4)
    lo0, hi0 = relative_cutoffs(scores, np.array(["k"] * 4, dtype=object), 1.0, 0)
    assert hi0[0, 0] == pytest.approx(75 + math.sqrt(125))    # population SD (2026.1)
    # 90 > 87,91 → merah; 60 < 62,09 → hijau
    levels = levels_at(scores, lo, hi, M)
    assert levels[:, 0].tolist() == [0, 1, 1, 2]


def test_a_calm_month_is_all_hijau_and_merah_needs_the_floor():
    calm = np.array([[5.0], [10.0], [15.0], [20.0]])           # 20 > mean + SD, but all below floor 30
    lo, hi = relative_cutoffs(calm, np.array(["k"] * 4, dtype=object), 1.0, 1)
    assert levels_at(calm, lo, hi, M)[:, 0].tolist() == [0, 0, 0, 0]
    mid = np.array([[30.0], [35.0], [40.0], [48.0]])           # 48 > 38,25 + 7,67 but below the floor 50
    lo, hi = relative_cutoffs(mid, np.array(["k"] * 4, dtype=object), 1.0, 1)
    assert hi[0, 0] == pytest.approx(38.25 + math.sqrt(176.75 / 3))
    assert levels_at(mid, lo, hi, M)[:, 0].tolist() == [0, 1, 1, 1]


def test_reference_set_province_or_national():
    regions = pd.concat([fx.regions(2, "73"), fx.regions(2, "74")], ignore_index=True)
    vals = [("73.01", "2024-06", "ikp_bawaslu", 100.0), ("73.02", "2024-06", "ikp_bawaslu", 100.0),
            ("74.01", "2024-06", "ikp_bawaslu", 100.0), ("74.02", "2024-06", "ikp_bawaslu", 0.0)]
    inputs = ScoringInputs.from_frames(regions, fx.DEFINITIONS, fx.values(vals))
    # scores 50 / 50 / 50 / 0: within province 73 both equal (kuning); nationally mean 37,5, SD 25
    t = table(inputs, m=methodology(uncertainty__draws=0, kategori__reference="provinsi"))
    assert t.loc[["73.01", "73.02", "74.01", "74.02"], "category"].tolist() == ["kuning", "kuning", "kuning", "hijau"]
    t = table(inputs, m=methodology(uncertainty__draws=0, kategori__reference="nasional"))
    assert t.loc[["73.01", "73.02", "74.01", "74.02"], "category"].tolist() == ["kuning", "kuning", "kuning", "hijau"]
    assert t.loc["74.02", "score"] == 0.0


def test_hysteresis_margin_or_two_months_hand_computed():
    m = methodology(kategori__mode="fixed", kategori__fixed_kuning=40.0, kategori__fixed_merah=60.0,
                    kategori__hysteresis_margin=3.0)
    scores = np.array([[50.0, 61.0, 62.0, 50.0],     # 61: not 3 past 60 → held; 62 the 2nd month → merah
                       [50.0, 65.0, 50.0, 50.0],     # 65 ≥ 63: at once; 50 ≤ 57: back at once
                       [50.0, 61.0, 59.0, 61.0]])    # flicker around 60 never changes the category
    lo, hi = np.full(scores.shape, 40.0), np.full(scores.shape, 60.0)
    assert levels_at(scores, lo, hi, m).tolist() == [[1, 2, 2, 1], [1, 2, 1, 1], [1, 2, 1, 2]]
    assert hysteresis(scores, lo, hi, m).tolist() == [[1, 1, 2, 1], [1, 2, 1, 1], [1, 1, 1, 1]]


def test_overrides_act_at_once_despite_hysteresis_and_both_categories_are_exposed():
    m = methodology(uncertainty__draws=0, kategori__mode="fixed", kategori__fixed_merah=90.0,
                    kategori__fixed_kuning=80.0)
    inc = [("73.03", "2024-10-28", "sara", "maya", "ringan", 1, 1, 0, 0)]
    t = table(fx.make_inputs(3, IKP, inc), m=m)
    assert t.loc["73.03", "category"] == "kuning" and t.loc["73.03", "category_raw"] == "kuning"
    assert t.loc["73.03", "prev_category"] == "hijau"


def test_hysteresis_holds_a_one_month_rise_in_compute_scores():
    # October: 73.03's IKP jumps 10 → 95, score 5 → 47,5; fixed cut-offs 20 / 40, margin 10:
    # 47,5 − 10 = 37,5 reaches only kuning at once; November (second month at merah) confirms merah
    vals = IKP + [("73.03", "2024-10", "ikp_bawaslu", 95.0)]
    m = methodology(uncertainty__draws=0, kategori__mode="fixed", kategori__fixed_kuning=20.0,
                    kategori__fixed_merah=40.0, kategori__hysteresis_margin=10.0)
    t = table(fx.make_inputs(3, vals), m=m)
    assert t.loc["73.03", "score"] == pytest.approx(47.5)
    assert t.loc["73.03", "category_raw"] == "merah" and t.loc["73.03", "category"] == "kuning"
    assert t.loc["73.03", "prev_category"] == "hijau"
    assert "Bulan ini sendiri memberi merah; kategori kuning dipertahankan" in t.loc["73.03", "explanation"]
    t = table(fx.make_inputs(3, vals), "2024-11", m=m)
    assert t.loc["73.03", "category"] == "merah"


# ----------------------------------------------------------------------------- 6. missing data

def test_missing_structural_value_is_the_province_median_flagged_and_not_completeness():
    vals = [("73.01", "2024-06", "kemiskinan", 10.0), ("73.02", "2024-06", "kemiskinan", 20.0),
            ("73.01", "2024-06", "ikp_bawaslu", 50.0), ("73.02", "2024-06", "ikp_bawaslu", 50.0),
            ("73.03", "2024-06", "ikp_bawaslu", 50.0)]
    t = table(fx.make_inputs(3, vals))
    explicit = table(fx.make_inputs(3, vals + [("73.03", "2024-06", "kemiskinan", 15.0)]))   # median(10, 20)
    assert t.loc["73.03", "imputed"] == ["kemiskinan"] and t.loc["73.01", "imputed"] == []
    assert t.loc["73.03", "struktural"] == pytest.approx(explicit.loc["73.03", "struktural"])
    assert t.loc["73.03", "score"] == pytest.approx(explicit.loc["73.03", "score"])
    # imputed weight is not counted as observed: kemiskinan weighs 0,5·0,3·0,4 = 0,06
    assert t.loc["73.03", "completeness"] == pytest.approx(explicit.loc["73.03", "completeness"] - 0.06)
    assert "Data tingkat kemiskinan tidak tersedia dan diisi median provinsi." in t.loc["73.03", "explanation"]
    drivers = {d["indicator"]: d for d in t.loc["73.03", "drivers"]}
    assert "kemiskinan" not in drivers or drivers["kemiskinan"]["text"].startswith("tingkat kemiskinan tanpa data")


def test_a_gap_no_longer_pulls_a_region_toward_hijau_by_reweighting():
    # 73.03 has the province's worst poverty on record except that value is missing this time;
    # its IKP is low. Re-weighting alone (2026.1) scores it on IKP only; the median keeps poverty in.
    vals = [("73.01", "2024-06", "kemiskinan", 30.0), ("73.02", "2024-06", "kemiskinan", 30.0),
            ("73.01", "2024-06", "ikp_bawaslu", 50.0), ("73.02", "2024-06", "ikp_bawaslu", 50.0),
            ("73.03", "2024-06", "ikp_bawaslu", 10.0), ("73.04", "2024-06", "ikp_bawaslu", 50.0),
            ("73.04", "2024-06", "kemiskinan", 5.0)]
    imputed = table(fx.make_inputs(4, vals))
    reweighted = table(fx.make_inputs(4, vals), m=methodology(uncertainty__draws=0, struktural__missing="none"))
    assert imputed.loc["73.03", "struktural"] > reweighted.loc["73.03", "struktural"]


# ----------------------------------------------------------------------------- 5. P(merah)

def test_probabilities_are_seeded_bounded_and_certain_under_an_override():
    inc = [("73.01", "2024-10-25", "sara", "nyata", "berat", 6, 0, 0, 0)]
    decl = [("73.03", "kabkota", "2024-10-01", None)]
    m = methodology(uncertainty__draws=300)
    r1 = compute_scores(fx.make_inputs(3, IKP, inc, decl), "2024-10", m, seed=3).table.set_index("region_code")
    r2 = compute_scores(fx.make_inputs(3, IKP, inc, decl), "2024-10", m, seed=3).table.set_index("region_code")
    assert r1["p_merah"].tolist() == r2["p_merah"].tolist()
    assert ((r1["p_merah"] >= 0) & (r1["p_merah"] + r1["p_hijau"] <= 1 + 1e-12)).all()
    assert r1.loc["73.03", "p_merah"] == 1.0 and not r1.loc["73.03", "borderline"]     # declared: merah in every draw
    off = table(fx.make_inputs(3, IKP, inc, decl), m=methodology(uncertainty__draws=0))
    assert off["p_merah"].isna().all() and not off["borderline"].any()


def test_borderline_marks_a_region_close_to_a_cut_off():
    vals = [(f"73.{i:02d}", "2024-06", "ikp_bawaslu", v) for i, v in [(1, 100.0), (2, 60.0), (3, 0.0)]]
    inc = [("73.01", f"2024-10-{d:02d}", "sara", "nyata", "ringan", 2, 0, 0, 0) for d in (3, 12, 21)]
    inputs = fx.make_inputs(3, vals, inc)
    s = table(inputs).loc["73.01", "score"]
    # a fixed merah cut-off right at 73.01's score: the draws fall on both sides of it
    m = methodology(uncertainty__draws=400, kategori__mode="fixed", kategori__fixed_merah=float(s),
                    kategori__fixed_kuning=30.0)
    t = compute_scores(inputs, "2024-10", m).table.set_index("region_code")
    assert t.loc["73.01", "category_raw"] == "merah" and bool(t.loc["73.01", "borderline"])
    assert 0.1 < t.loc["73.01", "p_merah"] < 0.9
    # IKP 0 and no incidents: far below 30 in every draw
    assert t.loc["73.03", "score"] < 10 and not t.loc["73.03", "borderline"] and t.loc["73.03", "p_hijau"] == 1.0
