import pandas as pd
import pytest

from domain.period import Month
from scoring.engine import compute_scores
from scoring.history import score_history, transitions
from tests.scoring import fixtures as fx

IKP = [("73.01", "2024-06", "ikp_bawaslu", 90.0), ("73.02", "2024-06", "ikp_bawaslu", 50.0),
       ("73.03", "2024-06", "ikp_bawaslu", 10.0),
       ("73.01", "2024-09", "ikp_bawaslu", 5.0), ("73.03", "2024-09", "ikp_bawaslu", 95.0)]
INC = [("73.02", "2024-08-03", "sara", "nyata", "berat", 3, 1, 2, 0),
       ("73.01", "2024-09-12", "politik_pemilu", "maya", "ringan", 4, 0, 0, 0)]


def test_history_matches_compute_scores_month_by_month():
    inputs = fx.make_inputs(3, IKP, INC)
    months = [str(m) for m in Month.parse("2024-06").range_to(Month.parse("2024-10"))]
    h = score_history(inputs, months)
    assert len(h) == 4 * 5 and list(h.columns) == ["region_code", "name", "level", "period", "score", "category",
                                                  "category_raw", "rank", "as_of"]
    for p in months:
        t = compute_scores(inputs, p, draws=0).table.set_index("region_code")
        hp = h[h.period == p].set_index("region_code").loc[t.index]
        assert hp["score"].to_numpy() == pytest.approx(t["score"].to_numpy())
        assert hp["category"].tolist() == t["category"].tolist()
        assert hp["category_raw"].tolist() == t["category_raw"].tolist()
        assert hp["rank"].tolist() == t["rank"].tolist()
        assert set(hp["as_of"]) == {Month.parse(p).last_day}


def test_transitions_between_consecutive_months():
    inputs = fx.make_inputs(3, IKP)
    h = score_history(inputs, ["2024-07", "2024-08", "2024-09", "2024-10"])
    tr = transitions(h)
    kab = tr[tr.region_code != "73"].sort_values("region_code")
    # September: IKP 73.01 90 → 5 and 73.03 10 → 95: scores 2,5 / 25 / 47,5, mean 25, sample SD 22,5:
    # 47,5 is not above 47,5 (kuning), 2,5 is below the floor 25 (hijau). August: 45 / 25 / 5, SD 20:
    # 45 is not above 45 (kuning), 5 below the floor (hijau).
    assert kab[["region_code", "period", "from_category", "to_category", "direction"]].values.tolist() == [
        ["73.01", "2024-09", "kuning", "hijau", "turun"],
        ["73.03", "2024-09", "hijau", "kuning", "naik"],
    ]
    assert kab.iloc[0]["name"] == "Kab. R1"


def test_transitions_skip_gaps_between_months():
    h = pd.DataFrame({"region_code": ["a", "a"], "name": ["A", "A"], "period": ["2024-01", "2024-03"],
                      "category": ["hijau", "merah"], "score": [1.0, 2.0], "rank": [1, 1]})
    assert transitions(h).empty


def test_history_before_any_data():
    h = score_history(fx.make_inputs(2), ["2001-01", "2001-02"])
    # all calm: every score 0 is below the floor, so every region is hijau (2026.1 said kuning)
    assert (h["score"] == 0.0).all() and set(h["category"]) == {"hijau"}
