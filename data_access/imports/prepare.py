"""Prepare: read a file, map its columns and validate every row; nothing is written."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from data_access.imports import kinds as K
from data_access.imports import validators as V
from data_access.imports.mapping import missing_required, resolve_mapping
from data_access.imports.messages import Problem, message
from data_access.imports.model import CHUNK, Prepared, PreparedRow, _require
from data_access.imports.parsing import is_formula
from data_access.imports.reading import RawTable, read_table
from data_access.imports.region_match import RegionMatcher
from data_access.imports.rowcheck import Context, vocab
from data_access.models import (
    Incident,
    IndicatorDefinition,
)
from domain.access import Principal


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()




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
    ctx = Context(principal, RegionMatcher.load(conn), today, default_source=default_source,
                    source_name=source_name)
    if kind == K.INDICATOR_VALUES:
        ctx.definitions = {code: (low, high, source) for code, low, high, source in conn.execute(
            select(IndicatorDefinition.code, IndicatorDefinition.min_value, IndicatorDefinition.max_value,
                   IndicatorDefinition.source))}
    columns_of = {target: column for column, target in effective.items()}
    index_of = {column: table.columns.index(column) for column in effective}
    if kind == K.HANDLING_ACTIONS:
        ctx.incidents = _incident_lookup(conn, principal, table, index_of, columns_of, default_source)
    validator = V.VALIDATORS[kind]
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
        return vocab("source")(source_name)
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
