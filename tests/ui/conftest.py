"""UI fixtures: the real main window over a real store in tmp_path, themed as on the kiosk."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.domain.pin import DEFAULT_PIN
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow
from tests.helpers.clock import TestClock

IDLE_TEST_MS = 1000  # short, yet long enough that a stall of a loaded machine is not a drop


def unlock_guide(qtbot, window: MainWindow, pin: str = DEFAULT_PIN) -> None:
    """Reach the guide's screen the only way there is: the lock button and the PIN."""
    qtbot.mouseClick(window.attract.guide_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pin_screen
    for digit in pin:
        qtbot.mouseClick(window.pin_screen.keys[digit], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.pin_screen.unlocked):
        qtbot.mouseClick(window.pin_screen.keys["OK"], Qt.MouseButton.LeftButton)


def _kiosk(
    qtbot, data_dir: Path, idle_timeout_ms: int | None, settings: Settings | None = None
) -> Iterator[MainWindow]:
    theme.apply(QApplication.instance())
    built = build_window(
        Kiosk(resolve(data_dir).ensure(), settings or Settings()),
        idle_timeout_ms=idle_timeout_ms,
        wall_clock=TestClock(),  # the real time until a test pins one (window.wall_clock.pin)
    )
    qtbot.addWidget(built)
    built.resize(1280, 800)
    with qtbot.waitExposed(built):  # a call alone returns a context and waits for nothing
        built.show()
    yield built
    built.shutdown()  # as the app does on quit: no feed's timer may fire into a later test
    built.languages.reset()
    if built.store is not None:
        built.store.close()


@pytest.fixture
def kiosk(qtbot, data_dir: Path) -> Iterator[MainWindow]:
    """The kiosk as a resident finds it: resting on the attract screen, in Bokmål, with the
    real idle timeout, so a slow moment of the machine never drops a flow under a test."""
    yield from _kiosk(qtbot, data_dir, None)


@pytest.fixture
def quick_idle_kiosk(qtbot, data_dir: Path) -> Iterator[MainWindow]:
    """The same, dropping an untouched flow after IDLE_TEST_MS: for the tests of that drop."""
    yield from _kiosk(qtbot, data_dir, IDLE_TEST_MS)


@pytest.fixture
def window(qtbot, kiosk: MainWindow) -> MainWindow:
    """The same window with the guide's screen unlocked by PIN, as a guide starts the day."""
    unlock_guide(qtbot, kiosk)
    assert kiosk.stack.currentWidget() is kiosk.guide
    return kiosk
