"""Runs the Qt-free scale reader as a long background operation and reports readings as signals.

The reader blocks on the serial port, so it must never run on the GUI thread; zero and tare
wait for their answer on a worker too.
"""

import threading
from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal

from kiosk.scale import CommandResult, Reading, ScaleReader
from kiosk.ui.operations import Lane, LongOp, Op


class ScaleFeed(QObject):
    reading_changed = Signal(object)  # kiosk.scale.Reading
    command_finished = Signal(object)  # kiosk.scale.CommandResult

    def __init__(self, reader: ScaleReader, parent: QObject | None = None):
        super().__init__(parent)
        self._reader = reader
        self._loop: LongOp[None] | None = None

    def start(self) -> None:
        def read(report: Callable[[Reading], None], _stop: threading.Event) -> None:
            for reading in self._reader.readings():  # ends when the reader is closed
                report(reading)

        self._loop = (
            LongOp(self, read, name="scale-reader")
            .progress(self.reading_changed.emit)
            .on_stop(self._reader.close)
            .start()
        )

    def zero(self) -> None:
        self._command(self._reader.zero)

    def tare(self) -> None:
        self._command(self._reader.tare)

    def _command(self, queue_it: Callable[[], "Future[CommandResult]"]) -> None:
        future = queue_it()  # queued for the reader's own thread, which answers it
        Op(self, future.result).success(self.command_finished.emit).run_in_background(lane=Lane.IO)

    def stop(self) -> None:
        """Close the port and wait for the loop, so no reading outlives this object."""
        if self._loop is not None:
            self._loop.stop(timeout=3)
        else:
            self._reader.close()
