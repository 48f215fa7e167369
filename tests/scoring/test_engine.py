import json
import math
import tomllib
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.config import METHODOLOGY_FILE, parse_methodology
from scoring.engine import compute_scores, snapshot_rows
from scoring.inputs import ScoringInputs
from tests.scoring import fixtures as fx

IKP = [("73.01", "2024-06", "ikp_bawaslu", 90.0), ("73.02", "2024-06", "ikp_bawaslu", 50.0),
       ("73.03", "2024-06", "ikp_bawaslu", 10.0)]


def methodology(**changes):
    raw = tomllib.loads(METHODOLOGY_FILE.read_text())
    for path, value in changes.items():
        node = raw
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[p]
        node[leaf] = value
    return parse_methodology(raw)


# The rules of methodology 2026.1 on the 2027.1 file: no shrinkage, Poisson escalation without correction
# across regions, population SD, no floors, no hysteresis, no imputation, no Monte Carlo. The tests
# below that check the composite arithmetic use it so their hand numbers stay simple; the 2027.1 rules
# have their own hand-computed tests (test_rules_2027.py).
LEGACY_CHANGES = dict(tekanan__shrinkage="none", eskalasi__model="poisson", eskalasi__multiple_testing="none",
                      kategori__sd_ddof=0, kategori__floor_merah=0.0, kategori__floor_kuning=0.0,
                      kategori__hysteresis_margin=0.0, kategori__hysteresis_lookback_months=0,
                      struktural__missing="none", uncertainty__draws=0)


def legacy(**changes):
    return methodology(**{**LEGACY_CHANGES, **changes})


LEGACY = legacy()


def row(result, code):
    return result.table.set_index("region_code").loc[code]


def test_hand_computed_scores_categories_and_ranks():
    r = compute_scores(fx.make_inputs(3, IKP), "2024-10", LEGACY)
    t = r.table.set_index("region_code")
    # only IKP present (bounds 0–100 → normalised = raw): struktural = IKP; no incidents → 0.5·IKP
    assert t.loc[["73.01", "73.02", "73.03"], "score"].tolist() == pytest.approx([45.0, 25.0, 5.0])
    assert t.loc[["73.01", "73.02", "73.03"], "struktural"].tolist() == pytest.approx([90.0, 50.0, 10.0])
    # mean 25, SD 16,33 → merah > 41,33, hijau < 8,67
    assert t.loc[["73.01", "73.02", "73.03"], "category"].tolist() == ["merah", "kuning", "hijau"]
    assert t.loc[["73.01", "73.02", "73.03"], "rank"].tolist() == [1, 2, 3]
    # completeness: IKP 0,5·0,4·0,5 = 0,1 + tekanan 0,3 + eskalasi 0,2
    assert t.loc["73.01", "completeness"] == pytest.approx(0.6) and bool(t.loc["73.01", "flagged_incomplete"])
    assert t.loc["73.01", "data_age_months"] == 4.0
    assert t.loc["73.01", "name"] == "Kab. R1" and t.loc["73.02", "name"] == "Kota R2"
    # the concrete "why": the indicator's value against its province's median (kab/kota 90, 50, 10)
    assert t.loc["73.01", "explanation"] == ("Merah terutama karena IKP Bawaslu 90,0 (1,8× median provinsi 50,0). "
                                            "Data belum lengkap (kelengkapan 60%).")
    d = t.loc["73.01", "drivers"]
    assert [x["indicator"] for x in d] == ["ikp_bawaslu"] and d[0]["value"] == 90.0 and d[0]["baseline"] == 50.0
    assert d[0]["ratio"] == pytest.approx(1.8) and d[0]["contribution"] == pytest.approx(45.0)
    assert t.loc["73.01", "top_driver"] == "IKP Bawaslu"
    assert t.loc["73.01", "methodology_version"] == "2027.1" and r.methodology_version == "2027.1"
    # province: IKP = population-weighted mean of kab/kota normalised (1:2:3) = (90 + 100 + 30)/6
    assert t.loc["73", "struktural"] == pytest.approx(220 / 6) and t.loc["73", "rank"] == 1
    # contributions add up exactly
    sums = r.contributions.groupby("region_code")["contribution"].sum()
    assert sums.reindex(t.index).to_numpy() == pytest.approx(t["score"].to_numpy())


def test_previous_period_and_rank_change():
    values = IKP + [("73.01", "2024-10", "ikp_bawaslu", 5.0)]  # 73.01 falls from first to last in October
    t = compute_scores(fx.make_inputs(3, values), "2024-10", LEGACY).table.set_index("region_code")
    assert t.loc["73.01", "prev_rank"] == 1 and t.loc["73.01", "rank"] == 3
    assert t.loc["73.01", "rank_change"] == -2 and t.loc["73.02", "rank_change"] == 1
    assert t.loc["73.01", "prev_category"] == "merah" and t.loc["73.01", "category_change"] == "turun"
    assert t.loc["73.01", "prev_score"] == pytest.approx(45.0)


