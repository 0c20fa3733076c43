"""The kiosk's screens as tests drive them: the guide registers a weight by tapping, and the
rows a window's store holds. One copy, so every UI test taps the same way (issue 23)."""

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.records import RECORD_TABLES
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operations import Lane, Op

TAP = Qt.MouseButton.LeftButton


def guide_registers(
    qtbot: Any,
    window: MainWindow,
    category: str,
    keys: str,
    *,
    out: bool = False,
) -> Any:
    """Tap the category's tile, "Ut" if ``out``, each key of ``keys`` on the numpad, then
    confirm, and wait for the save; returns the saved deposit (``deposit_saved``'s value)."""
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles[category], TAP)
    if out:
        qtbot.mouseClick(guide.handout, TAP)
    for key in keys:
        qtbot.mouseClick(guide.numpad.keys[key], TAP)
    with qtbot.waitSignal(guide.deposit_saved) as saved:
        qtbot.mouseClick(guide.confirm_button, TAP)
    return saved.args[0]


def store_settled(qtbot: Any, window: MainWindow) -> None:
    """Return once every store write asked for so far has run and its outcome has reached
    the screen: store work runs in order on one worker and its outcomes come back in order,
    so a no-op queued now is the last of them. A test that checks nothing was saved waits
    here, not for a few milliseconds that a loaded machine would not give a save."""
    done: list[object] = []
    Op(window, lambda: None).success(done.append).run_in_background(lane=Lane.STORE)
    qtbot.waitUntil(lambda: bool(done))


def rows(window: MainWindow, record_type: str = "deposit") -> list[Any]:
    """Every row of ``record_type``'s table in the window's store, in seq order."""
    table = RECORD_TABLES[record_type]
    with window.store.read() as conn:
        return list(conn.execute(select(table).order_by(table.c.seq)))
