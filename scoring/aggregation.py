"""One group's aggregation and its exact decomposition into per-child parts.

All functions work over the last axis of ``values`` (…, n, k): n units, k children, with
any leading axes (Monte Carlo draws). Missing children (NaN) are left out and the weights
re-normalised over the available ones (w̃); a group with no available child is NaN.

Decompositions (Σ parts = value exactly; for inputs ≥ 0 every part lies in [0, value]):

- arithmetic: ``part_j = w̃_j · x_j``.
- geometric, ``G = ∏ y_j^w̃_j`` with ``y = x + c``, value ``G − c``: log-share about a
  reference ``r`` ≤ every ``y_j``: ``part_j = w̃_j (r − c) + (G − r) · w̃_j ln(y_j/r) / Σ_k w̃_k ln(y_k/r)``.
  ``r = c`` when ``c > 0`` (the first term vanishes; for c = 1 this is the classic share of
  ``ln(x_j + 1)``), ``r = min_k y_k`` when ``c = 0``. Because every ``ln(y_j/r) ≥ 0`` no part can
  turn negative — the classic share ``ln(x_j)/Σ ln(x_k)`` with c = 0 and inputs below 1 mixes
  signs and can explode (parts of ±6,932 on a value of 0.5).
- reverse geometric (anchor ``A``), value ``A − D`` with ``D = ∏ (A − x_j)^w̃_j``:
  ``part_j = value · w̃_j ln(A/(A − x_j)) / Σ_k w̃_k ln(A/(A − x_k))`` — a child at 0 gets 0.
- max / min: the whole value goes to the selected child (split equally between ties).
"""
from __future__ import annotations

import numpy as np

_TINY = 1e-300


def _share(terms: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """terms / Σ terms over the last axis; ``fallback`` where the sum is zero."""
    total = terms.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > _TINY, terms / np.where(total > _TINY, total, 1.0), fallback)


