"""Carry the data out on a USB stick: an online-backup copy of the store, a CSV, a manifest.

Everything is written from the backup, not the live file, so the three agree with each other
even while the kiosk keeps registering. Each file is read back and checked before we say "done".
"""

import json
import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from contract import export as export_format
from contract.export import CSV_NAME, DATABASE_NAME, MANIFEST_NAME, RECORD_FIELDS, checksum
from contract.wire import format_time
from kiosk import __version__, atomic
from kiosk.domain.catalogue import Catalogue

log = logging.getLogger(__name__)


class ExportError(Exception):
    """The export could not be written or did not read back as written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    count: int
    checksum: str
    schema_revision: str | None


def _text(field: str, value: object) -> str:
    if value is None:
        return ""
    if field == "recorded_at":
        # Stored as naive UTC text; exported in the wire's time format, one text per instant
        # (the checksum hashes it).
        return format_time(datetime.fromisoformat(str(value)).replace(tzinfo=UTC))
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


def _read_records(db: sqlite3.Connection) -> tuple[list[tuple[str, ...]], list[str]]:
    # A record made before enrolment is exported as the station that adopted it (migration
    # 0003), as sync sends it: the stick and the sync then agree at central's import.
    adopted = any(row[1] == "adopted_by" for row in db.execute("PRAGMA table_info(deposits)"))
    station = "coalesce(adopted_by, station_id)" if adopted else "station_id"
    columns = ", ".join(station if f == "station_id" else f for f in RECORD_FIELDS)
    rows = db.execute(f"SELECT {columns}, sync_state FROM deposits ORDER BY seq, id").fetchall()
    records = [tuple(_text(f, v) for f, v in zip(RECORD_FIELDS, row, strict=False)) for row in rows]
    return records, [row[-1] for row in rows]


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
    now = now or datetime.now(UTC)
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
    total = checksum(records)

    csv_path = folder / CSV_NAME
    export_format.write_csv(
        csv_path,
        (
            [*record, _name_nb(catalogue, record), state]
            for record, state in zip(records, states, strict=True)
        ),
    )
    _verify(db_path, csv_path, count=len(records), expected=total)
    manifest = export_format.manifest(
        station_id=station_id,
        device_id=device_id,
        count=len(records),
        checksum=total,
        exported_at=now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        schema_revision=revision,
        kiosk_version=__version__,
    )
    # Written last: a manifest on the stick means the rest was complete and verified.
    document = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    atomic.write(folder / MANIFEST_NAME, document.encode("utf-8"), mode=0o644)
    log.info("exported %d records to %s, sha256 %s", len(records), folder, total)
    return ExportResult(folder, len(records), total, revision)


def _name_nb(catalogue: Catalogue, record: tuple[str, ...]) -> str:
    category = catalogue.get(record[RECORD_FIELDS.index("category")])
    return category.name("nb") if category else ""


def read_csv(path: Path) -> list[tuple[str, ...]]:
    """The records of an exported CSV, as the tuples of RECORD_FIELDS the checksum hashes."""
    try:
        return export_format.read_csv(path)
    except export_format.ExportFormatError as exc:
        raise ExportError(str(exc)) from exc


def _verify(db_path: Path, csv_path: Path, *, count: int, expected: str) -> None:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise ExportError(f"backup failed integrity_check: {integrity}")
        records, _ = _read_records(db)
    if len(records) != count or checksum(records) != expected:
        raise ExportError("backup does not read back as written")
    from_csv = read_csv(csv_path)
    if len(from_csv) != count or checksum(from_csv) != expected:
        raise ExportError("CSV does not read back as written")


def stored_device_id(database: Path) -> str:
    """The device id the store made on first start ("unknown" before there is one)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    except sqlite3.Error:
        return "unknown"
    return row[0] if row else "unknown"
