"""Door events from the key system: event id, station, time; no identity is ever stored."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "door_events",
        sa.Column("event_id", sa.String(128), primary_key=True),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("source IN ('webhook', 'csv')", name="ck_door_events_source"),
    )
    op.create_index("ix_door_events_station_opened", "door_events", ["station_id", "opened_at"])


def downgrade() -> None:
    op.drop_index("ix_door_events_station_opened", table_name="door_events")
    op.drop_table("door_events")
