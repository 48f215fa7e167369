"""Pure formatting of the risk index for pages: "Merah · 72 %", the borderline mark, the concrete
"why" and the as-of line, all built from the columns of ``RiskView.table`` (scoring's result columns,
or the stored snapshots with the same columns). No Streamlit calls: testable on plain rows."""
from __future__ import annotations

import math
from datetime import date
from typing import Any, Iterable

from domain import fmt
from ui import texts as T
from ui.charts import risk_label


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def short_label(category: str | None) -> str:
    """``"merah"`` → ``"Merah"`` (the taxonomy label before its " — " gloss); missing → "Tanpa skor"."""
    return risk_label(category).split(" — ")[0]


def category_probability(category: str | None, p_merah: float | None, p_hijau: float | None) -> float | None:
    """Share of Monte Carlo draws that give the shown category (kuning = the rest); None without draws."""
    if not isinstance(category, str) or _missing(p_merah) or _missing(p_hijau):
        return None
    return {"merah": p_merah, "hijau": p_hijau}.get(category, max(0.0, 1.0 - p_merah - p_hijau))


def percent_text(p: float) -> str:
    """``0.723`` → ``"72 %"``."""
    return f"{fmt.number(100 * p, 0)} %"


def badge(category: str | None, p_merah: float | None, p_hijau: float | None, borderline: Any = False,
          mark: str = T.RISK_BORDERLINE) -> str:
    """``"Merah · 72 %"`` (probability of the shown category), with ``mark`` when near a cut-off."""
    p = category_probability(category, p_merah, p_hijau)
    text = short_label(category) if p is None else T.RISK_BADGE.format(label=short_label(category),
                                                                      p=percent_text(p))
    return text + (" " + mark if bool(borderline) and isinstance(category, str) else "")


def compact_badge(category: str | None, p_merah: float | None, p_hijau: float | None, borderline: Any = False) -> str:
    """:func:`badge` for a narrow column: the borderline mark alone (``"Merah · 56 % ◆"``), explained nearby."""
    return badge(category, p_merah, p_hijau, borderline, mark=T.RISK_BORDERLINE_MARK)


def row_badge(row: Any) -> str:
    """:func:`badge` of a table row (a Series, a namedtuple or a dict with the result columns)."""
    get = (lambda k: row[k]) if isinstance(row, dict) or hasattr(row, "index") else (lambda k: getattr(row, k))
    return badge(get("category"), get("p_merah"), get("p_hijau"), get("borderline"))


def why(drivers: Iterable[dict] | None, limit: int = 1) -> str:
    """The concrete "why": the text of the first ``limit`` drivers ("12 insiden bentrok … 3,0× rata-rata …")."""
    texts = [d["text"] for d in list(drivers or [])[:limit] if d.get("text")]
    if not texts:
        return "—"
    return texts[0][:1].upper() + texts[0][1:] + ("; " + "; ".join(texts[1:]) if len(texts) > 1 else "")


def held_note(category: str | None, category_raw: str | None) -> str:
    """A note when hysteresis holds the category: "bulan ini sendiri: merah"; "" otherwise."""
    if isinstance(category, str) and isinstance(category_raw, str) and category != category_raw:
        return T.RISK_HELD.format(raw=short_label(category_raw).lower())
    return ""


def as_of_line(as_of: date | None, data_as_of: date | None) -> str:
    """"Dihitung per 20 Nov 2026 · data masuk s.d. 19 Nov 2026" (empty when unknown)."""
    if as_of is None or _missing(as_of):
        return ""
    data = fmt.day(data_as_of) if data_as_of is not None and not _missing(data_as_of) else "—"
    return T.RISK_AS_OF.format(as_of=fmt.day(as_of), data=data)


def table_as_of_line(table: Any) -> str:
    """:func:`as_of_line` of a RiskView table (the newest as-of and data date among its rows)."""
    if table is None or len(table) == 0 or "as_of" not in table:
        return ""
    as_of = [d for d in table["as_of"] if d is not None and not _missing(d)]
    data = [d for d in table["data_as_of"] if d is not None and not _missing(d)] if "data_as_of" in table else []
    return as_of_line(max(as_of) if as_of else None, max(data) if data else None)
