"""incidents: indexes on when a row was last written, so "data as of" is one index lookup, not a scan

The briefing's "data as of" is max(coalesce(updated_at, created_at)) over the incidents in scope: a full scan
of the table (0.8 s at 1 M incidents) on every first view after a data change. Nasional reads the first index,
a province the second; a kab/kota reads its few rows through ix_incidents_kabkota_occurred.

Revision ID: 0007
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None

WRITTEN = sa.text("coalesce(updated_at, created_at)")


def upgrade() -> None:
    op.create_index("ix_incidents_written", "incidents", [WRITTEN])
    op.create_index("ix_incidents_province_written", "incidents", [sa.column("province_code"), WRITTEN])


def downgrade() -> None:
    op.drop_index("ix_incidents_province_written", table_name="incidents")
    op.drop_index("ix_incidents_written", table_name="incidents")
