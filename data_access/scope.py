"""SQL conditions that confine a query to the caller's region scope and clearance.

Every read in data_access passes through these, so no page, URL or widget value can
widen what a user sees: the widest a query can get is ``principal.scope``.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true
from sqlalchemy.sql.elements import ColumnElement as _Col

from domain.access import Principal, Scope, ScopeLevel


def code_in_scope(code_column: _Col, scope: Scope) -> ColumnElement[bool]:
    """``code_column`` (a region code of any depth) lies inside ``scope``."""
    if scope.level is ScopeLevel.NASIONAL:
        return true()
    return or_(code_column == scope.code, code_column.startswith(scope.code + ".", autoescape=True))


def incident_scope(table, scope: Scope) -> ColumnElement[bool]:
    """Scope condition for a table with ``province_code`` and ``kabkota_code`` columns (uses their indexes)."""
    if scope.level is ScopeLevel.NASIONAL:
        return true()
    if scope.level is ScopeLevel.PROVINSI:
        return table.c.province_code == scope.code
    return table.c.kabkota_code == scope.code


def effective_scope(principal: Principal, requested: Scope | None = None) -> Scope:
    """The scope a query runs in: the requested one, narrowed to what the principal may see."""
    return principal.scope.narrow(requested)
