"""The concrete "why" of each region's score: drivers with their numbers, and one Bahasa Indonesia sentence.

Drivers are the leaves of the score tree with the largest positive contribution (exact
decomposition, see scoring.composite). Each names what is behind it with a number against
a baseline: an indicator against the median of its province ("tingkat kemiskinan 14,2 (1,6×
median provinsi 9,1)"), incident pressure and escalation by the incident category of the
last window against the region's own 12-month mean ("12 insiden bentrok antarwarga/tawuran
dalam 30 hari terakhir, 3,0× rata-rata 12 bulan").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from scoring.fmt import format_number_id, format_percent_id

if TYPE_CHECKING:  # the engine imports this module
    from scoring.engine import Prepared

CATEGORY_WORD = {"merah": "Merah", "kuning": "Kuning", "hijau": "Hijau"}


def lower_first(text: str) -> str:
    """"Politik, pemilu" → "politik, pemilu"; acronyms ("SARA/identitas") keep their case."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def ratio_text(ratio: float) -> str:
    """3.04 → "3,0×"; 12.4 → "12×" (one decimal below 10)."""
    return format_number_id(ratio, 1 if ratio < 10 else 0) + "×"


@dataclass(frozen=True)
class DriverInputs:
    """What :func:`drivers_and_explanations` needs for month column ``j`` (arrays over units U, leaves L)."""

    prep: "Prepared"
    j: int
    codes: list[str]
    kinds: list[str]          # "struktural" | "tekanan" | "eskalasi" per leaf
    labels: list[str]
    higher: list[bool]
    raw: np.ndarray           # (U, L)
    normalised: np.ndarray    # (U, L)
    parts: np.ndarray         # (U, L) contributions
    category: np.ndarray      # (U,) shown category (after hysteresis and overrides)
    category_raw: np.ndarray  # (U,) the month's own category (no hysteresis)
    overrides: list[list[dict]]
    imputed: list[list[str]]
    completeness: np.ndarray
    flagged: np.ndarray


def _incident(prep: "Prepared", u: int, s: int, j: int) -> dict[str, Any]:
    """Count of series ``s`` in the escalation window against the region's own baseline."""
    cfg = prep.methodology.eskalasi
    obs = float(prep.esc.series_observed[u, s, j])
    exp = float(prep.esc.series_expected[u, s, j])
    label = prep.window_labels[s]
    head = f"{format_number_id(obs, 0)} {label} dalam {cfg.window_days} hari terakhir"
    if exp > 0:
        ratio = obs / exp
        text = f"{head}, {ratio_text(ratio)} rata-rata {cfg.baseline_months} bulan"
    else:
        ratio = None
        text = f"{head}; nihil dalam {cfg.baseline_months} bulan sebelumnya"
    return {"value": obs, "baseline": exp, "ratio": ratio, "text": text}


def _series_of(prep: "Prepared", u: int, j: int, kind: str) -> int | None:
    """The incident series a tekanan/eskalasi driver names (a category when one carries it), None = none."""
    obs = prep.esc.series_observed[u, :, j]
    if kind == "eskalasi":
        d = int(prep.esc.driver[u, j])
        if d != 0 or obs.shape[0] == 1:
            return d if obs[d] > 0 else None
        sur = prep.esc.series_surprise[u, 1:, j]
        best = 1 + int(np.argmax(sur))
        return best if obs[best] > 0 else (0 if obs[0] > 0 else None)
    if obs.shape[0] == 1 or obs[0] <= 0:
        return None
    # tekanan: the category with most incidents in the window, ties to the more surprising one
    key = np.lexsort((-prep.esc.series_surprise[u, 1:, j], -obs[1:]))
    return 1 + int(key[0])


