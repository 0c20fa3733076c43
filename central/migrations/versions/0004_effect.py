"""Effect report: events, repairs and material flows, and the daily deposit rollup.

The rollup is filled from the records already held, counted by Oslo local day, so a
database upgraded with years of deposits reports them at once.
"""

from collections import defaultdict
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from central.models import ACTIVITY_TABLES, DepositDay, Record
from contract.effect import REPORT_TIMEZONE

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in ACTIVITY_TABLES.values():
        table.create(bind)
    DepositDay.__table__.create(bind)
    # PostgreSQL and SQLite both support partial indexes: flagged records are listed apart.
    op.create_index(
        "ix_records_flagged",
        "records",
        ["station_id"],
        postgresql_where=sa.text("clock_flag IS NOT NULL"),
        sqlite_where=sa.text("clock_flag IS NOT NULL"),
    )
    records = Record.__table__
    oslo = ZoneInfo(REPORT_TIMEZONE)
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    query = sa.select(
        records.c.station_id,
        records.c.recorded_at,
        records.c.category,
        records.c.direction,
        records.c.clock_flag,
        records.c.weight_g,
        records.c.reverses,
    )
    for station, at, category, direction, flag, grams, reverses in bind.execute(query):
        day = at.replace(tzinfo=at.tzinfo or UTC).astimezone(oslo).date()
        bucket = totals[(station, day, category, direction, flag is not None)]
        bucket[0] += -grams if reverses else grams
        bucket[1] += 1
    if totals:
        bind.execute(
            sa.insert(DepositDay.__table__),
            [
                dict(
                    zip(("station_id", "day", "category", "direction", "flagged"), key, strict=True)
                )
                | {"net_g": net, "records": n}
                for key, (net, n) in totals.items()
            ],
        )


def downgrade() -> None:
    op.drop_index("ix_records_flagged", "records")
    op.drop_table("deposit_days")
    for table in ACTIVITY_TABLES.values():
        op.drop_table(table.name)
