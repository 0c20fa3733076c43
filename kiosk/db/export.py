"""Carry the data out on a USB stick: an online-backup copy of the store, a CSV, a manifest.

Everything is written from the backup, not the live file, so the three agree with each other
even while the kiosk keeps registering. Each file is read back and checked before we say "done".
"""

import json
import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from contract import export as export_format
from contract.export import (
    CSV_NAME,  # noqa: F401  (re-exported: tests and tools name the deposits file from here)
    CSV_NAMES,
    DATABASE_NAME,
    MANIFEST_NAME,
    RECORD_FIELDS,
    TYPES,
    checksum,
)
from contract.times import storage_to_wire
from kiosk import __version__, atomic
from kiosk.domain.catalogue import Catalogue
from kiosk.domain.clock import utc_now

log = logging.getLogger(__name__)


class ExportError(Exception):
    """The export could not be written or did not read back as written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    count: int  # records of every type
    checksum: str  # over all of them (contract.export.manifest)
    schema_revision: str | None
    counts: dict[str, int] = field(default_factory=dict)  # per record type


# Which exported fields are times, per record type: stored naive UTC, exported as wire text.
_TIMES = {
    name: frozenset(f.name for f in rt.fields if f.kind == "time") for name, rt in TYPES.items()
}
# Table of each record type; a store from before migration 0005 has deposits only.
_TABLES = {"deposit": "deposits", "event": "events", "repair": "repairs",
           "material_flow": "material_flows"}  # fmt: skip


def _text(value: object, *, time: bool = False) -> str:
    if value is None:
        return ""
    if time:
        # Stored as naive UTC text; exported in the wire's time format, one text per instant
        # (the checksum hashes it).
        return storage_to_wire(str(value))
    return str(value)


def backup(source: Path, target: Path) -> None:
    """A consistent copy of the live store with SQLite's online backup API.

    One backup step copies every page under a single read transaction, so the copy is the
    database as of one commit; under WAL the kiosk's writers are not blocked meanwhile.
    """
    try:
        _backup(f"file:{source}?mode=ro", target)
    except sqlite3.OperationalError:
        if os.access(source.parent, os.W_OK):
            raise
        # A read-only folder cannot hold the -shm file a WAL reader needs: read the file as
        # immutable. This is the rescue path (kiosk export); the app is not writing then.
        log.warning("read-only folder: exporting %s as immutable", source)
        target.unlink(missing_ok=True)
        _backup(f"file:{source}?mode=ro&immutable=1", target)


def _backup(uri: str, target: Path) -> None:
    src = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # The copy travels alone on a stick: no -wal/-shm side files to forget.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


Records = dict[str, list[tuple[str, ...]]]


def _read_records(db: sqlite3.Connection) -> tuple[Records, dict[str, list[str]]]:
    """Every record type's rows as exported text, and their sync states, in seq order."""
    records: Records = {}
    states: dict[str, list[str]] = {}
    for name, table in _TABLES.items():
        columns_held = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not columns_held:
            continue  # an older store: this type did not exist yet
        # A record made before enrolment is exported as the station that adopted it
        # (migrations 0003, 0006), as sync sends it: the stick and the sync then agree.
        station = "coalesce(adopted_by, station_id)" if "adopted_by" in columns_held else None
        fields = export_format.record_fields(name)
        columns = ", ".join(station if f == "station_id" and station else f for f in fields)
        rows = db.execute(f"SELECT {columns}, sync_state FROM {table} ORDER BY seq, id")
        rows_held = rows.fetchall()
        records[name] = [
            tuple(_text(v, time=f in _TIMES[name]) for f, v in zip(fields, row, strict=False))
            for row in rows_held
        ]
        states[name] = [row[-1] for row in rows_held]
    return records, states


def _schema_revision(db: sqlite3.Connection) -> str | None:
    try:
        revision: str | None = db.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        return revision
    except (sqlite3.Error, TypeError):
        return None


def export(
    database: Path,
    to: Path,
    *,
    station_id: str,
    device_id: str,
    catalogue: Catalogue,
    now: datetime | None = None,
) -> ExportResult:
    """Write backup, CSV and manifest into a new folder under ``to``; verify; return the result."""
    if not database.exists():
        raise ExportError(f"no database at {database}")
    now = now or utc_now()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    folder = to / f"minigjenbruk-{station_id}-{device_id}-{stamp}"
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except FileExistsError as exc:
        raise ExportError(f"{folder} exists already; not overwriting an export") from exc
    except OSError as exc:
        raise ExportError(f"cannot write to {to}: {exc}") from exc

    try:
        return _write(
            database,
            folder,
            station_id=station_id,
            device_id=device_id,
            catalogue=catalogue,
            now=now,
        )
    except (sqlite3.Error, OSError) as exc:
        # A full or pulled-out stick is the usual cause; the live store is untouched.
        log.warning("export to %s failed", folder, exc_info=True)
        raise ExportError(f"export to {folder} failed: {exc}") from exc


def _write(
    database: Path,
    folder: Path,
    *,
    station_id: str,
    device_id: str,
    catalogue: Catalogue,
    now: datetime,
) -> ExportResult:
    db_path = folder / DATABASE_NAME
    backup(database, db_path)
    with closing(sqlite3.connect(db_path)) as db:
        records, states = _read_records(db)
        revision = _schema_revision(db)

    for name, rows in records.items():
        readable = (
            [*row, _name_nb(catalogue, row), state] if name == "deposit" else [*row, state]
            for row, state in zip(rows, states[name], strict=True)
        )
        export_format.write_csv(folder / CSV_NAMES[name], readable, name)
    manifest = export_format.manifest(
        station_id=station_id,
        device_id=device_id,
        records=records,
        exported_at=now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        schema_revision=revision,
        kiosk_version=__version__,
    )
    _verify(db_path, folder, manifest)
    # Written last: a manifest on the stick means the rest was complete and verified.
    document = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    atomic.write(folder / MANIFEST_NAME, document.encode("utf-8"), mode=0o644)
    count, total = manifest["count"], manifest["checksum"]
    log.info("exported %d records to %s, sha256 %s", count, folder, total)
    counts = {name: len(rows) for name, rows in records.items()}
    return ExportResult(folder, count, total, revision, counts)


def _name_nb(catalogue: Catalogue, record: tuple[str, ...]) -> str:
    category = catalogue.get(record[RECORD_FIELDS.index("category")])
    return category.name("nb") if category else ""


def read_csv(path: Path, type_name: str = "deposit") -> list[tuple[str, ...]]:
    """The records of an exported CSV, as the tuples of hashed fields the checksum hashes."""
    try:
        return export_format.read_csv(path, type_name)
    except export_format.ExportFormatError as exc:
        raise ExportError(str(exc)) from exc


def _verify(db_path: Path, folder: Path, manifest: dict[str, object]) -> None:
    """The copy and every CSV read back to what the manifest will say."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise ExportError(f"backup failed integrity_check: {integrity}")
        records, _ = _read_records(db)
    every = [row for rows in records.values() for row in rows]
    if len(every) != manifest["count"] or checksum(every) != manifest["checksum"]:
        raise ExportError("backup does not read back as written")
    from_csv = [row for name in records for row in read_csv(folder / CSV_NAMES[name], name)]
    if len(from_csv) != manifest["count"] or checksum(from_csv) != manifest["checksum"]:
        raise ExportError("CSV does not read back as written")


def stored_device_id(database: Path) -> str:
    """The device id the store made on first start ("unknown" before there is one)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    except sqlite3.Error:
        return "unknown"
    return row[0] if row else "unknown"
