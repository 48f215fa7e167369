"""Explanation sentences in Bahasa Indonesia naming the top drivers of each region's score."""
from __future__ import annotations

from typing import Callable

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


def driver_phrases(leaf: np.ndarray, kinds: list[str], labels: list[str], higher: list[bool], raw: np.ndarray,
                   normalised: np.ndarray, esc_label: np.ndarray, esc_observed: np.ndarray,
                   esc_expected: np.ndarray, window_days: int, baseline_months: int) -> tuple[np.ndarray, np.ndarray]:
    """Phrase and short label of leaf ``leaf[u]`` for every unit u (object arrays (U,)).

    kinds: "struktural" | "tekanan" | "eskalasi" per leaf; ``raw``/``normalised`` (U, L);
    an indicator is called "tinggi"/"rendah" only when it sits on the risky half (normalised ≥ 50);
    ``esc_label`` (U,) name of the escalation series shown ("" = all categories).
    Only the chosen leaves are formatted, which keeps text cheap for 514 regions.
    """
    n = len(leaf)
    rows = np.arange(n)
    kind = np.array(kinds, dtype=object)[leaf]
    label = np.array(labels, dtype=object)[leaf]
    hi = np.array(higher, dtype=bool)[leaf]
    value = format_numbers_id(raw[rows, leaf])
    capital = np.array([t[:1].upper() + t[1:] for t in labels], dtype=object)[leaf]

    word = np.where(normalised[rows, leaf] >= 50, np.where(hi, " tinggi (", " rendah ("), " (")
    struktural = _cat(label, word, value, ")")
    tekanan = _cat(label, " (", value, " per 100.000 penduduk, berbobot)")
    what = np.where(esc_label == "", "insiden", _cat("insiden ", esc_label))
    is_esc = kind == "eskalasi"
    ratio = np.divide(esc_observed, esc_expected, out=np.zeros(n), where=esc_expected > 0)
    detail = np.where(
        esc_expected > 0,
        _cat("(", format_numbers_id(np.where(is_esc, ratio, np.nan)), f"× rata-rata {baseline_months} bulan)"),
        _cat("(", format_numbers_id(np.where(is_esc, esc_observed, np.nan), 0),
             f" insiden; nihil dalam {baseline_months} bulan sebelumnya)"),
    )
    eskalasi = _cat("lonjakan ", what, f" {window_days} hari terakhir ", detail)
    phrase = np.where(kind == "struktural", struktural, np.where(kind == "tekanan", tekanan, eskalasi))
    short = np.where(is_esc, _cat("Lonjakan ", what), capital)
    return phrase.astype(object), short.astype(object)


def explanations(category: np.ndarray, parts: np.ndarray, phrase_of: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
                 override_reason: np.ndarray, completeness: np.ndarray, flagged: np.ndarray,
                 top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """One sentence per unit, and the short label of its top driver.

    ``phrase_of(leaf_index_per_unit)`` → (phrase, short label) arrays, see :func:`driver_phrases`.

    Drivers = the ``top_n`` leaves with the largest positive contribution. A category
    raised by an override names the override first, so the sentence never implies that
    the score alone made the region merah.
    """
    p = np.where(np.isnan(parts), -np.inf, parts)
    order = np.argsort(-p, axis=1, kind="stable")[:, :top_n]
    top_parts = np.take_along_axis(p, order, 1)
    valid = top_parts > 1e-9
    texts = [phrase_of(order[:, k]) for k in range(order.shape[1])]
    top_phr = np.column_stack([t[0] for t in texts])
    n_valid = valid.sum(axis=1)
    drivers = np.where(valid[:, 0], top_phr[:, 0], "").astype(object)
    for k in range(1, order.shape[1]):
        sep = np.where(k == n_valid - 1, " dan ", ", ")
        drivers = np.where(valid[:, k], _cat(drivers, sep, top_phr[:, k]), drivers)
    top_driver = np.where(valid[:, 0], texts[0][1], None)

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
