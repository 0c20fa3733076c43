"""Writing a batch's records in bulk: PostgreSQL binary COPY, SQLite executemany.

Both skip rows that collide with one already held (by id or by device + seq) and return
how many were new; ``refuse_contradictions`` then tells a true replay from a contradiction.
"""

import operator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from central.errors import Conflict
from central.models import Record
from central.schemas import BatchCreate
from contract.records import DEPOSIT
from contract.times import to_storage

RECORDS = Record.__table__

# The deposit's stored fields in declaration order, then the batch and arrival; the COPY
# types and the row tuples below are derived from the contract's declaration.
_FIELDS = DEPOSIT.names
_ROW = operator.attrgetter(*_FIELDS)  # a record's stored values as one tuple, in C
_PG_TYPE = {"text": "text", "uuid": "text", "int": "int4", "time": "timestamptz", "enum": "text"}
_TIMES = frozenset(i for i, f in enumerate(DEPOSIT.fields) if f.kind == "time")
_COLUMNS = ", ".join((*_FIELDS, "batch_id", "received_at"))
# PostgreSQL: COPY the batch into a per-connection temp table, then one INSERT ... SELECT
# ... ON CONFLICT DO NOTHING. COPY streams rows without building or parsing a statement of
# 5,000 x 16 parameters, which cost more than the insert itself.
_PG_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS records_in "
    "(LIKE records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
)
_PG_COPY = f"COPY records_in ({_COLUMNS}) FROM STDIN (FORMAT BINARY)"
# Binary COPY: psycopg's C dumpers write these directly, and the server parses nothing.
_PG_COPY_TYPES = (*(_PG_TYPE[f.kind] for f in DEPOSIT.fields), "text", "timestamptz")
_PG_MERGE = (
    f"INSERT INTO records ({_COLUMNS}) SELECT {_COLUMNS} FROM records_in ON CONFLICT DO NOTHING"
)
_SQLITE_INSERT = (
    f"INSERT INTO records ({_COLUMNS}) VALUES ({', '.join('?' * (len(_FIELDS) + 2))}) "
    "ON CONFLICT DO NOTHING"
)


# The contract's storage text: what the SQLite rows hold, and what a resend compares with.
sqlite_time = to_storage


def _stored(r: Any) -> tuple[Any, ...]:
    """A record's values as SQLite holds them: its times as the codec's storage text."""
    values = list(_ROW(r))
    for i in _TIMES:
        values[i] = to_storage(values[i])
    return tuple(values)


def insert_records(
    conn: Connection, batch: BatchCreate, received_at: datetime, records: list[Any]
) -> int:
    """Insert the batch's deposits, skipping ids already held; returns how many were new."""
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None  # a checked-out connection always has its driver's
        cursor = driver.cursor()
        cursor.execute(_PG_STAGE)
        with cursor.copy(_PG_COPY) as copy:
            copy.set_types(_PG_COPY_TYPES)
            tail = (batch.batch_id, received_at)
            for r in records:
                copy.write_row(_ROW(r) + tail)
        cursor.execute(_PG_MERGE)
        merged: int = cursor.rowcount
        return merged
    stored_tail = (batch.batch_id, to_storage(received_at))
    rows = [_stored(r) + stored_tail for r in records]
    # sqlite3 sums rowcount over executemany; skipped conflicts do not count.
    return conn.exec_driver_sql(_SQLITE_INSERT, rows).rowcount


_PG_IDENTICAL = (
    "SELECT count(*) FROM records_in i JOIN records r ON r.id = i.id "
    "WHERE r.batch_id <> i.batch_id AND "
    f"({', '.join('r.' + f for f in _FIELDS)}) IS NOT DISTINCT FROM "
    f"({', '.join('i.' + f for f in _FIELDS)})"
)
_HELD = (
    f"SELECT {', '.join(_FIELDS)} FROM records WHERE device_id = %s AND seq BETWEEN %s AND %s "
    "AND batch_id <> %s"
)


def refuse_contradictions(
    conn: Connection, batch: BatchCreate, inserted: int, deposits: list[tuple[int, Any]]
) -> None:
    """Raise ``Conflict`` naming the first record that was skipped for holding other content.

    Runs only when some rows were skipped. Rows held for this device's seq range are read
    raw through the one unique index and compared with the batch as the driver stores it
    (SQLite: the time as text); a skipped record with no row at its seq must have collided
    on its id, held under another device or seq.
    """
    sqlite = conn.dialect.name == "sqlite"
    if not sqlite:
        # The batch is still staged in records_in: one join says whether every skipped row
        # is an identical copy, the usual case (a resend), without reading rows out.
        skipped = len(deposits) - inserted
        if conn.exec_driver_sql(_PG_IDENTICAL).scalar() == skipped:
            return
    sql = _HELD.replace("%s", "?") if sqlite else _HELD
    held = {
        row[1]: row
        for row in conn.exec_driver_sql(
            sql, (batch.device_id, batch.first_seq, batch.last_seq, batch.batch_id)
        )
    }
    unplaced = []
    for index, r in deposits:
        row = held.get(r.seq)
        if row is None:
            unplaced.append((index, r))
        elif row[0] != r.id:
            raise Conflict(
                "seq_taken",
                f"Seq {r.seq} of device {r.device_id!r} is already held by record {row[0]}; "
                "a reinstalled kiosk must continue above central's highest_seq.",
                record_id=r.id,
                index=index,
            )
        elif tuple(row) != (_stored(r) if sqlite else _ROW(r)):
            raise Conflict(
                "record_differs",
                f"Record {r.id} is already held with other content.",
                record_id=r.id,
                index=index,
            )
    if not unplaced:
        return
    taken = {
        row.id: row
        for row in conn.execute(
            select(RECORDS.c.id, RECORDS.c.device_id, RECORDS.c.seq).where(
                RECORDS.c.id.in_([r.id for _, r in unplaced]),
                RECORDS.c.batch_id != batch.batch_id,
            )
        )
    }
    for index, r in unplaced:
        if r.id in taken:
            row = taken[r.id]
            raise Conflict(
                "record_differs",
                f"Record {r.id} is already held as seq {row.seq} of device {row.device_id!r}.",
                record_id=r.id,
                index=index,
            )
