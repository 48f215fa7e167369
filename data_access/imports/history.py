"""Import history and the rows an import skipped."""
from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from data_access.fetch import rows_frame
from data_access.models import (
    Import,
)
from domain.access import Principal

HISTORY_COLUMNS = ("id", "kind", "file_name", "source", "status", "rows_added", "rows_updated", "rows_unchanged",
                   "rows_skipped", "imported_by", "imported_at", "rolled_back_by", "rolled_back_at", "content_hash")


def import_history(conn: Connection, principal: Principal, *, limit: int = 200) -> pd.DataFrame:
    """Recent imports, newest first. National users see all; others see the imports they made."""
    stmt = select(*[Import.__table__.c[c] for c in HISTORY_COLUMNS]).order_by(Import.id.desc()).limit(limit)
    if principal.scope.code is not None:
        stmt = stmt.where(Import.imported_by == principal.username)
    return rows_frame(conn, stmt, list(HISTORY_COLUMNS))


def skipped_rows(conn: Connection, principal: Principal, import_id: int) -> list[dict[str, Any]]:
    """The rows an import skipped, each with its reasons."""
    stmt = select(Import.skipped_rows, Import.imported_by).where(Import.id == import_id)
    found = conn.execute(stmt).one_or_none()
    if found is None or (principal.scope.code is not None and found[1] != principal.username):
        return []
    return list((found[0] or {}).get("rows", []))
