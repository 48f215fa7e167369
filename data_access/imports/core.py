"""Import pipeline: prepare (map + validate) → plan (preview) → commit in one transaction → rollback.

* **One transaction or nothing**: :func:`commit` writes every row, the provenance and
  the audit entry inside a single transaction; any error leaves the database as it was.
* **Idempotent upsert** by natural key (incidents: source + source_ref; indicator
  values: region + period + indicator; handling actions: source_ref; definitions:
  code). Rows whose values are equal are left untouched, so re-importing a file
  changes nothing, and a corrected file updates only the rows that differ.
* **Concurrency**: imports and rollbacks are serialised — PostgreSQL by a
  transaction-scoped advisory lock, SQLite by taking the write lock with the first
  statement — and the plan (insert or update) is made inside that lock, so two
  simultaneous imports of overlapping files neither duplicate nor lose rows. The
  unique constraints remain the last line of defence.
* **Provenance**: ``imports`` (file, hash, kind, counts, who, when) and
  ``import_changes`` (each row inserted or updated, with its previous values) make a
  rollback exact: inserted rows are withdrawn (incidents soft-deleted with a
  reason, values/actions ``withdrawn_at``), updated rows get their previous values back.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable, Iterable

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, text, tuple_, update
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.imports import kinds as K
from data_access.imports.mapping import missing_required, resolve_mapping
from data_access.imports.messages import Problem, message
from data_access.imports.parsing import is_formula
from data_access.imports.reading import RawTable, read_table
from data_access.imports.region_match import RegionMatcher
from data_access.models import (
    HandlingAction, Import, ImportChange, Incident, IncidentVersion, IndicatorDefinition, IndicatorValue,
)
from domain.access import Permission, Principal

TABLES = {
    K.INCIDENTS: Incident.__table__,
    K.INDICATOR_VALUES: IndicatorValue.__table__,
    K.HANDLING_ACTIONS: HandlingAction.__table__,
    K.INDICATOR_DEFINITIONS: IndicatorDefinition.__table__,
}
REGION_COLUMN = {K.INCIDENTS: "kabkota_code", K.INDICATOR_VALUES: "region_code", K.HANDLING_ACTIONS: "region_code"}
# Columns an import never compares or restores on its own (bookkeeping).
BOOKKEEPING = {"id", "import_id", "version", "created_by", "created_at", "updated_by", "updated_at",
               "deleted_at", "deleted_by", "delete_reason", "withdrawn_at"}
IMPORT_LOCK_KEY = 5_110_2012  # PostgreSQL advisory lock id shared by imports and rollbacks
CHUNK = 500
Progress = Callable[[float, str], None]


class ImportDenied(PermissionError):
    """The caller lacks the permission for this import or rollback."""


class ImportRejected(Exception):
    """Nothing was written; ``problems`` say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.reason for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class PreparedRow:
    row: int                          # spreadsheet row number (header = 1)
    values: dict[str, Any] | None     # database values, None when the row has problems
    key: tuple | None


