"""Hand-set structure of the Sulawesi Selatan demo: who is quiet, who is busy, and with what.

Figures are plausible orders of magnitude (BPS-like poverty and unemployment,
mining and plantation areas, urban protest), not statistics. Everything the
generator treats specially is named here so the tests and the app's docs can
point at it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Mapping

PROVINCE = "73"
MAKASSAR = "73.71"
CITIES = ("73.71", "73.72", "73.73")

# Relative frequency of each category before regional and seasonal structure.
CATEGORY_WEIGHT: Mapping[str, float] = MappingProxyType({
    "sengketa_lahan_sda": 13, "politik_pemilu": 9, "sara": 3, "batas_wilayah": 4, "ekonomi_kesenjangan": 6,
    "bentrok_antarwarga": 17, "main_hakim_sendiri": 6, "ormas": 4, "ujaran_kebencian_hoaks": 14,
    "unjuk_rasa": 14, "lainnya": 4,
})

# Share of each category happening online (arena maya); the rest is nyata.
MAYA_SHARE: Mapping[str, float] = MappingProxyType({
    "ujaran_kebencian_hoaks": 0.88, "politik_pemilu": 0.25, "sara": 0.3, "ormas": 0.1, "lainnya": 0.1,
    "ekonomi_kesenjangan": 0.05,
})

PEMILU = date(2024, 2, 14)
PILKADA = date(2024, 11, 27)


@dataclass(frozen=True)
class RegionProfile:
    code: str
    poverty_pct: float         # kemiskinan (% penduduk miskin)
    unemployment_pct: float    # tingkat pengangguran terbuka (%)
    harmony: float             # indeks kerukunan umat beragama (0–100, higher = safer)
    activity: float = 1.0      # overall incident rate relative to population
    category_factor: Mapping[str, float] = field(default_factory=dict)
    hotspots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # category -> kecamatan codes


_LAND = "sengketa_lahan_sda"
PROFILES: tuple[RegionProfile, ...] = (
    RegionProfile("73.01", 12.5, 3.4, 78.0, activity=0.45),   # quiet islands; spikes at the end (SPIKES)
    RegionProfile("73.02", 7.6, 3.4, 77.5, category_factor={_LAND: 2.8},
                  hotspots={_LAND: ("73.02.06", "73.02.07", "73.02.08")}),     # Kajang, Bulukumpa: plantations
    RegionProfile("73.03", 8.9, 3.9, 76.0),
    RegionProfile("73.04", 14.0, 3.2, 74.5, category_factor={"politik_pemilu": 1.6, "main_hakim_sendiri": 1.5}),
    RegionProfile("73.05", 8.2, 4.9, 75.0),
    RegionProfile("73.06", 7.4, 4.1, 74.0, category_factor={"bentrok_antarwarga": 1.4, "politik_pemilu": 1.3}),
    RegionProfile("73.07", 8.6, 2.5, 77.0),
    RegionProfile("73.08", 10.2, 4.0, 75.5, category_factor={"politik_pemilu": 1.4, "batas_wilayah": 1.5}),
    RegionProfile("73.09", 9.4, 5.0, 75.0, category_factor={_LAND: 1.5}),
    RegionProfile("73.10", 14.3, 5.6, 74.0, category_factor={"batas_wilayah": 1.6}),
    RegionProfile("73.11", 8.3, 4.5, 77.0, activity=0.8),
    RegionProfile("73.12", 7.1, 3.9, 77.5, activity=0.8),
    RegionProfile("73.13", 6.8, 3.3, 76.5, category_factor={_LAND: 2.5},
                  hotspots={_LAND: ("73.13.09", "73.13.10", "73.13.14")}),     # Maniangpajo, Pitumpanua, Keera
    RegionProfile("73.14", 4.9, 4.6, 77.0, category_factor={_LAND: 2.5},
                  hotspots={_LAND: ("73.14.09", "73.14.10", "73.14.11")}),     # Dua Pitue, Pitu Riawa, Pitu Riase
    RegionProfile("73.15", 8.4, 4.5, 76.5),
    RegionProfile("73.16", 12.2, 2.9, 78.5, activity=0.45),   # quiet highlands; spikes at the end (SPIKES)
    RegionProfile("73.17", 12.5, 4.3, 75.5, category_factor={_LAND: 1.8, "batas_wilayah": 1.5}),
    RegionProfile("73.18", 12.4, 2.8, 81.0, category_factor={"sara": 0.6}),
    RegionProfile("73.22", 12.8, 3.0, 76.0, category_factor={_LAND: 3.5},
                  hotspots={_LAND: ("73.22.07", "73.22.09", "73.22.05")}),     # Seko, Rampi, Rongkong
    RegionProfile("73.24", 6.6, 4.4, 75.0, category_factor={_LAND: 5.0, "unjuk_rasa": 1.5},
                  hotspots={_LAND: ("73.24.02", "73.24.03", "73.24.11", "73.24.04")}),  # nickel: Nuha, Towuti…
    RegionProfile("73.26", 11.8, 2.9, 80.5, category_factor={"sara": 0.6}),
    RegionProfile("73.71", 4.6, 10.1, 72.0, activity=1.15,
                  category_factor={"bentrok_antarwarga": 3.0, "unjuk_rasa": 3.0, "main_hakim_sendiri": 1.5,
                                   "ujaran_kebencian_hoaks": 1.6, "ormas": 1.8, _LAND: 0.3},
                  hotspots={"bentrok_antarwarga": ("73.71.07", "73.71.06", "73.71.08", "73.71.12"),  # Tallo…
                            "unjuk_rasa": ("73.71.04", "73.71.09", "73.71.14", "73.71.13")}),
    RegionProfile("73.72", 5.2, 6.5, 76.0, category_factor={"unjuk_rasa": 2.2, _LAND: 0.4}),
    RegionProfile("73.73", 7.8, 7.1, 75.0, category_factor={"unjuk_rasa": 2.2, "politik_pemilu": 1.5, _LAND: 0.5}),
)


@dataclass(frozen=True)
class Burst:
    """Extra incidents (expected count) in one region and categories over a date range, rising to its end."""

    region: str
    categories: tuple[str, ...]
    expected: float
    start: date | None = None   # None: `days` before today
    end: date | None = None     # None: today
    days: int = 45


# Quiet regions that suddenly flare up in the last weeks, so escalation alerts have something to find.
SPIKES: tuple[Burst, ...] = (
    Burst("73.01", ("bentrok_antarwarga", "batas_wilayah"), expected=16, days=40),
    Burst("73.16", (_LAND, "batas_wilayah"), expected=13, days=50),
)
# The Luwu Timur land conflict behind the 2024 status declaration (see calendar.DECLARATION).
LUWU_TIMUR_2024 = Burst("73.24", (_LAND,), expected=28, start=date(2024, 7, 1), end=date(2024, 8, 20))

# Where the guaranteed recent death happens: the most recent real-world incident of the Selayar spike.
RECENT_DEATH_REGION = "73.01"
