"""Reads only the briefing needs: how fresh the data is, and the month's handling work (both in SQL)."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from data_access.fetch import rows_frame
from data_access.models import HandlingAction, Incident
from data_access.scope import code_in_scope, effective_scope, incident_scope
from domain.access import Principal, Scope

I = Incident.__table__
H = HandlingAction.__table__


def data_as_of(conn: Connection, principal: Principal, scope: Scope | None = None) -> datetime | None:
    """When the newest incident or handling row in scope was written (server local time), or None."""
    where = effective_scope(principal, scope)
    incident_time = select(func.max(func.coalesce(I.c.updated_at, I.c.created_at))).where(incident_scope(I, where))
    action_time = select(func.max(func.coalesce(H.c.updated_at, H.c.created_at))).where(
        code_in_scope(H.c.region_code, where))
    times = [conn.execute(incident_time).scalar_one(), conn.execute(action_time).scalar_one()]
    times = [pd.Timestamp(t).to_pydatetime() for t in times if t is not None]
    return max(times) if times else None


def handling_by_stage(conn: Connection, principal: Principal, scope: Scope | None, date_from: date,
                      date_to: date) -> pd.DataFrame:
    """Live actions started or finished in [date_from, date_to], counted per stage (``started``, ``finished``)."""
    where = effective_scope(principal, scope)
    started = and_(H.c.started_on >= date_from, H.c.started_on <= date_to)
    finished = and_(H.c.finished_on >= date_from, H.c.finished_on <= date_to)
    stmt = (
        select(H.c.stage, func.sum(func.cast(started, H.c.id.type)).label("started"),
               func.sum(func.cast(finished, H.c.id.type)).label("finished"))
        .where(code_in_scope(H.c.region_code, where), H.c.withdrawn_at.is_(None), or_(started, finished))
        .group_by(H.c.stage).order_by(H.c.stage)
    )
    frame = rows_frame(conn, stmt, ["stage", "started", "finished"])
    for column in ("started", "finished"):
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame
