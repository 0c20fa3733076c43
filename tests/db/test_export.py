"""Export and backup: the CSV round-trips, the files verify, a backup during writes is whole."""

import csv
import json
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from contract.export import ExportFormatError, read_export, record_fields
from kiosk.cli import main
from kiosk.db import activities, migrate
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.export import (
    CSV_NAME,
    MANIFEST_NAME,
    RECORD_FIELDS,
    ExportError,
    backup,
    checksum,
    export,
    read_csv,
)
from kiosk.db.models import Deposit
from kiosk.db.store import Store
from kiosk.domain.kinds import Direction, WeightSource


def db_path(store: Store) -> Path:
    return Path(store.engine.url.database)


def stored_records(store: Store) -> list[tuple[str, ...]]:
    """The deposits as the store holds them, in the export's text form (independently built)."""
    with store.read() as conn:
        rows = conn.execute(select(Deposit.__table__).order_by(Deposit.seq)).mappings().all()
    out = []
    for row in rows:
        fields = []
        for name in RECORD_FIELDS:
            value = row[name]
            if name == "recorded_at":
                value = value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
            fields.append("" if value is None else str(value))
        out.append(tuple(fields))
    return out


def fill(store: Store) -> None:
    register_deposit(store=store, category="wood", weight_g=12_500)
    small = register_deposit(store=store, category="ee_small", weight_g=3_250)
    register_deposit(
        store=store,
        category="kitchenware",
        weight_g=800,
        direction=Direction.OUT,
        weight_source=WeightSource.ESTIMATE,
    )
    undo_deposit(store=store, deposit_id=small.id)


def do_export(store: Store, to: Path):
    return export(
        db_path(store), to, station_id="trosterud", device_id=store.device_id,
        catalogue=store.catalogue,
    )  # fmt: skip


def test_csv_round_trips_to_the_same_deposits(store: Store, tmp_path: Path) -> None:
    fill(store)
    result = do_export(store, tmp_path / "usb")

    expected = stored_records(store)
    assert len(expected) == 4
    assert sorted(read_csv(result.folder / CSV_NAME)) == sorted(expected)
    assert result.count == 4
    assert result.checksum == checksum(expected)


def test_csv_opens_in_excel_with_norwegian_letters(store: Store, tmp_path: Path) -> None:
    fill(store)
    result = do_export(store, tmp_path / "usb")

    raw = (result.folder / CSV_NAME).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with (result.folder / CSV_NAME).open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    names = {row["category"]: row["category_name_nb"] for row in rows}
    assert names["ee_small"] == "Småelektrisk"
    assert names["wood"] == "Trevirke"
    assert "Småelektrisk".encode() in raw


