"""Records made before enrolment: the station that adopted them when the kiosk enrolled.

The registered ``station_id`` stays as it was (history is append-only); ``adopted_by`` is
set once, at enrolment, and the outbox sends it in place of the settings file's station.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (batch mode would copy the table and drop the append-only triggers).
    op.add_column("deposits", sa.Column("adopted_by", sa.String(64)))
    op.execute(
        "CREATE TRIGGER deposits_adopt_once BEFORE UPDATE OF adopted_by ON deposits "
        "WHEN OLD.adopted_by IS NOT NULL OR OLD.sync_state = 'synced' "
        "BEGIN SELECT RAISE(ABORT, 'a record is adopted at most once, before it syncs'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER deposits_adopt_once")
    op.drop_column("deposits", "adopted_by")
