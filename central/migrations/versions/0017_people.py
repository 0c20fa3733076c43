"""People and named devices: each console user's last sign-in (``staff_users.last_sign_in_at``)
for the People page, and a label a person gives a device (``devices.label``), set in the
console or sent at enrolment."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0017_people"
down_revision = "0016_feed_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as users:
        users.add_column(sa.Column("last_sign_in_at", UTCDateTime()))
    with op.batch_alter_table("devices") as devices:
        devices.add_column(sa.Column("label", sa.String(80)))


def downgrade() -> None:
    with op.batch_alter_table("devices") as devices:
        devices.drop_column("label")
    with op.batch_alter_table("staff_users") as users:
        users.drop_column("last_sign_in_at")
