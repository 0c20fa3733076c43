"""Writing a batch's records: every record type the same way, from its table in the contract.

Each type's records go in as one bulk write: PostgreSQL binary COPY straight into the table
when none is held yet, else into a per-connection temp table and one INSERT ... SELECT ... ON
CONFLICT DO NOTHING; SQLite one executemany with ON CONFLICT DO NOTHING. Both skip rows that
collide with one already held (by id or by device + seq) and return how many were new;
``refuse_contradictions`` then tells a true replay from a contradiction, by the same rule and
messages for every type. ``refuse_held_elsewhere`` judges across the tables first: one seq
space per device and one id per record; ``refuse_double_reversals`` that a reversal undoes one
original, once.
"""

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.errors import UniqueViolation
from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Connection,
    Select,
    Table,
    bindparam,
    literal_column,
    select,
    union_all,
)

from central.errors import Conflict
from central.models import RECORD_TABLES
from central.schemas import IncomingBatch
from contract.fields import REGISTRY
from contract.times import to_storage

# Binary COPY: psycopg's C dumpers write these directly, and the server parses nothing.
_PG_TYPE = {"text": "text", "uuid": "text", "int": "int4", "time": "timestamptz", "enum": "text"}
# One record as an index into the batch and the record.
Indexed = tuple[int, Any]


@dataclass(frozen=True, slots=True)
class _Plan:
    """One record type's statements and row shape, derived from its declaration once."""

    table: Table
    fields: tuple[str, ...]
    row: Callable[[Any], tuple[Any, ...]]  # a record's stored values as one tuple, in C
    times: frozenset[int]  # positions of the time fields
    copy_types: tuple[str, ...]
    pg_stage: str
    pg_direct: str
    pg_copy: str
    pg_merge: str
    pg_identical: str
    sqlite_insert: str
    held: str  # %s placeholders (psycopg); SQLite's are swapped in

    def stored(self, r: Any) -> tuple[Any, ...]:
        """A record's values as SQLite holds them: its times as the codec's storage text."""
        values = list(self.row(r))
        for i in self.times:
            values[i] = to_storage(values[i])
        return tuple(values)


