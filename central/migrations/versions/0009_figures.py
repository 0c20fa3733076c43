"""The figures REG publishes (issue 20): events' audience, and the rollup restated.

``events.audience`` (contract version 3): public or internal, filled for the events held by
their kind (a course internal, every other kind public), as a version-2 kiosk's events are.
A reversal now counts on its original's day, measure and flag (contract.effect), so the
daily rollup is rebuilt from the records held.
"""

import json

import sqlalchemy as sa
from alembic import op

from central.services.rollup import rebuild_rollup

revision = "0009_figures"
down_revision = "0008_id_bytes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # 0004 builds the activity tables from today's model: the column may be there already.
    if "audience" not in {c["name"] for c in sa.inspect(bind).get_columns("events")}:
        op.add_column("events", sa.Column("audience", sa.String(32), nullable=True))
    op.execute(
        "UPDATE events SET audience = CASE WHEN kind = 'course' THEN 'internal' "
        "ELSE 'public' END WHERE audience IS NULL"
    )
    kinds: dict[str, str] = {}
    for (document,) in bind.execute(sa.text("SELECT document FROM catalogues ORDER BY version")):
        kinds |= {c["code"]: c["kind"] for c in json.loads(document)["categories"]}
    rebuild_rollup(bind, kinds)


def downgrade() -> None:
    # The rollup rebuilt stays a true sum of the records; only the column goes.
    with op.batch_alter_table("events") as batch:
        batch.drop_column("audience")
