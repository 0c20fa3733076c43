"""`kiosk-central import`: a USB-stick export goes through the batch path and is never doubled,
neither by importing it twice nor by the same kiosk syncing it later."""

import csv
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central import errors
from central.cli import main as central_main
from central.core.config import Settings
from central.importer import import_export
from central.models import ACTIVITY_TABLES, Device, Record
from central.services import stations
from kiosk.db import activities
from kiosk.db.deposits import register_deposit, undo_deposit
from kiosk.db.export import export
from kiosk.db.store import Store
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.sync.enrolment import enrol
from kiosk.sync.outbox import next_batch
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
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
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
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
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


# --- Format 2: every record type travels on the stick ------------------------------------

FIXTURES = Path(__file__).parents[1] / "fixtures"


def make_activities(store: Store) -> dict[str, list[str]]:
    """A deposit, an event with three repairs (one undone), two flows (one undone)."""
    ids: dict[str, list[str]] = {"deposit": [], "event": [], "repair": [], "material_flow": []}
    ids["deposit"].append(register_deposit(store=store, category="wood", weight_g=2500).id)
    event = activities.open_event(store=store, kind="bike_workshop", place="Trosterud, låven")
    for _ in range(3):
        activities.count(store=store, event_id=event.id, counter="participants", delta=1)
    repairs = [
        activities.log_repair(
            store=store, event_id=event.id, item_category="bicycle", outcome=outcome
        ).id
        for outcome in ("fixed", "repairable", "end_of_life")
    ]
    undone = activities.reverse(store=store, record_type="repair", record_id=repairs[1]).id
    ids["repair"] += [*repairs, undone]
    ids["event"].append(activities.close_event(store=store, event_id=event.id, reuse_g=4200).id)
    flow = activities.record_flow(
        store=store, flow="business_waste", source="other_agency", weight_g=80_000,
        note='Fra "Bymiljøetaten", 2 paller;\nlagret i låven',
    ).id  # fmt: skip
    ids["material_flow"] += [
        flow,
        activities.record_flow(
            store=store, flow="activity_reuse", source="activity", weight_g=1500,
            event_id=event.id,
        ).id,
        activities.reverse(store=store, record_type="material_flow", record_id=flow).id,
    ]  # fmt: skip
    ids["deposit"].append(register_deposit(store=store, category="batteries", weight_g=300).id)
    return ids


def export_store(store: Store, data_dir: Path, to: Path) -> Path:
    return export(
        data_dir / "kiosk.sqlite3",
        to,
        station_id=store.station_id,
        device_id=store.device_id,
        catalogue=store.catalogue,
    ).folder


def central_ids_by_type(app: FastAPI) -> dict[str, list[str]]:
    with Session(app.state.engine) as session:
        held = {"deposit": sorted(session.scalars(select(Record.id)))}
        for name, table in ACTIVITY_TABLES.items():
            held[name] = sorted(session.scalars(select(table.c.id)))
    return held


