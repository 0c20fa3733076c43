"""Contract version 5: the ``pickups`` table, a container's weight from the weighbridge ticket,
and the mapping of a plant's fraction names and container ids to stations and categories.

``pickups`` is built from today's model, as 0018 built ``feedback`` (its byte-order id index
on PostgreSQL included), with an index to find a ticket by its number.
"""

import sqlalchemy as sa
from alembic import op

from central.models import ACTIVITY_TABLES, UTCDateTime

revision = "0019_pickups"
down_revision = "0018_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ACTIVITY_TABLES["pickup"].create(op.get_bind())
    op.create_table(
        "pickup_mappings",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("fraction", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id")),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pickup_mappings")
    op.drop_table("pickups")
