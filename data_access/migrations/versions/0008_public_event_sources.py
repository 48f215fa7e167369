"""ACLED and UCDP events get their own source codes (acled, ucdp) instead of "media"

Their presets used to set sumber = media, so (source, source_ref) — the key a re-import matches on — let a
UCDP id and an unrelated media report with the same number overwrite each other. Rows an ACLED or UCDP
import wrote (their import's source name says so) move to the new codes, so re-importing those files after
this upgrade updates them instead of adding them again.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# the presets' source_name (kept in imports.source) → the new source code
MOVED = {"ACLED": "acled", "UCDP GED": "ucdp"}

MOVE = sa.text("UPDATE incidents SET source = :code WHERE source = :old "
               "AND import_id IN (SELECT id FROM imports WHERE source = :name)")


def upgrade() -> None:
    for name, code in MOVED.items():
        op.get_bind().execute(MOVE, {"code": code, "old": "media", "name": name})


def downgrade() -> None:
    for name, code in MOVED.items():
        op.get_bind().execute(MOVE, {"code": "media", "old": code, "name": name})
