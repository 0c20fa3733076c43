"""Contract version 5 on the kiosk: ``pickups``, a container's net weight from its ticket.

Written out in full like 0008 (a migration is history); tests/db/test_migrations.py
compares it with the model declared from the contract. Append-only like the other record
tables, adopted once, and in the one seq space: every other record table's seq trigger is
made again so it also looks in ``pickups``.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_FROZEN = (
    "id", "seq", "device_id", "station_id", "recorded_at", "fraction", "container_id",
    "hauler", "plant", "net_weight_g", "ticket_no", "weighed_at", "source", "reverses",
)  # fmt: skip
_BEFORE = ("deposits", "events", "repairs", "material_flows", "feedback")


def _seq_shared(tables: tuple[str, ...]) -> None:
    for table in tables:
        others = " OR ".join(
            f"EXISTS (SELECT 1 FROM {other} WHERE device_id = NEW.device_id AND seq = NEW.seq)"
            for other in tables
            if other != table
        )
        op.execute(f"DROP TRIGGER IF EXISTS {table}_seq_shared")
        op.execute(
            f"CREATE TRIGGER {table}_seq_shared BEFORE INSERT ON {table} WHEN {others} "
            "BEGIN SELECT RAISE(ABORT, 'seq is taken by another record type'); END"
        )


def upgrade() -> None:
    op.create_table(
        "pickups",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("fraction", sa.String(64), nullable=False),
        sa.Column("container_id", sa.String(64)),
        sa.Column("hauler", sa.String(100)),
        sa.Column("plant", sa.String(100)),
        sa.Column("net_weight_g", sa.Integer),
        sa.Column("ticket_no", sa.String(64)),
        sa.Column("weighed_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("reverses", sa.String(36), sa.ForeignKey("pickups.id")),
        sa.Column("clock_flag", sa.String(32)),
        sa.Column("sync_state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("sync_error", sa.Text),
        sa.Column("adopted_by", sa.String(64)),
        sa.UniqueConstraint("device_id", "seq", name="uq_pickups_device_seq"),
        sa.UniqueConstraint("reverses", name="uq_pickups_reverses"),
        sa.CheckConstraint("seq > 0", name="ck_pickups_seq"),
        sa.CheckConstraint(
            "sync_state IN ('pending','synced','quarantined')", name="ck_pickups_sync_state"
        ),
        sa.CheckConstraint(
            "net_weight_g IS NULL OR net_weight_g BETWEEN 1 AND 40000000", name="ck_pickups_weight"
        ),
        sa.CheckConstraint(
            "(net_weight_g IS NULL) = (ticket_no IS NULL)", name="ck_pickups_ticket_weight"
        ),
        sa.CheckConstraint("source IN ('kiosk','import','webhook')", name="ck_pickups_source"),
    )
    op.create_index(
        "ix_pickups_unsynced",
        "pickups",
        ["sync_state", "seq"],
        sqlite_where=sa.text("sync_state != 'synced'"),
    )
    message = "pickups are append-only: write a reversal instead"
    op.execute(
        "CREATE TRIGGER pickups_no_delete BEFORE DELETE ON pickups "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )
    op.execute(
        f"CREATE TRIGGER pickups_no_update BEFORE UPDATE OF {', '.join(_FROZEN)} ON pickups "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )
    op.execute(
        "CREATE TRIGGER pickups_adopt_once BEFORE UPDATE OF adopted_by ON pickups "
        "WHEN OLD.adopted_by IS NOT NULL OR OLD.sync_state = 'synced' "
        "BEGIN SELECT RAISE(ABORT, 'a record is adopted at most once, before it syncs'); END"
    )
    _seq_shared((*_BEFORE, "pickups"))


def downgrade() -> None:
    op.execute("DROP TRIGGER pickups_seq_shared")
    op.drop_table("pickups")  # its other triggers go with it
    _seq_shared(_BEFORE)
