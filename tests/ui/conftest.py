"""UI fixtures: the real main window over a real store in tmp_path, themed as on the kiosk."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, data_dir: Path) -> MainWindow:
    theme.apply(QApplication.instance())
    built = build_window(resolve(data_dir).ensure(), Settings())
    qtbot.addWidget(built)
    built.resize(1280, 800)
    built.show()
    qtbot.waitExposed(built)
    yield built
    built.store.close()
