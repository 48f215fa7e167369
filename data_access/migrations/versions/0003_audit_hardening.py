"""Audit log hardening: SQLite refuses REPLACE and UPSERT on audit_log; PostgreSQL gets the app's
least-privilege role ``sipks_app`` (no DDL, audit_log INSERT/SELECT only)

SQLite: ``INSERT OR REPLACE`` deletes the old row without firing DELETE triggers (unless
recursive_triggers is on), so an INSERT that names an existing id is refused before it runs;
``INSERT … ON CONFLICT DO UPDATE`` is refused by the same trigger (and by the UPDATE trigger).

PostgreSQL: the app connects as a login role that is a member of ``sipks_app``; migrations run
as the owner of the tables. Only the owner (or a superuser) may ALTER or DROP a table or its
triggers, so the app role cannot switch the append-only triggers of 0002 off; it gets SELECT,
INSERT, UPDATE, DELETE on every table except audit_log (SELECT, INSERT) and alembic_version
(SELECT). Default privileges give tables that later migrations create the same grants.
Roles are cluster-wide: the role is created once if missing (the owner needs CREATEROLE, or a
DBA creates it first: ``CREATE ROLE sipks_app NOLOGIN``) and is never dropped by a downgrade.

Revision ID: 0003
Revises: 0006
"""
from alembic import op

revision = "0003"
down_revision = "0006"
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only"
APP_ROLE = "sipks_app"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        op.execute(f"CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
                   f"WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
                   f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def _postgresql_upgrade() -> None:
    # Parallel migrations of several databases on one cluster may race to create the role.
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN;
            END IF;
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'peran {APP_ROLE} belum ada dan pemilik basis data tidak boleh membuatnya'
                    USING HINT = 'Jalankan sebagai superuser: CREATE ROLE {APP_ROLE} NOLOGIN;';
        END
        $$""")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {APP_ROLE}")
    op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {APP_ROLE}")
        op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES "
                   f"FROM {APP_ROLE}")
        op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
        op.execute(f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE}")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_replace")
