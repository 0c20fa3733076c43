"""The guide's pickup form ("Henting") at the kiosk's two screen sizes, in each of the six
languages a station can be set to: no tile label or field cut (font metrics) and no text's
ink on the edge of its label or button (rendered), by tests/helpers/layout.py."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.settings import Settings
from kiosk.ui.languages import LANGUAGES
from kiosk.ui.main_window import MainWindow
from tests.helpers.layout import ink_problems, problems, settle
from tests.ui.conftest import _kiosk, unlock_guide

TAP = Qt.MouseButton.LeftButton
SIZES = [(1280, 800), (1024, 600)]


@pytest.fixture(params=list(LANGUAGES))
def station(request, qtbot, data_dir: Path) -> Iterator[MainWindow]:
    """The window of a station whose language is the parameter, the guide unlocked."""
    for built in _kiosk(qtbot, data_dir, None, Settings(language=request.param)):
        unlock_guide(qtbot, built)
        yield built


def open_pickup(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size() == window.size().__class__(*size))
    settle(window)
    if not window.pickup_button.isVisible():  # behind "Mer" on a 600 px screen
        qtbot.mouseClick(window.guide.more_button, TAP)
    qtbot.mouseClick(window.pickup_button, TAP)
    assert window.pickup is not None
    assert window.stack.currentWidget() is window.pickup
    settle(window)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_pickup_form_reads_whole(qtbot, station: MainWindow, size) -> None:
    open_pickup(qtbot, station, size)
    screen = station.pickup
    assert screen is not None
    trouble = problems(screen) + ink_problems(screen)
    assert trouble == [], (station.languages.current, trouble)
