"""Streaming import of large CSV files (a million rows): read, validated and written in chunks,
all inside ONE transaction, so memory stays flat and the import is still all or nothing.

Every row is checked; with ``skip_invalid`` rows with problems are skipped and recorded, otherwise
any problem rolls the whole import back. Duplicate keys are caught across chunks.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access import audit
from data_access.imports import kinds as K
from data_access.imports.commit import _classify, _write
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.messages import Problem, message
from data_access.imports.model import (
    TABLES,
    ImportRejected,
    ImportResult,
    Progress,
    _lock,
    _now,
    _require,
    gc_paused,
    write_cache,
)
from data_access.imports.prepare import prepare
from data_access.imports.presets import Preset
from data_access.imports.reading import MAX_BYTES, FileRejected, _build, _sniff_delimiter, has_content
from data_access.imports.region_match import RegionMatcher
from data_access.models import Import
from domain.access import Principal

CHUNK_ROWS = 50_000


@dataclass
class StreamOutcome:
    result: ImportResult | None
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells) of a CSV file, header = 1, decoded as UTF-8 (BOM optional)."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    with path.open("rb") as raw:
        head = raw.read(65536)
    text_head = head.decode("utf-8-sig", errors="ignore")
    delimiter = _sniff_delimiter(text_head)
    with path.open(encoding="utf-8-sig", newline="", errors="strict") as handle:
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        number = 0
        try:
            for record in reader:
                number += 1
                if has_content(record):
                    yield number, record
        except UnicodeDecodeError as exc:
            raise FileRejected([Problem(path.name, number + 1, None, None,
                                        message("undecodable", offset=exc.start, line=number + 1),
                                        "undecodable")]) from None
        except csv.Error as exc:
            raise FileRejected([Problem(path.name, number + 1, None, None,
                                        message("bad_csv", detail=f"baris {number + 1}: {exc}"), "bad_csv")]) from None


@gc_paused()
def stream_import(engine: Engine, principal: Principal, kind: str, path: Path, *,
                  mapping: dict | MappingSpec | None = None, preset: Preset | None = None,
                  source_name: str | None = None, earliest: date | None = None, today: date | None = None,
                  skip_invalid: bool = False, chunk_rows: int = CHUNK_ROWS,
                  progress: Progress | None = None) -> StreamOutcome:
    """Import ``path`` chunk by chunk in one transaction; raises :class:`ImportRejected` (nothing
    written) when a row has a problem and ``skip_invalid`` is off, or the file as a whole is refused."""
    spec = K.KINDS[kind]
    _require(principal, spec.permission, f"mengimpor {spec.label.lower()}")
    report = progress or (lambda fraction, text: None)
    digest = file_hash(path)
    records = _records(path)
    first = next(records, None)
    if first is None:
        raise FileRejected([Problem(path.name, None, None, None, message("empty_file"), "empty_file")])
    header = first[1]
    outcome = StreamOutcome(None)
    seen: set[tuple] = set()
    skipped: list[dict] = []
    added = updated = unchanged = 0
    blocking = 0
    try:
        with engine.begin() as conn, write_cache(conn):
            _lock(conn)
            import_id = conn.execute(insert(Import).values(
                kind=kind, file_name=path.name[:255], content_hash=digest,
                source=(source_name or (preset.source_name if preset else None)), status="committed",
                imported_by=principal.username, imported_at=_now(), rows_skipped=0)).inserted_primary_key[0]
            table = TABLES[kind]
            matcher = RegionMatcher.load(conn)   # one for all chunks: its answers are remembered
            for body in _chunks(records, chunk_rows):
                raw = _build(path.name, list(header), body, max_rows=chunk_rows + 1)
                prepared = prepare(conn, principal, kind, raw, digest, mapping=mapping, source_name=source_name,
                                   today=today, earliest=earliest, preset=preset, matcher=matcher)
                if prepared.file_problems:
                    raise ImportRejected(prepared.file_problems)
                outcome.rows += len(prepared.rows)
                outcome.problems += prepared.problems
                bad = set(prepared.error_rows)
                for row in prepared.rows:
                    if row.key is not None and row.key in seen:
                        outcome.problems.append(Problem(path.name, row.row, None, " / ".join(map(str, row.key)),
                                                        message("duplicate_row", first="sebelumnya",
                                                                key=" / ".join(map(str, row.key))), "duplicate_row"))
                        bad.add(row.row)
                    elif row.key is not None:
                        seen.add(row.key)
                if bad and not skip_invalid:
                    blocking += len(bad)
                    continue  # keep checking the rest so the report is complete; nothing will be kept
                reasons: dict[int, list[str]] = {}
                for p in prepared.problems:
                    reasons.setdefault(p.row, []).append(p.reason)
                skipped += [{"row": n, "reasons": reasons.get(n, [])[:3]} for n in sorted(bad)]
                if blocking:
                    continue
                inserts, updates, same, conflicts = _classify(conn, principal, prepared, bad)
                if conflicts:
                    raise ImportRejected(conflicts)
                after = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
                _write(conn, principal, kind, import_id, inserts, updates, lambda f, t: None, after_id=after)
                added, updated, unchanged = added + len(inserts), updated + len(updates), unchanged + same
                report(min(0.95, outcome.rows / max(outcome.rows + chunk_rows, 1)),
                       f"{outcome.rows:,} baris diperiksa".replace(",", "."))
            if blocking:
                raise ImportRejected([Problem(path.name, None, None, None,
                                              message("has_errors", count=blocking), "has_errors")])
            if not (added or updated or unchanged):
                raise ImportRejected([Problem(path.name, None, None, None, message("nothing_to_import"),
                                              "nothing_to_import")])
            conn.execute(update(Import).where(Import.id == import_id).values(
                rows_added=added, rows_updated=updated, rows_unchanged=unchanged, rows_skipped=len(skipped),
                skipped_rows={"rows": skipped} if skipped else None))
            audit.record(conn, principal, "import", f"impor #{import_id}: {path.name}", {
                "import_id": import_id, "kind": kind, "file": path.name, "hash": digest, "added": added,
                "updated": updated, "unchanged": unchanged, "skipped": len(skipped), "streamed": True})
    except IntegrityError:
        raise ImportRejected([Problem(path.name, None, None, None, message("concurrent_conflict"),
                                      "concurrent_conflict")]) from None
    except ImportRejected as exc:
        exc.problems = outcome.problems + [p for p in exc.problems if p not in outcome.problems]
        raise
    report(1.0, "Selesai")
    outcome.result = ImportResult(import_id, added, updated, unchanged, len(skipped))
    return outcome


def _chunks(records: Iterator[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    chunk: list[tuple[int, list[str]]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
