"""Fast bulk insert for both backends: PostgreSQL COPY, SQLite batched executemany.

The ORM/Core ``insert`` with a list of dicts is fine for hundreds of rows but spends
most of its time in per-value type processing; seeding a million incidents or
importing a large file needs the driver's bulk path. Values are normalised once per
column (vectorised for DataFrames) into what the driver and the SQLAlchemy result
processors agree on, so rows written here read back exactly like ORM-written rows.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Integer, Table, Time, func, insert, select
from sqlalchemy.orm import DeclarativeBase

DEFAULT_BATCH = 50_000

# SQLAlchemy's SQLite types store temporal values as text in exactly these shapes
# (see sqlalchemy.dialects.sqlite DATE/DATETIME/TIME storage formats); matching them
# keeps comparisons and the read-back parsers working on bulk-written rows.
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"
_SQLITE_TIME = "%H:%M:%S.%f"


def bulk_insert(conn: Connection, table: Table | type[DeclarativeBase],
                rows: Sequence[dict[str, Any]] | pd.DataFrame, *, batch: int = DEFAULT_BATCH) -> int:
    """Insert ``rows`` into ``table`` inside the caller's transaction; returns the number of rows.

    ``rows`` is a list of dicts (all with the same keys) or a DataFrame whose column
    names are table columns. Missing columns get their Python-side defaults (scalar
    or callable, evaluated once). ``None``/NaN/NaT become NULL. On PostgreSQL, when the
    integer primary key is supplied, its sequence is moved past the largest id so later
    ORM inserts do not collide.
    """
    table = _table_of(table)
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return 0
    unknown = [c for c in frame.columns if c not in table.c]
    if unknown:
        raise ValueError(f"kolom tidak dikenal untuk tabel {table.name}: {', '.join(map(str, unknown))}")
    columns = [table.c[name] for name in frame.columns] + _defaulted_columns(table, frame.columns)
    dialect = conn.dialect.name
    values = [_column_values(frame, col, dialect) for col in columns]
    n = len(frame)
    if dialect == "postgresql":
        _copy_postgresql(conn, table, columns, values, n)
        _advance_sequence(conn, table, [c.name for c in columns])
    else:
        _executemany(conn, table, columns, values, n, batch)
    return n


@contextmanager
def indexes_deferred(conn: Connection, table: Table | type[DeclarativeBase]) -> Iterator[None]:
    """Load an *empty* ``table`` without its secondary indexes, then build them once, in the caller's transaction.

    A million rows inserted one by one into five B-tree indexes that outgrow the page cache cost
    most of a national seed; building each index once over the loaded rows is several times faster.
    Unique constraints stay in force during the load. DDL is transactional on both databases: if
    the load fails, the caller's rollback restores the indexes. Needs DDL rights (the owner role, as
    ``setup``/``seed-demo`` run) and takes the table's exclusive lock on PostgreSQL until commit, so it
    is for loading a fresh database, not for imports into a table in use.
    """
    table = _table_of(table)
    if conn.execute(select(func.count()).select_from(table)).scalar_one():
        raise ValueError(f"tabel {table.name} tidak kosong: indeks tidak boleh ditunda")
    if conn.dialect.name == "sqlite" and not conn.connection.driver_connection.in_transaction:
        # pysqlite opens its transaction only before DML: DDL first in a transaction would be autocommitted
        conn.exec_driver_sql("BEGIN")
    deferred = sorted((ix for ix in table.indexes if not ix.unique), key=lambda ix: ix.name)
    for index in deferred:
        index.drop(conn)
    yield
    for index in deferred:
        index.create(conn)


def _table_of(table: Table | type[DeclarativeBase]) -> Table:
    return table if isinstance(table, Table) else table.__table__  # type: ignore[return-value]


def _defaulted_columns(table: Table, given: Iterable[str]) -> list[Column]:
    """Columns absent from the input that carry a Python-side default (e.g. ``version=1``)."""
    given = set(given)
    return [c for c in table.columns if c.name not in given and c.default is not None
            and (c.default.is_scalar or c.default.is_callable)]


def _default_value(col: Column) -> Any:
    default = col.default
    if default.is_callable:
        # SQLAlchemy wraps zero-argument callables to accept an execution context.
        return default.arg(None)
    return default.arg


def _column_values(frame: pd.DataFrame, col: Column, dialect: str) -> list[Any]:
    """One column as a list of driver-ready Python values (None for NULL)."""
    if col.name not in frame.columns:
        return [_to_driver(_default_value(col), col, dialect)] * len(frame)
    series = frame[col.name]
    kind = col.type
    if isinstance(kind, (Date, DateTime, Time)):
        return _temporal(series, kind, dialect)
    if isinstance(kind, Boolean):
        return [None if _missing(v) else (bool(v) if dialect == "postgresql" else int(bool(v)))
                for v in series.tolist()]
    if series.dtype.kind in "iub":
        return series.tolist()  # numpy scalars -> Python ints, which every driver understands
    if series.dtype.kind == "f":
        # A float column feeding an integer column is an int column that held NULLs.
        cast = int if isinstance(kind, Integer) else float
        return [None if math.isnan(v) else cast(v) for v in series.tolist()]
    # Vectorised NULL mapping: a per-value Python check costs seconds on a million rows.
    return series.astype(object).where(series.notna(), None).tolist()


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _temporal(series: pd.Series, kind: Date | DateTime | Time, dialect: str) -> list[Any]:
    """Dates/times as ISO text (vectorised when the column is datetime64).

    PostgreSQL's text COPY parses ISO text into the column's type, and SQLite stores
    SQLAlchemy's own text formats, so one representation serves both backends.
    """
    if isinstance(kind, Time):
        fmt = _SQLITE_TIME if dialect == "sqlite" else "%H:%M:%S"
        return [None if _missing(v) else v.strftime(fmt) if isinstance(v, time) else str(v)
                for v in series.tolist()]
    fmt = "%Y-%m-%d" if isinstance(kind, Date) and not isinstance(kind, DateTime) else (
        _SQLITE_DATETIME if dialect == "sqlite" else "%Y-%m-%d %H:%M:%S.%f")
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return _datetime64_text(series, date_only=fmt == "%Y-%m-%d", sqlite=dialect == "sqlite")
    return [None if _missing(v) else _format_temporal(v, fmt) for v in series.tolist()]


def _datetime64_text(series: pd.Series, *, date_only: bool, sqlite: bool) -> list[Any]:
    # numpy's formatter is ~10x faster than Series.dt.strftime on a million rows.
    raw = series.to_numpy(dtype="datetime64[us]")
    text = np.datetime_as_string(raw, unit="D" if date_only else "us")
    if not date_only:
        text = np.strings.replace(text, "T", " ")  # SQLite's stored shape; PostgreSQL accepts both
    out = text.astype(object)
    out[np.isnat(raw)] = None
    return out.tolist()


def _format_temporal(value: Any, fmt: str) -> str:
    if isinstance(value, (date, datetime)):
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        return value.strftime(fmt)
    return str(value)  # already text: trusted to be ISO


def _to_driver(value: Any, col: Column, dialect: str) -> Any:
    if value is None:
        return None
    if isinstance(col.type, (Date, DateTime, Time)):
        return _temporal(pd.Series([value], dtype=object), col.type, dialect)[0]
    if isinstance(col.type, Boolean):
        return bool(value) if dialect == "postgresql" else int(bool(value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def _copy_postgresql(conn: Connection, table: Table, columns: list[Column], values: list[list[Any]],
                     n: int) -> None:
    # Core has no COPY construct; identifiers are quoted by psycopg and values travel
    # in the COPY stream, never in the SQL text.
    from psycopg import sql

    target = sql.Identifier(table.schema, table.name) if table.schema else sql.Identifier(table.name)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        target, sql.SQL(", ").join(sql.Identifier(c.name) for c in columns))
    cursor = conn.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in zip(*values):
                copy.write_row(row)
    finally:
        cursor.close()


def _advance_sequence(conn: Connection, table: Table, given: list[str]) -> None:
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or pk[0].name not in given or not pk[0].autoincrement or \
            pk[0].type.python_type is not int:
        return
    key = pk[0]
    conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, key.name),
                                    select(func.max(key)).scalar_subquery())))


def _executemany(conn: Connection, table: Table, columns: list[Column], values: list[list[Any]], n: int,
                 batch: int) -> None:
    # The Core insert is compiled once to positional SQL; the driver's executemany then
    # takes plain tuples, skipping SQLAlchemy's per-value processing (done above in bulk).
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=[c.name for c in columns])
    order = [columns.index(table.c[name]) for name in compiled.positiontup]
    statement = str(compiled)
    ordered = [values[i] for i in order]
    for start in range(0, n, batch):
        chunk = list(zip(*(v[start:start + batch] for v in ordered)))
        conn.exec_driver_sql(statement, chunk)