@functools.cache
def plan(record_type: str) -> _Plan:
    """The statements for one record type, in its declared field order, then batch and arrival.

    PostgreSQL stages the batch in a temp table because COPY streams rows without building or
    parsing a statement of 5,000 x 16 parameters, which cost more than the insert itself.
    """
    declared = REGISTRY[record_type]
    table = RECORD_TABLES[record_type]
    fields = declared.names
    columns = ", ".join((*fields, "batch_id", "received_at"))
    staged = f"{table.name}_in"
    return _Plan(
        table=table,
        fields=fields,
        row=operator.attrgetter(*fields),
        times=frozenset(i for i, f in enumerate(declared.fields) if f.kind == "time"),
        copy_types=(*(_PG_TYPE[f.kind] for f in declared.fields), "text", "timestamptz"),
        pg_stage=(
            f"CREATE TEMP TABLE IF NOT EXISTS {staged} "
            f"(LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        ),
        pg_direct=f"COPY {table.name} ({columns}) FROM STDIN (FORMAT BINARY)",
        pg_copy=f"COPY {staged} ({columns}) FROM STDIN (FORMAT BINARY)",
        pg_merge=(
            f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {staged} "
            "ON CONFLICT DO NOTHING"
        ),
        pg_identical=(
            f"SELECT count(*) FROM {staged} i JOIN {table.name} r ON r.id = i.id "
            "WHERE r.batch_id <> i.batch_id AND "
            f"({', '.join('r.' + f for f in fields)}) IS NOT DISTINCT FROM "
            f"({', '.join('i.' + f for f in fields)})"
        ),
        sqlite_insert=(
            f"INSERT INTO {table.name} ({columns}) "
            f"VALUES ({', '.join('?' * (len(fields) + 2))}) ON CONFLICT DO NOTHING"
        ),
        held=(
            f"SELECT {', '.join(fields)} FROM {table.name} "
            "WHERE device_id = %s AND seq BETWEEN %s AND %s AND batch_id <> %s"
        ),
    )


def by_type(batch: IncomingBatch) -> dict[str, list[Indexed]]:
    """The batch's records grouped by type, in the contract's order, each in batch order."""
    groups: dict[str, list[Indexed]] = {name: [] for name in REGISTRY}
    for index, r in enumerate(batch.records):
        groups[r.type].append((index, r))
    return {name: items for name, items in groups.items() if items}


def insert_records(
    conn: Connection, batch: IncomingBatch, received_at: datetime, record_type: str,
    records: Sequence[Any],
) -> int:  # fmt: skip
    """Insert one type's records, skipping those already held; returns how many were new."""
    p = plan(record_type)
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None  # a checked-out connection always has its driver's
        cursor = driver.cursor()
        tail = (batch.batch_id, received_at)

        def copy_into(statement: str) -> None:
            with cursor.copy(statement) as copy:
                copy.set_types(p.copy_types)
                for r in records:
                    copy.write_row(p.row(r) + tail)

        # Every record new, the usual case: COPY straight into the table (half the work of
        # staging), and its unique indexes judge. One held already (a resend under other batch
        # boundaries, a contradiction) fails that COPY; the savepoint takes it back and the
        # batch goes the staged way, which skips what is held.
        try:
            with conn.begin_nested():
                copy_into(p.pg_direct)
            return len(records)
        except UniqueViolation:
            pass
        cursor.execute(p.pg_stage)
        copy_into(p.pg_copy)
        cursor.execute(p.pg_merge)
        merged: int = cursor.rowcount
        return merged
    stored_tail = (batch.batch_id, to_storage(received_at))
    rows = [p.stored(r) + stored_tail for r in records]
    # sqlite3 sums rowcount over executemany; skipped conflicts do not count.
    return conn.exec_driver_sql(p.sqlite_insert, rows).rowcount


def refuse_contradictions(
    conn: Connection, batch: IncomingBatch, record_type: str, items: list[Indexed], inserted: int
) -> None:
    """Raise ``Conflict`` naming the first of these records that was skipped for holding other
    content; call it when some of them were skipped (``inserted < len(items)``).

    Rows held for this device's seq range are read raw through the one unique index and
    compared with the batch as the driver stores it (SQLite: the time as text); a skipped
    record with no row at its seq must have collided on its id, held under another device or
    seq, or, its id held nowhere, on the unique ``reverses`` (``already_reversed``).
    """
    p = plan(record_type)
    sqlite = conn.dialect.name == "sqlite"
    # PostgreSQL still has the batch staged: one join says whether every skipped row is an
    # identical copy, the usual case (a resend), without reading rows out.
    if not sqlite and conn.exec_driver_sql(p.pg_identical).scalar() == len(items) - inserted:
        return
    sql = p.held.replace("%s", "?") if sqlite else p.held
    params = (batch.device_id, batch.first_seq, batch.last_seq, batch.batch_id)
    held = {row[1]: row for row in conn.exec_driver_sql(sql, params)}
    unplaced = []
    for index, r in items:
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
        elif tuple(row) != (p.stored(r) if sqlite else p.row(r)):
            raise Conflict(
                "record_differs",
                f"Record {r.id} is already held with other content.",
                record_id=r.id,
                index=index,
            )
    if not unplaced:
        return
    table = p.table
    # The batch's own new rows are there too (its batch id): the rest are held elsewhere.
    found = {
        row.id: row
        for row in conn.execute(
            select(table.c.id, table.c.device_id, table.c.seq, table.c.batch_id).where(
                table.c.id.in_([r.id for _, r in unplaced])
            )
        )
    }
    for index, r in unplaced:
        row = found.get(r.id)
        if row is None:
            # Neither its id nor its seq is held: only the unique ``reverses`` can have
            # skipped it. ``refuse_double_reversals`` should have said so first; never lose
            # it silently.
            raise Conflict(
                "already_reversed",
                f"Record {r.id} reverses {r.reverses}, which another record already reverses.",
                record_id=r.id,
                index=index,
            )
        if row.batch_id != batch.batch_id:
            raise Conflict(
                "record_differs",
                f"Record {r.id} is already held as seq {row.seq} of device {row.device_id!r}.",
                record_id=r.id,
                index=index,
            )


def refuse_double_reversals(conn: Connection, batch: IncomingBatch) -> None:
    """A reversal undoes one original, once, and is never itself undone (the kiosk's rule).

    ``already_reversed``: another record, held or earlier in the batch, reverses the same
    original. ``reverses_a_reversal``: its original, held or in the batch, is a reversal, or
    a record central holds already reverses it. A reversal whose original is not held yet is
    taken, as before; a resend of the very reversal held (same id) is not refused here. One
    statement per record type with reversals, before anything is written; none without.
    """
    reversals = [(i, r) for i, r in enumerate(batch.records) if r.reverses is not None]
    if not reversals:
        return
    problems: list[tuple[int, str, str]] = []
    by_id = {r.id: r for r in batch.records}
    first: dict[str, str] = {}
    for index, r in reversals:
        target = by_id.get(r.reverses)
        if target is not None and target.reverses is not None:
            problems.append(
                (
                    index,
                    "reverses_a_reversal",
                    f"Record {r.id} reverses {r.reverses}, itself a reversal in this "
                    "batch; a reversal cannot be undone.",
                )
            )
        elif r.reverses in first:
            problems.append(
                (
                    index,
                    "already_reversed",
                    f"Record {r.id} reverses {r.reverses}, which record "
                    f"{first[r.reverses]} in this batch already reverses.",
                )
            )
        first.setdefault(r.reverses, r.id)
    types: dict[str, list[Indexed]] = {}
    for index, r in reversals:
        types.setdefault(r.type, []).append((index, r))
    for name, items in types.items():
        targets = sorted({r.reverses for _, r in items})
        ids = [r.id for _, r in items]
        held = _reversals_held(name)
        same: dict[str, str] = {}
        redo: set[str] = set()
        undone: dict[str, str] = {}
        for part, held_id, held_reverses in conn.execute(held, {"targets": targets, "ids": ids}):
            if part == "same":
                same[held_reverses] = held_id
            elif part == "target":
                redo.add(held_id)
            else:
                undone[held_reverses] = held_id
        for index, r in items:
            if r.reverses in redo:
                problems.append(
                    (
                        index,
                        "reverses_a_reversal",
                        f"Record {r.id} reverses {r.reverses}, which is itself a "
                        "reversal; a reversal cannot be undone.",
                    )
                )
            elif same.get(r.reverses, r.id) != r.id:
                problems.append(
                    (
                        index,
                        "already_reversed",
                        f"Record {r.id} reverses {r.reverses}, which record "
                        f"{same[r.reverses]} already reverses.",
                    )
                )
            elif r.id in undone:
                problems.append(
                    (
                        index,
                        "reverses_a_reversal",
                        f"Record {r.id} is a reversal, and record {undone[r.id]} "
                        "already held reverses it; a reversal cannot be undone.",
                    )
                )
    if problems:
        index, code, message = min(problems)
        raise Conflict(code, message, record_id=batch.records[index].id, index=index)


def refuse_held_elsewhere(conn: Connection, batch: IncomingBatch) -> None:
    """One seq space per device and one id per record, across the record tables.

    A seq held in another type's table is ``seq_taken``; an id held under another type is
    ``record_differs``. Each table's own unique keys judge collisions within it (the inserts
    that follow); this judges only across tables, in one statement before anything is
    written. Every seq error is raised before any id error, as each names the first record.
    """
    records = batch.records
    types = frozenset({r.type for r in records})
    # The deposits table is the big one: probe it only for the batch's few other records.
    others = [r for r in records if r.type != "deposit"]
    ids = [r.id for r in records]
    statement, kinds = _held_elsewhere(conn.dialect.name, types)
    params = {
        "device_id": batch.device_id,
        "first_seq": batch.first_seq,
        "last_seq": batch.last_seq,
        "lo": min(ids),
        "hi": max(ids),
        "other_seqs": [r.seq for r in others],
        "other_ids": [r.id for r in others],
    }
    rows = conn.execute(statement, params).all()
    if not rows:
        return  # the usual answer: no need to index the batch
    seqs: dict[str, dict[int, str]] = {}
    holders: dict[str, list[str]] = {}
    for part, held_id, held_seq in rows:
        check, name = kinds[part]
        if check == "seq":
            seqs.setdefault(name, {})[held_seq] = held_id
        else:
            holders.setdefault(held_id, []).append(name)
    for name in RECORD_TABLES:
        held = seqs.get(name)
        if not held:
            continue
        for index, r in enumerate(records):
            if r.type != name and r.seq in held:
                raise Conflict(
                    "seq_taken",
                    f"Seq {r.seq} of device {r.device_id!r} is already held by {name} "
                    f"{held[r.seq]}; a reinstalled kiosk must continue above central's "
                    "highest_seq.",
                    record_id=r.id,
                    index=index,
                )
    if holders.keys().isdisjoint(ids):
        return  # only other records of the batch's time window: no need to index the batch
    for index, r in enumerate(records):
        for name in holders.get(r.id, ()):
            if name != r.type:
                raise Conflict(
                    "record_differs",
                    f"Record {r.id} is already held as a {name}; it cannot also be a {r.type}.",
                    record_id=r.id,
                    index=index,
                )


@functools.cache
def _reversals_held(record_type: str) -> CompoundSelect[Any]:
    """Three indexed probes of one table, built once: the held reversals of the batch's
    reversals' originals (unique ``reverses``), those originals held as reversals (primary
    key), and the held records that reverse the batch's reversals (``reverses`` again)."""
    table = RECORD_TABLES[record_type]
    targets: BindParameter[Any] = bindparam("targets", expanding=True)
    return union_all(
        select(literal_column("'same'"), table.c.id, table.c.reverses).where(
            table.c.reverses.in_(targets)
        ),
        select(literal_column("'target'"), table.c.id, table.c.reverses).where(
            table.c.id.in_(targets), table.c.reverses.is_not(None)
        ),
        select(literal_column("'undone'"), table.c.id, table.c.reverses).where(
            table.c.reverses.in_(bindparam("ids", expanding=True))
        ),
    )


@functools.cache
def _held_elsewhere(
    dialect: str, types: frozenset[str]
) -> tuple[CompoundSelect[Any], tuple[tuple[str, str], ...]]:
    """The one statement for a batch of these record types, and (check, table) per part.

    Built once per shape: constructing it anew cost more than running it.
    """
    parts: list[Select[Any]] = []
    kinds: list[tuple[str, str]] = []
    for name, table in RECORD_TABLES.items():
        if types == {name}:
            continue  # that table's own unique indexes already judge the whole batch
        if name == "deposit":
            seq_held = table.c.seq.in_(bindparam("other_seqs", expanding=True))
            id_held = table.c.id.in_(bindparam("other_ids", expanding=True))
        else:
            seq_held = table.c.seq.between(bindparam("first_seq"), bindparam("last_seq"))
            # Every batch id lies in [lo, hi] in byte order, so a colliding one does too.
            # Kiosk ids are UUIDv7 (time first), so for a normal batch this range holds only
            # the few activities of the batch's own time window. PostgreSQL compares in byte
            # order only when told (its collation may differ) and has ix_<table>_id_bytes for it.
            held_id = table.c.id.collate("C") if dialect == "postgresql" else table.c.id
            id_held = held_id.between(bindparam("lo"), bindparam("hi"))
        for check, where in (
            ("seq", (table.c.device_id == bindparam("device_id")) & seq_held),
            ("id", id_held),
        ):
            part = len(kinds)
            kinds.append((check, name))
            parts.append(select(literal_column(str(part)), table.c.id, table.c.seq).where(where))
    return union_all(*parts), tuple(kinds)
