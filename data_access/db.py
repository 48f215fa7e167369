"""Engine creation and migrations for SQLite (embedded default) and PostgreSQL."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect

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


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`database_url`), with SQLite tuned for concurrent readers."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the app read while an import or backup writes; FKs are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
