"""A byte-order index on each activity table's id (PostgreSQL): ingest's cross-type check
reads the batch's id range in the order Python sorts ids, whatever the database's collation."""

import sqlalchemy as sa
from alembic import op

revision = "0008_id_bytes"
down_revision = "0007_report"
branch_labels = None
depends_on = None

TABLES = ("events", "repairs", "material_flows")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite compares text bytewise: the primary key serves the range
    for table in TABLES:
        op.create_index(
            f"ix_{table}_id_bytes",
            table,
            [sa.text('id COLLATE "C"')],
            if_not_exists=True,  # 0004 builds these tables from today's model, index included
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.drop_index(f"ix_{table}_id_bytes", table_name=table)
