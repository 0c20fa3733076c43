"""Staff screens read Bokmål, so they keep Bokmål's left-to-right layout at a station whose
language is Arabic or Urdu (issue 27: mirrored, the guide's header read "venter · 13 min 12"
and its buttons stood in the other corners). Each of the guide's, the technician's, the
events' and the pickup's screens must place its buttons where a Bokmål station has them."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.settings import Settings
from kiosk.ui.main_window import MainWindow
from tests.helpers.layout import settle
from tests.ui.conftest import _kiosk, unlock_guide
from tests.ui.test_guide_layout import fill_day

SCREENS: dict[str, Callable[[MainWindow], QWidget | None]] = {
    "guide": lambda w: w.guide,
    "technician": lambda w: (w.show_technician(), w.technician)[1],
    "events": lambda w: (w.show_events(), w.events)[1],
    "pickup": lambda w: (w.show_pickup(), w.pickup)[1],
}


def button_lefts(qtbot, data_dir: Path, language: str, screen: str) -> dict[str, int]:
    """Each visible button's left edge in the window, by its text and name."""
    lefts: dict[str, int] = {}
    for window in _kiosk(qtbot, data_dir / language, None, Settings(language=language)):
        unlock_guide(qtbot, window)
        shown = SCREENS[screen](window)
        assert shown is not None and window.stack.currentWidget() is shown
        settle(window)
        lefts = {
            f"{b.objectName()}:{b.text()}": b.mapTo(window, QPoint(0, 0)).x()
            for b in shown.findChildren(QPushButton)
            if b.isVisible() and b.text()
        }
    # After the loop, not in it: the window's teardown (its translator, its store) must run.
    assert lefts, f"no buttons found on the {screen} screen"
    return lefts


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["ar", "ur"])
def test_a_staff_screen_is_not_mirrored(qtbot, data_dir: Path, language: str, screen: str):
    bokmal = button_lefts(qtbot, data_dir, "nb", screen)
    other = button_lefts(qtbot, data_dir, language, screen)
    same = {k: v for k, v in other.items() if k in bokmal}  # the Bokmål texts: staff strings
    assert len(same) >= 2, f"too few shared buttons to compare: {sorted(other)}"
    assert same == {k: bokmal[k] for k in same}


def painted(qtbot, data_dir: Path, language: str) -> tuple[QImage, QImage]:
    """The header's sync line, and the right half of today's first row (time and weight
    are Bokmål's; the name is the station language's), as painted at 1024x600."""
    for window in _kiosk(qtbot, data_dir / language, None, Settings(language=language)):
        unlock_guide(qtbot, window)
        window.resize(1024, 600)
        qtbot.waitUntil(lambda w=window: (w.width(), w.height()) == (1024, 600))
        fill_day(window, 3)
        settle(window)
        sync_line = window.guide.header.sync_state.grab().toImage()
        rows = window.guide.today.list
        first = rows.visualItemRect(rows.item(0))
        bold = QFont(rows.font())
        bold.setBold(True)
        width = QFontMetrics(bold).horizontalAdvance("150,607 kg") + 8  # fill_day's weight
        weight = rows.viewport().grab(first.adjusted(first.width() - width, 0, 0, 0))
    return sync_line, weight.toImage()  # after the loop: the window's teardown has run


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_staff_text_reads_as_at_a_bokmal_station(qtbot, data_dir: Path, language: str):
    """Painted text takes its widget's direction, not the application's: at an Arabic
    station, a painter's default put "Aldri synk." as ".Aldri synk" and "150,607 kg" as
    "kg 150,607". The same Bokmål text must paint the same pixels at both stations."""
    bokmal_line, bokmal_weight = painted(qtbot, data_dir, "nb")
    line, weight = painted(qtbot, data_dir, language)
    assert line == bokmal_line
    assert weight == bokmal_weight


def test_the_pixel_comparison_sees_a_mirrored_line(qtbot, data_dir: Path):
    """The planted fault: the same line painted right to left is not the same image."""
    for window in _kiosk(qtbot, data_dir, None, Settings()):
        unlock_guide(qtbot, window)
        label = window.guide.header.sync_state
        settle(window)
        left_to_right = label.grab().toImage()
        label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        assert label.grab().toImage() != left_to_right


def event_tile(qtbot, data_dir: Path, language: str) -> QImage:
    """The events screen's "Marked" tile as painted: a button whose word the theme sets
    against its left edge ("text-align: left"), drawn by Qt's style, not by us."""
    for window in _kiosk(qtbot, data_dir / language, None, Settings(language=language)):
        unlock_guide(qtbot, window)
        window.show_events()
        assert window.events is not None
        settle(window)
        image = window.events.kinds.tiles["market"].grab().toImage()
    return image  # after the loop: the window's teardown has run


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_a_staff_tile_sets_its_word_from_the_left(qtbot, data_dir: Path, language: str):
    """A Qt 6 painter takes the application's direction: at an Arabic or Urdu station the
    events screen's tiles set "Marked", "Kurs" against their right edge (theme.WidgetDirection
    makes Qt's style paint in the widget's direction)."""
    assert event_tile(qtbot, data_dir, language) == event_tile(qtbot, data_dir, "nb")