def _driver(d: DriverInputs, u: int, leaf: int, baseline: np.ndarray) -> dict[str, Any]:
    prep, j = d.prep, d.j
    kind, code, label = d.kinds[leaf], d.codes[leaf], d.labels[leaf]
    out: dict[str, Any] = {"kind": kind, "indicator": code, "label": label,
                           "contribution": float(d.parts[u, leaf]), "category": None}
    if kind == "struktural":
        value = float(d.raw[u, leaf])
        base = float(baseline[u, leaf])
        where = "median provinsi" if prep.kab[u] else "median nasional"
        imputed = code in d.imputed[u]
        ratio = value / base if np.isfinite(base) and base > 0 and not imputed else None
        if imputed:
            text = f"{label} tanpa data, diisi {where} ({format_number_id(base)})"
        elif ratio is not None:
            text = f"{label} {format_number_id(value)} ({ratio_text(ratio)} {where} {format_number_id(base)})"
        else:
            text = f"{label} {format_number_id(value)}"
        out.update(value=value, baseline=base if np.isfinite(base) else None, ratio=ratio, text=text,
                   short=upper_first(label))
        return out
    s = _series_of(prep, u, j, kind)
    if s is None:
        rate = float(d.raw[u, leaf]) if kind == "tekanan" else float(prep.esc.observed[u, j])
        text = (f"{label} {format_number_id(rate)} per 100.000 penduduk (berbobot, meluruh)" if kind == "tekanan"
                else f"{label}: {format_number_id(rate, 0)} insiden dalam 30 hari")
        out.update(value=rate, baseline=None, ratio=None, text=text, short=upper_first(label))
        return out
    out.update(_incident(prep, u, s, j))
    out["category"] = None if s == 0 else prep.esc_series[s]
    what = prep.window_labels[s]
    out["short"] = ("Lonjakan " if kind == "eskalasi" else "") + (what if kind == "eskalasi" else upper_first(what))
    return out


def _join(texts: list[str]) -> str:
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " dan " + texts[-1]


def drivers_and_explanations(d: DriverInputs) -> tuple[list[list[dict]], np.ndarray, np.ndarray]:
    """(drivers per unit, explanation sentence per unit, short label of the top driver per unit).

    Only the units of the levels the inputs ask results for (``prep.levels``) are explained; the others get
    no drivers and no sentence (None), as they get no probabilities: the national reference set stores its
    38 provinces, and writing the text of its 514 kab/kota was most of its month's work.
    """
    top_n = d.prep.methodology.top_drivers
    wanted = np.isin(d.prep.peer, d.prep.levels)
    p = np.where(np.isnan(d.parts), -np.inf, d.parts)
    order = np.argsort(-p, axis=1, kind="stable")
    baseline = np.full(d.raw.shape, np.nan)
    n_struct = d.prep.struct_raw.shape[1]
    baseline[:, :n_struct] = d.prep.struct_median[:, :, d.j]
    labels = dict(zip(d.codes, d.labels))
    all_drivers: list[list[dict]] = []
    texts, tops = [], []
    for u in range(len(d.category)):
        if not wanted[u]:
            all_drivers.append([])
            texts.append(None)
            tops.append(None)
            continue
        drivers: list[dict] = []
        seen: set[str] = set()
        for leaf in order[u]:
            if len(drivers) >= top_n or not p[u, leaf] > 1e-9:
                break
            item = _driver(d, u, int(leaf), baseline)
            if item["text"] in seen:  # two leaves naming the same incidents: one driver, both parts
                next(x for x in drivers if x["text"] == item["text"])["contribution"] += item["contribution"]
                continue
            seen.add(item["text"])
            drivers.append(item)
        tops.append(drivers[0]["short"] if drivers else None)
        for item in drivers:
            item.pop("short")
        all_drivers.append(drivers)
        texts.append(_sentence(d, u, drivers, labels))
    return all_drivers, np.array(texts, dtype=object), np.array(tops, dtype=object)


def _sentence(d: DriverInputs, u: int, drivers: list[dict], labels: dict[str, str]) -> str:
    category = d.category[u]
    if category is None:
        return "Skor tidak dapat dihitung: data tidak tersedia."
    word = CATEGORY_WORD.get(category, "")
    why = _join([x["text"] for x in drivers]) if drivers else ""
    if d.overrides[u]:
        text = f"{word} karena " + "; ".join(o["text"] for o in d.overrides[u])
        text += f"; penyumbang skor terbesar: {why}." if why else "."
    elif category == "hijau":
        text = f"Hijau; penyumbang skor terbesar: {why}." if why else "Hijau; tidak ada penyumbang skor yang menonjol."
    else:
        text = f"{word} terutama karena {why}." if why else f"{word}; tidak ada penyumbang skor yang menonjol."
    raw = d.category_raw[u]
    if raw is not None and raw != category:
        text += (f" Bulan ini sendiri memberi {CATEGORY_WORD.get(raw, raw).lower()}; kategori {word.lower()} "
                 f"dipertahankan sampai perubahan terkonfirmasi.")
    if d.imputed[u]:
        names = ", ".join(labels.get(c, c) for c in d.imputed[u])
        text += f" Data {names} tidak tersedia dan diisi median provinsi."
    if d.flagged[u]:
        text += f" Data belum lengkap (kelengkapan {format_percent_id(float(np.nan_to_num(d.completeness[u])))})."
    return text


__all__ = ["DriverInputs", "drivers_and_explanations", "lower_first", "format_number_id", "ratio_text"]
