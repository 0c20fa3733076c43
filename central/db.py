"""Central's engine and start-up: migrate to head, then seed the catalogue if there is none.

SQLite (the embedded default) gets WAL and BEGIN IMMEDIATE, so concurrent requests
queue on the write lock instead of failing half-way; PostgreSQL needs nothing special.
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, insert, select

import assets
from central.core.secret import private_file, private_folder
from central.models import CatalogueVersion

SCRIPT_LOCATION = Path(__file__).with_name("migrations")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        # Owner-only from the first byte: records and token hashes are nobody else's to read.
        path = Path(url.removeprefix("sqlite:///"))
        private_file(private_folder(path.parent) / path.name)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # hide_parameters: a traceback names the statement, never the tokens or records bound to it.
    return create_engine(
        url, pool_size=10, max_overflow=10, pool_pre_ping=True, hide_parameters=True
    )


def migrate(engine: Engine) -> None:
    """alembic upgrade head, with our own connection (no alembic.ini needed)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def seed_catalogue(engine: Engine) -> None:
    """Central owns the catalogue; on a fresh database it starts from the bundled default."""
    with engine.begin() as conn:
        if conn.scalar(select(func.count()).select_from(CatalogueVersion)):
            return
        doc = assets.default_catalogue_document()
        conn.execute(
            insert(CatalogueVersion).values(
                version=int(doc["version"]),
                document=json.dumps(doc, ensure_ascii=False),
                published_at=datetime.now(UTC),
            )
        )


def prepare(url: str) -> Engine:
    """The engine for ``url``, migrated and seeded: what `serve` and the tests start from."""
    engine = make_engine(url)
    migrate(engine)
    seed_catalogue(engine)
    return engine