def add_trosterud(app: FastAPI) -> None:
    with Session(app.state.engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        session.commit()


def highest_contiguous(app: FastAPI, device_id: str) -> int:
    with Session(app.state.engine) as session:
        return session.get(Device, device_id).highest_contiguous_seq


def test_every_record_type_imports_once_and_a_later_sync_adds_nothing(
    app: FastAPI, central_settings: Settings, store: Store, data_dir: Path, tmp_path: Path
) -> None:
    ids = make_activities(store)
    total = sum(map(len, ids.values()))
    folder = export_store(store, data_dir, tmp_path / "stick")
    add_trosterud(app)

    first = ingest(app, folder, central_settings)
    assert (first.count, first.inserted, first.duplicates) == (total, total, 0)
    # Export format 2 carries no feedback or pickups (a new type needs format 3): none arrives.
    assert central_ids_by_type(app) == {
        "feedback": [],
        "pickup": [],
        **{n: sorted(h) for n, h in ids.items()},
    }
    assert highest_contiguous(app, store.device_id) == total
    with Session(app.state.engine) as session:
        flows = ACTIVITY_TABLES["material_flow"]
        note = session.scalar(select(flows.c.note).where(flows.c.id == ids["material_flow"][0]))
        event = session.execute(select(ACTIVITY_TABLES["event"])).one()
    assert note == 'Fra "Bymiljøetaten", 2 paller;\nlagret i låven'
    assert (event.place, event.participants, event.reuse_g) == ("Trosterud, låven", 3, 4200)

    again = ingest(app, folder, central_settings)
    assert (again.inserted, again.duplicates) == (0, total)

    # The network comes back: what the stick carried is already there, of every type.
    transport = SyncASGITransport(app)
    with CentralClient("http://central", transport=transport) as client:
        enrol(store=store, client=client, central_url="http://central",
              code=issue_code(app), folder=data_dir)  # fmt: skip
    token = (data_dir / "device_token").read_text()
    with CentralClient("http://central", token=token, transport=transport) as client:
        status = run_sync(store=store, client=client)
    assert status.ok and status.pending == 0
    assert (status.pushed, status.duplicates) == (0, total)
    assert central_ids_by_type(app) == {
        "feedback": [],
        "pickup": [],
        **{n: sorted(h) for n, h in ids.items()},
    }


def test_an_import_closes_the_gap_a_lost_batch_left(
    app: FastAPI, central_settings: Settings, store: Store, data_dir: Path, tmp_path: Path
) -> None:
    add_trosterud(app)
    transport = SyncASGITransport(app)
    with CentralClient("http://central", transport=transport) as client:
        enrol(store=store, client=client, central_url="http://central",
              code=issue_code(app), folder=data_dir)  # fmt: skip
    ids = make_activities(store)
    total = sum(map(len, ids.values()))
    # Central gets only the records after seq 4: the batch with 1..4 never arrived.
    later = next_batch(store, limit=1000, sent_at=datetime.now(UTC), after_seq=4)
    token = (data_dir / "device_token").read_text()
    with CentralClient("http://central", token=token, transport=transport) as client:
        answer = client.post_batch(later)
    assert answer["inserted"] == total - 4
    assert highest_contiguous(app, store.device_id) == 0  # the gap is there

    done = ingest(app, export_store(store, data_dir, tmp_path / "stick"), central_settings)
    assert (done.inserted, done.duplicates) == (4, total - 4)
    assert highest_contiguous(app, store.device_id) == total
    with TestClient(app, base_url="http://central") as api:
        seen = api.get("/api/v1/devices/me/sequence", headers={"Authorization": f"Bearer {token}"})
    assert seen.json()["gaps"] == []


def test_a_first_release_export_still_imports(
    app: FastAPI, central_settings: Settings, tmp_path: Path
) -> None:
    # Written by the first release's `kiosk export` (format 1: deposits.csv only).
    folder = tmp_path / "old-stick"
    shutil.copytree(FIXTURES / "export-format1", folder)
    add_trosterud(app)
    done = ingest(app, folder, central_settings)
    assert (done.count, done.inserted, done.duplicates) == (4, 4, 0)
    with Session(app.state.engine) as session:
        rows = session.execute(select(Record.seq, Record.weight_g, Record.reverses)).all()
    assert sorted((seq, grams, bool(undo)) for seq, grams, undo in rows) == [
        (1, 2500, False), (2, 1200, False), (3, 2500, True), (4, 300, False),
    ]  # fmt: skip
    assert highest_contiguous(app, done.devices[0]) == 4
    assert ingest(app, folder, central_settings).duplicates == 4


def test_a_changed_events_csv_is_refused_by_name_and_nothing_is_written(
    app: FastAPI, central_settings: Settings, store: Store, data_dir: Path, tmp_path: Path
) -> None:
    make_activities(store)
    folder = export_store(store, data_dir, tmp_path / "stick")
    add_trosterud(app)
    path = folder / "events.csv"
    text = path.read_text("utf-8-sig")
    path.write_text(text.replace(",4200,", ",42000,"), "utf-8-sig")  # someone added a zero
    assert path.read_text("utf-8-sig") != text

    with pytest.raises(errors.DomainError, match=r"events\.csv does not match"):
        ingest(app, folder, central_settings)
    assert central_ids_by_type(app) == {name: [] for name in ("deposit", *ACTIVITY_TABLES)}


def test_a_stick_imported_after_a_sync_that_flagged_clocks_is_all_duplicates(
    app: FastAPI, central_settings: Settings, store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # The kiosk's clock ran a week ahead: sync flagged those records, the stick cannot know.
    add_trosterud(app)
    ahead = datetime.now(UTC) + timedelta(days=7)
    register_deposit(store=store, category="wood", weight_g=2000, now=ahead)
    activities.record_flow(store=store, flow="activity_reuse", source="station",
                           weight_g=900, now=ahead)  # fmt: skip
    register_deposit(store=store, category="wood", weight_g=1000)
    transport = SyncASGITransport(app)
    with CentralClient("http://central", transport=transport) as client:
        enrol(store=store, client=client, central_url="http://central",
              code=issue_code(app), folder=data_dir)  # fmt: skip
    token = (data_dir / "device_token").read_text()
    with CentralClient("http://central", token=token, transport=transport) as client:
        assert run_sync(store=store, client=client).pushed == 3
    with Session(app.state.engine) as session:
        flags = sorted(map(str, session.scalars(select(Record.clock_flag))))
    assert flags == ["None", "future"]

    done = ingest(app, export_store(store, data_dir, tmp_path / "stick"), central_settings)
    assert (done.inserted, done.duplicates) == (0, 3)
    with Session(app.state.engine) as session:
        assert sorted(map(str, session.scalars(select(Record.clock_flag)))) == flags
