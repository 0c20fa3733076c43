"""Walk every screen a resident can reach, by tapping the real widgets, and stop at each one.

The translation, layout and screenshot checks all take their screens from this walk, so a
screen added to the resident's flow is checked once it is reachable, not once someone adds
it to a list. Used by tests (with qtbot) and by scripts/screenshots.py (without).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from sqlalchemy import event

from kiosk.domain.hours import OSLO
from kiosk.domain.sizes import Size
from kiosk.ui.main_window import MainWindow
from tests.helpers.clock import TestClock
from tests.helpers.waiting import HANG_MS

# The category each flow picks: short and long names, so both ends of the text show.
LEAVE_CATEGORY = "books_media"
TAKE_CATEGORY = "electronics_working"


# Wednesday noon in Oslo: open in the pilot's hours. The attract screen's opening line reads
# the clock, so a walk pinned here looks the same at any hour; closed hours are checked apart.
OPEN_MOMENT = datetime(2026, 11, 25, 12, 0, tzinfo=OSLO)


def set_clock(window: MainWindow, moment: datetime) -> None:
    """Hold the window's wall clock (a ``TestClock``) at ``moment``, and show the attract
    screen's opening line as then at once rather than at its next refresh."""
    clock = window.wall_clock
    if not isinstance(clock, TestClock):
        raise TypeError("build the window with wall_clock=TestClock() to pin its time")
    clock.pin(moment)
    window.attract.opening.refresh()


@dataclass(frozen=True)
class Stop:
    name: str  # a file-name-safe name of the screen, e.g. "summary_in"
    screen: QWidget  # the widget the resident looks at (the window's current screen)


def tap(widget: QWidget) -> None:
    """A real press and release in the middle of ``widget``, as a finger would."""
    if not (widget.isVisible() and widget.isEnabled()):
        raise AssertionError(f"cannot tap {widget.objectName() or widget!r}: hidden or disabled")
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.rect().center())  # fmt: skip


def wait_until(done: Callable[[], bool], timeout_ms: int = HANG_MS) -> None:
    """Process events until ``done()``; progress-based, never a fixed sleep (the bound only
    catches a hang)."""
    deadline = QDeadlineTimer(timeout_ms)
    while not done():
        if deadline.hasExpired():
            raise TimeoutError("the screen did not get there in time")
        QCoreApplication.processEvents()
        QTest.qWait(5)


def _choose(window: MainWindow, language: str) -> None:
    if window.languages.current != language:
        tap(window.attract.switcher.buttons[language])


def _at(window: MainWindow, name: str) -> Stop:
    QCoreApplication.processEvents()
    return Stop(name, window.stack.currentWidget())


def walk(window: MainWindow, language: str = "nb") -> Iterator[Stop]:
    """Every resident screen in turn, reached as a resident reaches it, in ``language``.

    The window must rest on the attract screen over a working store. The walk saves two
    self-service records and ends on the storage error screen (a read-only database).
    """
    flow = window.flow
    _choose(window, language)
    yield _at(window, "attract")

    # Leaving things: category, amount, summary, "are you still there?", thanks.
    tap(window.attract.leave)
    yield _at(window, "category_in")
    tap(flow.categories.tiles[LEAVE_CATEGORY])
    tap(flow.amount.plus)
    tap(flow.amount.plus)
    yield _at(window, "amount")
    tap(flow.amount.next)
    yield _at(window, "summary_in")
    interval = window.idle.timer.interval()
    window.idle.timer.start(1)  # the real idle path, without waiting a minute
    wait_until(flow.still_there.isVisible)
    window.idle.timer.setInterval(interval)
    yield _at(window, "still_there")
    tap(flow.still_there.carry_on)
    tap(flow.summary.confirm)
    wait_until(lambda: flow.currentWidget() is flow.thanks)
    yield _at(window, "thanks_in")
    tap(flow.thanks.done)

    # Taking things home.
    _choose(window, language)
    tap(window.attract.take)
    yield _at(window, "category_out")
    tap(flow.categories.tiles[TAKE_CATEGORY])
    tap(flow.amount.size_buttons[Size.LARGE])
    tap(flow.amount.next)
    yield _at(window, "summary_out")
    tap(flow.summary.confirm)
    wait_until(lambda: flow.currentWidget() is flow.thanks)
    yield _at(window, "thanks_out")
    tap(flow.thanks.done)

    # The staff's lock button: the PIN screen, and a wrong PIN's lockout countdown.
    _choose(window, language)
    tap(window.attract.guide_button)
    yield _at(window, "pin")
    pin = window.pin_screen
    for _ in range(pin.lockout.max_tries):
        for digit in "0000":
            tap(pin.keys[digit])
        tap(pin.keys["OK"])
    yield _at(window, "pin_locked")
    pin.lockout.record_success()  # the next resident is not locked out by this walk
    tap(pin.bar.back)

    # A store that fails under the resident's confirm: the storage error screen.
    _choose(window, language)
    tap(window.attract.leave)
    tap(flow.categories.tiles[LEAVE_CATEGORY])
    tap(flow.amount.next)
    engine = window.store.engine

    def read_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only=ON")

    event.listen(engine, "connect", read_only)
    engine.dispose()
    try:
        tap(flow.summary.confirm)
        wait_until(lambda: window.stack.currentWidget() is window.error_screen)
        yield _at(window, "storage_error")
    finally:
        event.remove(engine, "connect", read_only)
        engine.dispose()
