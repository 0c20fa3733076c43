"""Issue 20: the guide chooses, when opening an event, whether it is for residents (public,
counted in the effect report's events row) or internal; the default follows the kind."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.records import RECORD_TABLES
from kiosk.ui.main_window import MainWindow

TAP = Qt.MouseButton.LeftButton


def open_and_close(qtbot, window: MainWindow, kind: str, audience_tap: str | None) -> str:
    """Open an event of ``kind`` (after tapping an audience tile, if given), close it, and
    return the audience the stored event carries."""
    qtbot.mouseClick(window.events_button, TAP)
    events = window.events
    if audience_tap is not None:
        qtbot.mouseClick(events.audience.tiles[audience_tap], TAP)
    qtbot.mouseClick(events.kinds.tiles[kind], TAP)
    qtbot.waitUntil(lambda: events.current is not None)
    qtbot.mouseClick(events.close_button, TAP)
    with qtbot.waitSignal(events.record_saved):
        qtbot.mouseClick(events.confirm_close_button, TAP)
    table = RECORD_TABLES["event"]
    with window.store.read() as conn:
        newest = conn.execute(select(table).order_by(table.c.seq.desc())).first()
    assert newest is not None and newest.kind == kind
    qtbot.mouseClick(events.back, TAP)
    return str(newest.audience)


def test_the_default_follows_the_kind(qtbot, window: MainWindow) -> None:
    assert open_and_close(qtbot, window, "course", None) == "internal"
    assert open_and_close(qtbot, window, "bike_workshop", None) == "public"


def test_the_toggle_overrides_the_default(qtbot, window: MainWindow) -> None:
    assert open_and_close(qtbot, window, "course", "public") == "public"
    assert open_and_close(qtbot, window, "bike_workshop", "internal") == "internal"
    # The choice lasted one event: the next course is internal again.
    assert open_and_close(qtbot, window, "course", None) == "internal"


def test_pressing_a_kind_lights_its_default(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.events_button, TAP)
    events = window.events
    assert events.audience.chosen() is None
    qtbot.mousePress(events.kinds.tiles["course"], TAP)
    assert events.audience.chosen() == "internal"
    assert events.audience.tiles["internal"].text() == "Internt (kurs for ansatte)"
    assert events.audience.tiles["public"].text() == "For innbyggere (offentlig)"
