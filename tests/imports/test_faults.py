"""Fault tests (issue 16 findings 6 and 8): an import killed with SIGKILL in the middle of writing leaves
no partial rows, on SQLite and PostgreSQL; two imports at once lose and duplicate nothing; an import that
meets a locked SQLite database says so in Bahasa Indonesia (``galat:``), without a traceback."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from data_access.imports.model import IMPORT_LOCK_KEY
from data_access.models import Import, Incident
from tests.conftest import ROOT

HEADER = "ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat;luka\n"
KABKOTA = ("Kab. Gowa", "Kota Makassar", "Kab. Maros", "Kab. Bone")


def _csv(path: Path, prefix: str, rows: int) -> Path:
    day = date(2026, 1, 1)
    lines = [f"{prefix}-{i};polri;{day + timedelta(days=i % 300):%Y-%m-%d};{KABKOTA[i % 4]};ormas;ringan;{i % 3}\n"
             for i in range(rows)]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _import_cmd(url: str, path: Path) -> list[str]:
    return [sys.executable, "-m", "data_access", "--database-url", url, "import", "incidents", str(path),
            "--source", "uji-gangguan"]


def _counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(Incident)).scalar_one(),
                conn.execute(select(func.count()).select_from(Import)).scalar_one())


def _refs(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(Incident.source_ref)).scalars())


def _writing(engine, process) -> bool:
    """The import process holds its write transaction (SQLite: the write lock; PostgreSQL: the import lock)."""
    if engine.dialect.name == "sqlite":
        probe = sqlite3.connect(engine.url.database, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND ((classid::bigint << 32) | objid::bigint) = :key"), {"key": IMPORT_LOCK_KEY}).scalar_one())


def test_sigkill_during_an_import_leaves_no_partial_rows(db, tmp_path):
    path = _csv(tmp_path / "besar.csv", "KILL", 20_000)
    before = _counts(db)
    process = subprocess.Popen(_import_cmd(_url(db), path), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    while not _writing(db, process):
        assert process.poll() is None, f"impor selesai sebelum sempat dihentikan: {process.stderr.read()[-500:]}"
        assert time.monotonic() < deadline, "impor tidak pernah mulai menulis"
        time.sleep(0.05)
    time.sleep(0.3)  # well inside the write
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while _writing(db, process) and time.monotonic() < deadline:  # PostgreSQL rolls back when the socket drops
        time.sleep(0.1)
    assert _counts(db) == before
    # The same file imports completely afterwards (nothing half-done blocks it).
    done = subprocess.run(_import_cmd(_url(db), path), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _counts(db) == (before[0] + 20_000, before[1] + 1)


def test_two_imports_at_once_lose_and_duplicate_nothing(db, tmp_path):
    first = _csv(tmp_path / "a.csv", "SAMA", 3_000)
    second = _csv(tmp_path / "b.csv", "LAIN", 3_000)
    same_again = tmp_path / "a_lagi.csv"
    same_again.write_bytes(first.read_bytes())
    processes = [subprocess.Popen(_import_cmd(_url(db), p), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for p in (first, second, same_again)]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in processes]
    for code, err in results:
        assert code == 0, err[-2000:]
        assert "Traceback" not in err
    refs = _refs(db)
    assert len(refs) == len(set(refs)) == 6_000
    assert {r.split("-")[0] for r in refs} == {"SAMA", "LAIN"}


def test_a_locked_sqlite_database_gives_a_clear_message_and_no_traceback(tmp_path):
    """Finding 6: the second of two concurrent imports died with a raw `database is locked` traceback."""
    from tests.conftest import migrated_engine

    engine = migrated_engine(f"sqlite:///{tmp_path / 'sipks.db'}")
    path = _csv(tmp_path / "kecil.csv", "KUNCI", 50)
    holder = sqlite3.connect(tmp_path / "sipks.db", timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock (as a long import does)
    try:
        env = {**os.environ, "SIPKS_SQLITE_BUSY_TIMEOUT": "1"}
        locked = subprocess.run(_import_cmd(_url(engine), path), cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=300)
    finally:
        holder.rollback()
        holder.close()
    assert locked.returncode == 75, locked.stderr[-2000:]
    assert locked.stderr.startswith("galat: basis data sedang dikunci") and "Coba lagi" in locked.stderr
    assert "Traceback" not in locked.stderr
    assert _counts(engine) == (0, 0)
    retried = subprocess.run(_import_cmd(_url(engine), path), cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
    assert retried.returncode == 0, retried.stderr[-2000:]
    assert _counts(engine) == (50, 1)
    engine.dispose()


def test_busy_timeout_comes_from_the_environment(monkeypatch, tmp_path):
    from data_access.db import make_engine

    monkeypatch.setenv("SIPKS_SQLITE_BUSY_TIMEOUT", "2.5")
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 2500
    engine.dispose()
