"""The USB-stick export format: file names, manifest, CSV columns and the checksum.

Written by the kiosk, read by central's importer; format 1 is the only one so far.
"""

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from contract.records import DEPOSIT

FORMAT_VERSION = 1
DATABASE_NAME = "kiosk.sqlite3"
CSV_NAME = "deposits.csv"
MANIFEST_NAME = "manifest.json"
CHECKSUM_ALGORITHM = "sha256-json-lines-sorted-by-id"
# The registered facts, in the order the checksum hashes them. They never change after the
# insert (a trigger refuses it), so the checksum means the same on the kiosk and at central.
RECORD_FIELDS = DEPOSIT.exported_names
CSV_FIELDS = (*RECORD_FIELDS, "category_name_nb", "sync_state")
INTEGER_FIELDS = tuple(f.name for f in DEPOSIT.fields if f.exported and f.kind == "int")
OPTIONAL_FIELDS = tuple(f.name for f in DEPOSIT.fields if f.exported and f.nullable)


class ExportFormatError(Exception):
    """An export folder or file that is not in this format, or not as its manifest says."""


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
    count: int,
    checksum: str,
    exported_at: str,
    schema_revision: str | None,
    kiosk_version: str,
) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "station": station_id,
        "device": device_id,
        "count": count,
        "checksum": checksum,
        "checksum_algorithm": CHECKSUM_ALGORITHM,
        "exported_at": exported_at,
        "schema_revision": schema_revision,
        "kiosk_version": kiosk_version,
        "files": {"database": DATABASE_NAME, "csv": CSV_NAME},
    }


def write_csv(path: Path, rows: Iterable[Sequence[str]]) -> None:
    # utf-8-sig writes the BOM that makes Excel read æøå as UTF-8 instead of its ANSI page.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_FIELDS)
        writer.writerows(rows)


def read_csv(path: Path) -> list[tuple[str, ...]]:
    """The records of an exported CSV, as the tuples of RECORD_FIELDS the checksum hashes."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != CSV_FIELDS:
            raise ExportFormatError(f"{path}: unexpected columns {reader.fieldnames}")
        return [tuple(row[f] for f in RECORD_FIELDS) for row in reader]


def read_export(folder: Path) -> tuple[dict[str, Any], list[tuple[str, ...]]]:
    """The manifest and the CSV's records, checked against each other (format, count, checksum)."""
    try:
        meta = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ExportFormatError(
            f"{folder} has no {MANIFEST_NAME}: not an export, or one that did not finish"
        ) from exc
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExportFormatError(f"{MANIFEST_NAME} is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        found = meta.get("format") if isinstance(meta, dict) else None
        raise ExportFormatError(f"export format {found!r} is not {FORMAT_VERSION}")
    csv_name = (meta.get("files") or {}).get("csv", CSV_NAME)
    try:
        rows = read_csv(folder / csv_name)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ExportFormatError(f"cannot read {csv_name}: {exc}") from exc
    if len(rows) != meta.get("count"):
        raise ExportFormatError(
            f"{csv_name} has {len(rows)} records, the manifest says {meta.get('count')}"
        )
    if checksum(rows) != meta.get("checksum"):
        raise ExportFormatError(f"{csv_name} does not match the manifest's checksum")
    return meta, rows


def wire_record(row: Sequence[str]) -> dict[str, Any]:
    """An exported CSV row as a version-1 wire record (no "type", no clock flag)."""
    record: dict[str, Any] = dict(zip(RECORD_FIELDS, row, strict=True))
    for name in INTEGER_FIELDS:
        try:
            record[name] = int(record[name])
        except ValueError as exc:
            raise ExportFormatError(f"{name}: {record[name]!r} is not an integer") from exc
    for name in OPTIONAL_FIELDS:
        record[name] = record[name] or None
    record["clock_flag"] = None  # central judges clocks from batches; an export has none
    return record
