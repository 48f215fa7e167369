"""Prepare: read a file, map its columns and validate every row; nothing is written."""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from data_access.imports import kinds as K
from data_access.imports import validators as V
from data_access.imports.incident_columns import clean_incident_values
from data_access.imports.mapping import missing_required, resolve_mapping
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.messages import Problem, message
from data_access.imports.model import CHUNK, Prepared, PreparedRow, _require, gc_paused
from data_access.imports.parsing import (
    MIN_DATE,
    CellError,
    is_formula,
    normalise_name,
    parse_coordinate,
    parse_number,
)
from data_access.imports.placement import place
from data_access.imports.presets import Preset
from data_access.imports.reading import RawTable, read_table
from data_access.imports.region_match import RegionMatcher
from data_access.imports.rowcheck import Context, RowPoint, vocab
from data_access.models import (
    Incident,
    IndicatorDefinition,
)
from domain.access import Principal


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()




@gc_paused()
def prepare_file(conn: Connection, principal: Principal, kind: str, file_name: str, data: bytes, *,
                 mapping: dict | MappingSpec | None = None, source_name: str | None = None,
                 today: date | None = None, max_bytes: int | None = None, sheet: str | None = None,
                 earliest: date | None = None, preset: Preset | None = None) -> Prepared:
    """Read the uploaded bytes and validate them (raises :class:`~data_access.imports.reading.FileRejected`)."""
    _require(principal, K.KINDS[kind].permission, f"mengimpor {K.KINDS[kind].label.lower()}")
    table = read_table(file_name, data, sheet=sheet, **({"max_bytes": max_bytes} if max_bytes else {}))
    return prepare(conn, principal, kind, table, content_hash(data), mapping=mapping, source_name=source_name,
                   today=today, earliest=earliest, preset=preset)


