"""The SQLite engine: WAL, synchronous=FULL, foreign keys, and transactions SQLAlchemy controls.

pysqlite's own transaction handling starts transactions lazily and only before DML,
so we switch it off and emit BEGIN ourselves (the SQLAlchemy documentation's recipe).
Writers ask for BEGIN IMMEDIATE so they queue on the lock up front instead of failing
half-way with SQLITE_BUSY; readers use a plain BEGIN and never block a writer under WAL.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    """An engine over the SQLite file at ``path`` with the kiosk's durability settings."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,  # a logged storage error names the statement, not the record
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine and pool, but every transaction starts with BEGIN IMMEDIATE."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")
