"""Issue 16 finding 3: the audit log cannot be replaced or rewritten.

SQLite: REPLACE and UPSERT are refused (``INSERT OR REPLACE`` used to overwrite row 1 without
firing the DELETE trigger). PostgreSQL: the app connects as a member of the least-privilege role
``sipks_app`` (migration 0003): no DDL, so it cannot drop or disable the append-only triggers,
and audit_log is INSERT/SELECT only; migrations run as the owner.
"""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from data_access import audit, auth, incident_write, users
from data_access.db import make_engine
from data_access.models import AuditLog, Incident
from domain.access import SYSTEM
from tests.conftest import PG_URL, cannot_run, migrated_engine
from tests.security.helpers import PASSWORD, make_user

APP_ROLE = "sipks_app"


def _first_row(conn) -> tuple:
    return conn.execute(select(AuditLog.id, AuditLog.action, AuditLog.username).order_by(AuditLog.id)).first()


@pytest.mark.parametrize("statement", [
    "INSERT OR REPLACE INTO audit_log (id, at, action, username) VALUES (:id, CURRENT_TIMESTAMP, 'dipalsukan', 'x')",
    "REPLACE INTO audit_log (id, at, action, username) VALUES (:id, CURRENT_TIMESTAMP, 'dipalsukan', 'x')",
    "INSERT INTO audit_log (id, at, action, username) VALUES (:id, CURRENT_TIMESTAMP, 'dipalsukan', 'x') "
    "ON CONFLICT (id) DO UPDATE SET action = excluded.action, username = excluded.username",
], ids=["insert-or-replace", "replace", "upsert"])
def test_audit_rows_cannot_be_replaced_or_upserted(db, statement):
    if db.dialect.name == "postgresql" and "REPLACE" in statement:
        statement = statement.replace("INSERT OR REPLACE", "INSERT").replace("REPLACE INTO", "INSERT INTO") + \
            " ON CONFLICT (id) DO UPDATE SET action = excluded.action"  # PostgreSQL's only way to replace
    with db.begin() as conn:
        make_user(conn, "budi")
    with db.connect() as conn:
        before = _first_row(conn)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.begin() as conn:
            conn.execute(text(statement), {"id": before.id})
    with db.begin() as conn:
        assert _first_row(conn) == before
        audit.record(conn, SYSTEM, "uji_tambah")   # appending still works
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar_one() == 2


# ----------------------------------------------------------------------------- PostgreSQL: the app's role

@pytest.fixture(scope="module")
def pg_roles():
    """A fresh database migrated by its owner, and an engine logged in as an app login role in ``sipks_app``."""
    if not PG_URL:
        cannot_run("SIPKS_TEST_DATABASE_URL tidak diset: uji peran aplikasi PostgreSQL tidak dapat berjalan")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"sipks_roles_{uuid.uuid4().hex[:10]}"
    login = f"sipks_web_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    owner_url = make_url(PG_URL).set(database=name)
    owner = migrated_engine(owner_url.render_as_string(hide_password=False))
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE {APP_ROLE}'))
    app = make_engine(owner_url.set(username=login).render_as_string(hide_password=False))
    yield owner, app
    app.dispose()
    owner.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    admin.dispose()


def test_the_app_role_does_its_work(pg_roles):
    """Everything the app does at run time works as the app role: users, login, sessions, incidents, audit."""
    owner, app = pg_roles
    with app.begin() as conn:
        user = make_user(conn, "budi", role="operator", scope="73.71")
        result = auth.authenticate(conn, "budi", PASSWORD)
        assert result.status is auth.LoginStatus.OK
        auth.create_session(conn, user, auth.AuthSettings(b"k" * 48, *_lifetimes()))
        new_id = incident_write.create_incident(conn, user.principal(), {
            "occurred_on": date(2026, 11, 1), "reported_on": date(2026, 11, 2), "kabkota_code": "73.71",
            "category": "bentrok_antarwarga", "severity": "ringan", "source": "polri", "description": "uji peran"})
        conn.execute(update(Incident).where(Incident.id == new_id).values(handling_status="ditangani"))
        audit.record(conn, user.principal(), "uji_peran_aplikasi")
        users.set_active(conn, SYSTEM, "budi", True)
    with app.connect() as conn:
        assert "uji_peran_aplikasi" in set(conn.execute(select(AuditLog.action)).scalars())
        assert conn.execute(text("SELECT current_user")).scalar_one().startswith("sipks_web_")
        assert not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar_one()


def _lifetimes():
    from datetime import timedelta

    return timedelta(minutes=30), timedelta(hours=12)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'dipalsukan'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "INSERT INTO audit_log (id, at, action) SELECT id, at, 'x' FROM audit_log ON CONFLICT (id) DO UPDATE SET action = 'x'",
    "DROP TRIGGER audit_log_no_update_delete ON audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TABLE audit_log",
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    "SET session_replication_role = replica",
    "CREATE TABLE uji_ddl (id integer)",
    "ALTER TABLE incidents ADD COLUMN uji integer",
    "DROP TABLE incidents",
    "UPDATE alembic_version SET version_num = '0001'",
], ids=["update", "delete", "truncate", "upsert", "drop-trigger", "disable-trigger", "drop-audit", "replace-function",
        "replication-role", "create-table", "alter-table", "drop-table", "alembic-version"])
def test_the_app_role_cannot_rewrite_the_audit_log_or_change_the_schema(pg_roles, statement):
    owner, app = pg_roles
    with owner.begin() as conn:
        audit.record(conn, SYSTEM, "baris_awal")
        before = conn.execute(select(func.count()).select_from(AuditLog)).scalar_one()
    with pytest.raises(DBAPIError, match="permission denied|must be owner|must be superuser|append-only"):
        with app.begin() as conn:
            conn.execute(text(statement))
    with owner.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar_one() == before
        triggers = set(conn.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                                         "AND tgenabled <> 'D'")).scalars())
    assert {"audit_log_no_update_delete", "audit_log_no_truncate"} <= triggers


def test_tables_of_later_migrations_are_granted_to_the_app_role(pg_roles):
    """Default privileges: a table the owner creates later is usable by the app without a new grant."""
    owner, app = pg_roles
    with owner.begin() as conn:
        conn.execute(text("CREATE TABLE uji_migrasi_baru (id serial PRIMARY KEY, v text)"))
    with app.begin() as conn:
        conn.execute(text("INSERT INTO uji_migrasi_baru (v) VALUES ('a')"))
        assert conn.execute(text("SELECT count(*) FROM uji_migrasi_baru")).scalar_one() == 1
    with owner.begin() as conn:
        conn.execute(text("DROP TABLE uji_migrasi_baru"))


def test_insert_is_all_the_app_role_may_do_to_the_audit_log(pg_roles):
    owner, app = pg_roles
    with app.begin() as conn:
        conn.execute(insert(AuditLog).values(action="uji_insert"))
    with owner.connect() as conn:
        grants = set(conn.execute(text(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = 'audit_log' AND grantee = :role"), {"role": APP_ROLE}).scalars())
    assert grants == {"SELECT", "INSERT"}
