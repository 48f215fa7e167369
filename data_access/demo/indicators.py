"""Indicator definitions and synthetic per-kab/kota values, consistent with the generated incidents."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from data_access.demo import profile as prof
from data_access.demo.regions import KabKota


@dataclass(frozen=True)
class Definition:
    code: str
    name: str
    unit: str
    higher_is_riskier: bool
    source: str
    description: str
    min_value: float
    max_value: float


DEFINITIONS: tuple[Definition, ...] = (
    Definition("ikp_bawaslu", "Indeks Kerawanan Pemilu", "skor 0–100", True, "Bawaslu",
               "Skor kerawanan pemilu/pilkada kab/kota (makin tinggi makin rawan).", 0, 100),
    Definition("kemiskinan", "Persentase penduduk miskin", "%", True, "BPS",
               "Persentase penduduk di bawah garis kemiskinan.", 0, 100),
    Definition("pengangguran", "Tingkat pengangguran terbuka", "%", True, "BPS",
               "Persentase angkatan kerja yang menganggur (TPT).", 0, 100),
    Definition("kepadatan", "Kepadatan penduduk", "jiwa/km²", True, "BPS (dihitung dari penduduk dan luas)",
               "Jumlah penduduk dibagi luas wilayah.", 0, 50_000),
    Definition("kriminalitas", "Angka kriminalitas", "kejadian per 100.000 penduduk", True, "Polri",
               "Kejadian kejahatan yang dilaporkan per 100.000 penduduk (crime rate).", 0, 5_000),
    Definition("unjuk_rasa", "Jumlah unjuk rasa", "kejadian per tahun", True, "Polri/Kesbangpol",
               "Jumlah aksi unjuk rasa yang tercatat dalam setahun.", 0, 10_000),
    Definition("laporan_hoaks", "Laporan hoaks", "laporan per 100.000 penduduk", True, "Patroli siber/Diskominfo",
               "Laporan konten hoaks dan ujaran kebencian per 100.000 penduduk.", 0, 5_000),
    Definition("sengketa_lahan", "Kasus sengketa lahan", "kasus per tahun", True, "BPN/Kesbangpol",
               "Jumlah kasus sengketa tanah dan sumber daya alam yang tercatat.", 0, 5_000),
    Definition("indeks_kerukunan", "Indeks Kerukunan Umat Beragama", "skor 0–100", False, "Kementerian Agama",
               "Indeks KUB (makin tinggi makin rukun, artinya makin aman).", 0, 100),
)
INDICATOR_CODES = tuple(d.code for d in DEFINITIONS)

# Deliberate holes so completeness handling has something to show: (kab/kota, indicator, period or None=all).
# Tana Toraja's latest crime rate "is not yet published"; Selayar was not covered by the KUB survey.
DELIBERATE_GAPS: tuple[tuple[str, str, str | None], ...] = (
    ("73.18", "kriminalitas", "latest"),
    ("73.01", "indeks_kerukunan", None),
)
IKP_PERIODS = (date(2024, 1, 1), date(2024, 7, 1))   # IKP Pemilu 2024 and IKP Pilkada 2024


def definition_rows() -> list[dict]:
    return [{**d.__dict__} for d in DEFINITIONS]


def annual_periods(start: date, today: date) -> tuple[date, ...]:
    """January of every year whose January lies in the window (e.g. 2024-01-01 … 2026-01-01)."""
    return tuple(date(y, 1, 1) for y in range(start.year, today.year + 1) if start <= date(y, 1, 1) <= today)


def _annual_counts(incidents: pd.DataFrame, regions: KabKota, year: int, start: date, today: date) -> pd.DataFrame:
    """Incidents per kab/kota and category over ``year`` (annualised), or over the whole window
    when the window covers less than three months of that year."""
    occurred = incidents["occurred_on"]
    lo, hi = max(date(year, 1, 1), start), min(date(year, 12, 31), today)
    months = (hi - lo).days / 30.44 if hi >= lo else 0
    if months >= 3:
        part = incidents[(occurred >= pd.Timestamp(lo)) & (occurred <= pd.Timestamp(hi))]
    else:
        part, months = incidents, max((today - start).days / 30.44, 1)
    table = part.groupby(["kabkota_code", "category"]).size().unstack(fill_value=0)
    table = table.reindex(index=list(regions.codes), fill_value=0)
    return table * (12 / months)


def _col(table: pd.DataFrame, category: str) -> np.ndarray:
    return table[category].to_numpy(dtype=float) if category in table.columns else np.zeros(len(table))


def values_frame(rng: np.random.Generator, regions: KabKota, incidents: pd.DataFrame, start: date,
                 today: date) -> pd.DataFrame:
    """Long-form indicator values for every kab/kota, minus :data:`DELIBERATE_GAPS`."""
    n = len(regions.codes)
    profiles = {p.code: p for p in prof.PROFILES}
    # Regions without a hand-set profile (national scale) get plausible random levels.
    poverty = np.array([profiles[c].poverty_pct if c in profiles else np.nan for c in regions.codes])
    poverty = np.where(np.isnan(poverty), np.clip(rng.lognormal(np.log(9.5), 0.45, n), 2, 40), poverty)
    jobless = np.array([profiles[c].unemployment_pct if c in profiles else np.nan for c in regions.codes])
    jobless = np.where(np.isnan(jobless), np.clip(rng.lognormal(np.log(4.5), 0.35, n), 1, 15), jobless)
    harmony = np.array([profiles[c].harmony if c in profiles else np.nan for c in regions.codes])
    harmony = np.where(np.isnan(harmony), np.clip(rng.normal(75, 4, n), 55, 90), harmony)
    pop = regions.population
    out: list[pd.DataFrame] = []

    def add(code: str, period: date, values: np.ndarray, source: str) -> None:
        out.append(pd.DataFrame({"region_code": regions.codes, "period": period, "indicator_code": code,
                                 "value": np.round(values, 2), "source": source}))

    periods = annual_periods(start, today)
    for period in periods:
        years_on = period.year - 2024
        counts = _annual_counts(incidents, regions, period.year - 1, start, today)
        crime = _col(counts, "bentrok_antarwarga") + _col(counts, "main_hakim_sendiri") + _col(counts, "ormas")
        add("kemiskinan", period, np.clip(poverty * (1 - 0.03 * years_on) + rng.normal(0, 0.2, n), 1, 60), "BPS")
        add("pengangguran", period, np.clip(jobless + rng.normal(0, 0.3, n), 0.5, 30), "BPS")
        add("kepadatan", period, pop * 1.011 ** years_on / regions.area_km2, "BPS")
        add("kriminalitas", period, (90 + 1.5e6 * crime / pop) * rng.normal(1, 0.08, n), "Polri")
        add("unjuk_rasa", period, np.round(2.5 * _col(counts, "unjuk_rasa") + rng.poisson(4, n)),
            "Polri/Kesbangpol")
        add("laporan_hoaks", period, 6e5 * _col(counts, "ujaran_kebencian_hoaks") / pop + rng.gamma(2, 0.5, n),
            "Diskominfo")
        add("sengketa_lahan", period, np.round(1.6 * _col(counts, "sengketa_lahan_sda") + rng.poisson(2, n)),
            "BPN/Kesbangpol")
        add("indeks_kerukunan", period, np.clip(harmony + rng.normal(0, 0.8, n), 0, 100), "Kementerian Agama")
    for period in IKP_PERIODS:
        election = prof.PEMILU if period.month == 1 else prof.PILKADA
        near = incidents[(incidents["category"] == "politik_pemilu")
                         & ((incidents["occurred_on"] - pd.Timestamp(election)).abs() <= pd.Timedelta(days=120))]
        if near.empty:
            near = incidents[incidents["category"] == "politik_pemilu"]
        per_capita = near.groupby("kabkota_code").size().reindex(list(regions.codes), fill_value=0).to_numpy() / pop
        scaled = (per_capita / per_capita.max()) ** 0.6 if per_capita.max() > 0 else np.zeros(n)
        add("ikp_bawaslu", period, np.clip(32 + 45 * scaled + rng.normal(0, 4, n), 0, 100), "Bawaslu")
    frame = pd.concat(out, ignore_index=True)
    frame = frame[np.isfinite(frame["value"])]
    return _drop_gaps(frame, periods).reset_index(drop=True)


def _drop_gaps(frame: pd.DataFrame, periods: tuple[date, ...]) -> pd.DataFrame:
    keep = np.ones(len(frame), dtype=bool)
    for region, code, period in DELIBERATE_GAPS:
        mask = (frame["region_code"] == region) & (frame["indicator_code"] == code)
        if period == "latest" and periods:
            mask &= frame["period"] == periods[-1]
        keep &= ~mask.to_numpy()
    return frame[keep]


def with_audit(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    frame = frame.copy()
    frame["period"] = pd.to_datetime(frame["period"])
    frame["updated_by"] = "demo"
    frame["updated_at"] = datetime(today.year, today.month, today.day, 7, 0)
    return frame
