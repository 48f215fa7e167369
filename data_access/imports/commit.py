"""Plan and commit: one transaction or nothing, idempotent upsert by natural key, with provenance.

Imports and rollbacks are serialised (PostgreSQL advisory lock, SQLite write lock taken by the
first statement) and the plan is made inside that lock, so overlapping imports neither duplicate
nor lose rows.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable

from sqlalchemy import Connection, Engine, and_, bindparam, insert, literal, null, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.imports import kinds as K
from data_access.imports import validators as V
from data_access.imports.messages import Problem, message
from data_access.imports.model import (
    BOOKKEEPING,
    REGION_COLUMN,
    TABLES,
    ImportRejected,
    ImportResult,
    Plan,
    Prepared,
    PreparedRow,
    Progress,
    _jsonable,
    _lock,
    _now,
    _require,
    gc_paused,
    write_cache,
)
from data_access.models import (
    Import,
    ImportChange,
    IncidentVersion,
)
from domain.access import Principal


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, date) and not isinstance(new, datetime):
        old = old.date()
    if isinstance(old, float) or isinstance(new, float):
        try:
            return old is not None and new is not None and abs(float(old) - float(new)) <= 1e-9 * max(1, abs(float(new)))
        except (TypeError, ValueError):
            return False
    return old == new


KEY_CHUNK = 5000   # keys asked per query (at most 10,000 parameters: SQLite allows 32,766)


def _existing(conn: Connection, kind: str, keys: list[tuple]) -> dict[tuple, dict[str, Any]]:
    """Current rows (all columns) of the given natural keys.

    A two-part key is asked as ``first = :v AND second IN (…)`` per value of its first part, so the
    unique index on the key serves it: SQLite answers a row-value ``(a, b) IN (…)`` with a scan of the
    whole table, once per chunk, which made a large import into a large table quadratic.
    """
    table = TABLES[kind]
    key_columns = [table.c[c] for c in K.KINDS[kind].key_columns]
    found: dict[tuple, dict[str, Any]] = {}
    if len(key_columns) == 1:
        groups: dict[Any, list[tuple]] = {None: keys}
    else:
        groups = {}
        for key in keys:
            if key[0] is not None:   # NULL never equals anything, as in the row-value IN
                groups.setdefault(key[0], []).append(key)
    for first, group in groups.items():
        for start in range(0, len(group), KEY_CHUNK):
            chunk = group[start:start + KEY_CHUNK]
            if len(key_columns) == 1:
                condition = key_columns[0].in_([k[0] for k in chunk])
            elif len(key_columns) == 2:
                condition = and_(key_columns[0] == first, key_columns[1].in_([k[1] for k in chunk]))
            else:
                condition = and_(key_columns[0] == first, tuple_(*key_columns[1:]).in_([k[1:] for k in chunk]))
            for row in conn.execute(select(table).where(condition)).mappings():
                record = dict(row)
                key = tuple(_normal_key(record[c.name]) for c in key_columns)
                found[key] = record
    return found


def _normal_key(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    return value


def _classify(conn: Connection, principal: Principal, prepared: Prepared, skip: set[int]
              ) -> tuple[list[PreparedRow], list[tuple[PreparedRow, dict[str, Any], dict[str, Any]]], int, list[Problem]]:
    """Split the rows to write into inserts, updates (row, changes, previous row) and unchanged."""
    rows = [r for r in prepared.rows if r.values is not None and r.row not in skip]
    existing = _existing(conn, prepared.kind, [r.key for r in rows])
    region_column = REGION_COLUMN.get(prepared.kind)
    inserts, updates, unchanged, conflicts = [], [], 0, []
    for r in rows:
        old = existing.get(r.key)
        if old is None:
            inserts.append(r)
            continue
        if region_column and not principal.scope.contains(old[region_column]):
            conflicts.append(Problem(prepared.file_name, r.row, None, " / ".join(map(str, r.key)),
                                     message("existing_out_of_scope", region=old[region_column]),
                                     "existing_out_of_scope"))
            continue
        changes = {c: v for c, v in r.values.items() if c not in BOOKKEEPING and not _same(old.get(c), v)}
        revived = bool(old.get("deleted_at") or old.get("withdrawn_at"))
        if changes or revived:
            updates.append((r, changes, old))
        else:
            unchanged += 1
    return inserts, updates, unchanged, conflicts


def plan(conn: Connection, principal: Principal, prepared: Prepared, skip_rows: Iterable[int] = ()) -> Plan:
    """What a commit would do now: rows to add, to update, unchanged, and rows it may not touch."""
    inserts, updates, unchanged, conflicts = _classify(conn, principal, prepared, set(skip_rows))
    return Plan(len(inserts), len(updates), unchanged, conflicts)


# --------------------------------------------------------------------------- commit


@gc_paused()
def commit(engine: Engine, principal: Principal, prepared: Prepared, *, skip_rows: Iterable[int] = (),
           progress: Progress | None = None) -> ImportResult:
    """Write the file's rows in ONE transaction (or nothing) and record the import; returns the counts.

    Rows with problems must be listed in ``skip_rows`` (they are recorded as skipped, never
    silently dropped); otherwise :class:`ImportRejected` is raised and nothing is written.
    """
    spec = K.KINDS[prepared.kind]
    _require(principal, spec.permission, f"mengimpor {spec.label.lower()}")
    if prepared.file_problems:
        raise ImportRejected(prepared.file_problems)
    skip = set(skip_rows)
    blocking = sorted(set(prepared.error_rows) - skip)
    if blocking:
        raise ImportRejected([Problem(prepared.file_name, None, None, None,
                                      message("has_errors", count=len(blocking)), "has_errors")])
    to_write = [r for r in prepared.rows if r.values is not None and r.row not in skip]
    if not to_write:
        raise ImportRejected([Problem(prepared.file_name, None, None, None, message("nothing_to_import"),
                                      "nothing_to_import")])
    reasons: dict[int, list[str]] = {}
    for p in prepared.problems:
        if p.row is not None:
            reasons.setdefault(p.row, []).append(f"{p.column or ''}: {p.reason}".strip(": "))
    in_file = {r.row for r in prepared.rows}
    skipped = [{"row": n, "reasons": reasons.get(n, ["dilewati oleh pengguna"])} for n in sorted(skip)
               if n in in_file]
    report = progress or (lambda fraction, text: None)
    try:
        with engine.begin() as conn, write_cache(conn):
            _lock(conn)
            # On SQLite this first write takes the database write lock for the whole import.
            import_id = conn.execute(insert(Import).values(
                kind=prepared.kind, file_name=prepared.file_name[:255], content_hash=prepared.content_hash,
                source=(prepared.source_name or None), status="committed", imported_by=principal.username,
                imported_at=_now(), rows_skipped=len(skipped), skipped_rows={"rows": skipped} if skipped else None,
            )).inserted_primary_key[0]
            report(0.05, "Memeriksa baris yang sudah ada")
            inserts, updates, unchanged, conflicts = _classify(conn, principal, prepared, skip)
            if conflicts:
                raise ImportRejected(conflicts)
            _write(conn, principal, prepared.kind, import_id, inserts, updates, report)
            conn.execute(update(Import).where(Import.id == import_id).values(
                rows_added=len(inserts), rows_updated=len(updates), rows_unchanged=unchanged))
            audit.record(conn, principal, "import", f"impor #{import_id}: {prepared.file_name}", {
                "import_id": import_id, "kind": prepared.kind, "file": prepared.file_name,
                "hash": prepared.content_hash, "added": len(inserts), "updated": len(updates),
                "unchanged": unchanged, "skipped": len(skipped)})
            report(1.0, "Selesai")
    except IntegrityError:
        raise ImportRejected([Problem(prepared.file_name, None, None, None, message("concurrent_conflict"),
                                      "concurrent_conflict")]) from None
    return ImportResult(import_id, len(inserts), len(updates), unchanged, len(skipped))


def _write(conn: Connection, principal: Principal, kind: str, import_id: int, inserts: list[PreparedRow],
           updates: list[tuple[PreparedRow, dict[str, Any], dict[str, Any]]], report: Progress,
           after_id: int = 0) -> None:
    """Insert and update one batch; ``after_id``: rows of earlier batches of a streamed import (ids at or
    below it) are already recorded in ``import_changes``."""
    table = TABLES[kind]
    now = _now()
    defaults = V.INSERT_DEFAULTS[kind]
    stamp: dict[str, Any] = {"import_id": import_id}
    if kind in (K.INCIDENTS, K.HANDLING_ACTIONS):
        stamp.update(created_by=principal.username, created_at=now)
    if kind == K.INDICATOR_VALUES:
        stamp.update(updated_by=principal.username, updated_at=now, withdrawn_at=None)
    if kind == K.INCIDENTS:
        stamp.update(version=1)
    total = max(1, len(inserts) + len(updates))
    batch = 5000
    converted: dict[str, dict[Any, Any]] = {}   # column -> {value: driver value}, across batches
    for start in range(0, len(inserts), batch):
        rows = [{**defaults, **r.values, **stamp} for r in inserts[start:start + batch]]
        _insert_rows(conn, table, rows, converted)
        report(0.1 + 0.7 * (start + len(rows)) / total, f"Menulis baris baru: {start + len(rows)} dari {len(inserts)}")
    if kind == K.INDICATOR_DEFINITIONS:
        changes = [_change(kind, import_id, r.values["code"], "insert", None) for r in inserts]
    else:
        # One INSERT … SELECT records every inserted row (ids at or below ``after_id`` belong to earlier
        # batches; updated rows get this import's id only below, in _apply_updates).
        changes = []
        if inserts:
            conn.execute(insert(ImportChange).from_select(
                ["import_id", "table_name", "row_id", "action", "previous"],
                select(literal(import_id), literal(table.name), table.c.id, literal("insert"), null())
                .where(table.c.import_id == import_id, table.c.id > after_id).order_by(table.c.id)))
    _apply_updates(conn, principal, kind, import_id, updates, now)
    report(0.9, "Mencatat asal-usul data")
    changes += [_change(kind, import_id, old.get("id", 0), "update",
                        {c: _jsonable(v) for c, v in old.items()}) for _, _, old in updates]
    for start in range(0, len(changes), batch):
        conn.execute(insert(ImportChange), changes[start:start + batch])


def _insert_rows(conn: Connection, table, rows: list[dict[str, Any]], converted: dict[str, dict[Any, Any]]) -> None:
    """``INSERT`` one batch of rows. On SQLite the values are converted with the column types' own bind
    processors (dates repeat, so once per distinct value) and handed to the driver's executemany,
    which skips SQLAlchemy's per-row parameter handling (a third of the write time)."""
    if not rows:
        return
    keys = rows[0].keys()
    python_defaults = any(c.default is not None and c.key not in keys for c in table.c)
    if conn.dialect.name != "sqlite" or python_defaults or any(r.keys() != keys for r in rows):
        conn.execute(insert(table), rows)
        return
    names = list(keys)
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    columns = []
    for name in names:
        values = [r[name] for r in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            memo = converted.setdefault(name, {})
            for value in values:
                if value not in memo:
                    memo[value] = process(value)
            values = [memo[v] for v in values]
        columns.append(values)
    conn.exec_driver_sql(sql, list(zip(*columns)))


def _change(kind: str, import_id: int, row_id: Any, action: str, previous: dict | None) -> dict[str, Any]:
    if kind == K.INDICATOR_DEFINITIONS:
        # Definitions are keyed by code, not an integer id: the code travels in ``previous``.
        previous = previous if previous is not None else {"code": row_id}
        row_id = 0
    return {"import_id": import_id, "table_name": TABLES[kind].name, "row_id": row_id, "action": action,
            "previous": previous}


def _apply_updates(conn: Connection, principal: Principal, kind: str, import_id: int,
                   updates: list[tuple[PreparedRow, dict[str, Any], dict[str, Any]]], now: datetime) -> None:
    if not updates:
        return
    table = TABLES[kind]
    key_column = "code" if kind == K.INDICATOR_DEFINITIONS else "id"
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    versions = []
    for _, changes, old in updates:
        values = dict(changes)
        values["import_id"] = import_id
        if kind == K.INCIDENTS:
            values.update(version=old["version"] + 1, updated_by=principal.username, updated_at=now,
                          deleted_at=None, deleted_by=None, delete_reason=None)
            versions.append({"incident_id": old["id"], "version": old["version"],
                             "data": {c: _jsonable(v) for c, v in old.items()}, "change_kind": "import",
                             "changed_by": principal.username, "changed_at": now})
        elif kind in (K.INDICATOR_VALUES, K.HANDLING_ACTIONS):
            values.update(updated_by=principal.username, updated_at=now, withdrawn_at=None)
        values["_key"] = old[key_column]
        groups.setdefault(tuple(sorted(values)), []).append(values)
    for columns, rows in groups.items():
        stmt = update(table).where(table.c[key_column] == bindparam("_key")).values(
            {c: bindparam(c) for c in columns if c != "_key"})
        conn.execute(stmt, rows)
    if versions:
        conn.execute(insert(IncidentVersion), versions)
