"""The background-operation helper: outcome on the GUI thread, never to a parent that is gone."""

import gc
import threading

from PySide6.QtCore import SIGNAL, QObject, QThread

from kiosk.ui.operations import Lane, LongOp, Op
from tests.helpers.waiting import HANG_S


def test_success_arrives_on_the_gui_thread(qtbot) -> None:
    parent = QObject()
    got: list[tuple[int, bool]] = []
    worker_threads: list[threading.Thread] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    Op(parent, work).success(
        lambda value: got.append((value, QThread.currentThread() is parent.thread()))
    ).run_in_background()
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()


def test_failure_carries_the_exception(qtbot) -> None:
    parent = QObject()
    failed: list[Exception] = []

    def work() -> None:
        raise ValueError("disk said no")

    Op(parent, work).failure(failed.append).run_in_background(lane=Lane.IO)
    qtbot.waitUntil(lambda: bool(failed))
    assert str(failed[0]) == "disk said no"


def test_nothing_reaches_a_parent_deleted_while_the_work_ran(qtbot) -> None:
    parent = QObject()
    release = threading.Event()
    called: list[object] = []
    future = Op(parent, lambda: release.wait(HANG_S)).success(called.append).run_in_background()
    # A marker queued after it on the same lane tells us when delivery would have happened.
    marker = QObject()
    done: list[object] = []
    Op(marker, lambda: None).success(done.append).run_in_background()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    release.set()
    future.result(timeout=HANG_S)
    qtbot.waitUntil(lambda: bool(done))
    assert called == []


def test_the_guard_is_what_drops_it(qtbot) -> None:
    # Planted fault for the test above: with the parent alive, the same callback does run.
    parent = QObject()
    called: list[object] = []
    Op(parent, lambda: "ran").success(called.append).run_in_background()
    qtbot.waitUntil(lambda: bool(called))
    assert called == ["ran"]


def test_long_op_reports_progress_and_stops_with_its_parent(qtbot) -> None:
    parent = QObject()
    seen: list[int] = []

    def loop(report, stop: threading.Event) -> str:
        n = 0
        while not stop.is_set():
            n += 1
            report(n)
            stop.wait(0.01)
        return "stopped"

    op = LongOp(parent, loop, name="test-loop").progress(seen.append).start()
    qtbot.waitUntil(lambda: len(seen) >= 3)
    assert seen[:3] == [1, 2, 3]
    parent.deleteLater()
    qtbot.waitUntil(lambda: not op.running)
    assert op.stopping.is_set()


def test_a_finished_long_op_leaves_nothing_on_its_parent(qtbot) -> None:
    """The soak found one LongOp, its thread and a `destroyed` connection kept per sync pass:
    the sync feed lives as long as the kiosk and starts a pass every few minutes."""
    parent = QObject()
    destroyed = SIGNAL("destroyed(QObject*)")

    def one_pass() -> None:
        done: list[str] = []
        LongOp(parent, lambda _report, _stop: "synced", name="test-pass").success(
            done.append
        ).start()
        qtbot.waitUntil(lambda: done == ["synced"])

    one_pass()  # PySide keeps one receiver of its own once a Python callable is connected
    before = parent.receivers(destroyed)
    for _ in range(20):
        one_pass()
    gc.collect()
    assert parent.receivers(destroyed) == before  # before the fix: 20 more
    assert not [o for o in gc.get_objects() if isinstance(o, LongOp)]


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
