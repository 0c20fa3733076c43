"""Contract version 5: the ``pickups`` table, a container's weight from the weighbridge ticket.

Built from today's model, as 0018 built ``feedback`` (its byte-order id index on PostgreSQL
included).
"""

from alembic import op

from central.models import ACTIVITY_TABLES

revision = "0019_pickups"
down_revision = "0018_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ACTIVITY_TABLES["pickup"].create(op.get_bind())


def downgrade() -> None:
    op.drop_table("pickups")
