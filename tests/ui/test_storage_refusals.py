"""Start-up refusals on screen (issue 9, finding 7): the app shows the storage error screen,
with a message a technician can act on, and leaves the files as they were."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.composition import Kiosk
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window


def open_window(qtbot, data_dir: Path):
    theme.apply(QApplication.instance())
    window = build_window(Kiosk(resolve(data_dir).ensure(), Settings()), sync=False)
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "er tom (0 byte)"), (b"PK\x03\x04 a zip file", "ikke en database")],
)
def test_an_empty_or_foreign_database_gets_the_storage_screen_and_is_kept(
    qtbot, data_dir: Path, content: bytes, words: str
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "kiosk.sqlite3").write_bytes(content)
    window = open_window(qtbot, data_dir)
    assert window.stack.currentWidget() is window.error_screen
    assert words in window.error_screen.text.text()
    assert window.store is None
    assert (data_dir / "kiosk.sqlite3").read_bytes() == content


def test_a_token_file_that_is_a_folder_gets_the_storage_screen(qtbot, data_dir: Path) -> None:
    (data_dir / "device_token").mkdir(parents=True)
    window = open_window(qtbot, data_dir)
    assert window.stack.currentWidget() is window.error_screen
    assert "device_token" in window.error_screen.text.text()
    assert "device_token" in window.error_screen.detail.text()
