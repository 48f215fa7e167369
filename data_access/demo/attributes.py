"""Vectorised samplers for incident columns shared by the Sulsel and national generators.

Every sampler takes the numpy Generator and whole columns, draws groups in a fixed
order (taxonomy order, never dict/set iteration of runtime data), so a seed fully
determines the output.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

SOURCE_PREFIX = {
    "intelijen_daerah": "INTEL", "polri": "POLRI", "bawaslu": "BAWASLU", "kesbangpol": "KESBANG",
    "media": "MEDIA", "laporan_masyarakat": "LAPMAS", "patroli_siber": "SIBER",
}

_SEVERITY = ("ringan", "sedang", "berat")
_SEVERITY_P = {
    "bentrok_antarwarga": (0.58, 0.32, 0.10), "sengketa_lahan_sda": (0.62, 0.30, 0.08),
    "sara": (0.60, 0.30, 0.10), "main_hakim_sendiri": (0.40, 0.42, 0.18), "batas_wilayah": (0.62, 0.30, 0.08),
    "unjuk_rasa": (0.74, 0.23, 0.03), "politik_pemilu": (0.72, 0.24, 0.04),
}
_SEVERITY_DEFAULT = (0.75, 0.21, 0.04)
_SEVERITY_MAYA = (0.78, 0.20, 0.02)

_SOURCES = tuple(SOURCE_PREFIX)
_SOURCE_P = {  # (intelijen, polri, bawaslu, kesbangpol, media, laporan, siber)
    "politik_nyata": (0.14, 0.14, 0.42, 0.10, 0.12, 0.08, 0.0),
    "politik_maya": (0.06, 0.04, 0.30, 0.0, 0.10, 0.05, 0.45),
    "nyata": (0.15, 0.34, 0.0, 0.15, 0.20, 0.16, 0.0),
    "maya": (0.06, 0.04, 0.0, 0.03, 0.10, 0.10, 0.67),
}

_SENSITIVITY = ("umum", "terbatas", "rahasia")
_INTEL_SENSITIVITY = (0.12, 0.63, 0.25)   # intelligence reports are mostly restricted
_OTHER_SENSITIVITY = (0.84, 0.14, 0.02)

_VERIFICATION = ("belum", "terverifikasi", "ditolak")
_STATUS = ("baru", "ditangani", "pemulihan", "selesai")
# (max age in days, probabilities over _STATUS): older incidents are mostly closed.
_STATUS_BY_AGE = ((14, (0.55, 0.40, 0.05, 0.0)), (60, (0.10, 0.45, 0.15, 0.30)),
                  (180, (0.0, 0.20, 0.20, 0.60)), (10**6, (0.0, 0.03, 0.07, 0.90)))

_HOURS = np.arange(24)
_HOUR_W = {
    "bentrok_antarwarga": np.r_[[3, 2, 1, 0.5, 0.2, 0.2], [0.5] * 10, [1, 2, 3, 4, 5, 5, 5, 4]],
    "unjuk_rasa": np.r_[[0] * 8, [2, 4, 5, 5, 4, 3, 2, 1], [0.3] * 8],
}
_HOUR_DEFAULT = np.r_[[0.2] * 6, [1.0] * 16, [0.5] * 2]


@dataclass(frozen=True)
class Casualties:
    deaths: np.ndarray
    injuries: np.ndarray
    displaced: np.ndarray


def pick(rng: np.random.Generator, options: tuple[str, ...], p, size: int) -> np.ndarray:
    p = np.asarray(p, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]


def severity(rng: np.random.Generator, category: np.ndarray, maya: np.ndarray,
             categories: tuple[str, ...]) -> np.ndarray:
    out = np.empty(len(category), dtype=object)
    for code in categories:
        for is_maya in (False, True):
            mask = (category == code) & (maya == is_maya)
            p = _SEVERITY_MAYA if is_maya else _SEVERITY_P.get(code, _SEVERITY_DEFAULT)
            out[mask] = pick(rng, _SEVERITY, p, int(mask.sum()))
    return out


def casualties(rng: np.random.Generator, severity_: np.ndarray, category: np.ndarray,
               maya: np.ndarray) -> Casualties:
    n = len(severity_)
    berat, sedang = severity_ == "berat", severity_ == "sedang"
    real = ~maya
    deaths = np.where(berat & real & (rng.random(n) < 0.3), 1 + rng.poisson(0.4, n), 0)
    injuries = np.select([berat, sedang], [2 + rng.poisson(7, n), 1 + rng.poisson(2.5, n)],
                         rng.poisson(0.4, n)) * real
    uprooting = np.isin(category, ("sengketa_lahan_sda", "sara", "batas_wilayah", "bentrok_antarwarga"))
    size = np.round(rng.lognormal(3.3, 0.8, n)).astype(np.int64)        # median ~27 people
    displaced = np.where(real & uprooting & ((berat & (rng.random(n) < 0.5)) | (sedang & (rng.random(n) < 0.06))),
                         np.where(berat, size * 2, np.maximum(size // 3, 3)), 0)
    return Casualties(deaths.astype(np.int64), injuries.astype(np.int64), displaced.astype(np.int64))


def sources(rng: np.random.Generator, category: np.ndarray, maya: np.ndarray) -> np.ndarray:
    out = np.empty(len(category), dtype=object)
    politik = category == "politik_pemilu"
    for key, mask in (("politik_nyata", politik & ~maya), ("politik_maya", politik & maya),
                      ("nyata", ~politik & ~maya), ("maya", ~politik & maya)):
        out[mask] = pick(rng, _SOURCES, _SOURCE_P[key], int(mask.sum()))
    return out


def sensitivities(rng: np.random.Generator, source: np.ndarray) -> np.ndarray:
    intel = source == "intelijen_daerah"
    out = np.empty(len(source), dtype=object)
    out[intel] = pick(rng, _SENSITIVITY, _INTEL_SENSITIVITY, int(intel.sum()))
    out[~intel] = pick(rng, _SENSITIVITY, _OTHER_SENSITIVITY, int((~intel).sum()))
    return out


def verifications(rng: np.random.Generator, age_days: np.ndarray) -> np.ndarray:
    recent = age_days < 14
    out = np.empty(len(age_days), dtype=object)
    out[recent] = pick(rng, _VERIFICATION, (0.45, 0.53, 0.02), int(recent.sum()))
    out[~recent] = pick(rng, _VERIFICATION, (0.03, 0.93, 0.04), int((~recent).sum()))
    return out


def handling_statuses(rng: np.random.Generator, age_days: np.ndarray) -> np.ndarray:
    out = np.empty(len(age_days), dtype=object)
    lower = -1
    for upper, p in _STATUS_BY_AGE:
        mask = (age_days > lower) & (age_days <= upper)
        out[mask] = pick(rng, _STATUS, p, int(mask.sum()))
        lower = upper
    return out


def occurred_seconds(rng: np.random.Generator, category: np.ndarray, categories: tuple[str, ...],
                     share_known: float = 0.65) -> np.ndarray:
    """Seconds after midnight (multiples of 5 minutes), or -1 when the time is unknown."""
    out = np.full(len(category), -1, dtype=np.int64)
    for code in categories:
        mask = category == code
        w = _HOUR_W.get(code, _HOUR_DEFAULT)
        hours = rng.choice(_HOURS, size=int(mask.sum()), p=w / w.sum())
        out[mask] = hours * 3600 + rng.integers(0, 12, int(mask.sum())) * 300
    out[rng.random(len(category)) >= share_known] = -1
    return out


def report_delay(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(6, size=n, p=(0.35, 0.30, 0.15, 0.10, 0.05, 0.05))


def source_refs(source: np.ndarray, occurred: np.ndarray) -> np.ndarray:
    """"POLRI-2024-000123": unique per source, numbered per source and year in date order."""
    frame = pd.DataFrame({"source": source, "year": occurred.astype("datetime64[Y]").astype(int) + 1970})
    seq = frame.groupby(["source", "year"], sort=False).cumcount() + 1
    prefix = frame["source"].map(SOURCE_PREFIX)
    return (prefix + "-" + frame["year"].astype(str) + "-" + seq.astype(str).str.zfill(6)).to_numpy(dtype=object)


def day_range(start: date, today: date) -> np.ndarray:
    return np.arange(np.datetime64(start, "D"), np.datetime64(today, "D") + 1)