def test_pressure_and_escalation_in_the_score():
    inc = [("73.01", "2024-10-31", "sara", "nyata", "ringan", 1, 0, 0, 0)]
    t = compute_scores(fx.make_inputs(3, IKP, inc), "2024-10", LEGACY).table.set_index("region_code")
    tek = 0.7 * 100 * math.log(2) / math.log(21)            # rate 1 per 100.000, maya 0
    esk = 100 * -math.log10(1 - math.exp(-0.5)) / 6          # k = 1, λ floored at 0,5
    assert t.loc["73.01", "tekanan"] == pytest.approx(tek)
    assert t.loc["73.01", "eskalasi"] == pytest.approx(esk)
    assert t.loc["73.01", "score"] == pytest.approx(0.5 * 90 + 0.3 * tek + 0.2 * esk)


def test_geometric_aggregation_and_its_exact_decomposition():
    m = legacy(score__aggregation="geometric")
    inc = [("73.01", "2024-10-31", "sara", "nyata", "ringan", 1, 0, 0, 0)]
    r = compute_scores(fx.make_inputs(3, IKP, inc), "2024-10", m)
    t = r.table.set_index("region_code")
    s, k, e = t.loc["73.01", ["struktural", "tekanan", "eskalasi"]]
    assert t.loc["73.01", "score"] == pytest.approx(math.exp(0.5 * math.log(s + 1) + 0.3 * math.log(k + 1)
                                                             + 0.2 * math.log(e + 1)) - 1)
    c = r.contributions[r.contributions.region_code == "73.01"].groupby("component")["contribution"].sum()
    total = 0.5 * math.log(s + 1) + 0.3 * math.log(k + 1) + 0.2 * math.log(e + 1)
    assert c["struktural"] == pytest.approx(t.loc["73.01", "score"] * 0.5 * math.log(s + 1) / total)
    assert c.sum() == pytest.approx(t.loc["73.01", "score"])


def test_override_deaths_raises_to_kuning():
    inc = [("73.03", "2024-10-20", "sara", "maya", "ringan", 1, 1, 0, 0)]
    m = legacy(kategori__mode="fixed", kategori__fixed_merah=90.0, kategori__fixed_kuning=80.0)
    t = compute_scores(fx.make_inputs(3, IKP, inc), "2024-10", m).table.set_index("region_code")
    assert t.loc["73.03", "category"] == "kuning" and t.loc["73.02", "category"] == "hijau"
    assert t.loc["73.03", "overrides"] == [{"rule": "korban_meninggal", "category": "kuning", "deaths": 1,
                                            "window_days": 14,
                                            "text": "ada korban meninggal dalam 14 hari terakhir (1 orang)"}]
    assert t.loc["73.03", "explanation"].startswith(
        "Kuning karena ada korban meninggal dalam 14 hari terakhir (1 orang); penyumbang skor terbesar: ")
    # deaths 15+ days before the as-of date do not trigger
    inc = [("73.03", "2024-10-16", "sara", "maya", "ringan", 1, 1, 0, 0)]
    t = compute_scores(fx.make_inputs(3, IKP, inc), "2024-10", m).table.set_index("region_code")
    assert t.loc["73.03", "category"] == "hijau" and t.loc["73.03", "overrides"] == []


def test_override_declared_status_raises_to_merah():
    decl = [("73.03", "kabkota", "2024-10-01", None), ("73.02", "kabkota", "2024-01-01", "2024-03-31")]
    t = compute_scores(fx.make_inputs(3, IKP, declaration_rows=decl), "2024-10", LEGACY).table.set_index("region_code")
    assert t.loc["73.03", "category"] == "merah" and t.loc["73.02", "category"] == "kuning"
    assert t.loc["73.03", "overrides"] == [{"rule": "status_keadaan_konflik", "category": "merah",
                                            "text": "status keadaan konflik sedang berlaku"}]
    assert t.loc["73.03", "explanation"].startswith("Merah karena status keadaan konflik sedang berlaku")
    assert t.loc["73.03", "prev_category"] == "hijau" and t.loc["73.03", "category_change"] == "naik"
    # a provincial declaration covers every kab/kota of the province
    decl = [("73", "provinsi", "2024-10-01", "2024-12-31")]
    t = compute_scores(fx.make_inputs(3, IKP, declaration_rows=decl), "2024-10", LEGACY).table
    assert set(t["category"]) == {"merah"}


