"""Portable SQL expressions whose spelling differs between SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import String
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