def _geometric(x: np.ndarray, avail: np.ndarray, w: np.ndarray, c: float,
               want_parts: bool) -> tuple[np.ndarray, np.ndarray | None]:
    y = x + c
    counted = avail & (w > 0)
    ys = np.where(avail & (y > 0), y, 1.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        g = np.exp((w * np.log(ys)).sum(axis=-1))
    # a factor ≤ 0 annihilates the product; the value never goes below 0 (as before)
    zero = (counted & (y <= 0)).any(axis=-1) | (g - c <= 0)
    value = np.where(zero, 0.0, g - c)
    if not want_parts:
        return value, None
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = np.full(g.shape, c) if c > 0 else np.where(counted, ys, np.inf).min(axis=-1)
        r = np.where(np.isfinite(r) & (r > 0), r, 1.0)
        # ln y − ln r, not ln(y/r): the ratio overflows when r is subnormal
        terms = np.where(counted, w * np.maximum(np.log(ys) - np.log(r)[..., None], 0.0), 0.0)
    parts = w * (r - c)[..., None] + (g - r)[..., None] * _share(terms, w)
    return value, np.where(zero[..., None], 0.0, parts)


def _reverse_geometric(x: np.ndarray, avail: np.ndarray, w: np.ndarray, anchor: float,
                       want_parts: bool) -> tuple[np.ndarray, np.ndarray | None]:
    d = anchor - x
    sat = avail & (w > 0) & (d <= 0)  # a child at the anchor saturates the group
    top = sat.any(axis=-1)
    ds = np.where(avail & (d > 0), d, anchor)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(top, anchor, anchor - np.exp((w * np.log(ds)).sum(axis=-1)))
        if not want_parts:
            return value, None
        terms = np.where(avail, w * (np.log(anchor) - np.log(ds)), 0.0)
    parts = np.where(top[..., None], anchor * _share(sat * w, w), value[..., None] * _share(terms, w))
    return value, parts


def _extreme(x: np.ndarray, avail: np.ndarray, w: np.ndarray, pick_max: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    usable = avail & (w > 0)
    fill = -np.inf if pick_max else np.inf
    masked = np.where(usable, x, fill)
    value = masked.max(axis=-1) if pick_max else masked.min(axis=-1)
    chosen = usable & (masked == value[..., None])
    sel = chosen / np.maximum(chosen.sum(axis=-1, keepdims=True), 1)
    value = np.where(np.isfinite(value), value, 0.0)
    return value, value[..., None] * sel, sel


def aggregate_values(values: np.ndarray, weights: np.ndarray, aggregation: str, offset: float = 1.0,
                     anchor: float | None = None, with_parts: bool = True,
                     ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Aggregate over the last axis of ``values`` (…, n, k) with ``weights`` (k,) or (…, k).

    Returns (value (…, n), parts (…, n, k) summing to value, effective weights (…, n, k)).
    ``offset`` is the geometric offset c, ``anchor`` the reverse-geometric anchor.
    For max/min the effective weight is 1 on the selected child (shared between ties).
    ``with_parts=False`` skips the decomposition (parts is None; Monte Carlo draws need values only).
    """
    values = np.asarray(values, dtype=float)
    avail = ~np.isnan(values)
    w = np.asarray(weights, dtype=float)[..., None, :] * avail
    wsum = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        w_eff = np.where(wsum > 0, w / np.where(wsum > 0, wsum, 1.0), 0.0)
    x = np.where(avail, values, 0.0)
    none = wsum[..., 0] <= 0
    if aggregation == "arithmetic":
        parts = w_eff * x
        value = parts.sum(axis=-1)
    elif aggregation == "geometric":
        value, parts = _geometric(x, avail, w_eff, float(offset), with_parts)
    elif aggregation == "reverse_geometric":
        if anchor is None or not anchor > 0:
            raise ValueError("agregasi reverse_geometric butuh anchor > 0")
        value, parts = _reverse_geometric(x, avail, w_eff, float(anchor), with_parts)
    elif aggregation in ("max", "min"):
        value, parts, w_eff = _extreme(x, avail, w_eff, aggregation == "max")
    else:
        raise ValueError(f"agregasi tidak dikenal: {aggregation!r}")
    value = np.where(none, np.nan, value)
    if parts is not None:
        parts = np.where(none[..., None], np.nan, parts) if with_parts else None
    return value, parts, w_eff


def round_half_away(x: np.ndarray, digits: int) -> np.ndarray:
    """Round half away from zero like a spreadsheet's ROUND (numpy rounds half to even).

    The scaled value is first cut to 6 decimals so 1.15 (stored as 1.1499999…) rounds to 1.2.
    """
    q = 10.0 ** digits
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.floor(np.round(np.abs(x) * q, 6) + 0.5) / q


def transform_output(value: np.ndarray, parts: np.ndarray | None, w_eff: np.ndarray, scale: float, shift: float,
                     reverse: bool, upper: float, digits: int | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Group output ``shift + scale·v`` (or ``shift + scale·(upper − v)``), optionally rounded.

    Parts stay exact: ``part'_j = b·part_j + a·w̃_j`` for ``y = a + b·v`` (Σ w̃ = 1), then
    scaled by rounded/unrounded. A reversed group's parts can be negative for a child whose
    own part exceeds its weight's share of ``upper`` (documented in docs/scoring.md).
    """
    a = shift + (scale * upper if reverse else 0.0)
    b = -scale if reverse else scale
    y = a + b * value
    if parts is None:
        return (y if digits is None else round_half_away(y, digits)), None
    p = b * parts + a * w_eff
    if digits is not None:
        r = round_half_away(y, digits)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(y != 0, r / np.where(y != 0, y, 1.0), 0.0)
        # a value rounded up from exactly 0 cannot be scaled: share the rounding by weight
        p = np.where((y == 0)[..., None], r[..., None] * w_eff, p * ratio[..., None])
        y = r
    return y, p