def test_escalation_explanation_names_the_category():
    inc = [("73.03", f"2024-{m:02d}-05", "politik_pemilu", "nyata", "ringan", 1, 0, 0, 0) for m in range(1, 10)]
    inc += [("73.03", "2024-10-25", "politik_pemilu", "nyata", "ringan", 8, 0, 0, 0)]
    vals = IKP + [("73.03", "2024-06", "kemiskinan", 1.0)]
    t = compute_scores(fx.make_inputs(3, vals, inc), "2024-10", LEGACY).table.set_index("region_code")
    ratio = 8 / (9 / 12 * 30 / 30.4375)
    assert ratio == pytest.approx(10.82, abs=0.01)
    assert t.loc["73.03", "explanation"].startswith(
        "Kuning terutama karena 8 insiden politik, pemilu & pilkada dalam 30 hari terakhir, 11× rata-rata 12 bulan")
    esc = next(x for x in t.loc["73.03", "drivers"] if x["kind"] == "eskalasi")
    assert esc["category"] == "politik_pemilu" and esc["value"] == 8 and esc["ratio"] == pytest.approx(ratio)


def test_missing_population_is_missing_not_zero():
    regions = fx.regions(3)
    regions.loc[regions.code == "73.02", "population"] = np.nan
    inputs = ScoringInputs.from_frames(regions, fx.DEFINITIONS, fx.values(IKP))
    t = compute_scores(inputs, "2024-10", LEGACY).table.set_index("region_code")
    assert np.isnan(t.loc["73.02", "tekanan"])
    assert t.loc["73.02", "completeness"] == pytest.approx(0.3)
    assert t.loc["73.02", "score"] == pytest.approx((0.5 * 50) / 0.7)  # re-weighted over available components
    assert np.isnan(t.loc["73", "tekanan"])  # province population unknown when a kab/kota's is unknown


def test_single_region_and_period_without_data():
    t = compute_scores(fx.make_inputs(1, [("73.01", "2024-06", "kemiskinan", 12.0)]), "2024-10", LEGACY).table
    kab = t.set_index("region_code").loc["73.01"]
    assert kab["struktural"] == 50.0 and kab["category"] == "kuning" and kab["rank"] == 1
    t = compute_scores(fx.make_inputs(2), "1999-01", LEGACY).table.set_index("region_code")
    assert t.loc["73.01", "score"] == 0.0 and np.isnan(t.loc["73.01", "struktural"])
    assert t.loc["73.01", "completeness"] == pytest.approx(0.5) and bool(t.loc["73.01", "flagged_incomplete"])


def test_stale_values_count_as_missing():
    m = legacy(struktural__max_age_months=3)
    t = compute_scores(fx.make_inputs(3, IKP), "2024-10", m).table.set_index("region_code")
    assert np.isnan(t.loc["73.01", "struktural"])


def test_snapshot_rows_carry_exactly_the_snapshot_columns():
    r = compute_scores(fx.make_inputs(3, IKP), "2024-10", LEGACY)
    rows = snapshot_rows(r)
    assert list(rows.columns) == ["region_code", "level", "period", "series", "methodology_version", "as_of",
                                  "data_as_of", "score", "category", "category_raw", "rank", "p_merah", "p_hijau",
                                  "borderline", "components", "drivers", "explanation", "completeness", "imputed",
                                  "overrides"]
    s = rows.set_index("region_code")
    assert s.loc["73.01", "components"] == {"struktural": 90.0, "tekanan": 0.0, "eskalasi": 0.0}
    assert s.loc["73.01", "period"] == "2024-10" and s.loc["73.01", "overrides"] == []
    assert s.loc["73.01", "series"] == "dihitung_ulang" and s.loc["73.01", "as_of"] == date(2024, 10, 31)
    assert s.loc["73.01", "p_merah"] is None and s.loc["73.01", "level"] == "kabkota"  # no draws in LEGACY
    published = compute_scores(fx.make_inputs(3, IKP), "2024-10", LEGACY, known_by=date(2024, 10, 31))
    assert set(snapshot_rows(published)["series"]) == {"terbit"}
    with pytest.raises(ValueError):
        snapshot_rows(r, series="lain")
    # the JSON columns hold plain Python values a database JSON column can store
    full = snapshot_rows(compute_scores(fx.make_inputs(3, IKP, [("73.03", "2024-10-20", "sara", "nyata", "berat",
                                                                 2, 1, 0, 0)]), "2024-10",
                                        methodology(uncertainty__draws=20), as_of=date(2024, 10, 25)))
    for col in ("components", "drivers", "imputed", "overrides"):
        json.dumps(full[col].tolist())
    assert full.set_index("region_code").loc["73.03", "overrides"][0]["rule"] == "korban_meninggal"
    assert isinstance(full.set_index("region_code").loc["73.01", "p_merah"], float)


value_st = st.floats(min_value=0.0, max_value=1000.0, allow_nan=False)