@gc_paused()
def prepare(conn: Connection, principal: Principal, kind: str, table: RawTable, file_hash: str, *,
            mapping: dict | MappingSpec | None = None, source_name: str | None = None,
            today: date | None = None, earliest: date | None = None, preset: Preset | None = None,
            matcher: RegionMatcher | None = None) -> Prepared:
    """Map the file's columns and validate every row; nothing is written.

    ``preset`` supplies the mapping (unless ``mapping`` is given), the source, the earliest date
    and the coordinates' precision rule; ``earliest`` overrides the preset's and the default.
    ``matcher``: the region matcher to use (a streamed import keeps one, and its memory of answers,
    for all its chunks); by default one is loaded.
    """
    spec = K.KINDS[kind]
    _require(principal, spec.permission, f"mengimpor {spec.label.lower()}")
    today = today or date.today()
    if mapping is None and preset is not None:
        mapping = preset.mapping
    rules = mapping if isinstance(mapping, MappingSpec) else MappingSpec.from_json(mapping)
    source_name = source_name or (preset.source_name if preset else None)
    table = _spelled_as_rules(table, rules, preset)
    default_source = _source_code(source_name) or _source_code(rules.fixed.get("sumber"))
    effective, file_problems = resolve_mapping(kind, table.file_name, table.columns, rules.columns,
                                               guess=rules.guess, provided=rules.provided - set(rules.columns.values()))
    rules = rules.with_columns(effective)
    file_problems += missing_required(kind, table.file_name, effective, has_default_source=default_source is not None,
                                      provided=rules.provided)
    # A value map reads one named column: a file without it is not the export the rule was written for.
    # (Derivations may list alternatives, e.g. deaths or fatalities, so absent ones are simply empty.)
    absent = sorted({m.column for m in rules.value_maps.values()} - set(table.columns))
    file_problems += [Problem(table.file_name, 1, c, c, message("mapping_column_absent", value=c),
                              "mapping_column_absent") for c in absent]
    prepared = Prepared(kind, table.file_name, file_hash, source_name, effective, table.columns, [], [],
                        file_problems, rules)
    if file_problems:
        return prepared
    ctx = Context(principal, matcher or RegionMatcher.load(conn), today, default_source=default_source,
                  source_name=source_name, earliest=earliest or (preset.earliest if preset else None) or MIN_DATE)
    if kind == K.INDICATOR_VALUES:
        ctx.definitions = {code: (low, high, source) for code, low, high, source in conn.execute(
            select(IndicatorDefinition.code, IndicatorDefinition.min_value, IndicatorDefinition.max_value,
                   IndicatorDefinition.source))}
    columns_of = {target: column for column, target in effective.items()}
    index_of = {column: table.columns.index(column) for column in effective}
    if kind == K.HANDLING_ACTIONS:
        ctx.incidents = _incident_lookup(conn, principal, table, index_of, columns_of, default_source)
    validator = V.VALIDATORS[kind]
    problems: list[Problem] = list(table.problems) + _unlisted_values(table, rules)
    broken = {p.row for p in table.problems if not p.warning}
    seen: dict[tuple, int] = {}
    simple = not (rules.fixed or rules.value_maps or rules.derive)
    # Each field's texts, one list per field (what rules.cells gives each row, built column by column).
    if simple:
        by_column = list(zip(*table.rows)) if table.rows else [()] * len(table.columns)
        field_columns = {target: by_column[index_of[column]] for column, target in effective.items()}
    else:
        field_columns = rules.cells_columns(table.columns, table.rows)
    fields = list(field_columns)
    points = _points(kind, table, field_columns, preset)
    # Clean incident rows are validated column by column; every other row (and every row of the
    # other kinds) goes through the row validator, which reports its problems.
    fast: list[dict[str, Any] | None] = (
        clean_incident_values(field_columns, len(table.rows), ctx, points) if kind == K.INCIDENTS
        else [None] * len(table.rows))
    refused = _refused_rows(table, preset)
    for index in (_formula_rows(field_columns) | {i for i, n in enumerate(table.row_numbers) if n in broken}
                  | set(refused)):
        fast[index] = None
    key_columns = spec.key_columns
    for index, (values, number) in enumerate(zip(fast, table.row_numbers)):
        if values is not None:
            # A clean row: only the duplicate check is left (a duplicate is reported below).
            key = tuple([values.get(c) for c in key_columns])
            if None in key or key not in seen:
                if None not in key:
                    seen[key] = number
                prepared.rows.append(PreparedRow(number, values, key))
                continue
        row_problems: list[Problem] = []
        cells: dict[str, str] | None = None

        def report(field_key: str, code: str, _number=number, _out=row_problems, /,
                   warning: bool = False, **params) -> None:
            row_cells = cells if cells is not None else {f: field_columns[f][index] for f in fields}
            _out.append(Problem(table.file_name, _number, columns_of.get(field_key) or rules.origin(field_key)
                                or field_key, row_cells.get(field_key), message(code, **params), code, warning))

        if values is None:
            cells = {f: field_columns[f][index] for f in fields}
            # Leading tab/CR count as formula starts, so only spaces are stripped before the check.
            formulas = [name for name, value in cells.items()
                        if value[:1] in _FORMULA_FIRST and is_formula(value.lstrip(" "))]
            for name in formulas:
                report(name, "formula")
                cells[name] = ""
            ctx.point = points[index] if points is not None else None
            if index in refused:   # the whole row is out: its other cells' problems would only be noise
                row_problems.append(refused[index])
                values = {}
            else:
                values = validator(cells, ctx, report)
            values.pop("provinsi", None)
        key = tuple([values.get(c) for c in key_columns])
        errors = [p for p in row_problems if not p.warning]
        if not errors and None not in key:
            if key in seen:
                report(spec.fields[0].key, "duplicate_row", first=seen[key], key=" / ".join(map(str, key)))
                errors = [1]
            else:
                seen[key] = number
        problems += row_problems
        ok = not errors and number not in broken
        prepared.rows.append(PreparedRow(number, values if ok else None, key if ok else None))
    prepared.problems = sorted(problems, key=lambda p: (p.row or 0))
    return prepared


def _unlisted_values(table: RawTable, rules: MappingSpec) -> list[Problem]:
    """A warning per value a value map does not list and sends to its default (at its first row): a new
    ACLED sub-event type or a different spelling must not turn into "lainnya" unseen."""
    out = []
    for key, vmap in rules.value_maps.items():
        if vmap.default is None or vmap.column not in table.columns:
            continue
        at = table.columns.index(vmap.column)
        also = table.columns.index(vmap.with_column) if vmap.with_column in table.columns else None
        first: dict[str, int] = {}
        count: dict[str, int] = {}
        for raw, number in zip(table.rows, table.row_numbers):
            text = raw[at].strip()
            if text and not vmap.lists(text, raw[also] if also is not None else ""):
                first.setdefault(text, number)
                count[text] = count.get(text, 0) + 1
        out += [Problem(table.file_name, row, vmap.column, text,
                        message("value_not_in_map", field=key, default=vmap.default, count=count[text]),
                        "value_not_in_map", True) for text, row in first.items()]
    return out


