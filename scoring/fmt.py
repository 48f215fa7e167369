"""Indonesian number formatting for explanation text: ``1234.5`` → ``"1.234,5"``."""
from __future__ import annotations

import math

import numpy as np

_SWAP = str.maketrans({",": ".", ".": ","})


def format_number_id(x: float, decimals: int = 1) -> str:
    """Thousands with ``.``, decimals with ``,``; NaN → ``"—"``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:,.{decimals}f}".translate(_SWAP)


def format_numbers_id(values: np.ndarray, decimals: int = 1) -> np.ndarray:
    """Element-wise :func:`format_number_id` (object array of strings)."""
    return np.array([format_number_id(float(v), decimals) for v in np.asarray(values, dtype=float)], dtype=object)


def format_percent_id(share: float, decimals: int = 0) -> str:
    """``0.553`` → ``"55%"``."""
    return format_number_id(100.0 * share, decimals) + "%"
