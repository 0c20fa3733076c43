"""Every connection the store hands out runs with the durability PRAGMAs, not just the first."""

import sqlite3
from contextlib import ExitStack

from sqlalchemy import Connection

from kiosk.db.store import Store


def pragmas(conn: Connection) -> tuple[str, int, int]:
    return (
        conn.exec_driver_sql("PRAGMA journal_mode").scalar(),
        conn.exec_driver_sql("PRAGMA synchronous").scalar(),
        conn.exec_driver_sql("PRAGMA foreign_keys").scalar(),
    )


EXPECTED = ("wal", 2, 1)  # synchronous 2 = FULL


def test_pragmas_on_several_connections_at_once(store: Store) -> None:
    with ExitStack() as stack:
        conns = [stack.enter_context(store.engine.connect()) for _ in range(4)]
        assert len({id(c.connection.dbapi_connection) for c in conns}) == 4
        assert [pragmas(c) for c in conns] == [EXPECTED] * 4


def test_pragmas_after_the_pool_is_recycled(store: Store) -> None:
    store.engine.dispose()
    with store.read() as conn:
        assert pragmas(conn) == EXPECTED
    with store.write() as conn:
        assert pragmas(conn) == EXPECTED


def test_writes_take_the_write_lock_up_front(store: Store) -> None:
    # BEGIN IMMEDIATE: inside a write block the connection already holds the RESERVED lock,
    # so a second writer is refused at once (busy_timeout aside) instead of mid-transaction.
    with store.write():
        other = sqlite3.connect(store.engine.url.database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            assert exc.sqlite_errorcode == sqlite3.SQLITE_BUSY
        else:
            raise AssertionError("a second writer got the lock during store.write()")
        finally:
            other.close()
