"""Shared fixtures: a migrated database on SQLite always, and on PostgreSQL when
``SIPKS_TEST_DATABASE_URL`` is set (CI sets it). Each PostgreSQL test session
gets its own throw-away database, so runs never see each other's rows.
"""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.models import Base  # noqa: E402
from data_access.reference import load_regions  # noqa: E402

PG_URL = os.environ.get("SIPKS_TEST_DATABASE_URL")
KEEP_TABLES = {"regions", "alembic_version", "data_version"}  # the version only grows
# CI runs `.ci/run` with CI=true: there a test that cannot run fails instead of being skipped.
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def cannot_run(reason: str) -> None:
    """Stop a test that cannot run here: a failure in CI, a skip (reported with ``reason``) on a workstation."""
    if IN_CI:
        pytest.fail(f"tidak dapat berjalan di CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI no test may pass by skipping: any skip (a skip mark, ``pytest.skip``, a missing backend) fails."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"dilewati di CI (CI=true), padahal uji yang tidak dapat berjalan harus GAGAL: {reason}"


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not PG_URL, reason="SIPKS_TEST_DATABASE_URL tidak diset: PostgreSQL dilewati")))
    return params


@pytest.fixture(scope="session")
def _pg_database_url():
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"sipks_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def migrated_engine(url: str):
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        load_regions(conn)
    return engine


@pytest.fixture(scope="session", params=_backends())
def engine(request, tmp_path_factory):
    """A migrated database with the reference regions, shared by the session (one per backend)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'sipks.db'}"
    else:
        url = request.getfixturevalue("_pg_database_url")
    engine = migrated_engine(url)
    yield engine
    engine.dispose()


def clear_data(engine) -> None:
    """Delete every row but the reference regions (children before parents)."""
    with engine.begin() as conn:
        # audit_log is append-only by trigger (migration 0002); tests alone lift that, inside this transaction.
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            guards = []
        else:
            guards = conn.execute(text("SELECT name, sql FROM sqlite_master "
                                       "WHERE type = 'trigger' AND tbl_name = 'audit_log'")).all()
            for name, _ in guards:
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                conn.execute(delete(table))
        for _, sql in guards:
            conn.execute(text(sql))


@pytest.fixture
def db(engine):
    """The session's database, emptied of everything but regions before and after the test."""
    clear_data(engine)
    yield engine
    clear_data(engine)
