"""Batch ingest: check a batch against the contract, then write all of it or nothing."""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from central.errors import Conflict, Forbidden, Invalid
from central.models import Batch, Device
from central.schemas import BatchPublic, IncomingBatch
from central.services.catalogue import category_kinds
from central.services.reclassify import hold_kinds
from central.services.records import (
    by_type,
    insert_records,
    refuse_contradictions,
    refuse_double_reversals,
    refuse_held_elsewhere,
)
from central.services.rollup import add_deposits, rows_of_batch
from central.services.sequence import advance_contiguous
from contract.rules import direction_problem, weight_problem


def _check_records(
    batch: IncomingBatch, *, device: Device, kinds: dict[str, str], max_weight_g: int
) -> None:
    # Read once: the ORM's attribute access per record cost more than the checks.
    device_id, station_id = device.id, device.station_id
    if batch.device_id != device_id:
        raise Forbidden(
            "other_device",
            f"This token belongs to device {device_id!r}, not {batch.device_id!r}.",
        )
    if batch.count != len(batch.records):
        raise Invalid(
            "count_mismatch",
            f"count is {batch.count} but the batch holds {len(batch.records)} records.",
        )
    seqs = [r.seq for r in batch.records]
    if len(set(seqs)) != len(seqs):
        raise Invalid("duplicate_seq", "Two records in the batch share a seq.")
    if len({r.id for r in batch.records}) != len(batch.records):
        # Storing one and calling the other a duplicate would lose a seq without a word.
        ids: set[str] = set()
        for index, r in enumerate(batch.records):
            if r.id in ids:
                raise Invalid(
                    "duplicate_id",
                    f"Record id {r.id} appears twice in the batch.",
                    record_id=r.id,
                    index=index,
                )
            ids.add(r.id)
    if min(seqs) != batch.first_seq or max(seqs) != batch.last_seq:
        raise Invalid("seq_mismatch", "first_seq/last_seq do not match the records' seq range.")
    for index, r in enumerate(batch.records):
        if r.device_id != device_id:
            raise Forbidden(
                "other_device",
                f"Record belongs to device {r.device_id!r}, not {device_id!r}.",
                record_id=r.id,
                index=index,
            )
        if r.station_id != station_id:
            raise Forbidden(
                "other_station",
                f"Record is for station {r.station_id!r}; "
                f"this device is enrolled at {station_id!r}.",
                record_id=r.id,
                index=index,
            )
        if r.type != "deposit":
            continue
        if weight_problem(r.weight_g, max_g=max_weight_g) is not None:
            raise Invalid(
                "invalid_weight",
                f"weight_g {r.weight_g} is outside 1..{max_weight_g} g.",
                record_id=r.id,
                index=index,
            )
        kind = kinds.get(r.category)
        if kind is None:
            raise Invalid(
                "unknown_category",
                f"Category {r.category!r} is not in the catalogue.",
                record_id=r.id,
                index=index,
            )
        if direction_problem(kind, r.direction) is not None:
            raise Invalid(
                "direction_not_allowed",
                f"Only reuse items can go out, not {r.category!r}.",
                record_id=r.id,
                index=index,
            )


def _roll_up(
    conn: Connection, batch: IncomingBatch, kinds: dict[str, str], deposits: list[Any],
    *, all_new: bool,
) -> None:  # fmt: skip
    """Add the batch's new deposits to the daily rollups (read back when some were held)."""
    new_rows = (
        [(r.id, r.station_id, r.recorded_at, r.category, r.direction, r.clock_flag,
          r.weight_g, r.reverses, r.weight_source, r.catalog_version, r.channel)
         for r in deposits]
        if all_new
        else rows_of_batch(conn, batch.device_id, batch.first_seq, batch.last_seq, batch.batch_id)
    )  # fmt: skip
    add_deposits(
        conn, new_rows, kinds, device_id=batch.device_id, first_seq=batch.first_seq,
        last_seq=batch.last_seq, batch_id=batch.batch_id,
        # Records of other batches may lie inside this one's seq range when some of it was
        # held, or when the range has gaps (a record set aside, sent after later ones).
        others_inside=not all_new or batch.last_seq - batch.first_seq + 1 != batch.count,
    )  # fmt: skip


