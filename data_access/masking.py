"""Clearance masking, the one rule for every column a user may not see.

A restricted column (an incident's description, actors, source and source reference) is
NULL in SQL for rows above the caller's clearance. The rule is that every use of such a
column, not only the SELECT list, goes through :func:`visible`: a filter, a GROUP BY, an
ORDER BY or a search on the raw column would tell the hidden value by which rows it keeps
(e.g. "source = intelijen_daerah" counting restricted rows whose source is masked).
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, Table, case, literal

from domain.access import Principal

# Per table: the columns masked above the caller's clearance (the table has a ``sensitivity`` column).
RESTRICTED: dict[str, tuple[str, ...]] = {
    "incidents": ("description", "actors", "source", "source_ref"),
}


def readable(table: Table, principal: Principal) -> ColumnElement[bool]:
    """The row's sensitivity is within ``principal``'s clearance."""
    return table.c.sensitivity.in_(principal.readable_sensitivities)


def visible(table: Table, name: str, principal: Principal) -> ColumnElement:
    """Column ``name`` as ``principal`` may see it: the value, or NULL where it is restricted and above clearance.

    Use this in WHERE, GROUP BY, ORDER BY and search alike; unrestricted columns come back unchanged.
    """
    column = table.c[name]
    if name not in RESTRICTED.get(table.name, ()):
        return column
    return case((readable(table, principal), column), else_=literal(None, column.type))
