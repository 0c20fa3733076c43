"""Whether a pickup was reversed is asked of every pickup the capture view and an import read:
an index on ``reverses`` answers it by lookup instead of a scan of the whole table.
"""

from alembic import op

revision = "0021_pickups_reverses"
down_revision = "0020_records_browser"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_pickups_reverses",
        "pickups",
        ["reverses"],
        if_not_exists=True,  # 0019 builds pickups from today's model, index included
    )


def downgrade() -> None:
    op.drop_index("ix_pickups_reverses", "pickups")
