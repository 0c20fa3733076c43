"""The figures REG publishes (issue 20): the rollup restated under the reversal rule.

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
    kinds: dict[str, str] = {}
    for (document,) in bind.execute(sa.text("SELECT document FROM catalogues ORDER BY version")):
        kinds |= {c["code"]: c["kind"] for c in json.loads(document)["categories"]}
    rebuild_rollup(bind, kinds)


def downgrade() -> None:
    pass  # the rollup rebuilt stays a true sum of the records
