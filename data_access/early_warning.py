"""Aggregated inputs of the early-warning rules and forecasts, pushed into SQL.

Every read is confined to a scope (the caller's, or the benchmark population a service chose) and
returns counts only, never incident text, except :func:`fatal_incidents`, which masks the
description for rows above the reader's clearance exactly like ``data_access.incidents``.
Rows are counted as *known* on a day when ``reported_on`` ≤ that day.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, case, func, literal, or_, select

from data_access.fetch import rows_frame
from data_access.incidents import T as I
from data_access.models import Event, Region, ScoreSnapshot
from data_access.scope import code_in_scope, incident_scope
from data_access.sqlfunc import month_start
from domain.access import Principal, Scope

R = Region.__table__
E = Event.__table__
S = ScoreSnapshot.__table__
ELECTION_KINDS = ("pemilu", "pilkada")
# The column contract of scoring.early_warning.panel (a test checks they agree).
MONTHLY_COLUMNS = ("region_code", "month", "reported_month", "category", "arena", "incidents", "serious", "deaths")


def _valid(scope: Scope) -> list:
    # Deleted and rejected rows are not incidents (the risk index reads the same set).
    return [incident_scope(I, scope), I.c.deleted_at.is_(None), I.c.verification != "ditolak"]


def serious_condition(severities: tuple[str, ...], min_deaths: int):
    """SQL truth of a "serious incident": one of ``severities``, or at least ``min_deaths`` deaths."""
    return or_(I.c.severity.in_(severities), I.c.deaths >= min_deaths)


def monthly_counts(conn: Connection, scope: Scope, *, serious_severities: tuple[str, ...], serious_min_deaths: int,
                   month_from: date, day_to: date) -> pd.DataFrame:
    """Incidents per kab/kota × month occurred × month reported × category × arena (``MONTHLY_COLUMNS``),
    occurred from ``month_from`` and reported by ``day_to``; months as Timestamps of the first day."""
    occurred, reported = month_start(I.c.occurred_on), month_start(I.c.reported_on)
    stmt = (
        select(I.c.kabkota_code, occurred.label("month"), reported.label("reported_month"), I.c.category, I.c.arena,
               func.count().label("incidents"),
               func.sum(case((serious_condition(serious_severities, serious_min_deaths), 1), else_=0)).label("serious"),
               func.coalesce(func.sum(I.c.deaths), 0).label("deaths"))
        .where(*_valid(scope), I.c.occurred_on >= month_from, I.c.reported_on <= day_to, I.c.occurred_on <= day_to)
        .group_by(I.c.kabkota_code, occurred, reported, I.c.category, I.c.arena)
    )
    frame = rows_frame(conn, stmt, list(MONTHLY_COLUMNS))
    for col in ("month", "reported_month"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    for col in ("incidents", "serious", "deaths"):
        frame[col] = frame[col].astype("int64")
    return frame


def daily_counts(conn: Connection, scope: Scope, *, day_from: date, as_of: date) -> pd.DataFrame:
    """Incidents per kab/kota × day × category × arena known on ``as_of`` (for the alert windows)."""
    stmt = (
        select(I.c.kabkota_code, I.c.occurred_on, I.c.category, I.c.arena, func.count(),
               func.coalesce(func.sum(I.c.deaths), 0))
        .where(*_valid(scope), I.c.occurred_on >= day_from, I.c.occurred_on <= as_of, I.c.reported_on <= as_of)
        .group_by(I.c.kabkota_code, I.c.occurred_on, I.c.category, I.c.arena)
    )
    cols = ["region_code", "day", "category", "arena", "incidents", "deaths"]
    frame = rows_frame(conn, stmt, cols)
    frame["day"] = pd.to_datetime(frame["day"]).astype("datetime64[ns]")
    frame["incidents"] = frame["incidents"].astype("int64")
    frame["deaths"] = frame["deaths"].astype("int64")
    return frame


def fatal_incidents(conn: Connection, principal: Principal, scope: Scope, *, day_from: date,
                    as_of: date) -> pd.DataFrame:
    """Incidents with deaths known on ``as_of``; the description is NULL above ``principal``'s clearance."""
    description = case((I.c.sensitivity.in_(principal.readable_sensitivities), I.c.description),
                       else_=literal(None))
    stmt = (select(I.c.id, I.c.kabkota_code, I.c.occurred_on, I.c.deaths, description, I.c.sensitivity)
            .where(*_valid(scope), I.c.deaths > 0, I.c.occurred_on >= day_from, I.c.occurred_on <= as_of,
                   I.c.reported_on <= as_of)
            .order_by(I.c.occurred_on, I.c.id))
    cols = ["id", "region_code", "occurred_on", "deaths", "description", "sensitivity"]
    return rows_frame(conn, stmt, cols)


def first_incident_day(conn: Connection, scope: Scope) -> date | None:
    """The earliest recorded incident in scope (how far back the data reach)."""
    value = conn.execute(select(func.min(I.c.occurred_on)).where(*_valid(scope))).scalar_one()
    return pd.Timestamp(value).date() if value is not None else None


def kabkota(conn: Connection, scope: Scope) -> pd.DataFrame:
    """Kab/kota in scope: code, name, province_code, population (ordered by code)."""
    stmt = (select(R.c.code, R.c.name, R.c.province_code, R.c.population)
            .where(code_in_scope(R.c.code, scope), R.c.level.in_(("kabupaten", "kota"))).order_by(R.c.code))
    frame = rows_frame(conn, stmt, ["code", "name", "province_code", "population"])
    frame["population"] = frame["population"].astype(float)
    return frame


def election_months(conn: Connection, scope: Scope) -> tuple[pd.Timestamp, ...]:
    """Months of elections (pemilu, pilkada) on the calendar: national ones and those inside ``scope``."""
    stmt = (select(month_start(E.c.event_on)).distinct()
            .where(E.c.kind.in_(ELECTION_KINDS), or_(E.c.region_code.is_(None), code_in_scope(E.c.region_code, scope))))
    return tuple(sorted(pd.Timestamp(v) for (v,) in conn.execute(stmt).all()))


def latest_snapshots(conn: Connection, scope: Scope, *, period_to: date, periods: int = 2) -> pd.DataFrame:
    """The last ``periods`` stored months per region up to ``period_to`` (region_code, period YYYY-MM,
    category, p_merah), for the "category raised / P(merah) crossing" rule. Reads the newest
    methodology version stored, kab/kota rows of the recomputed series."""
    version = conn.execute(select(S.c.methodology_version).where(code_in_scope(S.c.region_code, scope))
                           .order_by(S.c.computed_at.desc()).limit(1)).scalar_one_or_none()
    cols = ["region_code", "period", "category", "p_merah"]
    if version is None:
        return pd.DataFrame(columns=cols)
    conds = [code_in_scope(S.c.region_code, scope), S.c.level == "kabkota", S.c.methodology_version == version,
             S.c.period <= period_to, S.c.series == "dihitung_ulang"]
    recent = select(S.c.period).distinct().where(*conds).order_by(S.c.period.desc()).limit(periods).subquery()
    stmt = (select(S.c.region_code, S.c.period, S.c.category, S.c.p_merah)
            .where(*conds, S.c.period.in_(select(recent.c.period))).order_by(S.c.region_code, S.c.period))
    frame = rows_frame(conn, stmt, cols)
    frame["period"] = pd.to_datetime(frame["period"]).dt.strftime("%Y-%m")
    frame["p_merah"] = pd.to_numeric(frame["p_merah"], errors="coerce")
    return frame


