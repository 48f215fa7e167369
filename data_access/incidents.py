"""Read queries over incidents: counts, aggregates and masked lists, always within the caller's scope.

Aggregation happens in SQL (GROUP BY month/region/category); pages never load the
whole incident table. Restricted fields (description, actors, source, source_ref)
are replaced by NULL in SQL for rows above the caller's clearance, and every filter,
grouping, sort and search works on that masked value (``data_access.masking``).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, func, or_, select

from data_access.fetch import rows_frame
from data_access.masking import RESTRICTED, readable, visible
from data_access.models import Incident, Region
from data_access.scope import incident_scope
from data_access.sqlfunc import month_start
from domain.access import Principal
from domain.filters import IncidentFilter

T = Incident.__table__
RESTRICTED_COLUMNS = RESTRICTED["incidents"]
MEASURES = ("incidents", "deaths", "injuries", "displaced")


def incident_conditions(principal: Principal, flt: IncidentFilter) -> list:
    """WHERE conditions for ``flt`` inside ``principal``'s scope (the scope always applies)."""
    conds = [incident_scope(T, principal.scope)]
    if not flt.include_deleted:
        conds.append(T.c.deleted_at.is_(None))
    if flt.date_from:
        conds.append(T.c.occurred_on >= flt.date_from)
    if flt.date_to:
        conds.append(T.c.occurred_on <= flt.date_to)
    if flt.region_codes:
        conds.append(or_(*[_region_match(code) for code in flt.region_codes]))
    for name, values in (
        ("category", flt.categories), ("arena", flt.arenas), ("source", flt.sources),
        ("severity", flt.severities), ("handling_status", flt.handling_statuses),
    ):
        if values:
            conds.append(visible(T, name, principal).in_(values))
    if flt.search.strip():
        conds.append(_search_condition(principal, flt.search.strip()))
    return conds


def _region_match(code: str):
    depth = code.count(".")
    if depth == 0:
        return T.c.province_code == code
    if depth == 1:
        return T.c.kabkota_code == code
    return T.c.kecamatan_code == code


def _search_condition(principal: Principal, term: str):
    # The search reads the masked values, so it cannot reveal what a hidden description says.
    needle = term.lower()
    return or_(*[func.lower(visible(T, c, principal)).contains(needle, autoescape=True)
                 for c in ("kabkota_code", "category", *RESTRICTED_COLUMNS)])


def count_incidents(conn: Connection, principal: Principal, flt: IncidentFilter) -> int:
    stmt = select(func.count()).select_from(T).where(*incident_conditions(principal, flt))
    return int(conn.execute(stmt).scalar_one())


def totals(conn: Connection, principal: Principal, flt: IncidentFilter) -> dict[str, int]:
    """Number of incidents and sums of deaths, injuries and displaced for ``flt``."""
    stmt = select(
        func.count().label("incidents"),
        func.coalesce(func.sum(T.c.deaths), 0).label("deaths"),
        func.coalesce(func.sum(T.c.injuries), 0).label("injuries"),
        func.coalesce(func.sum(T.c.displaced), 0).label("displaced"),
    ).where(*incident_conditions(principal, flt))
    row = conn.execute(stmt).one()
    return {k: int(v) for k, v in row._mapping.items()}


GROUPABLE = ("month", "day", "province_code", "kabkota_code", "kecamatan_code", "category", "arena", "severity",
             "source", "handling_status")


def _group_key(name: str, principal: Principal):
    # A restricted column groups by its masked value: hidden rows fall into one NULL group.
    if name == "month":
        return month_start(T.c.occurred_on)
    if name == "day":
        return T.c.occurred_on
    return visible(T, name, principal)


