"""Contract version 4: the ``feedback`` table, a resident's one-tap answer on the kiosk.

Built from today's model, as 0004 built the other activity tables (its byte-order id index
on PostgreSQL included); the answers are few and carry no personal data.
"""

from alembic import op

from central.models import ACTIVITY_TABLES

revision = "0018_feedback"
down_revision = "0017_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ACTIVITY_TABLES["feedback"].create(op.get_bind())


def downgrade() -> None:
    op.drop_table("feedback")
