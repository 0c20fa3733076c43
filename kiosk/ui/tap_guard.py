"""A tap that lands in the first moment after something appeared does not act on it.

Gloved and hurried hands double-tap: the second half of a double tap on "Next" must not be
"Yes, register" on the summary that has just replaced it, nor "Undo" on the question a
tapped row has just opened. One rule for every screen of both flows: whatever appears
(a page of a stack, an overlay, a button) ignores presses for ``GUARD_MS`` after the tap
that made it appear.
"""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QInputEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

# A human-time constant, not a machine one. A person who means to tap something new must
# first see it appear (about 200 ms to react to a change on screen) and then lift and land
# the finger again (about 150 ms more); the second half of a double tap, or a glove's
# bounce, lands within about 300 ms of the first. 400 ms lies between the two, and it is
# the double-click interval Qt itself uses by default.
GUARD_MS = 400

_PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})
_TOUCH_BEGIN = QEvent.Type.TouchBegin
_LIFTS = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd})
# What a tap is made of: a finger landing or lifting. A move is not a tap: the pointer (or
# xdotool's `mousemove` before its click) heading for the next target makes nothing appear.
_TAP = _PRESSES | _LIFTS | {_TOUCH_BEGIN}
_FOLLOW_UPS = frozenset(
    {
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
    }
)
_INPUT = _PRESSES | _FOLLOW_UPS | {_TOUCH_BEGIN}


class TapGuard(QObject):
    """Installed as an application event filter by the main window.

    Times are the input events' own timestamps (the X server's, or QTest's), not the clock
    when Qt gets round to them: a tap queued behind a slow moment is judged by when the
    finger landed. Something that appears is stamped with the last tap before it, so a
    screen that follows a save (the thank-you) is guarded from the confirming tap, and a
    screen that is shown late on a slow machine is guarded from the tap that asked for it,
    never from the finger's move towards its next target: a tap on a screen that has been
    in sight for GUARD_MS always acts, however slow the machine.
    """

    def __init__(self, guard_ms: int = GUARD_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.guard_ms = guard_ms
        self._last_tap_ms: int | None = None  # nothing is guarded before the first tap
        self._shown_at: dict[int, int] = {}  # the widget's address -> the tap it appeared after
        self._swallowing = False  # a press was eaten: its moves and release go with it
        self.ignored = 0  # taps ignored so far (the benchmark counts them)
        self._ignored_at: int | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:
            if self._last_tap_ms is not None and isinstance(watched, QWidget):
                self._stamp(watched)
            return False
        if kind not in _INPUT or not isinstance(event, QInputEvent):
            return False
        if not isinstance(watched, QWidget):
            return False  # the window's own copy; the widget under the finger decides
        at = event.timestamp()
        if kind in _PRESSES or kind == _TOUCH_BEGIN:
            self._swallowing = self._just_appeared(watched, at)
            # A second press may reach the widget as a press, a double click or both.
            if self._swallowing and at != self._ignored_at:
                self._ignored_at = at
                self.ignored += 1
        swallow = self._swallowing
        if kind in _LIFTS:
            self._swallowing = False
        if kind in _TAP:
            self._last_tap_ms = max(self._last_tap_ms or 0, at)
        if swallow:
            event.accept()
        return swallow

    def _stamp(self, widget: QWidget) -> None:
        now = self._last_tap_ms or 0
        # Forget what appeared long enough ago: the dict stays as small as a screen.
        for key in [k for k, at in self._shown_at.items() if now - at >= self.guard_ms]:
            del self._shown_at[key]
        self._shown_at[_key(widget)] = now

    def _just_appeared(self, widget: QWidget, at: int) -> bool:
        node: QWidget | None = widget
        while node is not None:
            shown = self._shown_at.get(_key(node))
            # A press stamped before the screen appeared is a replay without a time of its
            # own (a scroller handing back a press it held): the finger was already down.
            if shown is not None and 0 <= at - shown < self.guard_ms:
                return True
            node = node.parentWidget()
        return False


def _key(widget: QWidget) -> int:
    # The C++ object's address: a widget Qt made itself may get a new Python wrapper each
    # time it is looked up, so id() of the wrapper would not find it again.
    return int(Shiboken.getCppPointer(widget)[0])
