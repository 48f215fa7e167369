"""Fetching a query's rows into a DataFrame fast: plain DBAPI tuples, no per-row SQLAlchemy objects.

Building a frame from ``Row`` objects costs seconds on 300 k rows (pandas probes each Row);
the driver's own tuples go straight into ``DataFrame.from_records``. Type conversion
that SQLAlchemy would do per value (dates stored as text on SQLite) is done per column.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Connection
from sqlalchemy.sql import Executable, Select


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


def _dates(values: np.ndarray) -> np.ndarray:
    """Driver dates as ``datetime64[ns]``: ISO text (SQLite) through numpy, ``date`` objects (PostgreSQL) through
    pandas (each is 20–40× faster than the other on the other's input: 0.9 s for 500 k date objects in numpy)."""
    first = next((v for v in values if v is not None), None)
    if isinstance(first, str):
        return values.astype("datetime64[D]").astype("datetime64[ns]")
    return np.asarray(pd.to_datetime(values), dtype="datetime64[ns]")


def typed_frame(conn: Connection, stmt: Select, *, text: Iterable[str] = (), dates: Iterable[str] = (),
                ints: Iterable[str] = ()) -> pd.DataFrame:
    """Rows of ``stmt`` with every column's type declared: the path for large aggregates (scoring inputs).

    One 2-D object array from the driver's tuples, then one conversion per column: ``text`` stays
    Python ``str`` objects (object dtype, what the scoring contract holds: no per-value inference and
    no Arrow round trip; 0.4 s less than :func:`frame` on 470 k rows), ``dates`` become ``datetime64[ns]``
    (NULL → NaT), ``ints`` int64 (NULL not allowed). A column left undeclared is an error.
    """
    kinds = {**{c: "text" for c in text}, **{c: "date" for c in dates}, **{c: "int" for c in ints}}
    result = conn.execute(stmt)
    columns = list(result.keys())
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    undeclared = [c for c in columns if c not in kinds]
    if undeclared:
        raise ValueError(f"typed_frame: undeclared columns {undeclared}")
    grid = np.array(rows, dtype=object).reshape(len(rows), len(columns))
    convert = {
        "text": lambda col: col,
        "date": _dates,
        "int": lambda col: col.astype(np.int64),
    }
    return pd.DataFrame({c: pd.Series(convert[kinds[c]](np.ascontiguousarray(grid[:, i])),
                                      dtype=object if kinds[c] == "text" else None)
                         for i, c in enumerate(columns)})


def rows_frame(conn: Connection, stmt: Executable, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Rows of ``stmt`` with SQLAlchemy's type processing (dates, booleans, JSON as Python values), handed to
    pandas as plain tuples: given ``Row`` objects, pandas probes each one for a ``dtype`` attribute, and every
    probe is a raised and caught key miss inside SQLAlchemy (38 against 12 ms for the 7,837 regions).
    ``columns``: the frame's column names (default: the statement's labels)."""
    result = conn.execute(stmt)
    names = list(columns) if columns is not None else list(result.keys())
    return pd.DataFrame([tuple(row) for row in result], columns=names)
