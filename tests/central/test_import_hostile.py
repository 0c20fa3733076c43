"""`kiosk-central import` does not trust the stick: a checksum proves only that the files
agree with a manifest whoever wrote the stick also wrote. Ids must follow the one rule,
records must be the manifest's device's at its station, and a bad record is one line naming
the file, the row and the field, with nothing imported."""

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session

from central.cli import main as central_main
from central.models import Device
from contract import export as export_format
from tests.central.test_import import add_trosterud, kiosk_export, record_ids

__all__ = ["kiosk_export"]  # a fixture, imported to be used here


def rewrite(
    folder: Path,
    change: Callable[[list[dict[str, str]]], None],
    manifest: Callable[[dict], None] = lambda meta: None,
) -> None:
    """Change the stick's deposits, then make every count and checksum agree again, as a
    forger with the format's documentation would."""
    path = folder / export_format.CSV_NAME
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fields)
        writer.writeheader()
        writer.writerows(rows)
    meta = json.loads((folder / export_format.MANIFEST_NAME).read_text("utf-8"))
    manifest(meta)
    every = []
    for type_name, entry in meta["records"].items():
        held = export_format.read_csv(folder / entry["file"], type_name)
        entry.update(count=len(held), checksum=export_format.checksum(held))
        every += held
    meta.update(count=len(every), checksum=export_format.checksum(every))
    (folder / export_format.MANIFEST_NAME).write_text(json.dumps(meta), "utf-8")


def set_column(name: str, value: str, only_first: bool = False) -> Callable:
    def change(rows: list[dict[str, str]]) -> None:
        for row in rows[:1] if only_first else rows:
            row[name] = value

    return change


def run_import(app: FastAPI, folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = app.state.settings.db_url
    assert central_main(["--db-url", url, "import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "pydantic" not in err.lower()
    assert record_ids(app) == []
    return err


def test_a_crafted_stick_with_a_path_for_a_device_id_is_refused(
    app: FastAPI, kiosk_export, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = kiosk_export
    add_trosterud(app)
    bad = "../catalogue?x"
    rewrite(folder, set_column("device_id", bad), lambda meta: meta.update(device=bad))
    err = run_import(app, folder, capsys)
    assert "manifest.json device '../catalogue?x': must be 1..64 letters" in err
    with Session(app.state.engine) as session:
        assert session.get(Device, bad) is None


def test_records_of_another_device_or_station_than_the_manifests_are_refused(
    app: FastAPI, kiosk_export, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = kiosk_export
    add_trosterud(app)
    rewrite(folder, set_column("device_id", "someone-else", only_first=True))
    err = run_import(app, folder, capsys)
    assert "deposits.csv row 1" in err
    assert "device_id is 'someone-else', the manifest's device is" in err

    device = json.loads((folder / export_format.MANIFEST_NAME).read_text("utf-8"))["device"]
    rewrite(folder, set_column("device_id", device))  # the stick as it was
    rewrite(folder, set_column("station_id", "furuset"))
    err = run_import(app, folder, capsys)
    assert "station_id is 'furuset', the manifest's station is 'trosterud'" in err


def test_an_invalid_record_is_one_line_naming_the_record_and_the_field(
    app: FastAPI, kiosk_export, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = kiosk_export
    add_trosterud(app)
    rewrite(folder, set_column("seq", "0", only_first=True))
    err = run_import(app, folder, capsys)
    # Besides the CLI's one line saying which database it uses, one line for the refusal.
    lines = [line for line in err.strip().splitlines() if "kiosk-central: database " not in line]
    assert len(lines) == 1
    assert lines[0].startswith("refused, nothing imported: deposits.csv row 1: seq must be ")
    assert "within 1..2147483647 (record 0" in lines[0]


def test_the_stick_as_the_kiosk_wrote_it_still_imports(
    app: FastAPI, kiosk_export, capsys: pytest.CaptureFixture[str]
) -> None:
    # The checks above refuse what they name, not every stick: rewritten unchanged, it imports.
    folder, ids = kiosk_export
    add_trosterud(app)
    rewrite(folder, lambda rows: None)
    assert central_main(["--db-url", app.state.settings.db_url, "import", str(folder)]) == 0
    assert sorted(record_ids(app)) == sorted(ids)
