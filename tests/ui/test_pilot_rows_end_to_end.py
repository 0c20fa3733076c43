"""Issue 11's "Done means", tried as a new user would: on the kiosk's real screens a delivery,
a handed-out reuse item, an event with participants and three repairs, an activity flow and
a business-waste flow; sync to the real central over a real socket (SQLite and PostgreSQL);
then `kiosk-central report` prints all five rows, and its XLSX holds the same numbers."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from central.cli import main as central_cli
from central.services.effect_output import LABELS_NB
from contract.effect import Row
from kiosk.domain.hours import OSLO
from kiosk.sync.client import CentralClient
from kiosk.sync.engine import run_sync
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import guide_registers
from tests.helpers.servers import database_url, uvicorn_server
from tests.sync.conftest import enrol_store, make_central

pytestmark = pytest.mark.slow

PILOT_ROWS = (Row.REUSED_KG, Row.RECYCLED_KG, Row.ACTIVITY_REUSE_KG, Row.BUSINESS_WASTE_KG,
              Row.EVENTS)  # fmt: skip
TAP = Qt.MouseButton.LeftButton


@pytest.fixture(params=["sqlite", "pg"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    with database_url(request.param, tmp_path) as url:
        app = make_central(url, max_weight_g=200_000)
        yield app
        app.state.engine.dispose()


def tap_until_saved(qtbot, screen, button) -> None:
    qtbot.mouseClick(button, TAP)
    qtbot.waitUntil(lambda: not screen._saving)


def a_day_on_the_kiosk(qtbot, window: MainWindow) -> None:
    guide_registers(qtbot, window, "wood", "12")  # a delivery: 12 kg to recycling
    guide_registers(qtbot, window, "clothes", "3", out=True)  # handed out: 3 kg reused

    qtbot.mouseClick(window.events_button, TAP)
    events = window.events
    tap_until_saved(qtbot, events, events.kinds.tiles["bike_workshop"])
    for _ in range(21):
        tap_until_saved(qtbot, events, events.plus["participants"])
    for outcome in ("fixed", "fixed", "end_of_life"):
        qtbot.mouseClick(events.repair_items.tiles["bicycle"], TAP)
        with qtbot.waitSignal(events.record_saved):
            qtbot.mouseClick(events.outcomes.tiles[outcome], TAP)

    flow = events.flow
    for kind, source, kg, note in (
        ("activity_reuse", "activity", "40", ""),
        ("business_waste", "other_agency", "800", "Møbler fra en bedrift"),
    ):
        qtbot.mouseClick(events.flow_button, TAP)
        qtbot.mouseClick(flow.flows.tiles[kind], TAP)
        qtbot.mouseClick(flow.sources.tiles[source], TAP)
        for key in kg:
            qtbot.mouseClick(flow.numpad.keys[key], TAP)
        qtbot.keyClicks(flow.note, note)
        with qtbot.waitSignal(events.record_saved):
            qtbot.mouseClick(flow.save_button, TAP)

    qtbot.mouseClick(events.close_button, TAP)
    for key in "60":  # kg that went to reuse at the workshop, asked at closing
        qtbot.mouseClick(events.reuse_pad.keys[key], TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    # The guide can answer a visitor before any sync: the kiosk's own totals.
    assert events.totals.text_of("reused", "today") == "3,0 kg"  # one decimal, always
    assert events.totals.text_of("recycled", "year") == "12,0 kg"
    assert events.totals.text_of("participants", "today") == "21"


def test_done_means(
    qtbot, window: MainWindow, central: FastAPI, data_dir: Path, tmp_path: Path, capsys
) -> None:
    # Every record of the day at one moment, now: "today", "this year" and the report's year
    # are then one day and one year even when the test runs across midnight on 31.12.
    now = window.wall_clock()
    window.wall_clock.pin(now)
    year = now.astimezone(OSLO).year
    a_day_on_the_kiosk(qtbot, window)

    store = window.store
    with uvicorn_server(central) as url:
        token = enrol_store(central, store, url, data_dir)
        with CentralClient(url, token=token) as client:
            status = run_sync(store=store, client=client)
    # Two deposits, one event, three repairs, two flows: each arrived once.
    assert (status.pushed, status.pending, status.quarantined, status.error) == (8, 0, 0, None)

    db = central.state.settings.db_url
    assert (
        central_cli(["--db-url", db, "report", "--station", "trosterud", "--year", str(year)]) == 0
    )
    out = capsys.readouterr().out
    assert "| kg reused from the mini recycling station | 3 kg |" in out
    assert "| kg to material recycling from the station | 12 kg |" in out
    # The event's 60 kg and the activity flow's 40 kg.
    assert "| kg reuse/upcycling in connection with the project's activities | 100 kg |" in out
    assert "| business waste reused or redesigned | 800 kg (from another agency) |" in out
    assert "| number of public events on reuse, repair and the like | 1 |" in out

    xlsx = tmp_path / "effect.xlsx"
    args = ["report", "--station", "trosterud", "--year", str(year), "--format", "xlsx"]
    assert central_cli(["--db-url", db, *args, "--output", str(xlsx)]) == 0
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0] == ("Hva", str(year))
    # The pilot's rows by label (the XLSX also carries qualifier, notes and the newer rows).
    cells = {row[0]: row[1] for row in rows[1:] if row and row[0]}
    assert [cells[LABELS_NB[row]] for row in PILOT_ROWS] == [3, 12, 100, 800, 1]
