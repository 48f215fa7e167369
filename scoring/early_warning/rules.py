"""Alert rules: pure functions from aggregated frames (as known on the as-of day) to alert candidates.

Windows are 30-day blocks ending on the as-of day: block 0 is the last 30 days, block 1 the 30 days
before, and so on. Each candidate carries the numbers behind it (``evidence``), so the page can state
them in one sentence and anyone can check them against the incidents.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from scoring.early_warning.config import EarlyWarningConfig

BLOCK_DAYS = 30
CATEGORY_ORDER = {"hijau": 0, "kuning": 1, "merah": 2}
SEVERITY_RANK = {"tinggi": 2, "sedang": 1}


@dataclass(frozen=True)
class AlertCandidate:
    rule: str
    region_code: str
    subject: str
    severity: str
    priority: float
    evidence: dict = field(hash=False)
    detail: str | None = None
    sensitivity: str = "umum"
    incident_id: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.region_code, self.subject)


def block_counts(daily: pd.DataFrame, as_of: date, blocks: int, *, arena: str | None = None,
                 by_category: bool = False) -> pd.DataFrame:
    """Incidents per region (and category) in 30-day blocks 0 … ``blocks`` ending on ``as_of``:
    a wide frame with integer columns 0 … blocks."""
    keys = ["region_code", "category"] if by_category else ["region_code"]
    frame = daily if arena is None else daily[daily["arena"] == arena]
    age = (pd.Timestamp(as_of) - pd.to_datetime(frame["day"])).dt.days
    block = age // BLOCK_DAYS
    frame = frame.assign(block=block)[(age >= 0) & (block <= blocks)]
    wide = frame.pivot_table(index=keys, columns="block", values="incidents", aggfunc="sum", fill_value=0)
    return wide.reindex(columns=range(blocks + 1), fill_value=0).astype("int64")


def _spike(wide: pd.DataFrame, rule: str, params, severity: str, as_of: date, subject: str) -> list[AlertCandidate]:
    n = int(params["baseline_blocks"])
    out = []
    baseline = wide[list(range(1, n + 1))].mean(axis=1)
    current = wide[0]
    hit = (baseline >= params["min_baseline"]) & (current >= params["min_count"]) & (current >= params["ratio"] * baseline)
    for code in wide.index[hit]:
        ratio = float(current[code] / baseline[code])
        out.append(AlertCandidate(rule, code, subject, severity, ratio, {
            "count": int(current[code]), "baseline": round(float(baseline[code]), 2), "ratio": round(ratio, 2),
            "blocks": n, "as_of": as_of.isoformat()}))
    return out


def spike_alerts(daily: pd.DataFrame, as_of: date, cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """Last 30 days ≥ ratio × the mean of the previous blocks, only where that mean ≥ the guard."""
    rule = cfg.rules["lonjakan"]
    wide = block_counts(daily, as_of, int(rule["baseline_blocks"]))
    return _spike(wide, "lonjakan", rule, rule.severity, as_of, "")


def maya_surge_alerts(daily: pd.DataFrame, as_of: date, cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """The same test on cyber-arena (maya) incidents only."""
    rule = cfg.rules["lonjakan_maya"]
    wide = block_counts(daily, as_of, int(rule["baseline_blocks"]), arena="maya")
    return _spike(wide, "lonjakan_maya", rule, rule.severity, as_of, "maya")


def onset_alerts(daily: pd.DataFrame, as_of: date, history_start: date | None,
                 cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """A category's first incident in a region after ``quiet_blocks`` blocks with none; only when the
    data reach back over the whole quiet period (else every category would look new)."""
    rule = cfg.rules["kemunculan"]
    quiet = int(rule["quiet_blocks"])
    if history_start is None or (as_of - history_start).days < (quiet + 1) * BLOCK_DAYS:
        return []
    wide = block_counts(daily, as_of, quiet, by_category=True)
    hit = (wide[0] > 0) & (wide[list(range(1, quiet + 1))].sum(axis=1) == 0)
    out = []
    for code, category in wide.index[hit]:
        out.append(AlertCandidate("kemunculan", code, category, rule.severity, float(wide.loc[(code, category), 0]),
                                  {"count": int(wide.loc[(code, category), 0]), "quiet_blocks": quiet,
                                   "category": category, "as_of": as_of.isoformat()}))
    return out


def death_alerts(fatal: pd.DataFrame, as_of: date, cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """Death(s) in the last ``days`` days: one alert per region, naming the latest fatal incident.

    ``fatal``: id, region_code, occurred_on, deaths, description, sensitivity (incidents with deaths ≥ 1)."""
    rule = cfg.rules["korban_jiwa"]
    start = pd.Timestamp(as_of) - pd.Timedelta(days=int(rule["days"]) - 1)
    frame = fatal[(pd.to_datetime(fatal["occurred_on"]) >= start)
                  & (pd.to_datetime(fatal["occurred_on"]) <= pd.Timestamp(as_of))]
    out = []
    for code, group in frame.groupby("region_code", sort=True):
        latest = group.sort_values(["occurred_on", "id"]).iloc[-1]
        deaths = int(group["deaths"].sum())
        # The alert is as restricted as the most restricted incident it summarises.
        sensitivity = max(group["sensitivity"], key=lambda s: ("umum", "terbatas", "rahasia").index(s))
        out.append(AlertCandidate("korban_jiwa", code, "", rule.severity, float(deaths), {
            "deaths": deaths, "incidents": int(len(group)), "days": int(rule["days"]),
            "latest_on": pd.Timestamp(latest["occurred_on"]).date().isoformat(), "as_of": as_of.isoformat()},
            detail=str(latest["description"] or ""), sensitivity=sensitivity, incident_id=int(latest["id"])))
    return out


def category_alerts(snapshots: pd.DataFrame, cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """Category raised between a region's last two stored months, or P(merah) crossing the threshold.

    ``snapshots``: region_code, period (YYYY-MM), category, p_merah (may be NaN)."""
    rule = cfg.rules["kategori"]
    threshold = rule["p_merah_threshold"]
    out = []
    for code, group in snapshots.sort_values("period").groupby("region_code", sort=True):
        if len(group) < 2:
            continue
        prev, last = group.iloc[-2], group.iloc[-1]
        raised = CATEGORY_ORDER.get(last["category"], -1) > CATEGORY_ORDER.get(prev["category"], 99)
        p_now, p_before = last.get("p_merah"), prev.get("p_merah")
        crossed = bool(pd.notna(p_now) and pd.notna(p_before) and p_now >= threshold > p_before)
        if raised or crossed:
            out.append(AlertCandidate("kategori", code, "", rule.severity,
                                      float(CATEGORY_ORDER.get(last["category"], 0)) + (p_now if pd.notna(p_now) else 0),
                                      {"from": prev["category"], "to": last["category"], "period": last["period"],
                                       "previous_period": prev["period"], "raised": bool(raised),
                                       "p_merah": None if pd.isna(p_now) else round(float(p_now), 3),
                                       "p_merah_before": None if pd.isna(p_before) else round(float(p_before), 3),
                                       "threshold": threshold}))
    return out


def forecast_alerts(forecasts: pd.DataFrame, cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """Next month's expected incidents above the region's 90th-percentile month (``history_q90``).

    ``forecasts``: region_code, horizon, target_month, mean, history_q90, hi90."""
    rule = cfg.rules["prakiraan_tinggi"]
    frame = forecasts[(forecasts["horizon"] == 1) & forecasts["history_q90"].notna()]
    hit = (frame["mean"] > frame["history_q90"]) & (frame["mean"] >= rule["min_expected"])
    out = []
    for row in frame[hit].itertuples():
        out.append(AlertCandidate("prakiraan_tinggi", row.region_code, "", rule.severity,
                                  float(row.mean / max(row.history_q90, 1e-9)), {
                                      "expected": round(float(row.mean), 1), "q90": round(float(row.history_q90), 1),
                                      "target_month": str(row.target_month)[:7], "hi90": int(row.hi90)}))
    return out


def history_quantile(total: np.ndarray, q: float, min_months: int) -> np.ndarray:
    """Per region (rows), the ``q`` quantile of its monthly counts; NaN with fewer than ``min_months``."""
    if total.shape[1] < min_months:
        return np.full(total.shape[0], np.nan)
    return np.quantile(total, q, axis=1)


def evaluate_rules(*, daily: pd.DataFrame, fatal: pd.DataFrame, snapshots: pd.DataFrame, forecasts: pd.DataFrame,
                   as_of: date, history_start: date | None, cfg: EarlyWarningConfig) -> list[AlertCandidate]:
    """Every rule's candidates, most urgent first (severity, then priority)."""
    found = [*spike_alerts(daily, as_of, cfg), *onset_alerts(daily, as_of, history_start, cfg),
             *category_alerts(snapshots, cfg), *death_alerts(fatal, as_of, cfg),
             *maya_surge_alerts(daily, as_of, cfg), *forecast_alerts(forecasts, cfg)]
    return sorted(found, key=lambda a: (-SEVERITY_RANK[a.severity], -a.priority, a.region_code, a.rule))
