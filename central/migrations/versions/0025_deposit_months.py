"""The console at 10 M records (issue 26): the effect figures' monthly rollup (net grams per
station, Oslo month, measure, category, direction and flagged clock, built from the records
already held), so the all-stations page and a station's year read months instead of days
or records; and an index on batches (device_id, last_seq), so the fleet's alarms read each
device's highest seq instead of grouping every batch ever taken."""

import json

import sqlalchemy as sa
from alembic import op

from central.models import DepositMonth
from central.services.rollup import rebuild_months

revision = "0025_deposit_months"
down_revision = "0024_reverses_unique"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Today's model: the table has only its key and one index, so nothing of it can drift.
    DepositMonth.__table__.create(bind)
    kinds: dict[str, str] = {}
    for (document,) in bind.execute(sa.text("SELECT document FROM catalogues ORDER BY version")):
        kinds |= {c["code"]: c["kind"] for c in json.loads(document)["categories"]}
    rebuild_months(bind, kinds)
    op.create_index(
        "ix_batches_device_seq",
        "batches",
        ["device_id", "last_seq"],
        postgresql_include=["received_at"],
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_index("ix_batches_device_seq", table_name="batches")
    op.drop_table("deposit_months")
