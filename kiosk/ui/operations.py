"""The one way the UI runs work off the GUI thread, after Anki's CollectionOp/QueryOp.

``Op(parent, work).success(fn).failure(fn).run_in_background()`` runs ``work`` on a worker and
calls ``fn`` on the GUI thread, unless ``parent`` is gone by then. ``LongOp`` is the variant for
a loop that reports progress until it is stopped (the scale reader, a sync pass).
"""

import enum
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")


class Lane(enum.Enum):
    """Where an Op runs. Store work runs on one thread, in the order it was asked for, so two
    taps are saved in the order they were made; other blocking work (files, compilers) shares
    a small pool."""

    STORE = "store"
    IO = "io"


_executors: dict[Lane, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()


def _executor(lane: Lane) -> ThreadPoolExecutor:
    with _executors_lock:
        if lane not in _executors:
            workers = 1 if lane is Lane.STORE else 4
            _executors[lane] = ThreadPoolExecutor(workers, thread_name_prefix=f"op-{lane.value}")
        return _executors[lane]


def drain() -> None:
    """Wait until every job already started in any lane has ended (the lanes start afresh on
    the next job). For whoever removes what those jobs write into, as the self-test removes
    its throw-away folder while the translations' warm-up may still be compiling into it."""
    with _executors_lock:
        running = list(_executors.values())
        _executors.clear()
    for executor in running:
        executor.shutdown(wait=True)


class _Relay(QObject):
    """Lives on the GUI thread; a queued signal carries each result there."""

    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._call)

    def _call(self, job: tuple[QObject, Callable[[], None]]) -> None:
        parent, call = job
        # The parent may have been deleted while the work ran: then nobody is there to tell.
        if shiboken6.isValid(parent):
            call()


_relay: _Relay | None = None


def _relay_instance() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("Op needs a running QApplication")
        _relay.moveToThread(app.thread())
    return _relay


def _deliver(parent: QObject, call: Callable[[], None]) -> None:
    _relay_instance().delivered.emit((parent, call))


def _log_failure(exc: BaseException) -> None:
    log.error("background operation failed", exc_info=exc)


class Op(Generic[T]):
    """One piece of work off the GUI thread, its outcome back on it (see the module docstring)."""

    def __init__(self, parent: QObject, work: Callable[[], T]):
        self._parent = parent
        self._work = work
        self._success: Callable[[T], Any] = lambda _result: None
        self._failure: Callable[[Exception], Any] = _log_failure
        _relay_instance()  # made now, on the GUI thread, never first on a worker

    def success(self, fn: Callable[[T], Any]) -> "Op[T]":
        self._success = fn
        return self

    def failure(self, fn: Callable[[Exception], Any]) -> "Op[T]":
        """Called with the exception; without it, a failure is logged with its traceback."""
        self._failure = fn
        return self

    def run_in_background(self, *, lane: Lane = Lane.STORE) -> "Future[T]":
        return _executor(lane).submit(self._run)

    def _run(self) -> T:
        try:
            result = self._work()
        except Exception as exc:
            _deliver(self._parent, partial(self._failure, exc))
            raise
        _deliver(self._parent, partial(self._success, result))
        return result


class LongOp(Generic[T]):
    """Work that runs until done or stopped, on its own thread, reporting progress.

    ``work(report, stop)`` calls ``report(value)`` from its thread (each value reaches the
    progress callback on the GUI thread) and should return soon after ``stop`` is set.
    The thread is stopped when ``parent`` is destroyed, so it never outlives its receiver.
    """

    _names = itertools.count(1)

    def __init__(
        self,
        parent: QObject,
        work: Callable[[Callable[[Any], None], threading.Event], T],
        *,
        name: str,
    ):
        self._parent = parent
        self._work = work
        self._name = f"{name}-{next(self._names)}"
        self._progress: Callable[[Any], Any] = lambda _value: None
        self._success: Callable[[T], Any] = lambda _result: None
        self._failure: Callable[[Exception], Any] = _log_failure
        self._wake: Callable[[], None] = lambda: None
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None
        _relay_instance()
        # Undone when the work has ended (``_ended``): a long-lived parent (the sync feed
        # starts a pass every few minutes) otherwise kept a connection, and through it this
        # op and its thread, for every pass it ever ran.
        self._stops_with_parent = parent.destroyed.connect(lambda *_: self.stop(timeout=1))

    def progress(self, fn: Callable[[Any], Any]) -> "LongOp[T]":
        self._progress = fn
        return self

    def success(self, fn: Callable[[T], Any]) -> "LongOp[T]":
        self._success = fn
        return self

    def failure(self, fn: Callable[[Exception], Any]) -> "LongOp[T]":
        self._failure = fn
        return self

    def on_stop(self, wake: Callable[[], None]) -> "LongOp[T]":
        """What cuts a blocking wait short when stopping (e.g. closing the serial port)."""
        self._wake = wake
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "LongOp[T]":
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        return self

    def _report(self, value: Any) -> None:
        _deliver(self._parent, partial(self._progress, value))

    def _run(self) -> None:
        try:
            result = self._work(self._report, self.stopping)
        except Exception as exc:
            _deliver(self._parent, partial(self._ended, partial(self._failure, exc)))
            return
        _deliver(self._parent, partial(self._ended, partial(self._success, result)))

    def _ended(self, outcome: Callable[[], Any]) -> None:
        # On the GUI thread, the parent still there: nothing is left to stop with it.
        QObject.disconnect(self._stops_with_parent)
        outcome()

    def stop(self, *, timeout: float = 5.0) -> None:
        """Ask the work to end and wait up to ``timeout`` s; callbacks still queued are dropped
        if the parent is gone by then."""
        self.stopping.set()
        self._wake()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=timeout)
