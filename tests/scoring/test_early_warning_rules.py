"""Alert rules on hand-made daily counts: each fires exactly on its documented condition."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from scoring.early_warning import load_config
from scoring.early_warning.rules import (
    block_counts, category_alerts, death_alerts, evaluate_rules, forecast_alerts, maya_surge_alerts, onset_alerts,
    spike_alerts,
)

CFG = load_config()
AS_OF = date(2026, 6, 30)


def _daily(rows):
    """rows: (region, days before AS_OF, category, arena, incidents)."""
    return pd.DataFrame([{"region_code": r, "day": pd.Timestamp(AS_OF - timedelta(days=d)), "category": c,
                          "arena": a, "incidents": n, "deaths": 0} for r, d, c, a, n in rows])


def _steady(region, per_block, blocks=7, category="sara", arena="nyata"):
    return [(region, 30 * b + 5, category, arena, per_block[b] if isinstance(per_block, list) else per_block)
            for b in range(blocks)]


def test_block_counts_by_hand():
    daily = _daily([("A", 0, "sara", "nyata", 2), ("A", 29, "sara", "nyata", 1), ("A", 30, "sara", "nyata", 4),
                    ("A", 400, "sara", "nyata", 9)])
    wide = block_counts(daily, AS_OF, 2)
    assert wide.loc["A"].tolist() == [3, 4, 0]


def test_spike_fires_at_double_the_baseline_and_not_below():
    # baseline 6 blocks of 2 → mean 2; now 4 = 2 × → fires; B now 3 (1.5 ×) → quiet
    daily = _daily(_steady("A", [4, 2, 2, 2, 2, 2, 2]) + _steady("B", [3, 2, 2, 2, 2, 2, 2]))
    found = spike_alerts(daily, AS_OF, CFG)
    assert [(a.region_code, a.evidence["count"], a.evidence["baseline"], a.evidence["ratio"]) for a in found] == [
        ("A", 4, 2.0, 2.0)]
    assert found[0].severity == "tinggi"


def test_spike_low_activity_guard():
    # baseline 5 incidents over 6 blocks (< 1 a block): 8 now does not count as a spike
    daily = _daily(_steady("A", [8, 1, 1, 1, 1, 1, 0]))
    assert spike_alerts(daily, AS_OF, CFG) == []


def test_maya_surge_counts_only_cyber_incidents():
    daily = _daily(_steady("A", [6, 2, 2, 2], blocks=4, arena="maya") + _steady("B", [6, 2, 2, 2], blocks=4))
    found = maya_surge_alerts(daily, AS_OF, CFG)
    assert [(a.region_code, a.subject, a.evidence["ratio"]) for a in found] == [("A", "maya", 3.0)]


def test_onset_after_six_quiet_blocks_only_with_long_enough_history():
    daily = _daily([("A", 3, "ormas", "nyata", 1), ("A", 3, "sara", "nyata", 1), ("A", 100, "sara", "nyata", 1)])
    found = onset_alerts(daily, AS_OF, AS_OF - timedelta(days=400), CFG)
    assert [(a.region_code, a.subject) for a in found] == [("A", "ormas")]
    assert onset_alerts(daily, AS_OF, AS_OF - timedelta(days=100), CFG) == []


def test_deaths_in_the_last_fourteen_days():
    fatal = pd.DataFrame([
        {"id": 1, "region_code": "A", "occurred_on": AS_OF - timedelta(days=13), "deaths": 2, "description": "x",
         "sensitivity": "umum"},
        {"id": 2, "region_code": "A", "occurred_on": AS_OF - timedelta(days=2), "deaths": 1, "description": "terbaru",
         "sensitivity": "terbatas"},
        {"id": 3, "region_code": "B", "occurred_on": AS_OF - timedelta(days=14), "deaths": 5, "description": "lama",
         "sensitivity": "umum"},
    ])
    found = death_alerts(fatal, AS_OF, CFG)
    assert len(found) == 1
    a = found[0]
    assert (a.region_code, a.evidence["deaths"], a.evidence["incidents"], a.incident_id) == ("A", 3, 2, 2)
    assert a.detail == "terbaru" and a.sensitivity == "terbatas"


def test_category_raised_or_p_merah_crossing():
    snaps = pd.DataFrame([
        {"region_code": "A", "period": "2026-05", "category": "hijau", "p_merah": 0.1},
        {"region_code": "A", "period": "2026-06", "category": "kuning", "p_merah": 0.2},
        {"region_code": "B", "period": "2026-05", "category": "kuning", "p_merah": 0.4},
        {"region_code": "B", "period": "2026-06", "category": "kuning", "p_merah": 0.55},
        {"region_code": "C", "period": "2026-05", "category": "merah", "p_merah": 0.9},
        {"region_code": "C", "period": "2026-06", "category": "kuning", "p_merah": 0.3},
    ])
    found = {a.region_code: a.evidence for a in category_alerts(snaps, CFG)}
    assert set(found) == {"A", "B"}
    assert found["A"]["raised"] and found["A"]["to"] == "kuning"
    assert not found["B"]["raised"] and found["B"]["p_merah"] == 0.55


def test_forecast_above_the_regions_90th_percentile():
    fc = pd.DataFrame([
        {"region_code": "A", "horizon": 1, "target_month": "2026-07", "mean": 6.0, "history_q90": 4.0, "hi90": 11},
        {"region_code": "B", "horizon": 1, "target_month": "2026-07", "mean": 3.0, "history_q90": 4.0, "hi90": 7},
        {"region_code": "C", "horizon": 3, "target_month": "2026-09", "mean": 9.0, "history_q90": 1.0, "hi90": 15},
        {"region_code": "D", "horizon": 1, "target_month": "2026-07", "mean": 0.8, "history_q90": 0.0, "hi90": 3},
    ])
    assert [a.region_code for a in forecast_alerts(fc, CFG)] == ["A"]


def test_evaluate_orders_high_severity_first():
    daily = _daily(_steady("A", [4, 2, 2, 2, 2, 2, 2]) + [("B", 3, "ormas", "nyata", 1), ("B", 200, "sara", "nyata", 1)])
    empty_fatal = pd.DataFrame(columns=["id", "region_code", "occurred_on", "deaths", "description", "sensitivity"])
    found = evaluate_rules(daily=daily, fatal=empty_fatal, snapshots=pd.DataFrame(columns=["region_code", "period",
                                                                                            "category", "p_merah"]),
                           forecasts=pd.DataFrame(columns=["region_code", "horizon", "target_month", "mean",
                                                           "history_q90", "hi90"]),
                           as_of=AS_OF, history_start=AS_OF - timedelta(days=400), cfg=CFG)
    assert [(a.rule, a.region_code) for a in found] == [("lonjakan", "A"), ("kemunculan", "B")]