def _spelled_as_rules(table: RawTable, rules: MappingSpec, preset: Preset | None) -> RawTable:
    """The table with its headers spelled as the rules name them where they differ only in case
    (ACLED's older exports and codebook write EVENT_ID_CNTY, EVENT_DATE …; its API writes lower case)."""
    named = rules.source_columns() | {rule.column for rule in (
        (preset.precision, preset.country, preset.date_precision) if preset else ()) if rule is not None}
    missing = {name.casefold(): name for name in named - set(table.columns)}
    if not missing:
        return table
    columns = tuple(c if c in named else missing.get(c.strip().casefold(), c) for c in table.columns)
    if len(set(columns)) < len(columns):
        return table   # two headers would become one: leave the file as written (mapping problems follow)
    return dataclasses.replace(table, columns=columns)


def _refused_rows(table: RawTable, preset: Preset | None) -> dict[int, Problem]:
    """Rows the preset's rules refuse, by index: another country's event, or a date known only to the year."""
    out: dict[int, Problem] = {}
    if preset is None:
        return out
    country, dated = preset.country, preset.date_precision
    if country is not None and country.column in table.columns:
        at = table.columns.index(country.column)
        allowed = {normalise_name(v) for v in country.values}
        for i, raw in enumerate(table.rows):
            text = raw[at].strip()
            if text and normalise_name(text) not in allowed:
                out[i] = Problem(table.file_name, table.row_numbers[i], country.column, text,
                                 message("other_country", country=text), "other_country")
    if dated is not None and dated.column in table.columns:
        at = table.columns.index(dated.column)
        for i, raw in enumerate(table.rows):
            text = raw[at].strip()
            if i not in out and text and not _grade(text) <= dated.max:
                out[i] = Problem(table.file_name, table.row_numbers[i], dated.column, text,
                                 message("date_too_coarse", column=dated.column, precision=text), "date_too_coarse")
    return out


def _formula_rows(field_columns: dict[str, Any]) -> set[int]:
    """Rows with a cell a spreadsheet would run as a formula (they are reported row by row)."""
    rows: set[int] = set()
    for values in field_columns.values():
        formulas = {value for value in set(values)
                    if value[:1] in _FORMULA_FIRST and is_formula(value.lstrip(" "))}
        if formulas:
            rows.update(i for i, value in enumerate(values) if value in formulas)
    return rows


_FORMULA_FIRST = frozenset("=+-@\t\r ")


def _points(kind: str, table: RawTable, field_columns: dict[str, Any], preset: Preset | None
            ) -> list[RowPoint | None] | None:
    """Every row's coordinates placed on the boundaries in one vectorised join (None: no coordinates)."""
    if kind != K.INCIDENTS or not table.rows or "lintang" not in field_columns or "bujur" not in field_columns:
        return None
    lat = _coordinates(field_columns["lintang"])
    lon = _coordinates(field_columns["bujur"])
    placed = place(lat, lon)
    precision = preset.precision if preset is not None else None
    if precision is not None and precision.column in table.columns:
        at = table.columns.index(precision.column)
        grades = [raw[at].strip() for raw in table.rows]
    else:
        grades = [""] * len(table.rows)
    trusted_of: dict[str, bool] = {}
    for grade in set(grades):
        trusted = True
        if precision is not None and grade:
            value = _grade(grade)
            trusted = not np.isnan(value) and value <= precision.max_for_kabkota
        trusted_of[grade] = trusted
    valid = (~(np.isnan(lat) | np.isnan(lon))).tolist()
    made: dict[tuple, RowPoint] = {}
    out: list[RowPoint | None] = []
    for ok, kabkota, kecamatan, grade, near in zip(valid, placed.kabkota.tolist(), placed.kecamatan.tolist(), grades,
                                                   placed.near.tolist()):
        if not ok:
            out.append(None)
            continue
        key = (kabkota, kecamatan, grade, near)
        point = made.get(key)
        if point is None:
            point = made[key] = RowPoint(kabkota, kecamatan, trusted_of[grade], grade, near)
        out.append(point)
    return out


def _coordinates(texts: Any) -> np.ndarray:
    """Coordinates as floats (NaN where empty or unreadable), parsed once per distinct text."""
    memo = {text: _coordinate(text) for text in set(texts)}
    return np.fromiter((memo[t] for t in texts), dtype=float, count=len(texts))


def _grade(text: str) -> float:
    try:
        return parse_number(text)
    except CellError:
        return float("nan")


def _coordinate(text: str) -> float:
    try:
        return parse_coordinate(text) if text.strip() else float("nan")
    except CellError:
        return float("nan")


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
