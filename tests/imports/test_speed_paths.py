"""The import's speed-ups keep their promises: keys are looked up through the unique index, the
garbage collector and SQLite's page cache are given back as they were, inserted rows are recorded."""
from __future__ import annotations

import gc
from datetime import date

import pytest
from sqlalchemy import event, select

from data_access.imports import commit, plan, prepare_file, rollback
from data_access.imports.model import gc_paused
from data_access.models import ImportChange, Incident
from domain.access import SYSTEM
from tests.conftest import migrated_engine

TODAY = date(2024, 12, 31)
HEADER = "ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat\n"


def _file(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


FIRST = _file("A-1;polri;2024-02-14;Kab. Gowa;unjuk_rasa;ringan", "A-2;media;2024-02-15;Mks;unjuk_rasa;sedang",
              "A-3;polri;2024-02-16;Mks;unjuk_rasa;ringan")
SECOND = _file("A-1;polri;2024-02-14;Kab. Gowa;unjuk_rasa;ringan", "A-2;media;2024-02-15;Mks;unjuk_rasa;berat",
               "A-3;media;2024-02-16;Mks;unjuk_rasa;ringan", "A-4;polri;2024-02-17;Mks;unjuk_rasa;ringan")


def _prepare(engine, data: bytes):
    with engine.connect() as conn:
        return prepare_file(conn, SYSTEM, "incidents", "laporan.csv", data, today=TODAY)


def test_existing_rows_are_found_per_source_through_the_key_index(db):
    commit(db, SYSTEM, _prepare(db, FIRST))
    prepared = _prepare(db, SECOND)
    statements: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if "FROM incidents" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db, "before_cursor_execute", remember)
    try:
        with db.connect() as conn:
            found = plan(conn, SYSTEM, prepared)
    finally:
        event.remove(db, "before_cursor_execute", remember)
    # A-1 polri unchanged, A-2 media changed; A-3 media and A-4 polri are new (A-3 polri is another key).
    assert (found.inserts, found.updates, found.unchanged) == (2, 1, 1)
    assert len(statements) == 2   # one query per source
    if db.dialect.name == "sqlite":
        with db.connect() as conn:
            for statement, parameters in statements:
                steps = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                assert not any(step.startswith("SCAN incidents") for step in steps), steps
                assert any("USING INDEX" in step for step in steps), steps


def test_inserted_rows_are_recorded_for_rollback(db):
    result = commit(db, SYSTEM, _prepare(db, FIRST))
    second = commit(db, SYSTEM, _prepare(db, SECOND))
    with db.connect() as conn:
        changes = conn.execute(select(ImportChange.import_id, ImportChange.action, ImportChange.row_id,
                                      ImportChange.table_name).order_by(ImportChange.id)).all()
        ids = dict(conn.execute(select(Incident.source_ref + "/" + Incident.source, Incident.id)).all())
    assert [(c.action, c.row_id) for c in changes if c.import_id == result.import_id] == [
        ("insert", ids["A-1/polri"]), ("insert", ids["A-2/media"]), ("insert", ids["A-3/polri"])]
    assert sorted((c.action, c.row_id) for c in changes if c.import_id == second.import_id) == sorted([
        ("insert", ids["A-3/media"]), ("insert", ids["A-4/polri"]), ("update", ids["A-2/media"])])
    assert {c.table_name for c in changes} == {"incidents"}
    undone = rollback(db, SYSTEM, second.import_id)
    assert (undone.withdrawn, undone.restored) == (2, 1)


def test_gc_is_paused_during_an_import_and_given_back():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()   # the outer pause is still on
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()   # a caller's own choice is kept
    finally:
        gc.enable()


def test_sqlite_page_cache_is_restored_after_an_import(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'cache.db'}")
    try:
        with engine.connect() as conn:
            before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        seen: list[int] = []

        def watch(conn, cursor, statement, parameters, context, executemany):
            if statement.startswith("INSERT INTO incidents"):
                seen.append(cursor.connection.execute("PRAGMA cache_size").fetchone()[0])

        event.listen(engine, "before_cursor_execute", watch)
        commit(engine, SYSTEM, _prepare(engine, FIRST))
        event.remove(engine, "before_cursor_execute", watch)
        assert seen and all(size < 0 and -size > 100_000 for size in seen)   # large while writing
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == before
    finally:
        engine.dispose()
