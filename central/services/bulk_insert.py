"""Writing a batch's records in bulk: PostgreSQL binary COPY, SQLite executemany.

Both skip rows that collide with one already held (by id or by device + seq) and return
how many were new; ``refuse_contradictions`` then tells a true replay from a contradiction.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from central.errors import Conflict
from central.models import Record
from central.schemas import BatchCreate
from contract.records import DEPOSIT
from contract.times import to_storage

RECORDS = Record.__table__

# The deposit's stored fields in declaration order; _PG_COPY_TYPES and the row tuples below
# follow it (tests/contract checks they still match).
_FIELDS = DEPOSIT.names
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
_PG_COPY_TYPES = (
    "text", "int4", "text", "text", "timestamptz", "text", "int4", "text", "text", "text",
    "text", "text", "int4", "text", "text", "timestamptz",
)  # fmt: skip
_PG_MERGE = (
    f"INSERT INTO records ({_COLUMNS}) SELECT {_COLUMNS} FROM records_in ON CONFLICT DO NOTHING"
)
_SQLITE_INSERT = (
    f"INSERT INTO records ({_COLUMNS}) VALUES ({', '.join('?' * (len(_FIELDS) + 2))}) "
    "ON CONFLICT DO NOTHING"
)


# The contract's storage text: what the SQLite rows hold, and what a resend compares with.
sqlite_time = to_storage


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
            for r in records:
                copy.write_row(
                    (
                        r.id, r.seq, r.device_id, r.station_id, r.recorded_at, r.category,
                        r.weight_g, r.weight_source, r.channel, r.direction, r.reverses,
                        r.visit_id, r.catalog_version, r.clock_flag, batch.batch_id, received_at,
                    )
                )  # fmt: skip
        cursor.execute(_PG_MERGE)
        merged: int = cursor.rowcount
        return merged
    received = sqlite_time(received_at)
    rows = [
        (
            r.id, r.seq, r.device_id, r.station_id, sqlite_time(r.recorded_at), r.category,
            r.weight_g, r.weight_source, r.channel, r.direction, r.reverses, r.visit_id,
            r.catalog_version, r.clock_flag, batch.batch_id, received,
        )
        for r in records
    ]  # fmt: skip
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
        elif tuple(row) != (
            r.id, r.seq, r.device_id, r.station_id,
            sqlite_time(r.recorded_at) if sqlite else r.recorded_at, r.category, r.weight_g,
            r.weight_source, r.channel, r.direction, r.reverses, r.visit_id, r.catalog_version,
            r.clock_flag,
        ):  # fmt: skip
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
