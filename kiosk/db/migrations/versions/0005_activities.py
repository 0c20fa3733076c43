"""Events, repairs and material flows (contract v2 record types), and open events' counters.

Written out in full, not derived from the contract at run time: a migration is history and
must not change when the contract does. tests/db/test_migrations.py compares the migrated
schema with the models, which are declared from the contract.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_HEAD = (
    "id",
    "seq",
    "device_id",
    "station_id",
    "recorded_at",
)
_SYNCED = {
    "events": (
        *_HEAD,
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "participants",
        "visitors",
        "reuse_g",
        "reverses",
    ),
    "repairs": (*_HEAD, "event_id", "item_category", "outcome", "reverses"),
    "material_flows": (
        *_HEAD,
        "flow",
        "source",
        "weight_g",
        "note",
        "event_id",
        "reverses",
    ),
}
_SEQ_TABLES = ("deposits", *_SYNCED)


def _head() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    ]


def _tail(table: str) -> list[sa.Column | sa.Constraint]:
    return [
        sa.Column("reverses", sa.String(36), sa.ForeignKey(f"{table}.id")),
        sa.Column("clock_flag", sa.String(32)),
        sa.Column("sync_state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("sync_error", sa.Text),
        sa.UniqueConstraint("device_id", "seq", name=f"uq_{table}_device_seq"),
        sa.UniqueConstraint("reverses", name=f"uq_{table}_reverses"),
        sa.CheckConstraint("seq > 0", name=f"ck_{table}_seq"),
        sa.CheckConstraint(
            "sync_state IN ('pending','synced','quarantined')", name=f"ck_{table}_sync_state"
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "events",
        *_head(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False),
        sa.Column("ends_at", sa.DateTime, nullable=False),
        sa.Column("place", sa.String(200)),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.Column("visitors", sa.Integer, nullable=False),
        sa.Column("reuse_g", sa.Integer, nullable=False),
        *_tail("events"),
        sa.CheckConstraint(
            "kind IN ('bike_workshop','textile_repair','clothes_swap','wood_workshop',"
            "'market','course','other')",
            name="ck_events_kind",
        ),
        sa.CheckConstraint(
            "participants >= 0 AND visitors >= 0 AND reuse_g >= 0", name="ck_events_counts"
        ),
    )
    op.create_table(
        "repairs",
        *_head(),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("item_category", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        *_tail("repairs"),
        sa.CheckConstraint(
            "outcome IN ('fixed','repairable','end_of_life')", name="ck_repairs_outcome"
        ),
    )
    op.create_table(
        "material_flows",
        *_head(),
        sa.Column("flow", sa.String(32), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("weight_g", sa.Integer, nullable=False),
        sa.Column("note", sa.String(500)),
        sa.Column("event_id", sa.String(36)),
        *_tail("material_flows"),
        sa.CheckConstraint(
            "flow IN ('activity_reuse','business_waste')", name="ck_material_flows_flow"
        ),
        sa.CheckConstraint(
            "source IN ('station','activity','other_agency')", name="ck_material_flows_source"
        ),
        sa.CheckConstraint("weight_g > 0", name="ck_material_flows_weight"),
    )
    op.create_table(
        "event_opens",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("starts_at", sa.DateTime, nullable=False),
        sa.Column("place", sa.String(200)),
    )
    op.create_table(
        "event_counts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("event_opens.id"), nullable=False),
        sa.Column("counter", sa.String(16), nullable=False),
        sa.Column("delta", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(
            "counter IN ('participants','visitors')", name="ck_event_counts_counter"
        ),
        sa.CheckConstraint("delta IN (-1, 1)", name="ck_event_counts_delta"),
    )
    for table, frozen in _SYNCED.items():
        op.create_index(
            f"ix_{table}_unsynced",
            table,
            ["sync_state", "seq"],
            sqlite_where=sa.text("sync_state != 'synced'"),
        )
        message = f"{table} are append-only: write a reversal instead"
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {', '.join(frozen)} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
    for table in ("event_opens", "event_counts"):
        for verb in ("DELETE", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )
    # One seq space per device across every record type: UNIQUE(device_id, seq) guards each
    # table, these guard the space between them (the INSERTs compute seq over all four).
    for table in _SEQ_TABLES:
        others = " OR ".join(
            f"EXISTS (SELECT 1 FROM {other} WHERE device_id = NEW.device_id AND seq = NEW.seq)"
            for other in _SEQ_TABLES
            if other != table
        )
        op.execute(
            f"CREATE TRIGGER {table}_seq_shared BEFORE INSERT ON {table} WHEN {others} "
            "BEGIN SELECT RAISE(ABORT, 'seq is taken by another record type'); END"
        )


def downgrade() -> None:
    for table in _SEQ_TABLES:
        op.execute(f"DROP TRIGGER {table}_seq_shared")
    for table in ("event_counts", "event_opens", "material_flows", "repairs", "events"):
        op.drop_table(table)  # their triggers go with them
