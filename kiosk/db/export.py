"""Carry the data out on a USB stick: an online-backup copy of the store, a CSV, a manifest.

Everything is written from the backup, not the live file, so the three agree with each other
even while the kiosk keeps registering. Each file is read back and checked before we say "done".
"""

import csv
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk import __version__
from kiosk.domain.catalogue import Catalogue

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
DATABASE_NAME = "kiosk.sqlite3"
CSV_NAME = "deposits.csv"
MANIFEST_NAME = "manifest.json"
# The registered facts, in the order the checksum hashes them. They never change after the
# insert (a trigger refuses it), so the checksum means the same on the kiosk and at central.
RECORD_FIELDS = (
    "id",
    "seq",
    "device_id",
    "station_id",
    "recorded_at",
    "category",
    "weight_g",
    "weight_source",
    "channel",
    "direction",
    "reverses",
    "visit_id",
    "catalog_version",
)
CSV_FIELDS = (*RECORD_FIELDS, "category_name_nb", "sync_state")


class ExportError(Exception):
    """The export could not be written or did not read back as written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    count: int
    checksum: str
    schema_revision: str | None


def checksum(rows: Iterable[Sequence[str]]) -> str:
    """SHA-256 over the records sorted by id, each a compact JSON array of its text fields."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r[0]):
        digest.update(json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _text(field: str, value: object) -> str:
    if value is None:
        return ""
    if field == "recorded_at":
        # Stored as naive UTC text; exported as unambiguous ISO 8601 with its Z, always with
        # microseconds so the same instant is always the same text (the checksum hashes it).
        stamp = datetime.fromisoformat(str(value)).isoformat(timespec="microseconds")
        return stamp + "Z"
    return str(value)


def backup(source: Path, target: Path) -> None:
    """A consistent copy of the live store with SQLite's online backup API.

    One backup step copies every page under a single read transaction, so the copy is the
    database as of one commit; under WAL the kiosk's writers are not blocked meanwhile.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
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
    columns = ", ".join(RECORD_FIELDS)
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
    # utf-8-sig writes the BOM that makes Excel read æøå as UTF-8 instead of its ANSI page.
    with csv_path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_FIELDS)
        for record, state in zip(records, states, strict=True):
            category = catalogue.get(record[RECORD_FIELDS.index("category")])
            writer.writerow([*record, category.name("nb") if category else "", state])

    _verify(db_path, csv_path, count=len(records), expected=total)
    manifest = {
        "format": FORMAT_VERSION,
        "station": station_id,
        "device": device_id,
        "count": len(records),
        "checksum": total,
        "checksum_algorithm": "sha256-json-lines-sorted-by-id",
        "exported_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "schema_revision": revision,
        "kiosk_version": __version__,
        "files": {"database": DATABASE_NAME, "csv": CSV_NAME},
    }
    # Written last: a manifest on the stick means the rest was complete and verified.
    (folder / MANIFEST_NAME).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8"
    )
    log.info("exported %d records to %s, sha256 %s", len(records), folder, total)
    return ExportResult(folder, len(records), total, revision)


def read_csv(path: Path) -> list[tuple[str, ...]]:
    """The records of an exported CSV, as the tuples of RECORD_FIELDS the checksum hashes."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != CSV_FIELDS:
            raise ExportError(f"{path}: unexpected columns {reader.fieldnames}")
        return [tuple(row[f] for f in RECORD_FIELDS) for row in reader]


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
