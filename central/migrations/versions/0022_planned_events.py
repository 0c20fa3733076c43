"""Events staff plan on the console for a station; kiosks receive them with the hours."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0022_planned_events"
down_revision = "0021_pickups_reverses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "planned_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("place", sa.String(80), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("cancelled_at", UTCDateTime()),
        sa.CheckConstraint("ends_at > starts_at", name="ck_planned_events_order"),
        sa.CheckConstraint("revision >= 1", name="ck_planned_events_revision"),
        sa.CheckConstraint("audience IN ('public', 'internal')", name="ck_planned_events_audience"),
    )
    op.create_index(
        "ix_planned_events_station_starts", "planned_events", ["station_id", "starts_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_planned_events_station_starts", table_name="planned_events")
    op.drop_table("planned_events")
