"""Rollback: withdraw what an import inserted, restore what it updated; recorded and audited."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update

from data_access import audit
from data_access.imports import kinds as K
from data_access.imports.messages import Problem, message
from data_access.imports.model import (
    CHUNK,
    REGION_COLUMN,
    TABLES,
    ImportRejected,
    RollbackResult,
    _from_json,
    _jsonable,
    _lock,
    _now,
    _require,
)
from data_access.models import (
    Import,
    ImportChange,
    IncidentVersion,
    IndicatorValue,
)
from domain.access import Permission, Principal


def rollback(engine: Engine, principal: Principal, import_id: int) -> RollbackResult:
    """Undo an import exactly: withdraw what it inserted, restore what it updated; recorded and audited."""
    _require(principal, Permission.IMPORT_DATA, "membatalkan impor")
    with engine.begin() as conn:
        _lock(conn)
        # SQLite: this no-op write takes the write lock before anything is read.
        conn.execute(update(Import).where(Import.id == import_id).values(status=Import.status))
        record = conn.execute(select(Import).where(Import.id == import_id)).mappings().one_or_none()
        if record is None:
            raise ImportRejected([_file_problem("rollback_unknown", import_id=import_id)])
        if record["kind"] == K.INDICATOR_DEFINITIONS:
            _require(principal, Permission.MANAGE_METHODOLOGY, "membatalkan impor definisi indikator")
        if record["status"] != "committed":
            raise ImportRejected([_file_problem("rollback_done", import_id=import_id)])
        kind = record["kind"]
        table = TABLES[kind]
        changes = conn.execute(select(ImportChange).where(ImportChange.import_id == import_id)
                               .order_by(ImportChange.id)).mappings().all()
        current = _current_rows(conn, kind, changes)
        region_column = REGION_COLUMN.get(kind)
        for key, row in current.items():
            if region_column and not principal.scope.contains(row[region_column]):
                raise ImportRejected([_file_problem("rollback_unknown", import_id=import_id)])
            if row.get("import_id") != import_id:
                raise ImportRejected([_file_problem("rollback_superseded", import_id=import_id,
                                                    later=row.get("import_id"))])
        now = _now()
        withdrawn = restored = 0
        versions = []
        key_column = "code" if kind == K.INDICATOR_DEFINITIONS else "id"
        withdraw_rows: list[dict[str, Any]] = []
        for change in changes:
            key = _change_key(kind, change)
            row = current.get(key)
            if row is None:
                continue
            where = table.c[key_column] == key
            if change["action"] == "insert":
                withdrawn += 1
                if kind == K.INDICATOR_DEFINITIONS:
                    used = conn.execute(select(func.count()).select_from(IndicatorValue).where(
                        IndicatorValue.indicator_code == key)).scalar_one()
                    if used:
                        raise ImportRejected([_file_problem("rollback_definition_in_use", code=key)])
                    conn.execute(delete(table).where(where))
                else:
                    withdraw_rows.append({"_key": key, "_version": row.get("version", 0) + 1})
            else:
                restored += 1
                previous = {c: _from_json(table, c, v) for c, v in change["previous"].items() if c in table.c}
                previous.pop(key_column, None)
                if kind == K.INCIDENTS:
                    previous["version"] = row["version"] + 1
                conn.execute(update(table).where(where).values(**previous))
            if kind == K.INCIDENTS:
                versions.append({"incident_id": row["id"], "version": row["version"],
                                 "data": {c: _jsonable(v) for c, v in row.items()}, "change_kind": "rollback",
                                 "changed_by": principal.username, "changed_at": now})
        if withdraw_rows:
            # Inserted rows are withdrawn in one executemany: 100,000 rows take seconds, not minutes.
            if kind == K.INCIDENTS:
                values = {"deleted_at": now, "deleted_by": principal.username, "version": bindparam("_version"),
                          "delete_reason": f"Impor #{import_id} dibatalkan"}
            else:
                values = {"withdrawn_at": now}
            values.update(updated_by=principal.username, updated_at=now)
            stmt = update(table).where(table.c.id == bindparam("_key")).values(values)
            for start in range(0, len(withdraw_rows), 5000):
                conn.execute(stmt, withdraw_rows[start:start + 5000])
        if versions:
            conn.execute(insert(IncidentVersion), versions)
        conn.execute(update(Import).where(Import.id == import_id).values(
            status="rolled_back", rolled_back_by=principal.username, rolled_back_at=now))
        audit.record(conn, principal, "import_rollback", f"impor #{import_id}: {record['file_name']}",
                     {"import_id": import_id, "kind": kind, "withdrawn": withdrawn, "restored": restored})
    return RollbackResult(import_id, withdrawn, restored)


def _file_problem(code: str, **params: Any) -> Problem:
    return Problem("", None, None, None, message(code, **params), code)


def _change_key(kind: str, change: dict[str, Any]) -> Any:
    if kind == K.INDICATOR_DEFINITIONS:
        return change["previous"]["code"]
    return change["row_id"]


def _current_rows(conn: Connection, kind: str, changes) -> dict[Any, dict[str, Any]]:
    table = TABLES[kind]
    key_column = "code" if kind == K.INDICATOR_DEFINITIONS else "id"
    keys = [_change_key(kind, c) for c in changes]
    found: dict[Any, dict[str, Any]] = {}
    for start in range(0, len(keys), CHUNK):
        stmt = select(table).where(table.c[key_column].in_(keys[start:start + CHUNK]))
        for row in conn.execute(stmt).mappings():
            found[row[key_column]] = dict(row)
    return found
