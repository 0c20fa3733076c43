"""Mettler Toledo MT-SICS level 0 over a serial port (RS-232 or USB-serial) with pyserial.

The driver polls with SI rather than streaming with SIR: every poll is then also a
liveness check, and a scale that went silent is noticed within one answer timeout.
"""

import contextlib
import errno
import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import serial

from kiosk.scale import protocol
from kiosk.scale.reading import CommandResult, Reading

log = logging.getLogger(__name__)

T = TypeVar("T")

# Short reads keep abort() prompt; the answer timeout bounds the whole exchange.
READ_SLICE_S = 0.05
# A "line" longer than any MT-SICS answer is noise (wrong baud rate, another device).
MAX_LINE = 256

try:  # tcflush on a vanished tty raises termios.error, which is not an OSError
    import termios

    _PORT_ERRORS: tuple[type[BaseException], ...] = (
        serial.SerialException,
        OSError,
        termios.error,
    )
except ImportError:  # Windows
    _PORT_ERRORS = (serial.SerialException, OSError)


def _describe(exc: BaseException) -> str:
    # termios.error carries (errno, text) and prints as a tuple; show the text.
    if len(exc.args) == 2 and isinstance(exc.args[0], int) and isinstance(exc.args[1], str):
        return exc.args[1]
    return str(exc)


class _Lost(Exception):
    """The port is gone or silent; the message says why."""


class _Unreadable(Exception):
    """Lines arrived, but none was an answer to the command."""


class MtSicsScale:
    """An MT-SICS scale on ``port`` (a path such as /dev/ttyUSB0 or a name such as COM3).

    The port is opened lazily and reopened by name after any fault, so pulling the cable
    and plugging it back in needs nothing from the caller but to keep reading.
    """

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        xonxoff: bool = False,
        timeout_s: float = 1.0,
    ) -> None:
        self.port = port
        self.baudrate = baudrate
        self.xonxoff = xonxoff
        self.timeout_s = timeout_s
        self._serial: serial.Serial | None = None
        self._buffer = bytearray()
        self._aborted = threading.Event()

    @property
    def connected(self) -> bool:
        return self._serial is not None

    def read(self, *, immediate: bool = True) -> Reading:
        """SI (the weight now, stable or moving) or, with ``immediate=False``, S (stable only)."""
        try:
            return self._ask("SI" if immediate else "S", protocol.weight_answer)
        except _Lost as exc:
            return Reading.disconnected(str(exc))
        except _Unreadable as exc:
            return Reading.error(str(exc))

    def zero(self) -> CommandResult:
        return self._command("Z")

    def tare(self) -> CommandResult:
        return self._command("T")

    def reset(self) -> CommandResult:
        """@: the scale's power-on state (tare cleared, streaming stopped); answers its serial."""
        return self._command("@")

    def abort(self) -> None:
        self._aborted.set()

    def close(self) -> None:
        self._aborted.set()
        self._drop()

    def _command(self, command: str) -> CommandResult:
        try:
            return self._ask(command, lambda line: protocol.command_answer(command, line))
        except _Lost as exc:
            return CommandResult(False, f"scale disconnected: {exc}")
        except _Unreadable as exc:
            return CommandResult(False, str(exc))

    def _ask(self, command: str, parse: Callable[[str], T | None]) -> T:
        port = self._open()
        unknown: list[str] = []
        try:
            # Anything already waiting answers an earlier, abandoned command: drop it so
            # a stale weight can never pass for the answer to this one.
            port.reset_input_buffer()
            self._buffer.clear()
            port.write(command.encode("ascii") + protocol.TERMINATOR)
            deadline = time.monotonic() + self.timeout_s
            while (line := self._read_line(port, deadline)) is not None:
                answer = parse(line)
                if answer is not None:
                    return answer
                log.warning("scale %s: unexpected answer to %s: %r", self.port, command, line)
                unknown.append(line)
        except _PORT_ERRORS as exc:
            self._drop()
            raise _Lost(f"{self.port}: {_describe(exc)}") from exc
        if self._aborted.is_set():
            raise _Lost("closed")
        if unknown:
            shown = ", ".join(repr(line) for line in unknown[:3])
            raise _Unreadable(f"unreadable answer from the scale: {shown}")
        # Reopen next time: a USB adapter that was replugged may be a new device behind
        # the same name, and the old handle would stay silent forever.
        self._drop()
        raise _Lost(f"no answer from the scale on {self.port} within {self.timeout_s:g} s")

    def _read_line(self, port: serial.Serial, deadline: float) -> str | None:
        """The next non-empty line, CR LF stripped; None at the deadline or on abort."""
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                raw = bytes(self._buffer[:newline])
                del self._buffer[: newline + 1]
                text = raw.decode("ascii", errors="backslashreplace").strip()
                if text:
                    return text
                continue
            if len(self._buffer) > MAX_LINE:
                raw = bytes(self._buffer)
                self._buffer.clear()
                return raw.decode("ascii", errors="backslashreplace")
            if self._aborted.is_set() or time.monotonic() >= deadline:
                return None
            self._buffer += port.read(max(1, port.in_waiting))

    def _open(self) -> serial.Serial:
        if self._aborted.is_set():
            raise _Lost("closed")
        if self._serial is not None:
            return self._serial
        try:
            self._serial = serial.Serial(
                self.port,
                baudrate=self.baudrate,
                bytesize=serial.EIGHTBITS,
                parity=serial.PARITY_NONE,
                stopbits=serial.STOPBITS_ONE,
                xonxoff=self.xonxoff,
                timeout=READ_SLICE_S,
                write_timeout=self.timeout_s,
            )
        except _PORT_ERRORS as exc:
            if getattr(exc, "errno", None) == errno.ENOENT:
                raise _Lost(f"{self.port}: no such port (is the scale plugged in?)") from exc
            if getattr(exc, "errno", None) == errno.EACCES:
                raise _Lost(
                    f"{self.port}: permission denied (on Linux, add the kiosk user "
                    "to the dialout group)"
                ) from exc
            raise _Lost(f"cannot open {self.port}: {exc}") from exc
        log.info("scale %s: port opened at %d baud", self.port, self.baudrate)
        self._buffer.clear()
        return self._serial

    def _drop(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            # Closing a port that went with the cable can fail; nothing is left to release.
            with contextlib.suppress(*_PORT_ERRORS):
                port.close()
