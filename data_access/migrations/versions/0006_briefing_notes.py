"""briefing_notes: the analyst's Analisa & Rekomendasi per scope and month, one row per saved version

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefing_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope_code", sa.String(length=16), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("sensitivity", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_briefing_notes")),
        sa.UniqueConstraint("scope_code", "period", "version", name=op.f("uq_briefing_notes_scope_code")),
    )
    op.create_index("ix_briefing_notes_scope_period", "briefing_notes", ["scope_code", "period"])


def downgrade() -> None:
    op.drop_index("ix_briefing_notes_scope_period", table_name="briefing_notes")
    op.drop_table("briefing_notes")