def stored_answer(
    *, session: Session, device: Device, batch_id: str, sha256: str
) -> BatchPublic | None:
    """The answer central gave when it took this batch (same device, same records' hash),
    or None: a resend gets the very same answer, and nothing is written twice."""
    seen = session.get(Batch, batch_id)
    if seen is None or seen.device_id != device.id or seen.sha256 != sha256:
        return None
    return BatchPublic.model_validate_json(seen.response)


def held_batches(
    *, session: Session, device: Device, batches: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Which of these (batch_id, sha256) central took from this device with that very hash:
    their records are all here (a batch and its records are written in one transaction).
    One indexed read; writes nothing."""
    ids = sorted({batch_id for batch_id, _ in batches})
    held = dict(
        session.execute(
            select(Batch.id, Batch.sha256).where(Batch.id.in_(ids), Batch.device_id == device.id)
        ).all()
    )
    return [(b, h) for b, h in batches if held.get(b) == h]


def _seen(session: Session, device: Device, batch: IncomingBatch) -> BatchPublic | None:
    """The stored answer if central has taken this batch id (None if not); the same id with
    other content is a 409."""
    if session.get(Batch, batch.batch_id) is None:
        return None
    answered = stored_answer(
        session=session, device=device, batch_id=batch.batch_id, sha256=batch.sha256
    )
    if answered is None:
        raise Conflict(
            "batch_id_reused", f"Batch {batch.batch_id} was already sent with other content."
        )
    return answered


def ingest_batch(
    *,
    session: Session,
    device: Device,
    batch: IncomingBatch,
    records_sha256: str,
    max_weight_g: int,
    received_at: datetime,
    measure_clock: bool = True,
) -> BatchPublic:
    """Write a whole batch or nothing; a replay gets one answer.

    A record central already holds with the same content is a silent duplicate; the same id
    or the same (device, seq) with anything else is a 409 naming the record.
    """
    conn = session.connection()
    answered = _seen(session, device, batch)
    if answered is not None:
        return answered
    if records_sha256 != batch.sha256:
        raise Invalid(
            "sha256_mismatch",
            "sha256 does not match the records; the batch was damaged or built wrongly.",
        )
    hold_kinds(conn)  # a reclassification waits for this batch, or this batch for it
    kinds = category_kinds(session=session)
    # Checked before the device's lock: a kiosk's next batch is checked while this one writes.
    _check_records(batch, device=device, kinds=kinds, max_weight_g=max_weight_g)
    offset = (received_at - batch.sent_at).total_seconds()
    # Lock the device row for the rest of the transaction (PostgreSQL; SQLite's BEGIN
    # IMMEDIATE already serialises writers), and read the mark inside it: two batches of one
    # device then never both advance from the same stale mark, nor judge what the other holds.
    # scalar_one: the device row exists (its token just authenticated this request).
    current = conn.execute(
        select(Device.highest_contiguous_seq).where(Device.id == device.id).with_for_update()
    ).scalar_one()
    answered = _seen(session, device, batch)  # this very batch, taken while it was checked
    if answered is not None:
        return answered
    refuse_held_elsewhere(conn, batch)
    refuse_double_reversals(conn, batch)
    inserted = 0
    for record_type, items in by_type(batch).items():
        records = [r for _, r in items]
        new = insert_records(conn, batch, received_at, record_type, records)
        if new < len(items):
            refuse_contradictions(conn, batch, record_type, items, new)
        if new and record_type == "deposit":
            _roll_up(conn, batch, kinds, records, all_new=new == len(items))
        inserted += new
    contiguous = advance_contiguous(conn, device.id, current, batch)
    clock = {"clock_offset_s": offset, "last_batch_at": received_at} if measure_clock else {}
    conn.execute(
        update(Device)
        .where(Device.id == device.id)
        .values(highest_contiguous_seq=contiguous, **clock)
    )
    answer = BatchPublic(
        batch_id=batch.batch_id,
        count=batch.count,
        inserted=inserted,
        duplicates=batch.count - inserted,
        first_seq=batch.first_seq,
        last_seq=batch.last_seq,
        highest_contiguous_seq=contiguous,
        received_at=received_at,
        clock_offset_s=offset,
    )
    session.add(
        Batch(
            id=batch.batch_id,
            device_id=device.id,
            sha256=batch.sha256,
            first_seq=batch.first_seq,
            last_seq=batch.last_seq,
            count=batch.count,
            sent_at=batch.sent_at,
            received_at=received_at,
            clock_offset_s=offset,
            response=answer.model_dump_json(),
        )
    )
    session.flush()
    return answer
