"""The kiosk's screens as tests drive them: the guide registers a weight by tapping, and the
rows a window's store holds. One copy, so every UI test taps the same way (issue 23)."""

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.records import RECORD_TABLES
from kiosk.ui.main_window import MainWindow

TAP = Qt.MouseButton.LeftButton


def guide_registers(
    qtbot: Any,
    window: MainWindow,
    category: str,
    keys: str,
    *,
    out: bool = False,
    timeout: int = 10_000,
) -> Any:
    """Tap the category's tile, "Ut" if ``out``, each key of ``keys`` on the numpad, then
    confirm, and wait for the save; returns the saved deposit (``deposit_saved``'s value)."""
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles[category], TAP)
    if out:
        qtbot.mouseClick(guide.handout, TAP)
    for key in keys:
        qtbot.mouseClick(guide.numpad.keys[key], TAP)
    with qtbot.waitSignal(guide.deposit_saved, timeout=timeout) as saved:
        qtbot.mouseClick(guide.confirm_button, TAP)
    return saved.args[0]


def rows(window: MainWindow, record_type: str = "deposit") -> list[Any]:
    """Every row of ``record_type``'s table in the window's store, in seq order."""
    table = RECORD_TABLES[record_type]
    with window.store.read() as conn:
        return list(conn.execute(select(table).order_by(table.c.seq)))