@dataclass
class Prepared:
    """A validated file, ready for preview and commit."""

    kind: str
    file_name: str
    content_hash: str
    source_name: str | None
    mapping: dict[str, str]
    columns: tuple[str, ...]
    rows: list[PreparedRow]
    problems: list[Problem]           # row-level problems
    file_problems: list[Problem]      # problems of the whole file (nothing can be imported)

    @property
    def ok(self) -> bool:
        return not self.file_problems

    @property
    def error_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})

    @property
    def unused_columns(self) -> list[str]:
        return [c for c in self.columns if c not in self.mapping]

    def all_problems(self) -> list[Problem]:
        return self.file_problems + self.problems

    def problems_frame(self) -> pd.DataFrame:
        return problems_frame(self.all_problems())

    def preview_frame(self, limit: int | None = 200) -> pd.DataFrame:
        """The valid rows as they will be stored (database column names), with their row number."""
        rows = [dict(r.values, baris=r.row) for r in self.rows if r.values is not None][:limit]
        frame = pd.DataFrame(rows)
        if not frame.empty:
            frame = frame[["baris", *[c for c in frame.columns if c != "baris"]]]
        return frame


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table with Bahasa Indonesia headers (Berkas, Baris, Kolom, Nilai, Masalah)."""
    frame = pd.DataFrame([p.as_dict() for p in problems], columns=["file", "row", "column", "value", "reason", "code"])
    return frame.drop(columns="code").rename(columns={"file": "Berkas", "row": "Baris", "column": "Kolom",
                                                      "value": "Nilai", "reason": "Masalah"})


@dataclass(frozen=True)
class Plan:
    inserts: int
    updates: int
    unchanged: int
    conflicts: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    added: int
    updated: int
    unchanged: int
    skipped: int


@dataclass(frozen=True)
class RollbackResult:
    import_id: int
    withdrawn: int
    restored: int


# --------------------------------------------------------------------------- prepare


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _require(principal: Principal, permission: Permission, action: str) -> None:
    if not principal.can(permission):
        raise ImportDenied(message("no_permission", action=action))


def prepare_file(conn: Connection, principal: Principal, kind: str, file_name: str, data: bytes, *,
                 mapping: dict[str, str] | None = None, source_name: str | None = None,
                 today: date | None = None, max_bytes: int | None = None) -> Prepared:
    """Read the uploaded bytes and validate them (raises :class:`~data_access.imports.reading.FileRejected`)."""
    _require(principal, K.KINDS[kind].permission, f"mengimpor {K.KINDS[kind].label.lower()}")
    table = read_table(file_name, data, **({"max_bytes": max_bytes} if max_bytes else {}))
    return prepare(conn, principal, kind, table, content_hash(data), mapping=mapping, source_name=source_name,
                   today=today)


def prepare(conn: Connection, principal: Principal, kind: str, table: RawTable, file_hash: str, *,
            mapping: dict[str, str] | None = None, source_name: str | None = None,
            today: date | None = None) -> Prepared:
    """Map the file's columns and validate every row; nothing is written."""
    spec = K.KINDS[kind]
    _require(principal, spec.permission, f"mengimpor {spec.label.lower()}")
    today = today or date.today()
    default_source = _source_code(source_name)
    effective, file_problems = resolve_mapping(kind, table.file_name, table.columns, mapping)
    file_problems += missing_required(kind, table.file_name, effective, has_default_source=default_source is not None)
    prepared = Prepared(kind, table.file_name, file_hash, source_name, effective, table.columns, [], [],
                        file_problems)
    if file_problems:
        return prepared
    ctx = K.Context(principal, RegionMatcher.load(conn), today, default_source=default_source,
                    source_name=source_name)
    if kind == K.INDICATOR_VALUES:
        ctx.definitions = {code: (low, high, source) for code, low, high, source in conn.execute(
            select(IndicatorDefinition.code, IndicatorDefinition.min_value, IndicatorDefinition.max_value,
                   IndicatorDefinition.source))}
    columns_of = {target: column for column, target in effective.items()}
    index_of = {column: table.columns.index(column) for column in effective}
    if kind == K.HANDLING_ACTIONS:
        ctx.incidents = _incident_lookup(conn, principal, table, index_of, columns_of, default_source)
    validator = K.VALIDATORS[kind]
    problems: list[Problem] = list(table.problems)
    broken = {p.row for p in table.problems}
    seen: dict[tuple, int] = {}
    for raw, number in zip(table.rows, table.row_numbers):
        cells = {target: raw[index_of[column]] for column, target in effective.items()}
        row_problems: list[Problem] = []

        def report(field_key: str, code: str, _number=number, _cells=cells, _out=row_problems, /,
                   **params) -> None:
            _out.append(Problem(table.file_name, _number, columns_of.get(field_key, field_key),
                                _cells.get(field_key), message(code, **params), code))

        formulas = [name for name, value in cells.items() if is_formula(value.strip())]
        for name in formulas:
            report(name, "formula")
            cells[name] = ""
        values = validator(cells, ctx, report)
        key = tuple(values.get(c) for c in spec.key_columns)
        if not row_problems and None not in key:
            if key in seen:
                report(spec.fields[0].key, "duplicate_row", first=seen[key], key=" / ".join(map(str, key)))
            else:
                seen[key] = number
        problems += row_problems
        ok = not row_problems and number not in broken
        prepared.rows.append(PreparedRow(number, values if ok else None, key if ok else None))
    prepared.problems = sorted(problems, key=lambda p: (p.row or 0))
    return prepared


def _source_code(source_name: str | None) -> str | None:
    if not source_name:
        return None
    try:
        return K.vocab("source")(source_name)
    except ValueError:
        return None


def _incident_lookup(conn: Connection, principal: Principal, table: RawTable, index_of: dict[str, int],
                     columns_of: dict[str, str], default_source: str | None) -> dict[tuple[str, str], tuple[int, str]]:
    """(source, source_ref) → (incident id, kab/kota) for the incidents a handling file refers to, in scope."""
    ref_column = columns_of.get("ref_insiden")
    if ref_column is None:
        return {}
    refs = {raw[index_of[ref_column]].strip() for raw in table.rows} - {""}
    I = Incident.__table__
    found: dict[tuple[str, str], tuple[int, str]] = {}
    refs_list = sorted(refs)
    for start in range(0, len(refs_list), CHUNK):
        stmt = select(I.c.source, I.c.source_ref, I.c.id, I.c.kabkota_code).where(
            I.c.source_ref.in_(refs_list[start:start + CHUNK]), I.c.deleted_at.is_(None))
        for source, ref, incident_id, kabkota in conn.execute(stmt):
            if principal.scope.contains(kabkota):
                found[(source, ref)] = (incident_id, kabkota)
    return found


