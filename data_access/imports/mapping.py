"""Column mapping: which file column feeds which field, guessed from headers and saved per source."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy import insert as sa_insert

from data_access.imports.kinds import KINDS
from data_access.imports.messages import Problem, message
from data_access.imports.parsing import normalise_name
from data_access.models import ColumnMapping
from domain.access import Principal

SKIP = "__skip__"


def _key(text: str) -> str:
    return normalise_name(text).replace(" ", "_")


def guess_mapping(kind: str, columns: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``{file column: field key}`` for the columns whose header names a field (or one of its synonyms).

    When several headers name the same field, the one earlier in the field's synonym list wins (then the
    leftmost): a Bawaslu table with "Provinsi" and "Kabupaten/Kota" gives its kab/kota column as the region.
    """
    spec = KINDS[kind]
    index: dict[str, tuple[str, int]] = {}
    for f in spec.fields:
        for rank, name in enumerate((f.key, *f.synonyms)):
            index.setdefault(_key(name), (f.key, rank))
    best: dict[str, tuple[int, int, str]] = {}   # field -> (synonym rank, column position, column)
    for position, column in enumerate(columns):
        found = index.get(_key(column))
        if found and (found[0] not in best or (found[1], position) < best[found[0]][:2]):
            best[found[0]] = (found[1], position, column)
    return {column: target for target, (_, _, column) in sorted(best.items(), key=lambda item: item[1][1])}


def resolve_mapping(kind: str, file_name: str, columns: tuple[str, ...], explicit: dict[str, str] | None,
                    *, guess: bool = True, provided: set[str] = frozenset()) -> tuple[dict[str, str], list[Problem]]:
    """The effective mapping (explicit choices over guesses) and the file-level problems it leaves.

    ``provided``: fields filled otherwise (fixed values, value maps, derivations); guesses never
    take a column for them, so a preset's rule is not overridden by a look-alike header.
    """
    spec = KINDS[kind]
    mapping = {c: f for c, f in guess_mapping(kind, columns).items() if f not in provided} if guess else {}
    problems: list[Problem] = []
    if explicit:
        for column, target in explicit.items():
            if column not in columns:
                problems.append(Problem(file_name, 1, column, column, message("mapping_column_absent", value=column),
                                        "mapping_column_absent"))
                continue
            if target in (SKIP, "", None):
                mapping.pop(column, None)
                continue
            if target not in {f.key for f in spec.fields}:
                problems.append(Problem(file_name, 1, column, target, message("unknown_mapping_field", field=target),
                                        "unknown_mapping_field"))
                continue
            # An explicit choice takes the field away from any guessed column.
            for other, guessed in list(mapping.items()):
                if guessed == target and other != column and other not in explicit:
                    mapping.pop(other)
            mapping[column] = target
    targets = list(mapping.values())
    for target in sorted({t for t in targets if targets.count(t) > 1}):
        problems.append(Problem(file_name, 1, None, target, message("field_mapped_twice", field=target),
                                "field_mapped_twice"))
    return mapping, problems


def missing_required(kind: str, file_name: str, mapping: dict[str, str], *, has_default_source: bool,
                     provided: set[str] = frozenset()) -> list[Problem]:
    spec = KINDS[kind]
    mapped = set(mapping.values()) | set(provided)
    problems = []
    for f in spec.fields:
        if not f.required or f.key in mapped:
            continue
        if f.key == "sumber" and kind == "incidents" and has_default_source:
            continue
        if f.key == "kabupaten_kota" and kind == "incidents" and {"lintang", "bujur"} <= mapped:
            continue  # placed by its coordinates
        problems.append(Problem(file_name, 1, None, None, message("missing_column", field=f.key, label=f.label),
                                "missing_column"))
    return problems


def load_mapping(conn: Connection, kind: str, source_name: str) -> dict | None:
    """The saved mapping of a source for a kind (flat or structured, see ``MappingSpec.from_json``), or None."""
    stmt = select(ColumnMapping.mapping).where(ColumnMapping.kind == kind, ColumnMapping.source_name == source_name)
    return conn.execute(stmt).scalar_one_or_none()


def mapping_sources(conn: Connection, kind: str) -> list[str]:
    """Names of the sources with a saved mapping for ``kind``."""
    stmt = select(ColumnMapping.source_name).where(ColumnMapping.kind == kind).order_by(ColumnMapping.source_name)
    return list(conn.execute(stmt).scalars())


def save_mapping(conn: Connection, principal: Principal, kind: str, source_name: str, mapping: dict) -> None:
    """Create or replace the saved mapping of ``source_name`` for ``kind``."""
    values = {"mapping": dict(mapping), "updated_by": principal.username,
              "updated_at": datetime.now().replace(microsecond=0)}
    done = conn.execute(update(ColumnMapping).where(ColumnMapping.kind == kind,
                                                    ColumnMapping.source_name == source_name).values(**values))
    if not done.rowcount:
        conn.execute(sa_insert(ColumnMapping).values(kind=kind, source_name=source_name, **values))
