"""`kiosk-central import`: a USB-stick export goes through the batch path and is never doubled,
neither by importing it twice nor by the same kiosk syncing it later."""

import csv
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central import errors
from central.cli import main as central_main
from central.core.config import Settings
from central.importer import import_export
from central.models import Device, Record
from central.services import stations
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.export import export
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import enrol
from tests.helpers.servers import SyncASGITransport
from tests.sync.conftest import issue_code


@pytest.fixture
def kiosk_export(store: Store, data_dir: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """A kiosk that never reached central, with three registrations and an undo, exported."""
    ids = [
        register_deposit(store=store, category=code, weight_g=grams).id
        for code, grams in (("wood", 2500), ("books_media", 1200), ("batteries", 300))
    ]
    ids.append(undo_deposit(store=store, deposit_id=ids[0]).id)
    result = export(
        data_dir / "kiosk.sqlite3",
        tmp_path / "stick",
        station_id=store.station_id,
        device_id=store.device_id,
        catalogue=store.catalogue,
    )
    return result.folder, ids


def ingest(app: FastAPI, folder: Path, settings: Settings):
    with Session(app.state.engine) as session:
        done = import_export(
            session=session,
            folder=folder,
            max_weight_g=settings.max_weight_g,
            batch_records=settings.max_batch_records,
        )
        session.commit()
    return done


def record_ids(app: FastAPI) -> list[str]:
    with Session(app.state.engine) as session:
        return list(session.scalars(select(Record.id)))


def test_import_twice_then_sync_writes_each_record_once(
    app: FastAPI, central_settings: Settings, store: Store, kiosk_export, data_dir: Path
) -> None:
    folder, ids = kiosk_export
    with Session(app.state.engine) as session:
        stations.add_station(session=session, station_id="trosterud", name="Trosterud")
        session.commit()

    first = ingest(app, folder, central_settings)
    assert (first.count, first.inserted, first.duplicates) == (4, 4, 0)
    again = ingest(app, folder, central_settings)
    assert (again.inserted, again.duplicates) == (0, 4)
    assert sorted(record_ids(app)) == sorted(ids)
    with Session(app.state.engine) as session:
        device = session.get(Device, store.device_id)
        assert device.station_id == "trosterud" and device.highest_contiguous_seq == 4

    # The network comes back: the kiosk enrols and syncs what central already has.
    transport = SyncASGITransport(app)
    with CentralClient("http://central", transport=transport) as client:
        enrol(store=store, client=client, central_url="http://central",
              code=issue_code(app), folder=data_dir)  # fmt: skip
    token = (data_dir / "device_token").read_text()
    with CentralClient("http://central", token=token, transport=transport) as client:
        status = run_sync(store=store, client=client)
    assert status.ok and status.pending == 0
    assert (status.pushed, status.duplicates) == (0, 4)
    with Session(app.state.engine) as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 4


def test_a_tampered_csv_is_refused_and_nothing_is_written(
    app: FastAPI, central_settings: Settings, kiosk_export
) -> None:
    folder, _ = kiosk_export
    with Session(app.state.engine) as session:
        stations.add_station(session=session, station_id="trosterud", name="Trosterud")
        session.commit()
    path = folder / "deposits.csv"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    rows[1][rows[0].index("weight_g")] = "99000"  # someone "corrected" a weight on the stick
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)

    with pytest.raises(errors.DomainError, match="checksum"):
        ingest(app, folder, central_settings)
    assert record_ids(app) == []


def test_an_unknown_station_is_refused_by_name(
    app: FastAPI, central_settings: Settings, kiosk_export
) -> None:
    folder, _ = kiosk_export
    with pytest.raises(errors.DomainError, match="'trosterud' is unknown"):
        ingest(app, folder, central_settings)
    assert record_ids(app) == []


def test_cli_imports_and_refuses_a_folder_without_manifest(
    tmp_path: Path, kiosk_export, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, ids = kiosk_export
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert central_main(["--db-url", url, "add-station", "trosterud", "Trosterud"]) == 0
    assert central_main(["--db-url", url, "import", str(folder)]) == 0
    assert f"imported {len(ids)} records" in capsys.readouterr().out
    assert central_main(["--db-url", url, "import", str(folder)]) == 0
    assert f"0 new, {len(ids)} already here" in capsys.readouterr().out
    assert central_main(["--db-url", url, "import", str(tmp_path)]) == 1
    assert "no manifest.json" in capsys.readouterr().err
