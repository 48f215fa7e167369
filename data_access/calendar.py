"""Events calendar and declared conflict statuses."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, insert, or_, select

from data_access.fetch import rows_frame
from data_access.models import ConflictStatusDeclaration, Event
from data_access.scope import code_in_scope
from domain.access import Principal

E = Event.__table__
C = ConflictStatusDeclaration.__table__
EVENT_COLUMNS = ("id", "event_on", "end_on", "name", "kind", "region_code", "description")
DECLARATION_COLUMNS = ("id", "region_code", "scale", "declared_by", "start_on", "end_on", "decree_ref", "notes")


def list_events(conn: Connection, principal: Principal, *, date_from: date | None = None,
                date_to: date | None = None) -> pd.DataFrame:
    """National events and events of regions in the caller's scope."""
    conds = [or_(E.c.region_code.is_(None), code_in_scope(E.c.region_code, principal.scope))]
    if date_from:
        conds.append(E.c.event_on >= date_from)
    if date_to:
        conds.append(E.c.event_on <= date_to)
    stmt = select(*[E.c[c] for c in EVENT_COLUMNS]).where(*conds).order_by(E.c.event_on)
    return rows_frame(conn, stmt, list(EVENT_COLUMNS))


def add_event(conn: Connection, *, event_on: date, name: str, kind: str, region_code: str | None = None,
              end_on: date | None = None, description: str = "") -> int:
    result = conn.execute(insert(E).values(event_on=event_on, end_on=end_on, name=name, kind=kind,
                                           region_code=region_code, description=description))
    return int(result.inserted_primary_key[0])


def list_declarations(conn: Connection, principal: Principal, *, active_on: date | None = None) -> pd.DataFrame:
    """Declared *status keadaan konflik* in scope, optionally only those active on a day."""
    conds = [code_in_scope(C.c.region_code, principal.scope)]
    if active_on:
        conds += [C.c.start_on <= active_on, C.c.end_on >= active_on]
    stmt = select(*[C.c[c] for c in DECLARATION_COLUMNS]).where(*conds).order_by(C.c.start_on.desc())
    return rows_frame(conn, stmt, list(DECLARATION_COLUMNS))