@st.composite
def scenario(draw):
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        for code in ("ikp_bawaslu", "kemiskinan", "kepadatan", "indeks_kerukunan", "sengketa_lahan"):
            if draw(st.booleans()):
                v = draw(st.floats(0, 100)) if code in ("ikp_bawaslu", "indeks_kerukunan") else draw(value_st)
                rows.append((f"73.{i + 1:02d}", "2024-06", code, v))
    incs = [(f"73.{draw(st.integers(1, n)):02d}", f"2024-{draw(st.integers(1, 10)):02d}-{draw(st.integers(1, 28)):02d}",
             draw(st.sampled_from(["sara", "politik_pemilu"])), draw(st.sampled_from(["nyata", "maya"])),
             draw(st.sampled_from(["ringan", "sedang", "berat"])), draw(st.integers(1, 50)),
             draw(st.integers(0, 5)), draw(st.integers(0, 5)), draw(st.integers(0, 100)))
            for _ in range(draw(st.integers(0, 8)))]
    agg = draw(st.sampled_from(["arithmetic", "geometric"]))
    return n, rows, incs, agg


@settings(max_examples=40, deadline=None)
@given(scenario(), st.booleans())
def test_properties_range_and_row_order(sc, v2027):
    n, rows, incs, agg = sc
    # both the 2027.1 rules (with a small Monte Carlo) and the plain arithmetic of LEGACY
    m = methodology(score__aggregation=agg, uncertainty__draws=30) if v2027 else legacy(score__aggregation=agg)
    r = compute_scores(fx.make_inputs(n, rows, incs), "2024-10", m)
    s = r.table["score"].dropna()
    assert ((s >= 0) & (s <= 100 + 1e-9)).all()
    sums = r.contributions.groupby("region_code")["contribution"].sum()
    t = r.table.set_index("region_code")
    assert sums.reindex(t.index).fillna(0).to_numpy() == pytest.approx(t["score"].fillna(0).to_numpy(), abs=1e-7)
    # reversed input rows → identical table
    inp = fx.make_inputs(n, rows[::-1], incs[::-1])
    inp = ScoringInputs.from_frames(inp.regions.iloc[::-1], inp.indicator_definitions.iloc[::-1],
                                    inp.indicator_values, inp.incident_daily, inp.declarations)
    r2 = compute_scores(inp, "2024-10", m)
    pd.testing.assert_frame_equal(r.table, r2.table, check_exact=False, atol=1e-9)
    if v2027:
        p = r.table[["p_merah", "p_hijau"]].dropna()
        assert ((p >= 0) & (p <= 1)).all().all() and (p.sum(axis=1) <= 1 + 1e-12).all()
        # every driver's contribution is a positive part of the score
        for score, drivers in zip(r.table["score"], r.table["drivers"]):
            parts = [d["contribution"] for d in drivers]
            assert all(x > 0 for x in parts) and sum(parts) <= score + 1e-7
            assert all(d["text"] for d in drivers)


@settings(max_examples=40, deadline=None)
@given(scenario(), st.sampled_from(["kemiskinan", "kepadatan", "ikp_bawaslu", "sengketa_lahan"]),
       st.floats(0.0, 500.0))
def test_property_raising_a_risky_indicator_never_lowers_the_score(sc, code, delta):
    n, rows, incs, agg = sc
    m = legacy(score__aggregation=agg)
    target = "73.01"
    base = [r for r in rows if not (r[0] == target and r[2] == code)]
    start = 20.0
    before = compute_scores(fx.make_inputs(n, base + [(target, "2024-06", code, start)], incs), "2024-10", m)
    after = compute_scores(fx.make_inputs(n, base + [(target, "2024-06", code, start + delta)], incs), "2024-10", m)
    assert row(after, target)["score"] >= row(before, target)["score"] - 1e-9


def test_unknown_region_codes_and_unconfigured_indicators_are_noted():
    inc = [("99.99", "2024-10-20", "sara", "nyata", "berat", 4, 0, 0, 0),
           ("73.01", "2024-10-20", "kategori_baru", "nyata", "ringan", 1, 0, 0, 0)]
    vals = IKP + [("73.01", "2024-06", "indikator_baru", 3.0)]
    r = compute_scores(fx.make_inputs(3, vals, inc), "2024-10", LEGACY)
    assert "4 insiden dengan kode kab/kota tidak dikenal tidak dihitung." in r.notes
    assert any("indikator_baru" in n and "diabaikan" in n for n in r.notes)
    assert "indikator_baru" not in set(r.contributions["indicator"])
    # the unknown category still counts as an incident of the region
    assert row(r, "73.01")["tekanan"] > 0
    m = legacy(struktural__unconfigured_policy="include")
    r = compute_scores(fx.make_inputs(3, vals, inc), "2024-10", m)
    assert "indikator_baru" in set(r.contributions["indicator"])