def read_and_prepare(conn: Connection, principal: Principal, kind: str, file_name: str, data: bytes,
                     **kwargs: Any) -> Prepared:
    """Alias of :func:`prepare_file` for callers that think in those words."""
    return prepare_file(conn, principal, kind, file_name, data, **kwargs)


# --------------------------------------------------------------------------- plan


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def _from_json(table, column: str, value: Any) -> Any:
    if value is None:
        return None
    python_type = table.c[column].type.python_type
    if python_type is date and isinstance(value, str):
        return date.fromisoformat(value)
    if python_type is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if python_type is time and isinstance(value, str):
        return time.fromisoformat(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, date) and not isinstance(new, datetime):
        old = old.date()
    if isinstance(old, float) or isinstance(new, float):
        try:
            return old is not None and new is not None and abs(float(old) - float(new)) <= 1e-9 * max(1, abs(float(new)))
        except (TypeError, ValueError):
            return False
    return old == new


def _existing(conn: Connection, kind: str, keys: list[tuple]) -> dict[tuple, dict[str, Any]]:
    """Current rows (all columns) of the given natural keys."""
    table = TABLES[kind]
    key_columns = [table.c[c] for c in K.KINDS[kind].key_columns]
    found: dict[tuple, dict[str, Any]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        if len(key_columns) == 1:
            condition = key_columns[0].in_([k[0] for k in chunk])
        else:
            condition = tuple_(*key_columns).in_(chunk)
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


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


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
    skipped = [{"row": n, "reasons": reasons.get(n, ["dilewati oleh pengguna"])} for n in sorted(skip)
               if any(r.row == n for r in prepared.rows)]
    report = progress or (lambda fraction, text: None)
    try:
        with engine.begin() as conn:
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
           updates: list[tuple[PreparedRow, dict[str, Any], dict[str, Any]]], report: Progress) -> None:
    table = TABLES[kind]
    now = _now()
    defaults = K.INSERT_DEFAULTS[kind]
    stamp: dict[str, Any] = {"import_id": import_id}
    if kind in (K.INCIDENTS, K.HANDLING_ACTIONS):
        stamp.update(created_by=principal.username, created_at=now)
    if kind == K.INDICATOR_VALUES:
        stamp.update(updated_by=principal.username, updated_at=now, withdrawn_at=None)
    if kind == K.INCIDENTS:
        stamp.update(version=1)
    total = max(1, len(inserts) + len(updates))
    batch = 5000
    for start in range(0, len(inserts), batch):
        rows = [{**defaults, **r.values, **stamp} for r in inserts[start:start + batch]]
        conn.execute(insert(table), rows)
        report(0.1 + 0.7 * (start + len(rows)) / total, f"Menulis baris baru: {start + len(rows)} dari {len(inserts)}")
    if kind == K.INDICATOR_DEFINITIONS:
        inserted_ids: list[Any] = [r.values["code"] for r in inserts]
    else:
        updated_ids = {old["id"] for _, _, old in updates}
        inserted_ids = [i for i in conn.execute(select(table.c.id).where(table.c.import_id == import_id)).scalars()
                        if i not in updated_ids]
    _apply_updates(conn, principal, kind, import_id, updates, now)
    report(0.9, "Mencatat asal-usul data")
    changes = [_change(kind, import_id, rid, "insert", None) for rid in inserted_ids]
    changes += [_change(kind, import_id, old.get("id", 0), "update",
                        {c: _jsonable(v) for c, v in old.items()}) for _, _, old in updates]
    for start in range(0, len(changes), batch):
        conn.execute(insert(ImportChange), changes[start:start + batch])


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


# --------------------------------------------------------------------------- rollback


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


# --------------------------------------------------------------------------- history


HISTORY_COLUMNS = ("id", "kind", "file_name", "source", "status", "rows_added", "rows_updated", "rows_unchanged",
                   "rows_skipped", "imported_by", "imported_at", "rolled_back_by", "rolled_back_at", "content_hash")


def import_history(conn: Connection, principal: Principal, *, limit: int = 200) -> pd.DataFrame:
    """Recent imports, newest first. National users see all; others see the imports they made."""
    stmt = select(*[Import.__table__.c[c] for c in HISTORY_COLUMNS]).order_by(Import.id.desc()).limit(limit)
    if principal.scope.code is not None:
        stmt = stmt.where(Import.imported_by == principal.username)
    return pd.DataFrame(conn.execute(stmt).all(), columns=list(HISTORY_COLUMNS))


def skipped_rows(conn: Connection, principal: Principal, import_id: int) -> list[dict[str, Any]]:
    """The rows an import skipped, each with its reasons."""
    stmt = select(Import.skipped_rows, Import.imported_by).where(Import.id == import_id)
    found = conn.execute(stmt).one_or_none()
    if found is None or (principal.scope.code is not None and found[1] != principal.username):
        return []
    return list((found[0] or {}).get("rows", []))
