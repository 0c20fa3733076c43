"""Runs the Qt-free scale reader on its own thread and reports readings as Qt signals.

The reader blocks on the serial port, so it must never run on the GUI thread. Signals
emitted from that thread reach GUI-thread slots queued, which is Qt's thread-safe path.
"""

import threading
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal

from kiosk.scale import CommandResult, ScaleReader


class ScaleFeed(QObject):
    reading_changed = Signal(object)  # kiosk.scale.Reading
    command_finished = Signal(object)  # kiosk.scale.CommandResult

    def __init__(self, reader: ScaleReader, parent: QObject | None = None):
        super().__init__(parent)
        self._reader = reader
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="scale-reader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for reading in self._reader.readings():
            self.reading_changed.emit(reading)

    def zero(self) -> None:
        self._reader.zero().add_done_callback(self._finished)

    def tare(self) -> None:
        self._reader.tare().add_done_callback(self._finished)

    def _finished(self, future: "Future[CommandResult]") -> None:
        self.command_finished.emit(future.result())

    def stop(self) -> None:
        """Close the port and wait for the thread, so no signal outlives this object."""
        self._reader.close()
        if self._thread is not None:
            self._thread.join(timeout=3)
            self._thread = None
