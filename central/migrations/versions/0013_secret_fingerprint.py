"""central_meta: facts about this central kept with its data, first the keyed fingerprint of
the server secret, so a restore started with another secret is refused instead of every
kiosk's token failing."""

import sqlalchemy as sa
from alembic import op

revision = "0013_secret_fingerprint"
down_revision = "0012_staff_disabled"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("central_meta")
