"""The technician's screen: reached from the guide's header, shows the log, exports to a folder."""

import json
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk import logs
from kiosk.db.export import CSV_NAME, MANIFEST_NAME, read_csv
from kiosk.ui.main_window import MainWindow
from kiosk.ui.today_list import ID_ROLE
from tests.helpers.guide import guide_registers


def test_log_and_export_from_the_technician_screen(
    qtbot, window: MainWindow, data_dir: Path, tmp_path: Path
) -> None:
    logs.configure(data_dir / "logs", echo=False)
    try:
        guide_registers(qtbot, window, "wood", "12,5")
        guide_registers(qtbot, window, "ee_small", "3")

        qtbot.mouseClick(window.guide.technician_button, Qt.MouseButton.LeftButton)
        tech = window.technician
        assert window.stack.currentWidget() is tech
        newest_id = window.guide.today.list.item(0).data(ID_ROLE)
        assert f"registered deposit {newest_id}" in tech.log_view.toPlainText()

        tech.target.setEditText(str(tmp_path / "usb"))
        with qtbot.waitSignal(tech.exported) as exported:
            qtbot.mouseClick(tech.export_button, Qt.MouseButton.LeftButton)
    finally:
        logs.close()

    result = exported.args[0]
    assert "2 registreringer" in tech.result.text()
    manifest = json.loads((result.folder / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["count"] == 2 == len(read_csv(result.folder / CSV_NAME))

    qtbot.mouseClick(tech.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.guide


def test_export_without_a_folder_says_so(qtbot, window: MainWindow) -> None:
    window.show_technician()
    window.technician.target.setEditText("")
    window.technician.export()
    assert "mappe" in window.technician.result.text()


def test_technician_button_is_whole_on_the_smallest_screen(qtbot, window: MainWindow) -> None:
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.width() == 1024)
    button = window.guide.technician_button
    assert button.width() >= button.sizeHint().width()
    assert button.height() >= 64
    clock = window.guide.header.clock
    assert clock.width() >= clock.sizeHint().width()
