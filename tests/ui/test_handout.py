"""The guide hands out a reuse item: "Ut" before saving registers direction out; it applies
only to reuse categories and turns itself off after each registration."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.models import Deposit
from kiosk.ui.main_window import MainWindow
from tests.helpers.guide import guide_registers

TAP = Qt.MouseButton.LeftButton


def saved(window: MainWindow) -> list[tuple[str, str]]:
    with window.store.read() as conn:
        rows = conn.execute(select(Deposit.category, Deposit.direction).order_by(Deposit.seq))
        return [tuple(r) for r in rows]


def test_a_handed_out_reuse_item_is_direction_out_and_the_toggle_resets(
    qtbot, window: MainWindow
) -> None:
    handout = window.guide.handout
    assert not handout.isEnabled()  # no category chosen yet
    guide_registers(qtbot, window, "clothes", "3", out=True)
    assert not handout.isChecked()  # reset after the registration
    guide_registers(qtbot, window, "clothes", "2")  # the next one is "in" again, three taps
    assert saved(window) == [("clothes", "out"), ("clothes", "in")]


def test_out_does_not_apply_to_recycling(qtbot, window: MainWindow) -> None:
    guide = window.guide
    qtbot.mouseClick(guide.grid.tiles["toys"], TAP)
    qtbot.mouseClick(guide.handout, TAP)
    assert guide.handout.isChecked()
    qtbot.mouseClick(guide.grid.tiles["wood"], TAP)  # changed mind: wood cannot go out
    assert not guide.handout.isChecked() and not guide.handout.isEnabled()
    qtbot.mouseClick(guide.numpad.keys["4"], TAP)
    with qtbot.waitSignal(guide.deposit_saved, timeout=10_000):
        qtbot.mouseClick(guide.confirm_button, TAP)
    assert saved(window) == [("wood", "in")]
