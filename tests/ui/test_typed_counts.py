"""A clothes swap with 350 visitors is typed, not tapped 350 times: the count's button opens
the numpad, "Lagre" sets the count, and the history stays one +1/-1 row per step."""

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from kiosk.db.models import EventCount
from kiosk.ui.events_screen import RUNNING, TYPING
from kiosk.ui.main_window import MainWindow
from tests.ui.test_events_screen import open_events, tap_and_wait

TAP = Qt.MouseButton.LeftButton


def stored(window: MainWindow, counter: str) -> int:
    table = EventCount.__table__
    with window.store.read() as conn:
        query = select(func.coalesce(func.sum(table.c.delta), 0)).where(table.c.counter == counter)
        return int(conn.execute(query).scalar_one())


def type_count(qtbot, window: MainWindow, counter: str, digits: str) -> None:
    events = window.events
    qtbot.mouseClick(events.count_buttons[counter], TAP)
    assert events.pages.currentIndex() == TYPING
    for digit in digits:
        qtbot.mouseClick(events.count_pad.keys[digit], TAP)
    tap_and_wait(qtbot, events, events.save_count_button)


def test_350_visitors_typed_then_corrected(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    tap_and_wait(qtbot, events, events.kinds.tiles["clothes_swap"])
    type_count(qtbot, window, "visitors", "350")
    assert events.pages.currentIndex() == RUNNING
    assert events.counts["visitors"].text() == "350" and stored(window, "visitors") == 350
    tap_and_wait(qtbot, events, events.plus["visitors"])  # −/+ still count on from there
    assert events.counts["visitors"].text() == "351"
    type_count(qtbot, window, "visitors", "12")  # a slip corrected by typing the right count
    assert events.counts["visitors"].text() == "12" and stored(window, "visitors") == 12
    assert events.counts["participants"].text() == "0"


def test_a_decimal_is_refused_and_nothing_is_written(qtbot, window: MainWindow) -> None:
    events = open_events(qtbot, window)
    tap_and_wait(qtbot, events, events.kinds.tiles["clothes_swap"])
    qtbot.mouseClick(events.count_buttons["participants"], TAP)
    for key in "3,5":
        qtbot.mouseClick(events.count_pad.keys[key], TAP)
    qtbot.mouseClick(events.save_count_button, TAP)
    assert events.pages.currentIndex() == TYPING and "helt tall" in events.feedback.text()
    qtbot.mouseClick(events.cancel_count_button, TAP)
    assert events.pages.currentIndex() == RUNNING and stored(window, "participants") == 0