def test_manifest_describes_the_export(store: Store, tmp_path: Path) -> None:
    fill(store)
    result = do_export(store, tmp_path / "usb")

    manifest = json.loads((result.folder / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["station"] == "trosterud"
    assert manifest["device"] == store.device_id
    assert manifest["count"] == 4
    assert manifest["checksum"] == checksum(read_csv(result.folder / CSV_NAME))
    assert manifest["schema_revision"] == migrate.HEAD
    assert manifest["exported_at"].endswith("Z")
    with closing(sqlite3.connect(result.folder / manifest["files"]["database"])) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM deposits").fetchone()[0] == 4


def test_checksum_notices_a_changed_field() -> None:
    rows = [("b", "2", "x"), ("a", "1", "y")]
    assert checksum(rows) == checksum(list(reversed(rows)))  # order-independent by id
    assert checksum(rows) != checksum([("b", "2", "x"), ("a", "1", "z")])
    assert checksum([("a", "", "b")]) != checksum([("a", "b", "")])


def test_an_export_never_overwrites_an_earlier_one(store: Store, tmp_path: Path) -> None:
    fill(store)
    at = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    first = export(
        db_path(store), tmp_path / "usb", station_id="trosterud", device_id="d1",
        catalogue=store.catalogue, now=at,
    )  # fmt: skip
    with pytest.raises(ExportError, match="exists"):
        export(
            db_path(store), tmp_path / "usb", station_id="trosterud", device_id="d1",
            catalogue=store.catalogue, now=at,
        )  # fmt: skip
    assert len(read_csv(first.folder / CSV_NAME)) == 4


def test_an_unwritable_target_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    fill(store)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the stick should be")
    with pytest.raises(ExportError, match="cannot write"):
        do_export(store, blocker)


def test_backup_taken_during_writes_is_consistent(store: Store, tmp_path: Path) -> None:
    committed: list[str] = []
    enough = threading.Event()
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                saved = register_deposit(store=store, category="wood", weight_g=1000)
                committed.append(saved.id)  # only after the commit returned
                if len(committed) >= 50:
                    enough.set()
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)
            enough.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert enough.wait(timeout=30)
        before = set(committed)  # every id here was committed before the backup started
        target = tmp_path / "copy.sqlite3"
        backup(db_path(store), target)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors
    with closing(sqlite3.connect(target)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in db.execute("SELECT id FROM deposits")}
        seqs = [row[0] for row in db.execute("SELECT seq FROM deposits ORDER BY seq")]
    assert before <= ids
    assert seqs == list(range(1, len(seqs) + 1))  # a prefix of history, no holes


def test_cli_export(store: Store, data_dir: Path, tmp_path: Path, capsys) -> None:
    fill(store)
    store.close()

    assert main(["--data-dir", str(data_dir), "export", "--to", str(tmp_path / "usb")]) == 0

    out = capsys.readouterr().out
    assert "exported 4 records" in out
    assert "by type: deposit 4, event 0, repair 0, material_flow 0" in out
    (folder,) = (tmp_path / "usb").iterdir()
    assert len(read_csv(folder / CSV_NAME)) == 4


def test_cli_export_names_the_enrolled_station_not_the_settings_one(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    from kiosk.sync import outbox

    fill(store)
    outbox.set_meta(store, {outbox.META_STATION: "furuset"})  # as `kiosk enrol` records it
    store.close()
    (data_dir / "settings.toml").write_text('station_id = "trosterud"\n', "utf-8")

    assert main(["export", "--data-dir", str(data_dir), "--to", str(tmp_path / "usb")]) == 0

    (folder,) = (tmp_path / "usb").iterdir()
    assert json.loads((folder / MANIFEST_NAME).read_text("utf-8"))["station"] == "furuset"


def test_cli_export_without_a_database_fails(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "nothing-here"
    assert main(["export", "--data-dir", str(empty), "--to", str(tmp_path / "usb")]) == 1
    assert "no database" in capsys.readouterr().err


def test_every_record_type_is_exported_in_its_own_csv(store: Store, tmp_path: Path) -> None:
    fill(store)
    event = activities.open_event(store=store, kind="textile_repair")
    activities.count(store=store, event_id=event.id, counter="participants", delta=1)
    repair = activities.log_repair(
        store=store, event_id=event.id, item_category="trousers", outcome="fixed"
    )
    closed = activities.close_event(store=store, event_id=event.id, reuse_g=1200)
    flow = activities.record_flow(
        store=store, flow="business_waste", source="other_agency", weight_g=5000, note="æ, ø; å"
    )
    activities.reverse(store=store, record_type="material_flow", record_id=flow.id)

    result = do_export(store, tmp_path / "usb")
    assert result.counts == {"deposit": 4, "event": 1, "repair": 1, "material_flow": 2}
    manifest, records = read_export(result.folder)
    assert manifest["format"] == 2 and manifest["count"] == result.count == 8
    assert {name: entry["file"] for name, entry in manifest["records"].items()} == {
        "deposit": "deposits.csv", "event": "events.csv", "repair": "repairs.csv",
        "material_flow": "material_flows.csv",
    }  # fmt: skip
    assert records["deposit"] == stored_records(store)
    (event_row,) = (dict(zip(record_fields("event"), r, strict=True)) for r in records["event"])
    assert event_row["id"] == closed.id == event.id
    assert event_row["participants"] == "1" and event_row["reuse_g"] == "1200"
    assert event_row["starts_at"].endswith("Z") and event_row["place"] == ""
    assert [r[0] for r in records["repair"]] == [repair.id]
    flows = [
        dict(zip(record_fields("material_flow"), r, strict=True)) for r in records["material_flow"]
    ]
    assert [(f["note"], f["reverses"]) for f in flows] == [("æ, ø; å", ""), ("æ, ø; å", flow.id)]
    with (result.folder / "material_flows.csv").open(encoding="utf-8-sig", newline="") as file:
        assert next(csv.reader(file))[-1] == "sync_state"


def test_a_changed_activity_csv_is_refused_when_read(store: Store, tmp_path: Path) -> None:
    # Each CSV has its own checksum in the manifest, so the refusal names the file.
    activities.record_flow(store=store, flow="activity_reuse", source="station", weight_g=700)
    result = do_export(store, tmp_path / "usb")
    path = result.folder / "material_flows.csv"
    path.write_text(path.read_text("utf-8-sig").replace(",700,", ",7000,"), "utf-8-sig")
    with pytest.raises(ExportFormatError, match=r"material_flows\.csv does not match"):
        read_export(result.folder)
