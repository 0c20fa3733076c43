"""Sync support: a clock flag on deposits, and the catalogues central has sent us."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not batch mode: batch mode would copy the table and drop the
    # append-only triggers. clock_flag is bookkeeping, so the UPDATE trigger allows it.
    op.add_column("deposits", sa.Column("clock_flag", sa.String(16)))
    op.create_table(
        "catalogues",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("catalogues")
    op.drop_column("deposits", "clock_flag")
