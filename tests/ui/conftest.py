"""UI fixtures: the real main window over a real store in tmp_path, themed as on the kiosk."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.domain.pin import DEFAULT_PIN
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow

IDLE_TEST_MS = 400


def unlock_guide(qtbot, window: MainWindow, pin: str = DEFAULT_PIN) -> None:
    """Reach the guide's screen the only way there is: the lock button and the PIN."""
    qtbot.mouseClick(window.attract.guide_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pin_screen
    for digit in pin:
        qtbot.mouseClick(window.pin_screen.keys[digit], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.pin_screen.unlocked, timeout=10_000):
        qtbot.mouseClick(window.pin_screen.keys["OK"], Qt.MouseButton.LeftButton)


@pytest.fixture
def kiosk(qtbot, data_dir: Path) -> MainWindow:
    """The kiosk as a resident finds it: resting on the attract screen, in Bokmål."""
    theme.apply(QApplication.instance())
    built = build_window(resolve(data_dir).ensure(), Settings(), idle_timeout_ms=IDLE_TEST_MS)
    qtbot.addWidget(built)
    built.resize(1280, 800)
    built.show()
    qtbot.waitExposed(built)
    yield built
    built.languages.reset()
    if built.store is not None:
        built.store.close()


@pytest.fixture
def window(qtbot, kiosk: MainWindow) -> MainWindow:
    """The same window with the guide's screen unlocked by PIN, as a guide starts the day."""
    unlock_guide(qtbot, kiosk)
    assert kiosk.stack.currentWidget() is kiosk.guide
    return kiosk
