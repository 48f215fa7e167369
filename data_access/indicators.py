"""Indicator definitions and values (long form)."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, select

from data_access.fetch import rows_frame
from data_access.models import IndicatorDefinition, IndicatorValue
from data_access.scope import code_in_scope
from domain.access import Principal

D = IndicatorDefinition.__table__
V = IndicatorValue.__table__
DEFINITION_COLUMNS = ("code", "name", "unit", "higher_is_riskier", "source", "description", "min_value", "max_value")


def indicator_definitions(conn: Connection) -> pd.DataFrame:
    stmt = select(*[D.c[c] for c in DEFINITION_COLUMNS]).order_by(D.c.code)
    return rows_frame(conn, stmt, list(DEFINITION_COLUMNS))


def indicator_values(conn: Connection, principal: Principal, *, period_to: date | None = None,
                     period_from: date | None = None, region_codes: tuple[str, ...] = (),
                     indicator_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Values (region_code, period as ``YYYY-MM``, indicator_code, value, source) in the caller's scope."""
    conds = [code_in_scope(V.c.region_code, principal.scope), V.c.withdrawn_at.is_(None)]
    if period_to:
        conds.append(V.c.period <= period_to)
    if period_from:
        conds.append(V.c.period >= period_from)
    if region_codes:
        conds.append(V.c.region_code.in_(region_codes))
    if indicator_codes:
        conds.append(V.c.indicator_code.in_(indicator_codes))
    stmt = (select(V.c.region_code, V.c.period, V.c.indicator_code, V.c.value, V.c.source)
            .where(*conds).order_by(V.c.indicator_code, V.c.region_code, V.c.period))
    frame = rows_frame(conn, stmt, ["region_code", "period", "indicator_code", "value", "source"])
    frame["period"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    frame["value"] = frame["value"].astype(float)
    return frame
