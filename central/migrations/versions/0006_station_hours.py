"""Opening hours as data: each station's published versions (contract.hours documents)."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0006_hours"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_hours",
        sa.Column("station_id", sa.String(64), sa.ForeignKey("stations.id"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.CheckConstraint("version >= 1", name="ck_station_hours_version"),
    )


def downgrade() -> None:
    op.drop_table("station_hours")
