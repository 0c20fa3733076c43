"""Initial central schema: stations, devices, enrolment codes, records, batches, catalogues."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.Column("highest_contiguous_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("clock_offset_s", sa.Float),
        sa.Column("last_batch_at", UTCDateTime()),
    )
    op.create_table(
        "enrol_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime()),
        sa.Column("used_by", sa.String(64)),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("weight_g", sa.Integer, nullable=False),
        sa.Column("weight_source", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("reverses", sa.String(36)),
        sa.Column("visit_id", sa.String(36)),
        sa.Column("catalog_version", sa.Integer, nullable=False),
        sa.Column("clock_flag", sa.String(16)),
        sa.Column("batch_id", sa.String(36), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("weight_g > 0", name="ck_records_weight"),
    )
    op.create_index("ix_records_device_seq", "records", ["device_id", "seq"])
    op.create_index("ix_records_station_recorded", "records", ["station_id", "recorded_at"])
    op.create_table(
        "batches",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(64), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("first_seq", sa.Integer, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("clock_offset_s", sa.Float, nullable=False),
        sa.Column("response", sa.Text, nullable=False),
    )
    op.create_table(
        "catalogues",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("catalogues", "batches", "records", "enrol_codes", "devices", "stations"):
        op.drop_table(table)
