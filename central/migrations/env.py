"""Alembic environment for central; central.db.migrate calls it with an open connection."""

from alembic import context

from central.models import Base

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    # Several workers may start at once against one PostgreSQL: let one migrate at a time.
    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(724031)")
# central.db.migrate logs each revision as it is applied.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    on_version_apply=context.config.attributes.get("on_version_apply", ()),
)
with context.begin_transaction():
    context.run_migrations()
