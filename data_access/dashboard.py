"""Extra read queries for the dashboard pages: incident grid cells for the map layer and
latest indicator values with their rank among a province's regions.

Like every data_access module: bound parameters only, aggregation in SQL, and every
row returned lies inside the caller's scope.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, Float, and_, cast, func, select

from data_access.fetch import rows_frame
from data_access.incidents import T as INCIDENTS
from data_access.incidents import incident_conditions
from data_access.models import IndicatorDefinition, IndicatorValue, Region
from data_access.sqlfunc import cell_index
from domain.access import Principal
from domain.filters import IncidentFilter

V = IndicatorValue.__table__
D = IndicatorDefinition.__table__
R = Region.__table__


def incident_grid(conn: Connection, principal: Principal, flt: IncidentFilter, cell_deg: float = 0.05) -> pd.DataFrame:
    """Incidents with a map point, counted per square grid cell of ``cell_deg`` degrees (in SQL).

    Returns ``lon``, ``lat`` (cell centre), ``incidents``, ``deaths``, ``injuries``; one row per
    non-empty cell. Shifting by +180/+90 keeps the value non-negative so truncation is floor.
    """
    if not cell_deg > 0:
        raise ValueError("ukuran sel grid harus positif")
    size = cast(cell_deg, Float)
    ix = cell_index((INCIDENTS.c.lon + 180.0) / size).label("ix")
    iy = cell_index((INCIDENTS.c.lat + 90.0) / size).label("iy")
    stmt = (
        select(ix, iy, func.count().label("incidents"),
               func.coalesce(func.sum(INCIDENTS.c.deaths), 0).label("deaths"),
               func.coalesce(func.sum(INCIDENTS.c.injuries), 0).label("injuries"))
        .where(*incident_conditions(principal, flt), INCIDENTS.c.lat.is_not(None), INCIDENTS.c.lon.is_not(None))
        .group_by(ix, iy)
        .order_by(ix, iy)
    )
    frame = rows_frame(conn, stmt, ["ix", "iy", "incidents", "deaths", "injuries"])
    frame["lon"] = (frame["ix"].astype(float) + 0.5) * cell_deg - 180.0
    frame["lat"] = (frame["iy"].astype(float) + 0.5) * cell_deg - 90.0
    for col in ("incidents", "deaths", "injuries"):
        frame[col] = frame[col].astype("int64")
    return frame[["lon", "lat", "incidents", "deaths", "injuries"]]


def latest_indicator_values(conn: Connection, principal: Principal, *, as_of: date,
                            benchmark_province: str | None = None,
                            level: tuple[str, ...] = ("kabupaten", "kota")) -> pd.DataFrame:
    """Each region's latest value (period ≤ ``as_of``) of every indicator, with its percentile.

    The percentile (0–100, 100 = highest value) is computed among all regions of ``level`` in
    ``benchmark_province`` (or the whole country when None), so a kab/kota user sees where their
    region stands in the province; only rows inside the caller's scope are returned.
    Columns: region_code, indicator_code, name, unit, higher_is_riskier, period (``YYYY-MM``),
    value, source, percentile, n_regions.
    """
    region_conds = [R.c.level.in_(level)]
    if benchmark_province:
        region_conds.append(R.c.province_code == benchmark_province)
    latest = (
        select(V.c.region_code, V.c.indicator_code, func.max(V.c.period).label("period"))
        .join(R, R.c.code == V.c.region_code)
        .where(V.c.withdrawn_at.is_(None), V.c.period <= as_of, *region_conds)
        .group_by(V.c.region_code, V.c.indicator_code)
        .subquery()
    )
    stmt = (
        select(V.c.region_code, V.c.indicator_code, D.c.name, D.c.unit, D.c.higher_is_riskier,
               V.c.period, V.c.value, V.c.source)
        .join(latest, and_(latest.c.region_code == V.c.region_code, latest.c.indicator_code == V.c.indicator_code,
                           latest.c.period == V.c.period))
        .join(D, D.c.code == V.c.indicator_code)
        .where(V.c.withdrawn_at.is_(None))
        .order_by(V.c.indicator_code, V.c.region_code)
    )
    columns = ["region_code", "indicator_code", "name", "unit", "higher_is_riskier", "period", "value", "source"]
    frame = rows_frame(conn, stmt, columns)
    frame["period"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    frame["value"] = frame["value"].astype(float)
    grouped = frame.groupby("indicator_code")["value"]
    # Percentile rank with ties averaged: 0 = lowest, 100 = highest among the benchmark's regions.
    n = grouped.transform("count")
    rank = grouped.rank(method="average")
    frame["percentile"] = ((rank - 1) / (n - 1).where(n > 1) * 100).fillna(100.0)
    frame["n_regions"] = n.astype("int64")
    in_scope = [principal.scope.contains(code) for code in frame["region_code"]]
    return frame[in_scope].reset_index(drop=True)

