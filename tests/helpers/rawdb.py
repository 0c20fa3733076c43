"""Read a kiosk store with plain sqlite3, independent of the code under test.

Tests check what is really in the file through a fresh connection, so a value that only
lives in SQLAlchemy's session or pool cannot make a test pass.
"""

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def deposits(path: Path) -> list[dict[str, Any]]:
    """Every deposit row in the file, as dicts, in sequence order."""
    with closing(connect(path)) as conn:
        return [dict(row) for row in conn.execute("SELECT * FROM deposits ORDER BY seq")]


def count(path: Path) -> int:
    with closing(connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM deposits").fetchone()[0]


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def scalar(path: Path, sql: str) -> Any:
    with closing(connect(path)) as conn:
        return conn.execute(sql).fetchone()[0]


def integrity(path: Path) -> str:
    """PRAGMA integrity_check's answer, joined: 'ok' for a sound file."""
    with closing(connect(path)) as conn:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def execute(path: Path, sql: str) -> None:
    """Change the file behind the store's back, as another program or a newer kiosk would."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(sql)
