"""Contract version 4 on the kiosk: ``feedback``, a resident's one-tap answer.

Written out in full like 0005 (a migration is history); tests/db/test_migrations.py
compares it with the model declared from the contract. The table is append-only like the
other record tables, adopted once like 0006's, and joins the one seq space: every other
record table's seq trigger is made again so it also looks in ``feedback``.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FROZEN = (
    "id", "seq", "device_id", "station_id", "recorded_at", "question", "answer", "language",
    "direction", "reverses",
)  # fmt: skip
_BEFORE = ("deposits", "events", "repairs", "material_flows")


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
        "feedback",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("question", sa.String(32), nullable=False),
        sa.Column("answer", sa.String(32), nullable=False),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("direction", sa.String(32), nullable=False),
        sa.Column("reverses", sa.String(36), sa.ForeignKey("feedback.id")),
        sa.Column("clock_flag", sa.String(32)),
        sa.Column("sync_state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("sync_error", sa.Text),
        sa.Column("adopted_by", sa.String(64)),
        sa.UniqueConstraint("device_id", "seq", name="uq_feedback_device_seq"),
        sa.UniqueConstraint("reverses", name="uq_feedback_reverses"),
        sa.CheckConstraint("seq > 0", name="ck_feedback_seq"),
        sa.CheckConstraint(
            "sync_state IN ('pending','synced','quarantined')", name="ck_feedback_sync_state"
        ),
        sa.CheckConstraint("question IN ('found','how_was_it')", name="ck_feedback_question"),
        sa.CheckConstraint("answer IN ('good','so_so','bad')", name="ck_feedback_answer"),
        sa.CheckConstraint(
            "language IN ('nb','en','ar','pl','so','ur')", name="ck_feedback_language"
        ),
        sa.CheckConstraint("direction IN ('in','out')", name="ck_feedback_direction"),
    )
    op.create_index(
        "ix_feedback_unsynced",
        "feedback",
        ["sync_state", "seq"],
        sqlite_where=sa.text("sync_state != 'synced'"),
    )
    message = "feedback are append-only: write a reversal instead"
    op.execute(
        "CREATE TRIGGER feedback_no_delete BEFORE DELETE ON feedback "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )
    op.execute(
        f"CREATE TRIGGER feedback_no_update BEFORE UPDATE OF {', '.join(_FROZEN)} ON feedback "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )
    op.execute(
        "CREATE TRIGGER feedback_adopt_once BEFORE UPDATE OF adopted_by ON feedback "
        "WHEN OLD.adopted_by IS NOT NULL OR OLD.sync_state = 'synced' "
        "BEGIN SELECT RAISE(ABORT, 'a record is adopted at most once, before it syncs'); END"
    )
    _seq_shared((*_BEFORE, "feedback"))


def downgrade() -> None:
    op.execute("DROP TRIGGER feedback_seq_shared")
    op.drop_table("feedback")  # its other triggers go with it
    _seq_shared(_BEFORE)
