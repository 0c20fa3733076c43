"""Effect report: events, repairs and material flows, and the daily deposit rollup.

The rollup is filled from the records already held, counted by Oslo local day, so a
database upgraded with years of deposits reports them at once.
"""

import json

import sqlalchemy as sa
from alembic import op

from central.models import ACTIVITY_TABLES, DepositDay, Record
from central.services.rollup import add_to_rollup

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# The types this migration added; later ones (feedback, 0018) come with their own.
_TYPES = ("event", "repair", "material_flow")


def upgrade() -> None:
    bind = op.get_bind()
    for table in (ACTIVITY_TABLES[name] for name in _TYPES):
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
    kinds: dict[str, str] = {}
    for (document,) in bind.execute(sa.text("SELECT document FROM catalogues ORDER BY version")):
        kinds |= {c["code"]: c["kind"] for c in json.loads(document)["categories"]}
    records = Record.__table__
    query = sa.select(
        records.c.station_id, records.c.recorded_at, records.c.category, records.c.direction,
        records.c.clock_flag, records.c.weight_g, records.c.reverses,
    )  # fmt: skip
    add_to_rollup(bind, bind.execute(query), kinds)


def downgrade() -> None:
    op.drop_index("ix_records_flagged", "records")
    op.drop_table("deposit_days")
    for name in _TYPES:
        op.drop_table(ACTIVITY_TABLES[name].name)
