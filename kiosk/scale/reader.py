"""ScaleReader: drives a scale driver from one worker thread and hands out Readings.

Qt-free so kiosk/ui can run it in a QThread (or any thread) and turn readings into
signals; zero/tare return Futures so the GUI thread never waits for the serial line.
"""

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future

from kiosk.scale.driver import ScaleDriver
from kiosk.scale.reading import CommandResult, Reading, ReadingState

log = logging.getLogger(__name__)


class ScaleReader:
    """Reads ``driver`` every ``poll_interval_s``; after a disconnect, retries every
    ``reconnect_interval_s``. ``readings()`` and ``poll()`` belong to one worker thread;
    ``zero()``, ``tare()``, ``reset()`` and ``close()`` may be called from any thread.
    """

    def __init__(
        self,
        driver: ScaleDriver,
        *,
        poll_interval_s: float = 0.2,
        reconnect_interval_s: float = 2.0,
    ) -> None:
        self.driver = driver
        self.poll_interval_s = poll_interval_s
        self.reconnect_interval_s = reconnect_interval_s
        self.last: Reading | None = None
        self._driver_closed = False
        self._io = threading.Lock()  # one exchange on the port at a time
        self._stop = threading.Event()
        self._wake = threading.Event()  # cuts a wait short for a command or close
        self._commands: queue.SimpleQueue[
            tuple[Callable[[], CommandResult], Future[CommandResult]]
        ] = queue.SimpleQueue()

    @property
    def closed(self) -> bool:
        return self._stop.is_set()

    def readings(self) -> Iterator[Reading]:
        """Every reading until ``close()``: blocks between them, ends promptly on close."""
        while not self._stop.is_set():
            reading = self.poll()
            if self._stop.is_set():
                return
            yield reading
            lost = reading.state is ReadingState.DISCONNECTED
            self._wake.wait(self.reconnect_interval_s if lost else self.poll_interval_s)
            self._wake.clear()

    def poll(self) -> Reading:
        """Run any queued zero/tare/reset, then read the scale once. Never raises."""
        with self._io:
            if self._stop.is_set():
                return Reading.disconnected("closed")
            self._run_commands()
            try:
                reading = self.driver.read()
            except Exception as exc:  # a driver bug must not take the kiosk down
                log.exception("scale driver failed while reading")
                reading = Reading.error(f"scale driver failed: {exc}")
            if self._stop.is_set():
                self._close_driver()  # close() gave up waiting for this read
        self.last = reading
        return reading

    def zero(self) -> "Future[CommandResult]":
        """Queue Z; the worker sends it before its next reading."""
        return self._queue(self.driver.zero)

    def tare(self) -> "Future[CommandResult]":
        """Queue T; the result carries the tare weight in ``grams``."""
        return self._queue(self.driver.tare)

    def reset(self) -> "Future[CommandResult]":
        """Queue @; the result carries the scale's serial number."""
        return self._queue(self.driver.reset)

    def close(self, *, timeout_s: float = 2.0) -> None:
        """Stop reading and release the port; safe to call from the GUI thread.

        Returns within about one read slice (50 ms) with the drivers here. A driver that
        ignores abort() is not waited for beyond ``timeout_s``: the worker closes it then.
        """
        self._stop.set()
        self._wake.set()
        self.driver.abort()
        if self._io.acquire(timeout=timeout_s):
            try:
                self._close_driver()
            finally:
                self._io.release()
        else:
            log.warning("scale driver still busy after %s s; it closes when it returns", timeout_s)
        self._fail_commands("scale closed")

    def _close_driver(self) -> None:
        if not self._driver_closed:
            self._driver_closed = True
            self.driver.close()

    def _queue(self, run: Callable[[], CommandResult]) -> "Future[CommandResult]":
        future: Future[CommandResult] = Future()
        if self._stop.is_set():
            future.set_result(CommandResult(False, "scale closed"))
            return future
        self._commands.put((run, future))
        self._wake.set()
        if self._stop.is_set():  # close() raced us and may have drained the queue already
            self._fail_commands("scale closed")
        return future

    def _run_commands(self) -> None:
        while True:
            try:
                run, future = self._commands.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(run())
            except Exception as exc:
                log.exception("scale driver failed on a command")
                future.set_result(CommandResult(False, f"scale driver failed: {exc}"))

    def _fail_commands(self, why: str) -> None:
        while True:
            try:
                _, future = self._commands.get_nowait()
            except queue.Empty:
                return
            if future.set_running_or_notify_cancel():
                future.set_result(CommandResult(False, why))
