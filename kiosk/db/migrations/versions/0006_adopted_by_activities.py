"""Events, repairs and material flows made before enrolment: the station that adopted them.

As migration 0003 did for deposits: the registered ``station_id`` stays as it was,
``adopted_by`` is set once, at enrolment, before the record syncs, and sync and the USB
export send it in place of the settings file's station.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TABLES = ("events", "repairs", "material_flows")


def upgrade() -> None:
    for table in _TABLES:
        # A plain ADD COLUMN (batch mode would copy the table and drop the append-only triggers).
        op.add_column(table, sa.Column("adopted_by", sa.String(64)))
        op.execute(
            f"CREATE TRIGGER {table}_adopt_once BEFORE UPDATE OF adopted_by ON {table} "
            "WHEN OLD.adopted_by IS NOT NULL OR OLD.sync_state = 'synced' "
            "BEGIN SELECT RAISE(ABORT, 'a record is adopted at most once, before it syncs'); END"
        )


def downgrade() -> None:
    for table in _TABLES:
        op.execute(f"DROP TRIGGER {table}_adopt_once")
        op.drop_column(table, "adopted_by")
