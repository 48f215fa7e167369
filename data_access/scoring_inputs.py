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
from data_access.fetch import frame, typed_frame
from data_access.indicators import V, indicator_definitions
from data_access.models import ConflictStatusDeclaration, Region
from data_access.scope import code_in_scope, incident_scope
from domain.access import Scope, ScopeLevel

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


def load_scoring_frames(conn: Connection, benchmark: Scope, *, day_from: date, day_to: date,
                        known_by: date | None = None) -> ScoringFrames:
    """Regions (kab/kota and provinces), indicators up to ``day_to`` and daily incident aggregates in range.

    ``incident_daily`` is aggregated in SQL per kab/kota × day × ``known_on`` (the day the
    incident was reported) × category × arena × severity and fetched as plain tuples.
    ``known_by`` keeps only what was known on that day (a published score's inputs).
    """
    region_cols = ["code", "name", "level", "parent_code", "province_code", "population", "area_km2"]
    regions = frame(conn, select(*[R.c[c] for c in region_cols])
                    .where(code_in_scope(R.c.code, benchmark), R.c.level.in_(("provinsi", "kabupaten", "kota")))
                    .order_by(R.c.code))
    regions["population"] = regions["population"].astype(float)
    regions["area_km2"] = regions["area_km2"].astype(float)

    i = INCIDENTS.c
    conds = [incident_scope(INCIDENTS, benchmark), i.deleted_at.is_(None), i.verification != "ditolak",
             i.occurred_on >= day_from, i.occurred_on <= day_to]
    if known_by is not None:
        conds.append(i.reported_on <= known_by)
    daily = (
        select(i.kabkota_code.label("region_code"), i.occurred_on.label("day"), i.reported_on.label("known_on"),
               i.category, i.arena, i.severity, func.count().label("incidents"),
               func.coalesce(func.sum(i.deaths), 0).label("deaths"),
               func.coalesce(func.sum(i.injuries), 0).label("injuries"),
               func.coalesce(func.sum(i.displaced), 0).label("displaced"))
        .where(*conds)
        .group_by(i.kabkota_code, i.occurred_on, i.reported_on, i.category, i.arena, i.severity)
    )
    incident_daily = typed_frame(conn, daily, text=("region_code", "category", "arena", "severity"),
                                 dates=("day", "known_on"), ints=("incidents", "deaths", "injuries", "displaced"))

    decl_cols = ["region_code", "scale", "start_on", "end_on"]
    declarations = frame(conn, select(*[C.c[c] for c in decl_cols]).where(
        code_in_scope(C.c.region_code, benchmark), C.c.start_on <= day_to), dates=("start_on", "end_on"))

    values = frame(conn, select(V.c.region_code, V.c.period, V.c.indicator_code, V.c.value).where(
        code_in_scope(V.c.region_code, benchmark), V.c.withdrawn_at.is_(None),
        V.c.period <= (known_by if known_by is not None and known_by < day_to else day_to)))
    values["period"] = pd.to_datetime(values["period"]).dt.strftime("%Y-%m")
    values["value"] = values["value"].astype(float)
    return ScoringFrames(regions, indicator_definitions(conn), values, incident_daily, declarations)


def provincial_frames(national: ScoringFrames, provinces: list[str]) -> dict[str, ScoringFrames]:
    """Each province's frames as :func:`load_scoring_frames` reads them for ``Scope(PROVINSI, code)``, cut
    out of a national read of the same days: one read of the incidents for a full refresh, not 1 + 38.

    Every row belongs to the province its code starts with (an incident's ``province_code`` is always its
    kab/kota's prefix: ``data_access.incident_write`` and the importers derive it); rows keep their order.
    """
    def split(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
        province = pd.Series([code.partition(".")[0] for code in frame[column].tolist()], dtype=object)
        groups = province.groupby(province.to_numpy(), sort=False).indices if len(province) else {}
        empty = frame.iloc[:0]
        return {p: frame.take(groups[p]).reset_index(drop=True) if p in groups else empty for p in provinces}

    regions = split(national.regions, "code")
    daily = split(national.incident_daily, "region_code")
    declarations = split(national.declarations, "region_code")
    values = split(national.indicator_values, "region_code")
    return {p: ScoringFrames(regions[p], national.indicator_definitions, values[p], daily[p], declarations[p])
            for p in provinces}


def data_start(conn: Connection) -> date | None:
    """The first day any incident happened (scores start in its month), or None without incidents."""
    first = conn.execute(select(func.min(INCIDENTS.c.occurred_on)).where(INCIDENTS.c.deleted_at.is_(None))).scalar()
    return None if first is None else pd.Timestamp(first).date()


def provinces_with_data(conn: Connection) -> list[str]:
    """Provinces holding any incident or indicator value (the reference sets a fresh database needs)."""
    with_incidents = select(INCIDENTS.c.province_code).where(INCIDENTS.c.deleted_at.is_(None)).distinct()
    with_values = select(V.c.region_code).where(V.c.withdrawn_at.is_(None)).distinct()
    codes = set(conn.execute(with_incidents).scalars()) | {c.split(".")[0] for c in conn.execute(with_values).scalars()}
    return sorted(codes)
