"""Staff screens read Bokmål, so they keep Bokmål's left-to-right layout at a station whose
language is Arabic or Urdu (issue 27: mirrored, the guide's header read "venter · 13 min 12"
and its buttons stood in the other corners). Each of the guide's, the technician's, the
events' and the pickup's screens must place its buttons where a Bokmål station has them."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.settings import Settings
from kiosk.ui.main_window import MainWindow
from tests.helpers.layout import settle
from tests.ui.conftest import _kiosk, unlock_guide

SCREENS: dict[str, Callable[[MainWindow], QWidget | None]] = {
    "guide": lambda w: w.guide,
    "technician": lambda w: (w.show_technician(), w.technician)[1],
    "events": lambda w: (w.show_events(), w.events)[1],
    "pickup": lambda w: (w.show_pickup(), w.pickup)[1],
}


def button_lefts(qtbot, data_dir: Path, language: str, screen: str) -> dict[str, int]:
    """Each visible button's left edge in the window, by its text and name."""
    for window in _kiosk(qtbot, data_dir / language, None, Settings(language=language)):
        unlock_guide(qtbot, window)
        shown = SCREENS[screen](window)
        assert shown is not None and window.stack.currentWidget() is shown
        settle(window)
        lefts = {
            f"{b.objectName()}:{b.text()}": b.mapTo(window, QPoint(0, 0)).x()
            for b in shown.findChildren(QPushButton)
            if b.isVisible() and b.text()
        }
        assert lefts, f"no buttons found on the {screen} screen"
        return lefts
    raise AssertionError("no window")


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["ar", "ur"])
def test_a_staff_screen_is_not_mirrored(qtbot, data_dir: Path, language: str, screen: str):
    bokmal = button_lefts(qtbot, data_dir, "nb", screen)
    other = button_lefts(qtbot, data_dir, language, screen)
    same = {k: v for k, v in other.items() if k in bokmal}  # the Bokmål texts: staff strings
    assert len(same) >= 2, f"too few shared buttons to compare: {sorted(other)}"
    assert same == {k: bokmal[k] for k in same}
