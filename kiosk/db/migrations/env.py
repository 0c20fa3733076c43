"""Alembic environment for the kiosk store; kiosk.db.migrate calls it with an open connection."""

from alembic import context

from kiosk.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
