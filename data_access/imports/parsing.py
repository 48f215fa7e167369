"""Tolerant parsing of the cell texts people type: Indonesian numbers, dates, periods, yes/no.

Each parser returns the value or raises :class:`CellError` with a message code
(:mod:`data_access.imports.messages`). Parsers are pure and memoised, because a
100,000-row file repeats the same dates and names many times.

Numbers follow Indonesian writing: ``1.234,5`` = 1234.5 and ``1.234`` = 1234 (a dot
followed by exactly three digits groups thousands); ``1,5`` = 1.5; when both
separators appear the last one is the decimal separator (``1,234.5`` also works).

Formula-looking cells (leading ``=``, ``+``, ``-``, ``@``, tab or CR, except plain signed
numbers such as ``-5,1477``) are REJECTED, not neutralised: a formula in source data means a sheet that was not
flattened to values, and silently storing ``'=HYPERLINK(…)`` as a description
would hide that. The operator replaces the formula with its value and re-imports.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, time
from functools import lru_cache

from domain.period import EARLIEST_DATE, MONTHS_ID, MONTHS_ID_LONG


class CellError(ValueError):
    """A cell that cannot be read; ``code`` names the message, ``params`` fill it in."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


_MONTHS: dict[str, int] = {}
for _i, (_short, _long) in enumerate(zip(MONTHS_ID, MONTHS_ID_LONG), start=1):
    _MONTHS[_short.lower()] = _i
    _MONTHS[_long.lower()] = _i
_MONTHS.update({"agust": 8, "agt": 8, "ags": 8, "sept": 9, "nop": 11, "nopember": 11, "des": 12, "okt": 10,
                "feb": 2, "pebruari": 2, "peb": 2, "jan": 1, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
                # English spellings turn up in files exported by other systems
                "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
                "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12, "sep": 9, "september": 9,
                "november": 11, "nov": 11})

# A date, optionally with a time (fractional seconds) and a zone: "1989-07-26 00:00:00.000",
# "2024-03-15T08:30:00Z", "2024-03-15 08:30+07:00". The calendar day as written is kept: an
# event's local date is what the source recorded, so the zone is accepted but not converted.
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"
                  r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:Z|UTC|GMT|WIB|WITA|WIT|[+-]\d{2}:?\d{2})?)?$",
                  re.IGNORECASE)
_DMY_TIME = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d{1,9})?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_TEXT = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{4})$")
_TEXT_US = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")  # "March 15, 2024"
_PERIOD_YM = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_PERIOD_MY = re.compile(r"^(\d{1,2})[-/](\d{4})$")
_PERIOD_TEXT = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_PERIOD_YEAR = re.compile(r"^(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# The default earliest accepted date: the Proclamation. Historic public datasets (UCDP GED from
# 1989) must fit; a different floor is a per-import setting (``earliest``).
MIN_DATE = EARLIEST_DATE
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula(text: str) -> bool:
    """A cell a spreadsheet would run as a formula: leading = + - @ tab or CR (plain signed numbers are not)."""
    if not text or not text.startswith(FORMULA_STARTS):
        return False
    if text[0] in "+-":
        try:
            parse_number(text)
            return False
        except CellError:
            return True
    return True


@lru_cache(maxsize=65536)
def parse_date(text: str) -> date:
    """``2024-02-14``, ``14/02/2024``, ``14 Februari 2024``, ``15 March 2024``, ``1989-07-26 00:00:00.000``,
    ``2024-03-15T08:30:00+07:00`` → date (the day as written)."""
    text = text.strip()
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_DMY_TIME, "dmy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            return _make_date(parts["y"], parts["m"], parts["d"])
    for pattern, day_group, month_group in ((_TEXT, 1, 2), (_TEXT_US, 2, 1)):
        match = pattern.match(text)
        if match:
            month = _MONTHS.get(match.group(month_group).lower())
            if month is None:
                raise CellError("bad_date")
            return _make_date(int(match.group(3)), month, int(match.group(day_group)))
    raise CellError("bad_date")


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError("impossible_date") from None


@lru_cache(maxsize=4096)
def parse_period(text: str) -> date:
    """``2024-02``, ``02/2024``, ``Februari 2024``, a full date, or a year (``2023`` → Jan 2023) → first day."""
    text = text.strip()
    for pattern, order in ((_PERIOD_YM, "ym"), (_PERIOD_MY, "my")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            if not 1 <= parts["m"] <= 12:
                raise CellError("bad_period")
            return date(parts["y"], parts["m"], 1)
    match = _PERIOD_TEXT.match(text)
    if match:
        month = _MONTHS.get(match.group(1).lower())
        if month is None:
            raise CellError("bad_period")
        return date(int(match.group(2)), month, 1)
    match = _PERIOD_YEAR.match(text)
    if match:
        return date(int(match.group(1)), 1, 1)
    try:
        return parse_date(text).replace(day=1)
    except CellError:
        raise CellError("bad_period") from None


@lru_cache(maxsize=4096)
def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise CellError("bad_time")
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellError("bad_time")
    return time(hour, minute, second)


@lru_cache(maxsize=65536)
def parse_number(text: str) -> float:
    """Indonesian (``1.234,5``) or plain (``1234.5``) number → float; ``%`` and spaces are ignored."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    negative = raw.startswith(("-", "−"))
    if raw.startswith(("-", "+", "−")):
        raw = raw[1:]
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not any(ch.isdigit() for ch in raw):
        raise CellError("bad_number")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif "," in raw:
        if raw.count(",") > 1:
            raise CellError("bad_number")
        raw = raw.replace(",", ".")
    elif "." in raw:
        if _THOUSANDS_DOT.match(raw):
            raw = raw.replace(".", "")
        elif raw.count(".") > 1:
            raise CellError("bad_number")
    try:
        value = float(raw)
    except ValueError:
        raise CellError("bad_number") from None
    return -value if negative else value


def dot_thousands(text: str) -> bool:
    """Whether :func:`parse_number` read the dots of ``text`` as thousands (``"63.125"`` → 63125)."""
    return bool(_THOUSANDS_DOT.match(text.strip()))


_DOT_DECIMAL = re.compile(r"^[+-]?\d{1,3}\.\d+$")


@lru_cache(maxsize=65536)
def parse_coordinate(text: str) -> float:
    """A latitude/longitude: ``-4.546`` is a decimal here (no coordinate has thousands), ``-5,1477`` too."""
    raw = text.strip()
    if _DOT_DECIMAL.match(raw):
        return float(raw)
    return parse_number(raw)


def parse_count(text: str, limit: int = 1_000_000) -> int:
    """A non-negative whole number (deaths, injuries, displaced)."""
    value = parse_number(text)
    if value < 0:
        raise CellError("negative")
    if not float(value).is_integer():
        raise CellError("bad_integer")
    if value > limit:
        raise CellError("too_big", limit=f"{limit:,}".replace(",", "."))
    return int(value)


_TRUE = {"ya", "y", "yes", "true", "benar", "1", "tinggi"}
_FALSE = {"tidak", "t", "no", "n", "false", "salah", "0", "rendah"}


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CellError("bad_bool")


def parse_code(text: str) -> str:
    """An identifier such as ``ikp_bawaslu``."""
    code = text.strip()
    if not _CODE.match(code):
        raise CellError("bad_code")
    return code


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: ``"Kab. Pangkep "`` → ``"kab pangkep"``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"[^a-z0-9]+", " ", folded)
    return " ".join(folded.split())
