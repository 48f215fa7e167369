"""Explanation sentences in Bahasa Indonesia naming the top drivers of each region's score."""
from __future__ import annotations

import numpy as np

from scoring.fmt import format_number_id, format_numbers_id, format_percent_id

CATEGORY_WORD = {"merah": "Merah", "kuning": "Kuning", "hijau": "Hijau"}


def lower_first(text: str) -> str:
    """"Politik, pemilu" → "politik, pemilu"; acronyms ("SARA/identitas") keep their case."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _cat(*parts: np.ndarray | str) -> np.ndarray:
    """Element-wise string concatenation of object arrays and scalars."""
    out = np.asarray(parts[0], dtype=object)
    for p in parts[1:]:
        out = out + np.asarray(p, dtype=object)
    return out


def driver_phrases(kinds: list[str], labels: list[str], higher: list[bool], raw: np.ndarray, normalised: np.ndarray,
                   esc_label: np.ndarray, esc_observed: np.ndarray, esc_expected: np.ndarray,
                   window_days: int, baseline_months: int) -> tuple[np.ndarray, np.ndarray]:
    """Phrase and short label per unit × leaf (object arrays (U, L)).

    kinds: "struktural" | "tekanan" | "eskalasi" per leaf; ``raw``/``normalised`` (U, L);
    an indicator is called "tinggi"/"rendah" only when it sits on the risky half (normalised ≥ 50);
    ``esc_label`` (U,) name of the escalation driver series ("" = all categories).
    """
    n, m = raw.shape
    phrases = np.empty((n, m), dtype=object)
    short = np.empty((n, m), dtype=object)
    for j, (kind, label, hi) in enumerate(zip(kinds, labels, higher)):
        if kind == "struktural":
            word = np.where(normalised[:, j] >= 50, " tinggi (" if hi else " rendah (", " (")
            phrases[:, j] = _cat(label, word, format_numbers_id(raw[:, j]), ")")
            short[:, j] = label[:1].upper() + label[1:]
        elif kind == "tekanan":
            phrases[:, j] = _cat(label, " (", format_numbers_id(raw[:, j]), " per 100.000 penduduk, berbobot)")
            short[:, j] = label[:1].upper() + label[1:]
        else:
            what = np.where(esc_label == "", "insiden", _cat("insiden ", esc_label))
            ratio = np.divide(esc_observed, esc_expected, out=np.zeros(n), where=esc_expected > 0)
            detail = np.where(
                esc_expected > 0,
                _cat("(", format_numbers_id(ratio), f"× rata-rata {baseline_months} bulan)"),
                _cat("(", format_numbers_id(esc_observed, 0), f" insiden; nihil dalam {baseline_months} bulan sebelumnya)"),
            )
            phrases[:, j] = _cat("lonjakan ", what, f" {window_days} hari terakhir ", detail)
            short[:, j] = _cat("Lonjakan ", what)
    return phrases, short


def explanations(category: np.ndarray, parts: np.ndarray, phrases: np.ndarray, short: np.ndarray,
                 override_reason: np.ndarray, completeness: np.ndarray, flagged: np.ndarray,
                 top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """One sentence per unit, and the short label of its top driver.

    Drivers = the ``top_n`` leaves with the largest positive contribution. A category
    raised by an override names the override first, so the sentence never implies that
    the score alone made the region merah.
    """
    n = parts.shape[0]
    p = np.where(np.isnan(parts), -np.inf, parts)
    order = np.argsort(-p, axis=1, kind="stable")[:, :top_n]
    top_parts = np.take_along_axis(p, order, 1)
    top_phr = np.take_along_axis(phrases, order, 1)
    valid = top_parts > 1e-9
    n_valid = valid.sum(axis=1)
    drivers = np.where(valid[:, 0], top_phr[:, 0], "").astype(object)
    for k in range(1, order.shape[1]):
        sep = np.where(k == n_valid - 1, " dan ", ", ")
        drivers = np.where(valid[:, k], _cat(drivers, sep, top_phr[:, k]), drivers)
    top_driver = np.where(valid[:, 0], np.take_along_axis(short, order[:, :1], 1)[:, 0], None)

    word = np.array([CATEGORY_WORD.get(c, "") if c else "" for c in category], dtype=object)
    has_drivers = n_valid > 0
    raised = override_reason != ""
    text = np.where(
        raised,
        _cat(word, " karena ", override_reason,
             np.where(has_drivers, _cat("; penyumbang skor terbesar: ", drivers), ""), "."),
        np.where(
            category == "hijau",
            np.where(has_drivers, _cat("Hijau; penyumbang skor terbesar: ", drivers, "."),
                     "Hijau; tidak ada penyumbang skor yang menonjol."),
            np.where(has_drivers, _cat(word, " terutama karena ", drivers, "."),
                     _cat(word, "; tidak ada penyumbang skor yang menonjol.")),
        ),
    )
    no_score = np.array([c is None for c in category])
    text = np.where(no_score, "Skor tidak dapat dihitung: data tidak tersedia.", text)
    pct = np.array([format_percent_id(c) for c in np.nan_to_num(completeness)], dtype=object)
    text = np.where(flagged & ~no_score, _cat(text, " Data belum lengkap (kelengkapan ", pct, ")."), text)
    return text.astype(object), top_driver.astype(object)


__all__ = ["driver_phrases", "explanations", "lower_first", "format_number_id"]
