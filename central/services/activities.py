"""Storing events, repairs and material flows: the same idempotency rules as deposits.

A record already held with the same content is a silent duplicate; the same id or the same
(device, seq) with other content is a 409 naming it. Volumes are small (a few a day), so
plain inserts do; deposits keep their bulk path.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from central.errors import Conflict
from central.models import ACTIVITY_TABLES, Record
from central.schemas import BatchCreate
from contract.fields import REGISTRY

SEQ_TABLES = {"deposit": Record.__table__, **ACTIVITY_TABLES}


def refuse_seqs_held_elsewhere(conn: Connection, batch: BatchCreate) -> None:
    """One seq space per device: a seq held in another type's table is ``seq_taken``."""
    types = {r.type for r in batch.records}
    for name, table in SEQ_TABLES.items():
        if types == {name}:
            continue  # that table's own unique index already judges its collisions
        held = dict(
            conn.execute(
                select(table.c.seq, table.c.id).where(
                    table.c.device_id == batch.device_id,
                    table.c.seq.between(batch.first_seq, batch.last_seq),
                )
            ).all()
        )
        for index, r in enumerate(batch.records):
            if r.type != name and r.seq in held:
                raise Conflict(
                    "seq_taken",
                    f"Seq {r.seq} of device {r.device_id!r} is already held by {name} "
                    f"{held[r.seq]}; a reinstalled kiosk must continue above central's "
                    "highest_seq.",
                    record_id=r.id,
                    index=index,
                )


def refuse_ids_held_elsewhere(conn: Connection, batch: BatchCreate) -> None:
    """One id means one record: an id held under another record type is ``record_differs``.

    Run after the batch's rows are written (the transaction rolls back on refusal). The
    non-deposit records are few, so their ids are looked up directly; the deposits are
    matched by the batch's (device, seq) range, which the unique index serves.
    """
    index_of = {r.id: i for i, r in enumerate(batch.records)}
    type_of = {r.id: r.type for r in batch.records}
    deposits = SEQ_TABLES["deposit"]
    in_batch = select(deposits.c.id).where(
        deposits.c.device_id == batch.device_id,
        deposits.c.seq.between(batch.first_seq, batch.last_seq),
    )
    others = [r.id for r in batch.records if r.type != "deposit"]
    for name, table in SEQ_TABLES.items():
        checks = []
        if name != "deposit" and len(others) < batch.count:
            checks.append(table.c.id.in_(in_batch))
        if others:
            checks.append(table.c.id.in_(others))
        if not checks:
            continue
        for (held,) in conn.execute(select(table.c.id).where(or_(*checks))):
            if type_of.get(held, name) != name:
                raise Conflict(
                    "record_differs",
                    f"Record {held} is already held as a {name}; it cannot also be a "
                    f"{type_of[held]}.",
                    record_id=held,
                    index=index_of[held],
                )


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
