"""Central's engine and start-up: migrate to head, then seed the catalogue if there is none.

SQLite (the embedded default) gets WAL and BEGIN IMMEDIATE, so concurrent requests
queue on the write lock instead of failing half-way; PostgreSQL needs nothing special.
"""

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
)

import assets
from central.core import clock
from central.core.secret import private_file, private_folder
from central.models import CatalogueVersion

SCRIPT_LOCATION = Path(__file__).with_name("migrations")
log = logging.getLogger(__name__)


class DatabaseError(Exception):
    """The database cannot be used as it is; the message says what to do."""


def shown_url(url: str) -> str:
    """The URL as an operator may see it in a terminal or log: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def _current(engine: Engine) -> str | None:
    """The database's schema revision, or None for a database central never wrote to."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def pending_revisions(engine: Engine) -> tuple[str | None, list[str]]:
    """(the database's revision, the revisions an upgrade to head would run, oldest first).

    Refuses a database written by a newer release: the old code cannot know its schema."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    current = _current(engine)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        from central import __version__

        raise DatabaseError(
            f"the database is at schema revision {current}, which this release of central "
            f"({__version__}, schema up to {script.get_current_head()}) does not know: a newer "
            "release wrote it. Start that release again, or restore the backup taken before "
            "the upgrade (docs/deploy-central.md, 'Upgrade and rollback')."
        )
    pending = [rev.revision for rev in script.iterate_revisions("head", current or "base")]
    return current, pending[::-1]


def existing_engine(url: str) -> Engine:
    """An engine for a database central already made: reading commands never start a fresh one
    (an empty database answers every question with nothing, which looks like a good answer)."""
    hint = (
        "; name the service's environment file with --env-file (default /etc/kiosk-central/env),"
        " or the database with --db-url or KIOSK_CENTRAL_DB_URL"
    )
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        if not path.exists() or path.stat().st_size == 0:
            raise DatabaseError(f"no central database at {path}{hint}")
    engine = make_engine(url)
    if _current(engine) is None:
        engine.dispose()
        raise DatabaseError(f"{shown_url(url)} holds no central database{hint}")
    return engine


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
    """alembic upgrade head, with our own connection (no alembic.ini needed), one log line
    per revision applied, so an operator sees which migration ran and how long it took."""
    from alembic import command

    current, _ = pending_revisions(engine)  # refuses a newer database before touching it
    config = _alembic_config()
    started = [time.monotonic()]

    def applied(*, step: Any, **_: Any) -> None:
        if current is not None:  # a fresh database's creation is not news
            log.info(
                "schema migrated %s -> %s in %.1f s",
                ",".join(step.down_revision_ids) or "base",
                step.up_revision_id,
                time.monotonic() - started[0],
            )
        started[0] = time.monotonic()

    with engine.begin() as conn:
        config.attributes["connection"] = conn
        config.attributes["on_version_apply"] = applied
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
                published_at=clock.now(),
            )
        )


def prepare(url: str) -> Engine:
    """The engine for ``url``, migrated and seeded: what `serve` and the tests start from."""
    engine = make_engine(url)
    migrate(engine)
    seed_catalogue(engine)
    return engine


@contextmanager
def without_jit(conn: Connection) -> Iterator[None]:
    """PostgreSQL without JIT compilation for what runs inside, put back after it within the
    transaction. For a report's aggregate whose estimated cost crosses ``jit_above_cost``
    and spends seconds compiling a plan that runs in less. Elsewhere nothing."""
    if conn.dialect.name != "postgresql":
        yield
        return
    was = conn.scalar(text("SELECT current_setting('jit')"))
    conn.execute(text("SELECT set_config('jit', 'off', true)"))
    try:
        yield
    finally:
        conn.execute(text("SELECT set_config('jit', :was, true)"), {"was": was})
