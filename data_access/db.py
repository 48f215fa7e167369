"""Engine creation and migrations for SQLite (embedded default) and PostgreSQL."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from enum import StrEnum

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = ROOT / "data" / "sipks.db"
SECRETS_FILE = ROOT / ".streamlit" / "secrets.toml"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

__all__ = ["Engine", "alembic_config", "database_url", "is_migrated", "make_engine", "upgrade"]


def database_url() -> str:
    """The database URL: ``SIPKS_DATABASE_URL``, else ``[database] url`` in secrets.toml, else SQLite."""
    url = os.environ.get("SIPKS_DATABASE_URL")
    if url:
        return url
    if SECRETS_FILE.exists():
        secrets = tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
        url = secrets.get("database", {}).get("url")
        if url:
            return url
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


DEFAULT_BUSY_TIMEOUT_SECONDS = 30.0


def sqlite_busy_timeout() -> float:
    """How long a SQLite writer waits for another one (``SIPKS_SQLITE_BUSY_TIMEOUT``, seconds; default 30)."""
    raw = os.environ.get("SIPKS_SQLITE_BUSY_TIMEOUT", "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_BUSY_TIMEOUT_SECONDS
    except ValueError:
        raise ValueError(f"SIPKS_SQLITE_BUSY_TIMEOUT harus berupa angka detik, bukan {raw!r}") from None
    return max(0.0, value)


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`), with SQLite tuned for concurrent readers.

    PostgreSQL pings a pooled connection before use (``pool_pre_ping``), so after the server was
    restarted the app drops the dead connections and carries on by itself.
    """
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        timeout = sqlite_busy_timeout()
        engine = create_engine(url, connect_args={"timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def statement_reads(engine: Engine) -> Engine:
    """``engine`` for reads that need no transaction: each statement runs on its own (same pool).

    On PostgreSQL a transaction costs two extra round trips per read (BEGIN, and the ROLLBACK when the
    connection is closed); under READ COMMITTED every statement sees its own snapshot either way, so a
    read of one statement, or of statements that need not agree, gives the same rows without them.
    SQLite's driver starts no transaction for a SELECT: the engine is returned as it is.
    """
    if engine.dialect.name == "sqlite":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the app read while an import or backup writes; FKs are off by default in SQLite.
    # The busy timeout is the driver's ``timeout`` (sqlite3 sets it as busy_timeout on connect).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class DatabaseTrouble(StrEnum):
    """Why the database could not answer, when it is worth trying again later."""

    BUSY = "busy"                # SQLite: another process held the write lock longer than the busy timeout
    UNAVAILABLE = "unavailable"  # PostgreSQL (or the file) cannot be reached: server stopped, network, restart


_BUSY = ("database is locked", "database table is locked")
_UNAVAILABLE = ("connection refused", "could not connect", "server closed the connection", "terminating connection",
                "connection is closed", "connection failed", "the database system is starting up",
                "the database system is shutting down", "no such file or directory", "connection timeout",
                "unable to open database file", "connection to server", "consuming input failed",
                "the database system is in recovery mode", "ssl syscall error")


def database_trouble(exc: BaseException) -> DatabaseTrouble | None:
    """Classify ``exc``: a busy or unreachable database (retry later), or None for anything else."""
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig if exc.orig is not None else exc).lower()
    if any(s in text for s in _BUSY):
        return DatabaseTrouble.BUSY
    if exc.connection_invalidated or any(s in text for s in _UNAVAILABLE):
        return DatabaseTrouble.UNAVAILABLE
    return None


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (creates every table on an empty database)."""
    command.upgrade(alembic_config(engine), revision)


def is_migrated(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
