"""The console's records browser pages by key, newest first: indexes for its walks.

(recorded_at, id) serves every station's table at any depth; (device_id, recorded_at) a
device's; reverses finds what undid a record on its page. Built concurrently-safe enough
for the pilot's sizes; a 10 M table takes a minute per index on PostgreSQL.
"""

from alembic import op

revision = "0020_records_browser"
down_revision = "0019_pickups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_recorded_id", "records", ["recorded_at", "id"])
    op.create_index("ix_records_device_recorded", "records", ["device_id", "recorded_at"])
    op.create_index("ix_records_reverses", "records", ["reverses"])


def downgrade() -> None:
    op.drop_index("ix_records_reverses", "records")
    op.drop_index("ix_records_device_recorded", "records")
    op.drop_index("ix_records_recorded_id", "records")
