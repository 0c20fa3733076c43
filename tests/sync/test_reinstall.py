"""A reinstalled or restored kiosk never reuses seq numbers (issue 9, finding 1), and records
made before enrolment are adopted by the enrolled station, said so (finding 8).

Central runs under uvicorn on a loopback port; the kiosk is driven through its CLI, as a
technician would, on real SQLite files.
"""

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.importer import import_export
from central.models import ACTIVITY_TABLES, Record
from central.services import sequence
from kiosk.cli import main
from kiosk.composition import Kiosk
from kiosk.db import activities
from kiosk.db.deposits import register_deposit
from kiosk.db.feedback import record_feedback
from kiosk.sync.outbox import quarantine_log
from tests.helpers.servers import uvicorn_server
from tests.sync.conftest import LOOPBACK_SETTINGS, issue_code


@pytest.fixture
def central_url(central: FastAPI) -> Iterator[str]:
    with uvicorn_server(central) as url:
        yield url


def register(data_dir: Path, *weights: int) -> None:
    store = Kiosk.load(data_dir).open_store()
    try:
        for grams in weights:
            register_deposit(store=store, category="wood", weight_g=grams)
    finally:
        store.close()


def central_rows(app: FastAPI) -> list[tuple[str, int, int]]:
    with Session(app.state.engine) as session:
        rows = session.execute(
            select(Record.device_id, Record.seq, Record.weight_g).order_by(Record.seq)
        )
        return [tuple(row) for row in rows]


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_issue_steps_1_and_2_a_reinstalled_kiosk_does_not_reuse_seqs(
    central: FastAPI,
    central_url: str,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # 1. device_id = "kiosk-trosterud-1" in settings.toml; enrol, register 3 x 1,000 g, sync.
    settings = data_dir / "settings.toml"
    settings.write_text(LOOPBACK_SETTINGS + 'device_id = "kiosk-trosterud-1"\n', "utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        assert cli(data_dir, "enrol", central_url, issue_code(central)) == 0
    assert "setting device_id is retired" in caplog.text  # the upgrade says what to edit
    register(data_dir, 1000, 1000, 1000)
    assert cli(data_dir, "sync") == 0
    assert "pushed 3," in capsys.readouterr().out

    # 2. Delete kiosk.sqlite3, enrol with a new code, register 3 x 5,000 g, and sync.
    (data_dir / "kiosk.sqlite3").unlink()
    assert cli(data_dir, "enrol", central_url, issue_code(central)) == 0
    register(data_dir, 5000, 5000, 5000)
    assert cli(data_dir, "sync") == 0
    assert "pushed 3," in capsys.readouterr().out

    rows = central_rows(central)
    # Six records, no (device, seq) twice, and the totals count each delivery once.
    assert len(rows) == 6
    assert len({(device, seq) for device, seq, _ in rows}) == 6
    assert sum(grams for *_, grams in rows) == 18_000
    # The new database is a new device: central's gap report is true for both.
    devices = {device for device, *_ in rows}
    assert len(devices) == 2 and "kiosk-trosterud-1" not in devices
    with Session(central.state.engine) as session:
        for device in devices:
            state = sequence.sequence_state(session=session, device_id=device)
            assert (state.highest_seq, state.gaps) == (3, [])


def test_a_restored_database_needs_takeover_and_numbers_on_above_central(
    central: FastAPI, central_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(data_dir, "enrol", central_url, issue_code(central)) == 0
    register(data_dir, 1000)
    backup = data_dir.parent / "backup.sqlite3"
    shutil.copy(data_dir / "kiosk.sqlite3", backup)  # a copy taken after seq 1
    register(data_dir, 1000, 1000)
    assert cli(data_dir, "sync") == 0
    capsys.readouterr()

    # The disk dies; the technician restores the old copy and enrols again.
    (data_dir / "kiosk.sqlite3").unlink()
    shutil.copy(backup, data_dir / "kiosk.sqlite3")
    assert cli(data_dir, "enrol", central_url, issue_code(central)) == 1
    refused = capsys.readouterr().err
    assert "device_exists" in refused and "--takeover" in refused

    assert cli(data_dir, "enrol", "--takeover", central_url, issue_code(central)) == 0
    said = capsys.readouterr().out
    assert "central holds its records up to seq 3" in said and "numbered from 4" in said
    register(data_dir, 7000)
    assert cli(data_dir, "sync") == 0
    assert [(seq, grams) for _, seq, grams in central_rows(central)] == [
        (1, 1000),
        (2, 1000),
        (3, 1000),
        (4, 7000),
    ]


def test_records_made_before_enrolment_are_adopted_and_the_technician_told(
    central: FastAPI, central_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The settings file names another station than the code enrols the kiosk at.
    (data_dir / "settings.toml").write_text(
        LOOPBACK_SETTINGS + 'station_id = "haugenstua"\n', "utf-8"
    )
    register(data_dir, *([1200] * 12))

    assert cli(data_dir, "enrol", central_url, issue_code(central)) == 0
    assert "12 earlier records will be sent as trosterud" in capsys.readouterr().out
    assert cli(data_dir, "sync") == 0
    assert "pushed 12, duplicates 0, quarantined 0" in capsys.readouterr().out
    with Session(central.state.engine) as session:
        assert session.scalar(select(func.count()).where(Record.station_id == "trosterud")) == 12
    # A USB stick made now says what sync sent, so central's import finds nothing new.
    assert cli(data_dir, "export", "--to", str(data_dir.parent / "usb")) == 0
    [csv] = (data_dir.parent / "usb").glob("*/deposits.csv")
    rows = csv.read_text("utf-8-sig").splitlines()[1:]
    assert len(rows) == 12 and all(",trosterud," in row for row in rows)
    with Session(central.state.engine) as session:
        imported = import_export(
            session=session, folder=csv.parent, max_weight_g=50_000, batch_records=5000
        )
        session.commit()
    assert (imported.inserted, imported.duplicates) == (0, 12)
    # The kiosk's own history still says where they were registered.
    store = Kiosk.load(data_dir).open_store()
    try:
        with store.read() as conn:
            stations = set(conn.exec_driver_sql("SELECT station_id, adopted_by FROM deposits"))
    finally:
        store.close()
    assert stations == {("haugenstua", "trosterud")}


def test_records_quarantined_for_another_station_are_adopted_back_to_pending(
    central: FastAPI, central_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As today's main left them: refused by central for the settings file's station.
    (data_dir / "settings.toml").write_text(
        LOOPBACK_SETTINGS + 'station_id = "haugenstua"\n', "utf-8"
    )
    register(data_dir, 1000, 2000)
    store = Kiosk.load(data_dir).open_store()
    try:
        with store.write() as conn:
            conn.exec_driver_sql(
                "UPDATE deposits SET sync_state = 'quarantined', "
                "sync_error = '403 wrong_station: record for another station'"
            )
    finally:
        store.close()

    assert cli(data_dir, "enrol", central_url, issue_code(central)) == 0
    assert "2 earlier records will be sent as trosterud" in capsys.readouterr().out
    assert cli(data_dir, "sync") == 0
    assert "pushed 2, duplicates 0, quarantined 0" in capsys.readouterr().out
    assert sorted(g for *_, g in central_rows(central)) == [1000, 2000]
    store = Kiosk.load(data_dir).open_store()
    try:
        released = quarantine_log(store)
    finally:
        store.close()
    assert [(e.event, e.reason) for e in released] == [
        ("released", "adopted by station trosterud at enrolment")
    ] * 2


def test_events_repairs_and_flows_made_before_enrolment_are_adopted_too(
    central: FastAPI, central_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "settings.toml").write_text(
        LOOPBACK_SETTINGS + 'station_id = "haugenstua"\n', "utf-8"
    )
    register(data_dir, 1200)
    store = Kiosk.load(data_dir).open_store()
    try:
        event = activities.open_event(store=store, kind="bike_workshop")
        activities.log_repair(store=store, event_id=event.id, item_category="bicycle",
                              outcome="fixed")  # fmt: skip
        activities.close_event(store=store, event_id=event.id, reuse_g=3000)
        activities.record_flow(store=store, flow="activity_reuse", source="activity",
                               weight_g=2000, event_id=event.id)  # fmt: skip
        refused = activities.record_flow(
            store=store, flow="business_waste", source="other_agency", weight_g=9000
        )
        record_feedback(store=store, answer="good", language="pl", direction="out")
        # As an earlier sync left it: refused by central for the settings file's station.
        with store.write() as conn:
            conn.exec_driver_sql(
                "UPDATE material_flows SET sync_state = 'quarantined', "
                "sync_error = '403 other_station' WHERE id = ?",
                (refused.id,),
            )
    finally:
        store.close()

    assert cli(data_dir, "enrol", central_url, issue_code(central)) == 0
    assert "6 earlier records will be sent as trosterud" in capsys.readouterr().out
    assert cli(data_dir, "sync") == 0
    assert "pushed 6, duplicates 0, quarantined 0" in capsys.readouterr().out
    with Session(central.state.engine) as session:
        held = {
            name: sorted(session.scalars(select(table.c.station_id)))
            for name, table in ACTIVITY_TABLES.items()
        }
    assert held == {
        "event": ["trosterud"], "repair": ["trosterud"], "material_flow": ["trosterud"] * 2,
        "feedback": ["trosterud"], "pickup": [],
    }  # fmt: skip
    # The stick says what sync sent: central's import finds nothing new of any type.
    assert cli(data_dir, "export", "--to", str(data_dir.parent / "usb")) == 0
    [folder] = (data_dir.parent / "usb").iterdir()
    assert ",haugenstua," not in (folder / "material_flows.csv").read_text("utf-8-sig")
    with Session(central.state.engine) as session:
        imported = import_export(
            session=session, folder=folder, max_weight_g=50_000, batch_records=5000
        )
        session.commit()
    assert (imported.inserted, imported.duplicates) == (0, 5)
    store = Kiosk.load(data_dir).open_store()
    try:
        with store.read() as conn:
            flows = set(conn.exec_driver_sql("SELECT station_id, adopted_by FROM material_flows"))
        released = quarantine_log(store)
    finally:
        store.close()
    assert flows == {("haugenstua", "trosterud")}  # where they were registered stays
    assert [(e.record_id, e.event) for e in released][-1] == (refused.id, "released")
