"""Storing events, repairs and material flows: the same idempotency rules as deposits.

A record already held with the same content is a silent duplicate; the same id or the same
(device, seq) with other content is a 409 naming it. Volumes are small (a few a day), so
plain inserts do; deposits keep their bulk path.
"""

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Select,
    bindparam,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite

from central.errors import Conflict
from central.models import ACTIVITY_TABLES, RECORD_TABLES
from central.schemas import BatchCreate
from contract.fields import REGISTRY
from contract.records import default_audience

SEQ_TABLES = RECORD_TABLES


def refuse_held_elsewhere(conn: Connection, batch: BatchCreate) -> None:
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
    for name in SEQ_TABLES:
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
def _held_elsewhere(
    dialect: str, types: frozenset[str]
) -> tuple[CompoundSelect[Any], tuple[tuple[str, str], ...]]:
    """The one statement for a batch of these record types, and (check, table) per part.

    Built once per shape: constructing it anew cost more than running it.
    """
    parts: list[Select[Any]] = []
    kinds: list[tuple[str, str]] = []
    for name, table in SEQ_TABLES.items():
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


def insert_activities(
    conn: Connection, batch: BatchCreate, received_at: datetime, items: list[tuple[int, Any]]
) -> int:
    """Insert the non-deposit records, refusing contradictions; returns how many were new."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    inserted = 0
    for index, r in items:
        table = ACTIVITY_TABLES[r.type]
        names = REGISTRY[r.type].names
        values = {name: getattr(r, name) for name in names}
        if r.type == "event" and values["audience"] is None:
            # A version-2 kiosk's event (or one left to the default): by kind, as
            # contract.wire.upgrade_record has it, so a replay compares equal.
            values["audience"] = default_audience(values["kind"]).value
        row = values | {"batch_id": batch.batch_id, "received_at": received_at}
        # RETURNING, not rowcount: SQLAlchemy's rowcount here is not the rows written on PG.
        statement = dialect.insert(table).values(row).on_conflict_do_nothing()
        if conn.execute(statement.returning(table.c.id)).first() is not None:
            inserted += 1
            continue
        held = conn.execute(
            select(*(table.c[name] for name in names)).where(
                (table.c.id == r.id) | ((table.c.device_id == r.device_id) & (table.c.seq == r.seq))
            )
        ).first()
        if held is not None and held.id != r.id:
            raise Conflict(
                "seq_taken",
                f"Seq {r.seq} of device {r.device_id!r} is already held by record {held.id}.",
                record_id=r.id,
                index=index,
            )
        if held is None or held._asdict() != values:
            raise Conflict(
                "record_differs",
                f"Record {r.id} is already held with other content.",
                record_id=r.id,
                index=index,
            )
    return inserted
