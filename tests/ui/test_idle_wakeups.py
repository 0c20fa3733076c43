"""A resting kiosk rests: with the attract screen up, no hidden screen's timer wakes the
process, and the opening line restyles only when what it says changes."""

from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.ui.main_window import MainWindow
from kiosk.ui.selfservice.opening_banner import REFRESH_MS
from tests.helpers.resident_walk import OPEN_MOMENT, set_clock
from tests.ui.conftest import unlock_guide

HOUR_MS = 3_600_000
# The opening line's refresh, and a few one-off timers (the next sync check, an idle drop).
RESTING_WAKEUPS_PER_HOUR = HOUR_MS // REFRESH_MS + 5


def wakeups_per_hour(window: QWidget) -> dict[str, int]:
    """Each active timer under ``window`` and how often it would fire in the next hour, read
    from the timers themselves (no waiting on the wall clock)."""
    found = {}
    for timer in window.findChildren(QTimer):
        if not timer.isActive():
            continue
        if timer.isSingleShot():
            count = 1 if timer.remainingTime() <= HOUR_MS else 0
        else:
            count = HOUR_MS // max(1, timer.interval())
        owner = timer.parent()
        name = f"{type(owner).__name__}.{timer.interval()}ms#{id(timer)}"
        found[name] = count
    return found


def test_the_resting_kiosk_wakes_only_for_what_is_on_screen(qtbot, kiosk: MainWindow) -> None:
    unlock_guide(qtbot, kiosk)  # the guide's screen exists, with its header's clock
    kiosk.lock()
    assert kiosk.stack.currentWidget() is kiosk.attract and not kiosk.guide.isVisible()
    timers = wakeups_per_hour(kiosk)
    assert sum(timers.values()) <= RESTING_WAKEUPS_PER_HOUR, timers
    # Back on the guide's screen, its clock runs again and shows the time at once.
    unlock_guide(qtbot, kiosk)
    assert kiosk.guide.header._timer.isActive()
    assert not kiosk.attract.opening._timer.isActive()


def test_the_wakeup_count_catches_a_hidden_clock(qtbot, kiosk: MainWindow) -> None:
    """Planted fault: a hidden screen's 1 Hz timer, as the guide's header had."""
    hidden = QWidget(kiosk)
    hidden.hide()
    QTimer(hidden, interval=1000).start()
    assert sum(wakeups_per_hour(kiosk).values()) > RESTING_WAKEUPS_PER_HOUR


class _StyleChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_the_opening_line_restyles_only_when_it_changes(qtbot, kiosk: MainWindow) -> None:
    banner = kiosk.attract.opening
    set_clock(kiosk, OPEN_MOMENT)
    changes = _StyleChanges()
    banner.label.installEventFilter(changes)
    for minute in range(10):  # ten refreshes within the same open span: the same words
        set_clock(kiosk, OPEN_MOMENT + timedelta(minutes=minute))
    assert changes.count == 0
    set_clock(kiosk, OPEN_MOMENT.replace(hour=23))  # closed now: new words, a new look
    assert changes.count >= 1
    assert banner.label.property("open") is False
