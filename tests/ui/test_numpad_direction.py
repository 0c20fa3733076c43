"""A keypad never mirrors: in a right-to-left language its keys still read 1 2 3 from the left,
as on a phone or a card terminal (issue 27: the Arabic guide's numpad read 6 5 4 3 2 1)."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLayout, QVBoxLayout, QWidget

from kiosk.ui.numpad import KEYS, Numpad


def _shown_pad(qtbot) -> tuple[QWidget, Numpad]:
    """The pad in a window of its own, as a screen holds it (the window keeps it alive)."""
    holder = QWidget()
    qtbot.addWidget(holder)
    pad = Numpad(200_000)
    layout = QVBoxLayout(holder)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    layout.addWidget(pad)
    holder.resize(600, 300)
    with qtbot.waitExposed(holder):  # a call alone returns a context and waits for nothing
        holder.show()
    return holder, pad


def _left_edges(pad: Numpad) -> list[int]:
    return [pad.keys[k].mapTo(pad, QPoint(0, 0)).x() for k in KEYS[:6]]


def test_the_keys_read_left_to_right_in_arabic(qtbot) -> None:
    app = QApplication.instance()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        _holder, pad = _shown_pad(qtbot)
        assert _left_edges(pad) == sorted(_left_edges(pad))  # 1 2 3 4 5 6, not 6 5 4 3 2 1
    finally:
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_a_pad_that_follows_the_language_would_mirror(qtbot) -> None:
    """The planted fault: the same keys in a widget that takes the application's direction."""
    app = QApplication.instance()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        _holder, pad = _shown_pad(qtbot)
        pad.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        pad.layout().invalidate()
        pad.layout().activate()
        assert _left_edges(pad) == sorted(_left_edges(pad), reverse=True)
    finally:
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
