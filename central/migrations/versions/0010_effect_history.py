"""Figures no kiosk recorded (the pilot's 2021-2022), entered by an admin with their source."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0010_effect_history"
down_revision = "0009_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "effect_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("row", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("other_agency_g", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("year BETWEEN 2000 AND 2099", name="ck_effect_history_year"),
        sa.CheckConstraint("month BETWEEN 0 AND 12", name="ck_effect_history_month"),
        sa.CheckConstraint("value >= 0", name="ck_effect_history_value"),
        sa.CheckConstraint(
            "other_agency_g BETWEEN 0 AND value", name="ck_effect_history_other_agency"
        ),
    )
    op.create_index(
        "ix_effect_history_cell", "effect_history", ["station_id", "row", "year", "month"]
    )


def downgrade() -> None:
    op.drop_index("ix_effect_history_cell", table_name="effect_history")
    op.drop_table("effect_history")
