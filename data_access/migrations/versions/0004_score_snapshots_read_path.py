"""score_snapshots become the read path (series, as-of, probabilities, drivers); data_version bumped by every write

The old table held only derived rows of one series; it is rebuilt, and ``refresh-scores``
(or ``setup``/``upgrade`` on a database with incidents) fills it again.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Writes to these tables change what pages show; each bumps data_version (caches key on it).
VERSIONED_TABLES = ("regions", "imports", "incidents", "indicator_definitions", "indicator_values",
                    "handling_actions", "conflict_status_declarations", "events", "score_snapshots",
                    "alerts", "forecast_runs", "forecasts", "backtest_runs")
BUMP = ("INSERT INTO data_version (id, version) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET version = data_version.version + 1")


def _snapshots_table() -> None:
    op.create_table(
        "score_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("methodology_version", sa.String(length=20), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("data_as_of", sa.Date(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("category", sa.String(length=10), nullable=True),
        sa.Column("category_raw", sa.String(length=10), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("p_merah", sa.Float(), nullable=True),
        sa.Column("p_hijau", sa.Float(), nullable=True),
        sa.Column("borderline", sa.Boolean(), nullable=True),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("drivers", sa.JSON(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=True),
        sa.Column("imputed", sa.JSON(), nullable=True),
        sa.Column("overrides", sa.JSON(), nullable=True),
        sa.Column("contributions", sa.JSON(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("computed_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_score_snapshots_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_snapshots")),
        sa.UniqueConstraint("region_code", "period", "series", "methodology_version",
                            name=op.f("uq_score_snapshots_region_code")),
    )
    op.create_index("ix_score_snapshots_period", "score_snapshots",
                    ["period", "series", "methodology_version", "region_code"])


def upgrade() -> None:
    op.drop_index("ix_score_snapshots_period", table_name="score_snapshots")
    op.drop_table("score_snapshots")
    _snapshots_table()
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        # SECURITY DEFINER: the app's least-privilege role needs no grant on data_version to bump it.
        op.execute(f"""
            CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
            BEGIN
                {BUMP};
                RETURN NULL;
            END;
            $$
        """)
        for table in VERSIONED_TABLES:  # once per statement: a 1 M-row insert bumps once
            op.execute(f"CREATE TRIGGER data_version_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()")
    else:
        for table in VERSIONED_TABLES:  # SQLite has row triggers only
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER data_version_{table}_{event.lower()} AFTER {event} ON {table} "
                           f"BEGIN {BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in VERSIONED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS data_version_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_data_version()")
    else:
        for table in VERSIONED_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{event}")
    op.drop_table("data_version")
    op.drop_index("ix_score_snapshots_period", table_name="score_snapshots")
    op.drop_table("score_snapshots")
    op.create_table(
        "score_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("category", sa.String(length=10), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("overrides", sa.Text(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("methodology_version", sa.String(length=20), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("computed_by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_score_snapshots_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_snapshots")),
        sa.UniqueConstraint("region_code", "period", "methodology_version", name=op.f("uq_score_snapshots_region_code")),
    )
    op.create_index("ix_score_snapshots_period", "score_snapshots", ["period", "methodology_version"])
