"""Signed kiosk updates: a release channel per station and device, and each device's staged
version and last update outcome as it reported them (docs/updates.md)."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0015_updates"
down_revision = "0013_secret_fingerprint"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as stations:
        stations.add_column(
            sa.Column("update_channel", sa.String(16), nullable=False, server_default="stable")
        )
    with op.batch_alter_table("devices") as devices:
        devices.add_column(sa.Column("update_channel", sa.String(16)))
        devices.add_column(sa.Column("staged_version", sa.String(64)))
        devices.add_column(sa.Column("update_version", sa.String(64)))
        devices.add_column(sa.Column("update_outcome", sa.String(32)))
        devices.add_column(sa.Column("update_reason", sa.String(500)))
        devices.add_column(sa.Column("update_at", UTCDateTime()))


def downgrade() -> None:
    with op.batch_alter_table("devices") as devices:
        for column in (
            "update_at",
            "update_reason",
            "update_outcome",
            "update_version",
            "staged_version",
            "update_channel",
        ):
            devices.drop_column(column)
    with op.batch_alter_table("stations") as stations:
        stations.drop_column("update_channel")
