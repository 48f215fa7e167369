"""Small hand-made scoring inputs for tests (no database)."""
from __future__ import annotations

import pandas as pd

from scoring.inputs import ScoringInputs

DEFINITIONS = pd.DataFrame({
    "code": ["ikp_bawaslu", "kemiskinan", "pengangguran", "kepadatan", "kriminalitas", "unjuk_rasa",
             "laporan_hoaks", "sengketa_lahan", "indeks_kerukunan"],
    "name": ["IKP", "Kemiskinan", "Pengangguran", "Kepadatan", "Kriminalitas", "Unjuk rasa", "Hoaks",
             "Sengketa lahan", "Kerukunan"],
    "unit": ["skor", "%", "%", "jiwa/km2", "per 100rb", "kali", "per 100rb", "kasus", "skor"],
    "higher_is_riskier": [True] * 8 + [False],
    "min_value": [0.0] + [float("nan")] * 7 + [0.0],
    "max_value": [100.0] + [float("nan")] * 7 + [100.0],
    "source": ["Bawaslu"] + ["BPS"] * 8,
})


def regions(n: int = 3, province: str = "73") -> pd.DataFrame:
    codes = [f"{province}.{i + 1:02d}" for i in range(n)]
    return pd.DataFrame({
        "code": [province] + codes,
        "name": ["Sulawesi Selatan"] + [f"Kabupaten R{i + 1}" if i % 2 == 0 else f"Kota R{i + 1}" for i in range(n)],
        "level": ["provinsi"] + ["kabupaten" if i % 2 == 0 else "kota" for i in range(n)],
        "parent_code": [None] + [province] * n,
        "province_code": [province] * (n + 1),
        "population": [float("nan")] + [100_000.0 * (i + 1) for i in range(n)],
        "area_km2": [float("nan")] + [1000.0] * n,
    })


def incidents(rows: list[tuple]) -> pd.DataFrame:
    """rows: (region_code, day, category, arena, severity, incidents, deaths, injuries, displaced)."""
    cols = ["region_code", "day", "category", "arena", "severity", "incidents", "deaths", "injuries", "displaced"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[ns]")
    return frame


def values(rows: list[tuple]) -> pd.DataFrame:
    """rows: (region_code, period, indicator_code, value)."""
    return pd.DataFrame(rows, columns=["region_code", "period", "indicator_code", "value"]).astype({"value": float})


def declarations(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["region_code", "scale", "start_on", "end_on"])
    for c in ("start_on", "end_on"):
        frame[c] = pd.to_datetime(frame[c]).astype("datetime64[ns]")
    return frame


def make_inputs(n: int = 3, value_rows=(), incident_rows=(), declaration_rows=()) -> ScoringInputs:
    return ScoringInputs.from_frames(
        regions(n), DEFINITIONS, values(list(value_rows)),
        incidents(list(incident_rows)) if incident_rows else None,
        declarations(list(declaration_rows)) if declaration_rows else None,
    )
