"""Is a failure central's own resources (disk, database down, pool, memory) rather than a bug?

One answer for every wrapper an error comes in: SQLAlchemy's, psycopg's raw COPY cursor (which
SQLAlchemy never wraps), sqlite3's. Such a failure is a 503 with Retry-After: the kiosk keeps
the records and sends them again, where a 500 would read as a record central cannot take.
"""

import sqlite3

import psycopg
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLSTATE classes and codes that say "the server cannot right now", whatever was asked:
# 53 insufficient resources (disk full, out of memory, too many connections), 08 connection
# exception, 57P0x operator intervention (shutdown, crash recovery, database dropped), 58
# system error (I/O), and 40P01/40001 (deadlock, serialisation) which a retry resolves.
_SQLSTATE_CLASSES = ("53", "08", "58")
_SQLSTATE_CODES = frozenset({"57P01", "57P02", "57P03", "57P04", "57P05", "40001", "40P01"})
# SQLite's primary result codes for the same kinds: full, I/O error, busy, locked, no memory,
# cannot open.
_SQLITE_CODES = frozenset(
    {
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_CANTOPEN,
    }
)


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc``, what SQLAlchemy wrapped in it, and what it was raised from."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        if isinstance(current, StatementError) and current.orig is not None:
            current = current.orig
        else:
            current = current.__cause__
    return seen


def _one(exc: BaseException) -> bool:
    if isinstance(exc, (MemoryError, PoolTimeout)):
        return True
    if isinstance(exc, psycopg.Error):
        state = exc.sqlstate
        if state is None:
            # No answer from the server at all: the connection failed or was lost.
            return isinstance(exc, psycopg.OperationalError)
        return state[:2] in _SQLSTATE_CLASSES or state in _SQLSTATE_CODES
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:
            return isinstance(exc, sqlite3.OperationalError)
        return code & 0xFF in _SQLITE_CODES
    # SQLAlchemy's own word that the connection died under the statement.
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def resource_failure(exc: BaseException) -> bool:
    """True when ``exc`` (or what it wraps) is a failure of central's resources, not a bug."""
    return any(_one(cause) for cause in _causes(exc))
