"""Portable SQL expressions whose spelling differs between SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class month_start(FunctionElement):
    """First day of the month of a DATE column, as text ``YYYY-MM-01`` on both backends."""

    type = String()
    inherit_cache = True
    name = "month_start"


@compiles(month_start, "sqlite")
def _month_start_sqlite(element, compiler, **kw):
    return "strftime('%%Y-%%m-01', %s)" % compiler.process(element.clauses, **kw)


@compiles(month_start, "postgresql")
def _month_start_pg(element, compiler, **kw):
    return "to_char(date_trunc('month', %s), 'YYYY-MM-01')" % compiler.process(element.clauses, **kw)


class cell_index(FunctionElement):
    """``floor(value)`` as an integer, for a non-negative value, on both backends."""

    type = Integer()
    inherit_cache = True
    name = "cell_index"


@compiles(cell_index, "sqlite")
def _cell_index_sqlite(element, compiler, **kw):
    # CAST truncates toward zero, which is floor for the non-negative values we pass.
    return "CAST(%s AS INTEGER)" % compiler.process(element.clauses, **kw)


@compiles(cell_index, "postgresql")
def _cell_index_pg(element, compiler, **kw):
    # PostgreSQL's CAST rounds; floor first.
    return "CAST(FLOOR(%s) AS INTEGER)" % compiler.process(element.clauses, **kw)
