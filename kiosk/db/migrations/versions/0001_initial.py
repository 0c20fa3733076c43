"""Initial store: append-only deposits and the kiosk's meta facts."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Registered facts may never change; only the sync bookkeeping columns may.
_FROZEN = (
    "id, seq, device_id, station_id, recorded_at, category, weight_g, weight_source, "
    "channel, direction, reverses, visit_id, catalog_version"
)


def upgrade() -> None:
    op.create_table(
        "deposits",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("weight_g", sa.Integer, nullable=False),
        sa.Column("weight_source", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("reverses", sa.String(36), sa.ForeignKey("deposits.id"), unique=True),
        sa.Column("visit_id", sa.String(36)),
        sa.Column("catalog_version", sa.Integer, nullable=False),
        sa.Column("sync_state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("sync_error", sa.Text),
        sa.UniqueConstraint("device_id", "seq", name="uq_deposits_device_seq"),
        sa.CheckConstraint("seq > 0", name="ck_deposits_seq"),
        sa.CheckConstraint("weight_g > 0", name="ck_deposits_weight"),
        sa.CheckConstraint(
            "weight_source IN ('scale_stable','scale_unstable','manual','estimate')",
            name="ck_deposits_weight_source",
        ),
        sa.CheckConstraint("channel IN ('guide','self_service')", name="ck_deposits_channel"),
        sa.CheckConstraint("direction IN ('in','out')", name="ck_deposits_direction"),
        sa.CheckConstraint(
            "sync_state IN ('pending','synced','quarantined')", name="ck_deposits_sync_state"
        ),
    )
    op.create_index("ix_deposits_recorded_at", "deposits", ["recorded_at"])
    op.create_index(
        "ix_deposits_unsynced",
        "deposits",
        ["sync_state", "seq"],
        sqlite_where=sa.text("sync_state != 'synced'"),
    )
    op.execute(
        "CREATE TRIGGER deposits_no_delete BEFORE DELETE ON deposits "
        "BEGIN SELECT RAISE(ABORT, 'deposits are append-only: write a reversal instead'); END"
    )
    op.execute(
        f"CREATE TRIGGER deposits_no_update BEFORE UPDATE OF {_FROZEN} ON deposits "
        "BEGIN SELECT RAISE(ABORT, 'deposits are append-only: write a reversal instead'); END"
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meta")
    op.execute("DROP TRIGGER deposits_no_update")
    op.execute("DROP TRIGGER deposits_no_delete")
    op.drop_table("deposits")
