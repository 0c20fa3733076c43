"""The capture view's daily rollup (issue 25): net grams left in per station, category, Oslo
day, estimated or not and catalogue version, built from the records already held."""

from alembic import op

from central.models import CaptureDay
from central.services.rollup import rebuild_capture

revision = "0023_capture_days"
down_revision = "0022_planned_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Today's model: the table has only the primary key, so nothing of it can drift.
    CaptureDay.__table__.create(bind)
    rebuild_capture(bind)


def downgrade() -> None:
    op.drop_table("capture_days")
