"""Import a kiosk's USB-stick export through the same idempotent path as a sync batch.

The folder's manifest and CSVs are checked first (format, count, checksum); then its records
of every type go to ``ingest_batch`` in the device's one seq order, so a record central
already has, from a sync or an earlier import, is skipped, never written twice, and a hole
in the device's seqs closes. All of it commits, or none of it. Format 1 (deposits only)
still imports.
"""

import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from central.core import clock
from central.errors import DomainError, Invalid, NotFound
from central.models import RECORD_TABLES, Device, Station
from central.schemas import BatchCreate
from central.services.ingest import ingest_batch
from contract import CONTRACT_VERSION
from contract import export as export_format
from contract.fields import validate_record
from contract.limits import identifier_problem
from contract.wire import canonical_sha256


@dataclass(frozen=True, slots=True)
class ImportResult:
    count: int
    inserted: int
    duplicates: int
    devices: tuple[str, ...]


def _refuse(message: str) -> DomainError:
    return Invalid("bad_export", message)


def read_export(folder: Path) -> list[dict[str, Any]]:
    """Every record as a current-version wire record, after checking the files against the
    manifest (format, count, checksum) and each record against the contract and the manifest.

    A stick is not trusted for being checksummed: whoever wrote it can write a matching
    manifest. So the manifest's device and station must be identifiers, every record must be
    that device's at that station, and a bad record is refused by file, row and field.
    """
    try:
        meta, rows = export_format.read_export(folder)
        device_id, station_id = meta.get("device"), meta.get("station")
        for key, value in (("device", device_id), ("station", station_id)):
            if (problem := identifier_problem(value)) is not None:
                raise _refuse(f"manifest.json {key} {value!r}: {problem}")
        records = []
        for name, held in rows.items():
            for number, row in enumerate(held, start=1):
                record = export_format.wire_record(row, name)
                _check(record, f"{export_format.CSV_NAMES[name]} row {number}", meta)
                records.append(record)
        return records
    except export_format.ExportFormatError as exc:
        raise _refuse(str(exc)) from exc


def _check(record: dict[str, Any], where: str, meta: dict[str, Any]) -> None:
    """Refuse a record the contract refuses, or one of another device or station than the
    manifest's, naming the file, the row (1 = the first after the header) and the field."""
    problems = validate_record(record)
    for key, field in (("device", "device_id"), ("station", "station_id")):
        if record.get(field) != meta[key]:
            problems.append(
                (field, f"is {record.get(field)!r}, the manifest's {key} is {meta[key]!r}")
            )
    if problems:
        field, message = problems[0]
        record_id = record.get("id")
        raise Invalid(
            "bad_record",
            f"{where}: {field} {message}",
            record_id=record_id if isinstance(record_id, str) else None,
        )


def _device(session: Session, device_id: str, station_id: str) -> Device:
    """The device as central knows it; a kiosk that never reached central is added here."""
    device = session.get(Device, device_id)
    if device is not None:
        return device
    if session.get(Station, station_id) is None:
        raise NotFound("unknown_station", f"Station {station_id!r} is unknown; add it first.")
    device = Device(
        id=device_id,
        station_id=station_id,
        # A random value no token hashes to: the kiosk gets its own when it enrols.
        token_hash=secrets.token_hex(32),
        enrolled_at=clock.now(),
        highest_contiguous_seq=0,
    )
    session.add(device)
    session.flush()
    return device


def _held_clock_flags(session: Session, records: list[dict[str, Any]]) -> dict[str, str | None]:
    """The clock flags central holds for these records' ids, of any type.

    A stick carries no clock flag (the kiosk judges its clock when it syncs), so a record a
    sync already brought with a flag would differ from its copy on the stick only by that
    flag; central's judgement stands, and the copy is then a plain duplicate.
    """
    tables: dict[str, Table] = RECORD_TABLES
    held: dict[str, str | None] = {}
    for name, table in tables.items():
        ids = [r["id"] for r in records if r["type"] == name]
        if ids:
            query = select(table.c.id, table.c.clock_flag).where(table.c.id.in_(ids))
            for record_id, flag in session.execute(query):
                held[record_id] = flag
    return held


def import_export(
    *, session: Session, folder: Path, max_weight_g: int, batch_records: int
) -> ImportResult:
    """Check and ingest an export folder; the caller commits (all) or rolls back (none)."""
    rows = read_export(folder)
    by_device: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in rows:
        by_device[record["device_id"]].append(record)
    inserted = duplicates = 0
    now = clock.now()
    for device_id, records in by_device.items():
        records.sort(key=lambda r: r["seq"])
        device = _device(session, device_id, records[0]["station_id"])
        for start in range(0, len(records), batch_records):
            chunk = records[start : start + batch_records]
            flags = _held_clock_flags(session, chunk)
            for record in chunk:
                record["clock_flag"] = flags.get(record["id"], record["clock_flag"])
            sha = canonical_sha256(chunk)
            batch = BatchCreate.model_validate(
                {
                    "contract_version": CONTRACT_VERSION,  # typed records, every type
                    # A fresh id per import: a replayed batch id would get its first answer
                    # back, and an import should say what it found this time.
                    "batch_id": str(uuid.uuid4()),
                    "device_id": device_id,
                    "first_seq": chunk[0]["seq"],
                    "last_seq": chunk[-1]["seq"],
                    "count": len(chunk),
                    "sha256": sha,
                    "sent_at": now,
                    "records": chunk,
                }
            )
            answer = ingest_batch(
                session=session,
                device=device,
                batch=batch,
                records_sha256=sha,
                max_weight_g=max_weight_g,
                received_at=now,
                measure_clock=False,  # an export says nothing about the kiosk's clock now
            )
            inserted += answer.inserted
            duplicates += answer.duplicates
    return ImportResult(len(rows), inserted, duplicates, tuple(by_device))
