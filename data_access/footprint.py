"""What a write touched, for recomputing stored scores: kab/kota (or province) codes and the earliest day.

A footprint is read after the write (and, for an edit, before it too): the rows an import
or rollback wrote are found through ``import_changes``, including the values they replaced.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from data_access.models import Import, ImportChange, Incident, IndicatorValue

I = Incident.__table__
V = IndicatorValue.__table__
IC = ImportChange.__table__


@dataclass(frozen=True)
class Footprint:
    """Region codes touched (kab/kota or province) and the earliest day; ``everything`` for definitions."""

    region_codes: frozenset[str] = frozenset()
    earliest: date | None = None
    everything: bool = False

    def __or__(self, other: "Footprint") -> "Footprint":
        days = [d for d in (self.earliest, other.earliest) if d is not None]
        return Footprint(self.region_codes | other.region_codes, min(days) if days else None,
                         self.everything or other.everything)


def _day(value: Any) -> date | None:
    return None if value is None else pd.Timestamp(value).date()


def incident_footprint(conn: Connection, incident_id: int) -> Footprint:
    """The kab/kota and day of one incident as stored now (deleted or not)."""
    row = conn.execute(select(I.c.kabkota_code, I.c.occurred_on).where(I.c.id == incident_id)).one_or_none()
    if row is None:
        return Footprint()
    return Footprint(frozenset({row.kabkota_code}), _day(row.occurred_on))


def import_footprint(conn: Connection, import_id: int) -> Footprint:
    """Every region and the earliest day an import's rows touch, now and in the values they replaced."""
    kind = conn.execute(select(Import.kind).where(Import.id == import_id)).scalar_one_or_none()
    if kind == "indicator_definitions":
        return Footprint(everything=True)
    if kind not in ("incidents", "indicator_values"):
        return Footprint()
    table, code_col, day_col = (I, "kabkota_code", "occurred_on") if kind == "incidents" else (V, "region_code", "period")
    current = conn.execute(select(table.c[code_col], table.c[day_col]).join(IC, IC.c.row_id == table.c.id).where(
        IC.c.import_id == import_id, IC.c.table_name == kind)).all()
    codes = {r[0] for r in current}
    days = [_day(r[1]) for r in current]
    for (previous,) in conn.execute(select(IC.c.previous).where(IC.c.import_id == import_id)):
        previous = json.loads(previous) if isinstance(previous, str) else previous
        if not previous:  # an inserted row replaced nothing (JSON null)
            continue
        if previous.get(code_col):
            codes.add(previous[code_col])
        if previous.get(day_col):
            days.append(_day(previous[day_col]))
    days = [d for d in days if d is not None]
    return Footprint(frozenset(codes), min(days) if days else None)
