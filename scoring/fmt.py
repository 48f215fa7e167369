"""Indonesian number formatting for explanation text: ``1234.5`` → ``"1.234,5"``."""
from __future__ import annotations

import numpy as np

from domain.fmt import number


def format_number_id(x: float, decimals: int = 1) -> str:
    """Thousands with ``.``, decimals with ``,``; NaN → ``"—"`` (the app-wide :func:`domain.fmt.number`)."""
    return number(x, decimals)


def format_numbers_id(values: np.ndarray, decimals: int = 1) -> np.ndarray:
    """Element-wise :func:`format_number_id` (object array of strings)."""
    return np.array([format_number_id(float(v), decimals) for v in np.asarray(values, dtype=float)], dtype=object)


def format_percent_id(share: float, decimals: int = 0) -> str:
    """``0.553`` → ``"55%"``."""
    return format_number_id(100.0 * share, decimals) + "%"
