"""Today's list under a gloved finger (issue 27): its rows, as painted, are 64 px targets
with a 12 px gap between them, and a row cut by the list's edge or a tap in a gap opens
nothing, at 1280x800 and 1024x600 in each of the six station languages."""

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from kiosk.settings import Settings
from kiosk.ui.languages import LANGUAGES
from kiosk.ui.main_window import MainWindow
from kiosk.ui.tap_guard import GUARD_MS
from tests.helpers.layout import settle
from tests.helpers.targets import GAP_PX, MIN_PX
from tests.ui.conftest import _kiosk, unlock_guide
from tests.ui.test_guide_layout import fill_day

TAP = Qt.MouseButton.LeftButton
SIZES = [(1280, 800), (1024, 600)]


@pytest.fixture(params=list(LANGUAGES))
def station(request, qtbot, data_dir: Path) -> Iterator[MainWindow]:
    """The window of a station whose language is the parameter, the guide unlocked."""
    for built in _kiosk(qtbot, data_dir, None, Settings(language=request.param)):
        unlock_guide(qtbot, built)
        yield built


def at_size(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    fill_day(window, 12)  # more rows than fit: the list as it is late in the day
    settle(window)


def painted_rows(image: QImage, background: QColor) -> list[tuple[int, int]]:
    """The rows a finger sees down the middle of the list: (top, bottom) of each run of
    pixels that are not the list's background, in viewport pixels, bottom exclusive."""
    x = image.width() // 2
    runs: list[tuple[int, int]] = []
    top = None
    for y in range(image.height()):
        ink = image.pixelColor(x, y).rgb() != background.rgb()
        if ink and top is None:
            top = y
        elif not ink and top is not None:
            runs.append((top, y))
            top = None
    if top is not None:
        runs.append((top, image.height()))
    return runs


def rows_of(window: MainWindow) -> tuple[list[tuple[int, int]], int]:
    viewport = window.guide.today.list.viewport()
    background = viewport.palette().color(QPalette.ColorRole.Base)
    return painted_rows(viewport.grab().toImage(), background), viewport.height()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_rows_are_glove_targets_with_a_gap_between(qtbot, station: MainWindow, size) -> None:
    at_size(qtbot, station, size)
    runs, height = rows_of(station)
    whole = [(top, bottom) for top, bottom in runs if top > 0 and bottom < height]
    first = runs[0]
    if first[0] == 0:  # the top row starts at the list's edge; it is whole at rest
        whole.insert(0, first)
    assert len(whole) >= 3, (station.languages.current, runs)
    assert [bottom - top for top, bottom in whole] == [MIN_PX] * len(whole), runs
    gaps = [after[0] - before[1] for before, after in itertools.pairwise(runs)]
    assert min(gaps) >= GAP_PX, (station.languages.current, runs)


def test_painted_rows_sees_rows_that_touch(qtbot, window: MainWindow) -> None:
    """The check above can fail: rows drawn edge to edge (as before issue 27) show no gap."""
    at_size(qtbot, window, (1024, 600))
    window.guide.today.list.setStyleSheet(
        "QListWidget#todayList::item { background: #FFFFFF; border: none; }"
        "QListWidget#todayList { background: #FFFFFF; }"
    )
    settle(window)
    runs, _ = rows_of(window)
    # Only the rows' words are ink now: no run is a whole 64 px row with a gap around it.
    assert not [run for run in runs if run[1] - run[0] >= MIN_PX], runs


def tap(qtbot, window: MainWindow, y: int) -> None:
    """A deliberate tap: it lands GUARD_MS after the last in QTest's event time, so the tap
    guard never ignores it, and lifts at once, as a tap does (a press held that long would
    be the scroller's, not the list's)."""
    viewport = window.guide.today.list.viewport()
    at = QPoint(viewport.width() // 2, y)
    qtbot.mousePress(viewport, TAP, pos=at, delay=GUARD_MS)
    qtbot.mouseRelease(viewport, TAP, pos=at)


def list_onto_screen(qtbot, window: MainWindow) -> None:
    """Move the window so the list lies on the screen. QScroller holds a press back and then
    hands it to the widget at its global position; the offscreen screen is smaller than
    1280x800, and a press it hands to no widget would make every tap a silent no-op."""
    viewport = window.guide.today.list.viewport()
    screen = window.screen().geometry()
    offset = screen.center() - viewport.mapToGlobal(viewport.rect().center())
    window.move(window.pos() + offset)
    qtbot.waitUntil(lambda: screen.contains(viewport.mapToGlobal(viewport.rect().center())))
    assert QApplication.widgetAt(viewport.mapToGlobal(viewport.rect().center())) is viewport


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_cut_row_or_a_gap_opens_nothing(qtbot, station: MainWindow, size) -> None:
    at_size(qtbot, station, size)
    list_onto_screen(qtbot, station)
    today = station.guide.today
    # Kinetic scrolling can rest anywhere: half a row down, both edges cut a row.
    listed = today.list
    listed.verticalScrollBar().setValue(listed.visualItemRect(listed.item(0)).height() // 2)
    settle(station)
    height = listed.viewport().height()
    for y in (2, height - 3):  # the top row's bottom half, the bottom row's top
        cut = listed.visualItemRect(listed.itemAt(QPoint(0, y)))
        assert not listed.viewport().rect().contains(cut), (y, cut)
        tap(qtbot, station, y)
        assert not today.overlay.isVisible(), (station.languages.current, y, cut)
    runs, _ = rows_of(station)
    for before in runs[:-1]:  # each gap between two painted rows
        tap(qtbot, station, before[1] + 2)
        assert not today.overlay.isVisible(), (station.languages.current, before, runs)
    # A whole row still opens its question: the taps above were real taps.
    whole = listed.visualItemRect(listed.item(1)).center().y()
    tap(qtbot, station, whole)
    assert today.overlay.isVisible()
    assert listed.item(1).text() in today.undo_text.text()
