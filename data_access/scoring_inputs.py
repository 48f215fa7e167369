"""The aggregated frames the scoring engine needs, in the column contract of ``scoring.inputs``.

These frames hold only aggregates (counts and sums per kab/kota and day) and
reference data, never incident text. They are read for a *benchmark population*
(the province around the caller's scope, or the whole country) because scores are
relative to the regions they are compared with; ``services.risk`` then trims the
result to the caller's own scope before anything is shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection, func, select

from data_access.incidents import T as INCIDENTS
from data_access.indicators import indicator_definitions, indicator_values
from data_access.models import ConflictStatusDeclaration, Region
from data_access.scope import code_in_scope, incident_scope
from domain.access import Principal, Role, Scope, ScopeLevel

R = Region.__table__
C = ConflictStatusDeclaration.__table__


@dataclass(frozen=True)
class ScoringFrames:
    regions: pd.DataFrame
    indicator_definitions: pd.DataFrame
    indicator_values: pd.DataFrame
    incident_daily: pd.DataFrame
    declarations: pd.DataFrame


def benchmark_scope(scope: Scope) -> Scope:
    """The population a scope is scored against: its province, or the country."""
    if scope.level is ScopeLevel.NASIONAL:
        return scope
    return Scope(ScopeLevel.PROVINSI, scope.code.split(".")[0])


def load_scoring_frames(conn: Connection, benchmark: Scope, *, day_from: date, day_to: date) -> ScoringFrames:
    """Regions (kab/kota and provinces), indicators up to ``day_to`` and daily incident aggregates in range."""
    reader = Principal(username="scoring", role=Role.ANALIS, scope=benchmark)
    region_cols = ["code", "name", "level", "parent_code", "province_code", "population", "area_km2"]
    regions = pd.DataFrame(
        conn.execute(
            select(*[R.c[c] for c in region_cols])
            .where(code_in_scope(R.c.code, benchmark), R.c.level.in_(("provinsi", "kabupaten", "kota")))
            .order_by(R.c.code)
        ).all(),
        columns=region_cols,
    )
    regions["population"] = regions["population"].astype(float)
    regions["area_km2"] = regions["area_km2"].astype(float)

    daily = (
        select(
            INCIDENTS.c.kabkota_code.label("region_code"), INCIDENTS.c.occurred_on.label("day"),
            INCIDENTS.c.category, INCIDENTS.c.arena, INCIDENTS.c.severity,
            func.count().label("incidents"),
            func.coalesce(func.sum(INCIDENTS.c.deaths), 0).label("deaths"),
            func.coalesce(func.sum(INCIDENTS.c.injuries), 0).label("injuries"),
            func.coalesce(func.sum(INCIDENTS.c.displaced), 0).label("displaced"),
            INCIDENTS.c.reported_on.label("known_on"),
        )
        .where(incident_scope(INCIDENTS, benchmark), INCIDENTS.c.deleted_at.is_(None),
               INCIDENTS.c.verification != "ditolak",
               INCIDENTS.c.occurred_on >= day_from, INCIDENTS.c.occurred_on <= day_to)
        .group_by(INCIDENTS.c.kabkota_code, INCIDENTS.c.occurred_on, INCIDENTS.c.category,
                  INCIDENTS.c.arena, INCIDENTS.c.severity, INCIDENTS.c.reported_on)
    )
    # grouped by report date too, so a score "as known on D" can drop rows reported after D
    daily_cols = ["region_code", "day", "category", "arena", "severity", "incidents", "deaths", "injuries", "displaced",
                  "known_on"]
    incident_daily = pd.DataFrame(conn.execute(daily).all(), columns=daily_cols)
    for col in ("day", "known_on"):
        incident_daily[col] = pd.to_datetime(incident_daily[col]).astype("datetime64[ns]")
    for col in ("incidents", "deaths", "injuries", "displaced"):
        incident_daily[col] = incident_daily[col].astype("int64")

    decl_cols = ["region_code", "scale", "start_on", "end_on"]
    declarations = pd.DataFrame(
        conn.execute(select(*[C.c[c] for c in decl_cols]).where(
            code_in_scope(C.c.region_code, benchmark), C.c.start_on <= day_to)).all(),
        columns=decl_cols,
    )
    for col in ("start_on", "end_on"):
        declarations[col] = pd.to_datetime(declarations[col]).astype("datetime64[ns]")

    values = indicator_values(conn, reader, period_to=day_to)[["region_code", "period", "indicator_code", "value"]]
    return ScoringFrames(regions, indicator_definitions(conn), values, incident_daily, declarations)

