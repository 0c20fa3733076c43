"""Indexes for the effect report over every station: a year's rollup rows read from one
covering index in day order, and the few flagged-clock rows found without a table scan."""

import sqlalchemy as sa
from alembic import op

revision = "0007_report"
down_revision = "0006_hours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # All stations' year: an index-only range scan in day order (PostgreSQL INCLUDE; SQLite
    # gets the plain partial index, its tables being small).
    op.create_index(
        "ix_deposit_days_report",
        "deposit_days",
        ["day", "measure"],
        postgresql_include=["net_g"],
        postgresql_where=sa.text("NOT flagged"),
        sqlite_where=sa.text("NOT flagged"),
        if_not_exists=True,  # 0004 builds deposit_days from today's model, indexes included
    )
    # Flagged rows are listed whatever their day; a handful among hundreds of thousands.
    op.create_index(
        "ix_deposit_days_flagged",
        "deposit_days",
        ["station_id", "measure"],
        postgresql_include=["net_g", "records"],
        postgresql_where=sa.text("flagged"),
        sqlite_where=sa.text("flagged"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_index("ix_deposit_days_flagged", table_name="deposit_days")
    op.drop_index("ix_deposit_days_report", table_name="deposit_days")
