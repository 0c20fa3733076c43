"""Bring the store's schema to this code's head before any window opens; refuse a newer one.

The revision check reads ``alembic_version`` directly, so a normal start (already at
head) never imports Alembic, which would cost start-up time for nothing.
"""

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from kiosk.db.errors import StorageError, known_errors

# Every revision this code knows, oldest first. tests/db/test_migrations.py checks it
# against the scripts in migrations/versions.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010")
HEAD = KNOWN_REVISIONS[-1]
SCRIPT_LOCATION = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    with known_errors(), engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> str:
    """Migrate to HEAD. Raises StorageError("schema_too_new") for a schema from newer code."""
    found = current_revision(engine)
    if found == HEAD:
        return found
    if found is not None and found not in KNOWN_REVISIONS:
        raise StorageError("schema_too_new", found=found, known=HEAD)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    with known_errors(), engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return HEAD
