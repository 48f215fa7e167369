"""The import's records: prepared rows, plan and results, and the two ways an import is refused."""
from __future__ import annotations

import gc
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable, Iterable, Iterator

import pandas as pd
from sqlalchemy import Connection, text

from data_access.imports import kinds as K
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.messages import Problem, message
from data_access.models import HandlingAction, Incident, IndicatorDefinition, IndicatorValue
from domain.access import Permission, Principal
from domain.spreadsheet import neutralise_frame

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
    rules: MappingSpec | None = None  # the full mapping (fixed values, value maps, derivations)

    @property
    def ok(self) -> bool:
        return not self.file_problems

    @property
    def error_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None and not p.warning})

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
    """Problems as a table with Bahasa Indonesia headers (Berkas, Baris, Kolom, Nilai, Masalah, Jenis)."""
    frame = pd.DataFrame([p.as_dict() for p in problems],
                         columns=["file", "row", "column", "value", "reason", "code", "warning"])
    frame["warning"] = ["peringatan" if w else "galat" for w in frame["warning"]]
    return frame.drop(columns="code").rename(columns={"file": "Berkas", "row": "Baris", "column": "Kolom",
                                                      "value": "Nilai", "reason": "Masalah", "warning": "Jenis"})


def problems_file(problems: Iterable[Problem], fmt: str) -> bytes:
    """The full problem list as CSV (UTF-8 with BOM, opens in Excel) or XLSX, formula-safe."""
    frame = neutralise_frame(problems_frame(problems))
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="Masalah", engine="openpyxl")
    return buffer.getvalue()


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


# --------------------------------------------------------------------------- shared by prepare, commit, rollback


def _require(principal: Principal, permission: Permission, action: str) -> None:
    if not principal.can(permission):
        raise ImportDenied(message("no_permission", action=action))


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


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic garbage collection while an import builds its rows (also a decorator).

    A 100,000-row file makes millions of tuples and dicts that all stay alive, and each automatic
    collection walks them all again: a third of the time of a prepare. Nothing is lost; the
    collector runs as usual once the import is done (nested uses leave it to the outermost).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# SQLite page cache while an import writes (256 MB, in KiB): inserting rows in file order touches six
# secondary indexes at random places, and the default 2 MB cache made the writes spill and re-read.
IMPORT_CACHE_PRAGMA = "PRAGMA cache_size=-262144"


@contextmanager
def write_cache(conn: Connection) -> Iterator[None]:
    """On SQLite, a large page cache for the connection while the import writes; restored after."""
    if conn.dialect.name != "sqlite":
        yield
        return
    previous = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    # A PRAGMA takes no bound parameters; the value put back is the integer SQLite itself reported.
    restore = "PRAGMA cache_size=%d" % previous
    conn.exec_driver_sql(IMPORT_CACHE_PRAGMA)
    try:
        yield
    finally:
        try:
            conn.exec_driver_sql(restore)
        except Exception:  # noqa: BLE001 - a closed connection takes its cache with it; the import's error matters
            pass


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
