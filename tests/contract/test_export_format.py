"""The USB export format: a first-release export still reads; damage is refused by name."""

import json
from pathlib import Path

import pytest

from contract.export import (
    CSV_FIELDS,
    ExportFormatError,
    checksum,
    manifest,
    read_export,
    wire_record,
    write_csv,
)
from contract.fields import validate_record

# One record exactly as the first release's kiosk wrote deposits.csv (BOM, CRLF, Z times).
CSV_TEXT = (
    "\ufeffid,seq,device_id,station_id,recorded_at,category,weight_g,weight_source,channel,"
    "direction,reverses,visit_id,catalog_version,category_name_nb,sync_state\r\n"
    "01936b2e-7a00-7000-8000-000000000001,1,kiosk-trosterud-1,trosterud,"
    "2026-11-26T10:00:00.000000Z,wood,2500,scale_stable,guide,in,,,1,Trevirke,pending\r\n"
)
ROW = (
    "01936b2e-7a00-7000-8000-000000000001", "1", "kiosk-trosterud-1", "trosterud",
    "2026-11-26T10:00:00.000000Z", "wood", "2500", "scale_stable", "guide", "in", "", "", "1",
)  # fmt: skip


def first_release_export(folder: Path, **manifest_overrides: object) -> Path:
    folder.mkdir()
    (folder / "deposits.csv").write_bytes(CSV_TEXT.encode("utf-8"))
    manifest = {
        "format": 1,
        "station": "trosterud",
        "device": "kiosk-trosterud-1",
        "count": 1,
        "checksum": checksum([ROW]),
        "checksum_algorithm": "sha256-json-lines-sorted-by-id",
        "exported_at": "2026-11-26T12:00:00Z",
        "schema_revision": "0002",
        "kiosk_version": "0.1.0",
        "files": {"database": "kiosk.sqlite3", "csv": "deposits.csv"},
        **manifest_overrides,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    return folder


def test_checksum_of_fixed_rows_never_changes() -> None:
    # Figure from the first release's kiosk.db.export.checksum; rows are sorted by id first.
    assert checksum([("b", "2"), ("a", "1")]) == (
        "6a2556cdf15c3d81383cfd2bb5ec8479437a20da34713dc55ef1c5f05184a186"
    )


def test_a_first_release_export_reads_as_valid_records(tmp_path: Path) -> None:
    manifest, rows = read_export(first_release_export(tmp_path / "stick"))
    assert manifest["station"] == "trosterud"
    assert rows == {"deposit": [ROW]}
    record = wire_record(ROW)
    assert record["weight_g"] == 2500 and record["reverses"] is None
    assert record["type"] == "deposit"
    assert validate_record(record) == []
    assert CSV_FIELDS[-2:] == ("category_name_nb", "sync_state")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"format": 3}, "export format 3 is not 1 or 2"),
        ({"count": 2}, "manifest says 2"),
        ({"checksum": "0" * 64}, "checksum"),
    ],
)
def test_a_manifest_that_disagrees_is_refused_by_name(
    tmp_path: Path, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ExportFormatError, match=message):
        read_export(first_release_export(tmp_path / "stick", **overrides))


def test_a_folder_without_manifest_or_with_a_bad_number_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportFormatError, match=r"no manifest\.json"):
        read_export(tmp_path)
    with pytest.raises(ExportFormatError, match="weight_g: 'heavy'"):
        wire_record((*ROW[:6], "heavy", *ROW[7:]))


def format2_export(folder: Path, **record_overrides: object) -> Path:
    folder.mkdir()
    write_csv(folder / "deposits.csv", [(*ROW, "Trevirke", "pending")])
    meta = manifest(
        station_id="trosterud",
        device_id="kiosk-trosterud-1",
        records={"deposit": [ROW]},
        exported_at="2026-11-27T10:00:00Z",
        schema_revision="0006",
        kiosk_version="0.2.0",
    )
    meta["records"].update(record_overrides)
    (folder / "manifest.json").write_text(json.dumps(meta), "utf-8")
    return folder


def test_a_format2_manifest_names_what_it_cannot_read(tmp_path: Path) -> None:
    assert read_export(format2_export(tmp_path / "ok"))[1] == {"deposit": [ROW]}
    with pytest.raises(ExportFormatError, match="unknown record type 'visit'"):
        read_export(format2_export(tmp_path / "a", visit={"file": "visits.csv"}))
    with pytest.raises(ExportFormatError, match=r"event file must be events\.csv"):
        read_export(format2_export(tmp_path / "b", event={"file": "../deposits.csv"}))
    with pytest.raises(ExportFormatError, match=r"cannot read events\.csv"):
        read_export(format2_export(tmp_path / "c", event={"file": "events.csv", "count": 0}))
