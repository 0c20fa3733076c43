"""The USB-stick export format: file names, manifest, CSV columns and the checksum.

Written by the kiosk, read by central's importer. Format 2 carries every record type, one
CSV each; format 1 (deposits only, the first release's) still reads.
"""

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from contract.fields import RecordType
from contract.records import DEPOSIT, EVENT, MATERIAL_FLOW, REPAIR

FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
DATABASE_NAME = "kiosk.sqlite3"
CSV_NAME = "deposits.csv"
MANIFEST_NAME = "manifest.json"
CHECKSUM_ALGORITHM = "sha256-json-lines-sorted-by-id"
# One CSV per record type, in this order in the manifest. Format 1 had only deposits.csv.
CSV_NAMES: dict[str, str] = {
    DEPOSIT.name: CSV_NAME,
    EVENT.name: "events.csv",
    REPAIR.name: "repairs.csv",
    MATERIAL_FLOW.name: "material_flows.csv",
}
TYPES: dict[str, RecordType] = {rt.name: rt for rt in (DEPOSIT, EVENT, REPAIR, MATERIAL_FLOW)}
# The registered facts, in the order the checksum hashes them. They never change after the
# insert (a trigger refuses it), so the checksum means the same on the kiosk and at central.
RECORD_FIELDS = DEPOSIT.exported_names
# After the hashed columns: a name for people reading the file, and the sync state.
_READER_COLUMNS = {DEPOSIT.name: ("category_name_nb", "sync_state")}
CSV_FIELDS = (*RECORD_FIELDS, *_READER_COLUMNS[DEPOSIT.name])


class ExportFormatError(Exception):
    """An export folder or file that is not in this format, or not as its manifest says."""


def record_fields(type_name: str) -> tuple[str, ...]:
    """The hashed columns of a record type's CSV, in declaration order."""
    return TYPES[type_name].exported_names


def csv_fields(type_name: str) -> tuple[str, ...]:
    return (*record_fields(type_name), *_READER_COLUMNS.get(type_name, ("sync_state",)))


def checksum(rows: Iterable[Sequence[str]]) -> str:
    """SHA-256 over the records sorted by id, each a compact JSON array of its text fields."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r[0]):
        digest.update(json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def manifest(
    *,
    station_id: str,
    device_id: str,
    records: dict[str, list[tuple[str, ...]]],
    exported_at: str,
    schema_revision: str | None,
    kiosk_version: str,
) -> dict[str, Any]:
    """The manifest of a format-2 export of ``records`` (type name -> hashed rows)."""
    every = [row for rows in records.values() for row in rows]
    return {
        "format": FORMAT_VERSION,
        "station": station_id,
        "device": device_id,
        "count": len(every),
        "checksum": checksum(every),
        "checksum_algorithm": CHECKSUM_ALGORITHM,
        "exported_at": exported_at,
        "schema_revision": schema_revision,
        "kiosk_version": kiosk_version,
        "files": {"database": DATABASE_NAME, "csv": CSV_NAME},
        "records": {
            name: {"file": CSV_NAMES[name], "count": len(rows), "checksum": checksum(rows)}
            for name, rows in records.items()
        },
    }


def write_csv(path: Path, rows: Iterable[Sequence[str]], type_name: str = DEPOSIT.name) -> None:
    # utf-8-sig writes the BOM that makes Excel read æøå as UTF-8 instead of its ANSI page.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(csv_fields(type_name))
        writer.writerows(rows)


def read_csv(path: Path, type_name: str = DEPOSIT.name) -> list[tuple[str, ...]]:
    """The records of an exported CSV, as the tuples of hashed fields the checksum hashes."""
    expected = csv_fields(type_name)
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != expected:
            raise ExportFormatError(f"{path}: unexpected columns {reader.fieldnames}")
        return [tuple(row[f] for f in record_fields(type_name)) for row in reader]


def _files(meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each record type's file entry: format 1 had one CSV, described by the top level."""
    if meta["format"] == 1:
        csv_name = (meta.get("files") or {}).get("csv", CSV_NAME)
        entry = {"file": csv_name, "count": meta.get("count"), "checksum": meta.get("checksum")}
        return {DEPOSIT.name: entry}
    files = meta.get("records")
    if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()):
        raise ExportFormatError(f"{MANIFEST_NAME}: 'records' must map record types to files")
    unknown = sorted(set(files) - set(TYPES))
    if unknown:
        raise ExportFormatError(f"{MANIFEST_NAME}: unknown record type {unknown[0]!r}")
    return files


def _read_file(folder: Path, type_name: str, entry: dict[str, Any]) -> list[tuple[str, ...]]:
    name = entry.get("file")
    if name != CSV_NAMES[type_name]:  # a fixed name: nothing outside the folder is ever read
        raise ExportFormatError(
            f"{MANIFEST_NAME}: the {type_name} file must be {CSV_NAMES[type_name]}"
        )
    try:
        rows = read_csv(folder / name, type_name)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ExportFormatError(f"cannot read {name}: {exc}") from exc
    if len(rows) != entry.get("count"):
        raise ExportFormatError(
            f"{name} has {len(rows)} records, the manifest says {entry.get('count')}"
        )
    if checksum(rows) != entry.get("checksum"):
        raise ExportFormatError(f"{name} does not match the manifest's checksum")
    return rows


def read_export(folder: Path) -> tuple[dict[str, Any], dict[str, list[tuple[str, ...]]]]:
    """The manifest and each record type's CSV rows, checked against each other (format,
    count, checksum per file, and the whole export's count and checksum)."""
    try:
        meta = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ExportFormatError(
            f"{folder} has no {MANIFEST_NAME}: not an export, or one that did not finish"
        ) from exc
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExportFormatError(f"{MANIFEST_NAME} is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") not in READABLE_FORMATS:
        found = meta.get("format") if isinstance(meta, dict) else None
        known = " or ".join(map(str, READABLE_FORMATS))
        raise ExportFormatError(f"export format {found!r} is not {known}")
    records = {name: _read_file(folder, name, entry) for name, entry in _files(meta).items()}
    every = [row for rows in records.values() for row in rows]
    if len(every) != meta.get("count"):
        raise ExportFormatError(
            f"the export has {len(every)} records, the manifest says {meta.get('count')}"
        )
    if checksum(every) != meta.get("checksum"):
        raise ExportFormatError("the records do not match the manifest's checksum")
    return meta, records


def wire_record(row: Sequence[str], type_name: str = DEPOSIT.name) -> dict[str, Any]:
    """An exported CSV row as a current-version wire record (with "type", no clock flag)."""
    record_type = TYPES[type_name]
    record: dict[str, Any] = dict(zip(record_fields(type_name), row, strict=True))
    for spec in record_type.fields:
        if not spec.exported:
            continue
        if spec.kind == "int":
            try:
                record[spec.name] = int(record[spec.name])
            except ValueError as exc:
                raise ExportFormatError(
                    f"{type_name} {spec.name}: {record[spec.name]!r} is not an integer"
                ) from exc
        elif spec.nullable:
            record[spec.name] = record[spec.name] or None
    record["clock_flag"] = None  # central judges clocks from batches; an export has none
    record["type"] = type_name
    return record
