"""Deterministic synthetic demo data ("Data contoh — sintetis") for Sulawesi Selatan or all of Indonesia.

Public entry point: :func:`seed_demo`. The notable structure (spiking regions,
deliberate indicator gaps, the recent death, the 2024 declaration) is named in
``profile``, ``indicators`` and ``calendar`` so tests and docs can refer to it.
"""
from data_access.demo.indicators import DELIBERATE_GAPS, INDICATOR_CODES
from data_access.demo.seed import (
    DEFAULT_SEED,
    DEMO_META_KEY,
    DEMO_META_VALUE,
    DemoDataError,
    SeedSummary,
    existing_data,
    seed_demo,
    window_start,
)

__all__ = ["DEFAULT_SEED", "DELIBERATE_GAPS", "DEMO_META_KEY", "DEMO_META_VALUE", "INDICATOR_CODES",
           "DemoDataError", "SeedSummary", "existing_data", "seed_demo", "window_start"]
