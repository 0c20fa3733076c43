"""Integrity: one record per (device, seq), an audit of enrolments and takeovers, device status.

The device + seq index becomes UNIQUE, so a reinstalled kiosk that reused seq numbers can
never be counted twice; ``device_events`` records every enrolment and takeover.
"""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATUS_COLUMNS = (
    ("app_version", sa.String(64)),
    ("pending", sa.Integer),
    ("quarantined", sa.Integer),
    ("oldest_pending_at", UTCDateTime()),
    ("status_sent_at", UTCDateTime()),
    ("reported_at", UTCDateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_index("ix_records_device_seq")
        batch.create_unique_constraint("uq_records_device_seq", ["device_id", "seq"])
    with op.batch_alter_table("devices") as batch:
        for name, type_ in STATUS_COLUMNS:
            batch.add_column(sa.Column(name, type_))
    op.create_table(
        "device_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("old_token_hash", sa.String(64)),
        sa.Column("new_token_hash", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64)),
        sa.Column("highest_seq", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_device_events_device", "device_events", ["device_id", "at"])
    # Devices enrolled before this revision count as enrolled: re-enrolling them needs takeover.
    op.execute(
        "INSERT INTO device_events (device_id, kind, at, station_id, new_token_hash, highest_seq) "
        "SELECT id, 'enrolled', enrolled_at, station_id, token_hash, highest_contiguous_seq "
        "FROM devices"
    )


def downgrade() -> None:
    op.drop_table("device_events")
    with op.batch_alter_table("devices") as batch:
        for name, _ in STATUS_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("records") as batch:
        batch.drop_constraint("uq_records_device_seq", type_="unique")
        batch.create_index("ix_records_device_seq", ["device_id", "seq"])
