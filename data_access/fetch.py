"""Fetching a query's rows into a DataFrame fast: plain DBAPI tuples, no per-row SQLAlchemy objects.

Building a frame from ``Row`` objects costs seconds on 300 k rows (pandas probes each Row);
the driver's own tuples go straight into ``DataFrame.from_records``. Type conversion
that SQLAlchemy would do per value (dates stored as text on SQLite) is done per column.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
from sqlalchemy import Connection
from sqlalchemy.sql import Select


def frame(conn: Connection, stmt: Select, *, dates: Iterable[str] = (), ints: Iterable[str] = ()) -> pd.DataFrame:
    """Rows of ``stmt`` as a DataFrame with the statement's column labels.

    ``dates`` become ``datetime64[ns]`` (midnight), ``ints`` int64 (NULL not allowed there).
    """
    result = conn.execute(stmt)
    columns = list(result.keys())
    try:
        out = pd.DataFrame.from_records(result.cursor.fetchall(), columns=columns, coerce_float=False)
    finally:
        result.close()
    for col in dates:
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    for col in ints:
        out[col] = out[col].astype("int64")
    return out
