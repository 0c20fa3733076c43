"""The guide's screen, clicked as a guide would: category, digits, confirm; undo; refusals."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import event

from contract.effect import Measure
from kiosk.composition import Kiosk
from kiosk.domain.hours import OSLO
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import guide_registers, rows


def type_weight(qtbot, window: MainWindow, keys: str) -> None:
    for key in keys:
        qtbot.mouseClick(window.guide.numpad.keys[key], Qt.MouseButton.LeftButton)


def test_a_delivery_is_three_taps_plus_digits(qtbot, window: MainWindow) -> None:
    guide_registers(qtbot, window, "wood", "12,5")

    guide = window.guide
    first = guide.today.list.item(0).text()
    assert "Trevirke" in first and "12,5 kg" in first
    assert guide.totals.values[Measure.RECYCLED].text() == "12,5 kg"
    assert "Lagret" in guide.chosen.text()
    assert guide.numpad.text() == "" and guide.grid.chosen() is None
    saved = rows(window)
    assert len(saved) == 1
    assert (saved[0].category, saved[0].weight_g, saved[0].channel) == ("wood", 12500, "guide")
    assert (saved[0].weight_source, saved[0].direction, saved[0].sync_state) == (
        "manual",
        "in",
        "pending",
    )
    header = guide.header.sync_state.text()
    assert "Ikke synkronisert: 1 · eldste 0 min" in header
    assert "Aldri synkronisert" in header


def test_newest_registration_is_listed_first(qtbot, window: MainWindow) -> None:
    guide_registers(qtbot, window, "wood", "1")
    guide_registers(qtbot, window, "batteries", "0,3")
    assert "Batterier" in window.guide.today.list.item(0).text()
    assert "Trevirke" in window.guide.today.list.item(1).text()


def test_tap_a_row_and_confirm_to_undo(qtbot, window: MainWindow) -> None:
    # The undo re-reads today's list: pinned, so midnight cannot fall between the two taps.
    window.wall_clock.pin(datetime(2026, 11, 25, 12, 0, tzinfo=OSLO))
    guide_registers(qtbot, window, "toys", "2")
    today = window.guide.today
    item = today.list.item(0)
    qtbot.mouseClick(
        today.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=today.list.visualItemRect(item).center(),
    )
    assert today.undo_bar.isVisible()
    assert rows(window)[-1].reverses is None  # nothing happens before the confirmation
    with qtbot.waitSignal(window.guide.deposit_undone):
        qtbot.mouseClick(today.undo_button, Qt.MouseButton.LeftButton)

    original, reversal = rows(window)
    assert reversal.reverses == original.id
    assert (reversal.category, reversal.weight_g) == ("toys", 2000)
    assert "(angret)" in today.list.item(0).text()
    assert window.guide.totals.values[Measure.LEFT_FOR_REUSE].text() == "0,0 kg"


def test_keeping_a_row_undoes_nothing(qtbot, window: MainWindow) -> None:
    guide_registers(qtbot, window, "toys", "2")
    today = window.guide.today
    today._offer_undo(today.list.item(0))
    qtbot.mouseClick(today.cancel_button, Qt.MouseButton.LeftButton)
    assert not today.undo_bar.isVisible()
    assert len(rows(window)) == 1


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "Skriv inn vekten"),
        ("0", "kan ikke være 0 kg"),
        ("-2", "kan ikke være negativ"),
        ("abc", "«abc» er ikke et tall"),
        ("1,2345", "for mange desimaler"),
        ("250", "250 kg er over grensen"),
    ],
)
def test_bad_weights_are_refused_and_nothing_is_written(
    qtbot, window: MainWindow, typed: str, expected: str
) -> None:
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles["metal"], Qt.MouseButton.LeftButton)
    guide.numpad.entry.setText(typed)  # as a USB keypad could type it
    with qtbot.assertNotEmitted(guide.deposit_saved):
        qtbot.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)
    assert guide.error.isVisible()
    assert expected in guide.error.text()
    assert rows(window) == []
    assert guide.numpad.text() == typed  # the guide can correct it, not retype it


def test_confirm_without_a_category_is_refused(qtbot, window: MainWindow) -> None:
    type_weight(qtbot, window, "3")
    with qtbot.assertNotEmitted(window.guide.deposit_saved):
        qtbot.mouseClick(window.guide.confirm_button, Qt.MouseButton.LeftButton)
    assert "Velg en kategori" in window.guide.error.text()
    assert rows(window) == []


def test_numpad_stops_at_whole_grams(qtbot, window: MainWindow) -> None:
    type_weight(qtbot, window, "1,23456")
    assert window.guide.numpad.text() == "1,234"


def test_storage_failure_shows_a_clear_screen_and_keeps_earlier_records(
    qtbot, window: MainWindow
) -> None:
    guide_registers(qtbot, window, "wood", "4")
    engine = window.store.engine

    def read_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only=ON")

    event.listen(engine, "connect", read_only)
    engine.dispose()
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles["metal"], Qt.MouseButton.LeftButton)
    type_weight(qtbot, window, "2")
    with qtbot.waitSignal(guide.storage_failed):
        qtbot.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)

    assert window.stack.currentWidget() is window.error_screen
    assert "ikke lagret" in window.error_screen.text.text()
    assert "trygt" in window.error_screen.text.text()

    event.remove(engine, "connect", read_only)
    engine.dispose()
    qtbot.mouseClick(window.error_screen.retry, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is guide
    assert [r.weight_g for r in rows(window)] == [4000]
    assert guide.numpad.text() == "2"  # what was typed is still there to save again


def test_touch_targets_and_text_sizes(qtbot, window: MainWindow) -> None:
    guide = window.guide
    seen: set[QPushButton] = set()
    for tab in guide.grid.tabs.values():  # every section's tiles, as the guide opens them
        qtbot.mouseClick(tab, Qt.MouseButton.LeftButton)
        seen.update(b for b in guide.findChildren(QPushButton) if b.isVisible())
    assert len(seen) >= 22 + 12 + 1
    for button in seen:
        assert button.height() >= 64 and button.width() >= 64, button.text()
    for label in guide.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.font().pointSizeF() >= 18, label.text()


def test_a_corrupt_database_at_start_shows_the_error_screen(qtbot, data_dir) -> None:
    from kiosk.paths import resolve
    from kiosk.settings import Settings
    from kiosk.ui.app import build_window

    paths = resolve(data_dir).ensure()
    paths.database.write_bytes(b"this is not a database, it is a cold container" * 100)
    window = build_window(Kiosk(paths, Settings()))
    qtbot.addWidget(window)
    assert window.store is None
    assert window.stack.currentWidget() is window.error_screen
    assert "skadet" in window.error_screen.text.text()
    assert paths.database.read_bytes().startswith(b"this is not a database")  # left for rescue
