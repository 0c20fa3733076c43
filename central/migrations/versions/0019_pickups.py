"""Contract version 5: the ``pickups`` table, a container's weight from the weighbridge ticket,
the mapping of a plant's fraction names and container ids to stations and categories, and
each station's report source (registrations or weighed pickups) with its effective date.

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
    op.create_table(
        "station_report_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("set_by", sa.String(200), nullable=False),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("source IN ('registered','weighed')", name="ck_report_source"),
    )
    op.create_index(
        "ix_station_report_sources_station",
        "station_report_sources",
        ["station_id", "effective_from"],
    )


def downgrade() -> None:
    op.drop_table("station_report_sources")
    op.drop_table("pickup_mappings")
    op.drop_table("pickups")
