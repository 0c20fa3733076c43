"""A reversal undoes one original, once: ``reverses`` becomes unique (partial, where set) on
every record table, replacing 0020's and 0021's plain indexes on records and pickups.

Refuses, naming the table and how to list them, if the data already holds two reversals of
one original: which one is wrong is for a person to judge, not for a migration.
"""

import sqlalchemy as sa
from alembic import op

from central.models import RECORD_TABLES

revision = "0024_reverses_unique"
down_revision = "0023_capture_days"
branch_labels = None
depends_on = None

_PLAIN = {"records": "ix_records_reverses", "pickups": "ix_pickups_reverses"}


def upgrade() -> None:
    bind = op.get_bind()
    for table in (t.name for t in RECORD_TABLES.values()):
        find = (
            f"SELECT reverses, count(*) FROM {table} WHERE reverses IS NOT NULL "
            "GROUP BY reverses HAVING count(*) > 1"
        )
        twice = bind.execute(sa.text(find + " LIMIT 1")).first()
        if twice is not None:
            raise RuntimeError(
                f"Cannot make {table}.reverses unique: {twice[1]} records reverse "
                f"{twice[0]}. A record may be undone once; list every such case with\n"
                f"  {find};\n"
                "and decide which reversal stands before upgrading (the kiosk never sends "
                "two; a second is a faulty or hostile device's)."
            )
        # 0004, 0018 and 0019 built some tables from today's model, index included.
        op.create_index(
            f"uq_{table}_reverses",
            table,
            ["reverses"],
            unique=True,
            postgresql_where=sa.text("reverses IS NOT NULL"),
            sqlite_where=sa.text("reverses IS NOT NULL"),
            if_not_exists=True,
        )
        if table in _PLAIN:
            op.drop_index(_PLAIN[table], table, if_exists=True)


def downgrade() -> None:
    for table in (t.name for t in RECORD_TABLES.values()):
        if table in _PLAIN:
            op.create_index(_PLAIN[table], table, ["reverses"], if_not_exists=True)
        op.drop_index(f"uq_{table}_reverses", table)
