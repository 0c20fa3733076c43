"""Issue 25: the guide registers a pickup from the guide's screen in a few taps ("Henting",
the fraction, the net kg on the numpad, the ticket's number), offline, with hauler, plant and
container remembered from the last pickup of that fraction; it waits pending to sync."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.records import RECORD_TABLES
from kiosk.ui.main_window import MainWindow

TAP = Qt.MouseButton.LeftButton


def pickups(window: MainWindow) -> list:
    table = RECORD_TABLES["pickup"]
    with window.store.read() as conn:
        return list(conn.execute(select(table).order_by(table.c.seq)))


def register(qtbot, window: MainWindow, fraction: str, kg: str, ticket: str) -> None:
    qtbot.mouseClick(window.pickup_button, TAP)
    screen = window.pickup
    assert window.stack.currentWidget() is screen
    qtbot.mouseClick(screen.fractions.tiles[fraction], TAP)
    for key in kg:
        qtbot.mouseClick(screen.numpad.keys[key], TAP)
    qtbot.mouseClick(screen.ticket, TAP)
    qtbot.keyClicks(screen.ticket, ticket)
    with qtbot.waitSignal(screen.record_saved):
        qtbot.mouseClick(screen.save_button, TAP)


def test_a_pickup_in_a_few_taps_and_the_next_one_remembers_hauler_and_plant(
    qtbot, window: MainWindow
) -> None:
    qtbot.mouseClick(window.pickup_button, TAP)
    screen = window.pickup
    qtbot.mouseClick(screen.fractions.tiles["metal"], TAP)
    qtbot.keyClicks(screen.hauler, "Hauler AS")
    qtbot.keyClicks(screen.plant, "Haraldrud")
    qtbot.keyClicks(screen.container, "C-12")
    for key in "412,5":
        qtbot.mouseClick(screen.numpad.keys[key], TAP)
    qtbot.keyClicks(screen.ticket, "T-1001")
    with qtbot.waitSignal(screen.record_saved):
        qtbot.mouseClick(screen.save_button, TAP)
    (saved,) = pickups(window)
    assert (saved.fraction, saved.net_weight_g, saved.ticket_no, saved.source) == (
        "metal",
        412_500,
        "T-1001",
        "kiosk",
    )
    assert (saved.hauler, saved.plant, saved.container_id) == ("Hauler AS", "Haraldrud", "C-12")
    assert saved.sync_state == "pending"
    assert "412,5 kg" in screen.feedback.text() and "T-1001" in screen.feedback.text()

    qtbot.mouseClick(screen.back, TAP)
    assert window.stack.currentWidget() is window.guide
    register(qtbot, window, "metal", "380", "T-1002")  # no typing of hauler or plant
    second = pickups(window)[1]
    assert (second.hauler, second.plant, second.container_id) == (
        "Hauler AS",
        "Haraldrud",
        "C-12",
    )
    assert second.net_weight_g == 380_000


def test_a_ticket_without_a_weight_saves_nothing_and_names_the_weight(
    qtbot, window: MainWindow
) -> None:
    qtbot.mouseClick(window.pickup_button, TAP)
    screen = window.pickup
    qtbot.mouseClick(screen.save_button, TAP)
    assert "Velg" in screen.feedback.text()  # no fraction chosen
    qtbot.mouseClick(screen.fractions.tiles["glass_metal_packaging"], TAP)
    qtbot.keyClicks(screen.ticket, "T-9")
    qtbot.mouseClick(screen.save_button, TAP)
    qtbot.waitUntil(lambda: "nettovekten" in screen.feedback.text())
    assert pickups(window) == []


def test_reuse_items_are_no_fraction_a_container_takes(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.pickup_button, TAP)
    tiles = window.pickup.fractions.tiles
    assert "batteries" in tiles and "wood" in tiles
    # The whole cabinet at once; its name is on the tile's own label (it may take two lines).
    assert tiles["hazardous"].accessibleName() == "Farlig avfall-skapet"
    assert "kitchenware" not in tiles
