"""Staff off-boarding and throttled sign-in: ``staff_users.disabled_at`` (a disabled account
signs in no way and its sessions are gone), and the hard lockout's columns dropped: sign-in
is now slowed per address and account in memory, so a stranger can no longer lock staff out."""

import sqlalchemy as sa
from alembic import op

from central.models import UTCDateTime

revision = "0012_staff_disabled"
down_revision = "0010_effect_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("disabled_at", UTCDateTime()))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("locked_until", UTCDateTime()))
        batch.add_column(sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"))
        batch.drop_column("disabled_at")
