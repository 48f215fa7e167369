"""Indonesian number and date formatting (1.234,5; 14 Feb 2024)."""
from __future__ import annotations

import math
from datetime import date, datetime

from domain.period import MONTHS_ID, MONTHS_ID_LONG, Month


def number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``"1.234,5"`` (thousands with dots, decimal comma); None/NaN → ``"—"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if type(value) is int and decimals == 0 and -1000 < value < 1000:
        return str(value)   # no separator to swap: maps format a number per grid cell
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | None, decimals: int = 1) -> str:
    """``0.125`` → ``"12,5%"``."""
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else number(value * 100, decimals) + "%"


def signed(value: float | int, decimals: int = 0) -> str:
    """``3`` → ``"+3"``, ``-2`` → ``"−2"``, ``0`` → ``"0"``."""
    if value > 0:
        return "+" + number(value, decimals)
    if value < 0:
        return "−" + number(-value, decimals)
    return number(0, decimals)


def day(value: date | datetime | None) -> str:
    """``date(2024, 2, 14)`` → ``"14 Feb 2024"``."""
    if value is None:
        return "—"
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def month(value: Month | date | str, long: bool = False) -> str:
    """``Month(2024, 10)`` → ``"Okt 2024"`` (``long=True``: ``"Oktober 2024"``)."""
    if isinstance(value, str):
        value = Month.parse(value)
    names = MONTHS_ID_LONG if long else MONTHS_ID
    return f"{names[value.month - 1]} {value.year}"
