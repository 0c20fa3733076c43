"""The batches a kiosk composed (``sent_batches``), so a pass whose answers were lost asks
central once which it holds instead of sending them again (issue 24). Bookkeeping only:
no record changes, and a store without rows here sends everything as before."""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_batches",
        sa.Column("batch_id", sa.String(36), primary_key=True),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("first_seq", sa.Integer, nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("state_sha256", sa.String(64), nullable=False),
        sa.Column("composed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_sent_batches_device_last", "sent_batches", ["device_id", "last_seq"])


def downgrade() -> None:
    op.drop_index("ix_sent_batches_device_last", "sent_batches")
    op.drop_table("sent_batches")