def aggregate(conn: Connection, principal: Principal, flt: IncidentFilter, by: tuple[str, ...]) -> pd.DataFrame:
    """Counts and casualty sums grouped by ``by`` (keys of :data:`GROUPABLE`), computed in SQL.

    ``month`` comes back as a Timestamp of the month's first day, ``day`` as a Timestamp.
    """
    unknown = set(by) - set(GROUPABLE)
    if unknown:
        raise ValueError(f"unknown grouping: {sorted(unknown)}")
    exprs = [_group_key(name, principal) for name in by]
    keys = [expr.label(name) for expr, name in zip(exprs, by)]
    stmt = (
        select(
            *keys,
            func.count().label("incidents"),
            func.coalesce(func.sum(T.c.deaths), 0).label("deaths"),
            func.coalesce(func.sum(T.c.injuries), 0).label("injuries"),
            func.coalesce(func.sum(T.c.displaced), 0).label("displaced"),
        )
        .where(*incident_conditions(principal, flt))
        .group_by(*exprs)
        .order_by(*exprs)
    )
    frame = rows_frame(conn, stmt, [*by, *MEASURES])
    for name in ("month", "day"):
        if name in frame:
            frame[name] = pd.to_datetime(frame[name])
    for name in MEASURES:
        frame[name] = frame[name].astype("int64")
    return frame


def _masked(column_name: str, principal: Principal):
    return visible(T, column_name, principal).label(column_name)


LIST_COLUMNS = (
    "id", "occurred_on", "occurred_time", "reported_on", "province_code", "kabkota_code", "kecamatan_code",
    "lat", "lon", "category", "arena", "severity", "deaths", "injuries", "displaced", "verification",
    "sensitivity", "handling_status", "created_by", "created_at", "updated_by", "updated_at", "version",
)


def _list_select(principal: Principal):
    region = Region.__table__.alias("kab")
    kec = Region.__table__.alias("kec")
    columns = [T.c[name] for name in LIST_COLUMNS] + [_masked(c, principal) for c in RESTRICTED_COLUMNS]
    restricted = (~readable(T, principal)).label("restricted")
    return (
        select(*columns, restricted, region.c.name.label("kabkota_name"), kec.c.name.label("kecamatan_name"),
               T.c.deleted_at, T.c.delete_reason)
        .select_from(T.join(region, region.c.code == T.c.kabkota_code)
                     .outerjoin(kec, kec.c.code == T.c.kecamatan_code))
    )


def list_incidents(conn: Connection, principal: Principal, flt: IncidentFilter, *, limit: int | None = 500,
                   offset: int = 0, newest_first: bool = True) -> pd.DataFrame:
    """Incident rows matching ``flt`` (restricted fields masked), newest first, paginated in SQL."""
    order = (T.c.occurred_on.desc(), T.c.id.desc()) if newest_first else (T.c.occurred_on, T.c.id)
    stmt = _list_select(principal).where(*incident_conditions(principal, flt)).order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    frame = rows_frame(conn, stmt)
    return frame


def get_incident(conn: Connection, principal: Principal, incident_id: int) -> dict | None:
    """One incident (masked), or None when it does not exist or lies outside the caller's scope."""
    stmt = _list_select(principal).where(T.c.id == incident_id, incident_scope(T, principal.scope))
    row = conn.execute(stmt).mappings().one_or_none()
    return dict(row) if row else None


def serious_incidents(conn: Connection, principal: Principal, flt: IncidentFilter, limit: int = 10) -> pd.DataFrame:
    """Latest incidents that are berat or have casualties."""
    serious = or_(T.c.severity == "berat", T.c.deaths > 0, T.c.injuries >= 5)
    stmt = (_list_select(principal).where(*incident_conditions(principal, flt), serious)
            .order_by(T.c.occurred_on.desc(), T.c.id.desc()).limit(limit))
    return rows_frame(conn, stmt)


def date_bounds(conn: Connection, principal: Principal) -> tuple[date | None, date | None]:
    """First and last occurrence date in scope (for period pickers)."""
    # Two scalar subqueries: each is one walk down the (scope, occurred_on) index on both databases. A single
    # select of min and max scanned all 1 M incidents on SQLite (0.4 s, on every page's first view).
    where = (incident_scope(T, principal.scope), T.c.deleted_at.is_(None))
    stmt = select(select(func.min(T.c.occurred_on)).where(*where).scalar_subquery(),
                  select(func.max(T.c.occurred_on)).where(*where).scalar_subquery())
    first, last = conn.execute(stmt).one()
    return (pd.Timestamp(first).date() if first else None, pd.Timestamp(last).date() if last else None)
