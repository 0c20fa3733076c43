"""The quarantine log: every record sync set aside, and every release, with its reason.

Append-only like the deposits (triggers refuse UPDATE and DELETE): ``deposits.sync_error``
holds only the latest reason, and a technician needs the whole trail.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quarantine_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),  # any record table's id
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("event", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.CheckConstraint("event IN ('quarantined','released')", name="ck_quarantine_event"),
    )
    op.create_index("ix_quarantine_log_record", "quarantine_log", ["record_id"])
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER quarantine_log_no_{action.lower()} BEFORE {action} ON quarantine_log "
            "BEGIN SELECT RAISE(ABORT, 'the quarantine log is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER quarantine_log_no_delete")
    op.execute("DROP TRIGGER quarantine_log_no_update")
    op.drop_index("ix_quarantine_log_record", "quarantine_log")
    op.drop_table("quarantine_log")
