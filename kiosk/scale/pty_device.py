"""A simulated MT-SICS scale on a pseudo-terminal (POSIX), for tests and `scale-test --simulate`.

The real serial driver opens its slave end like any serial port, so the whole pyserial
path runs. ``unplug()`` makes the port vanish; a new device on the same ``link`` replugs it.
"""

import collections
import contextlib
import os
import select
import threading
import time
import tty
from pathlib import Path

from kiosk.scale.simulated import SimulatedLoad


def format_weight(grams: int, unit: str) -> str:
    """A weight as an MT-SICS value field: '    12.345 kg' or '     12345 g'."""
    if unit == "kg":
        kg, g = divmod(abs(grams), 1000)
        value = f"{'-' if grams < 0 else ''}{kg}.{g:03d}"
    else:
        value = str(grams)
    return f"{value:>10} {unit}"


class PtyMtSicsDevice:
    """Answers MT-SICS level-0 commands (S, SI, Z, T, @) on a pty, from a thread.

    Set ``grams``, ``status`` ("S" stable, "D" moving, "+", "-", "I") and ``unit`` to
    choose what it weighs, or pass a SimulatedLoad to let it move by itself.
    ``queue_reply`` replaces the next answer with raw bytes, to inject faults.
    """

    serial_number = "B000000001"

    def __init__(self, *, link: Path | None = None, load: SimulatedLoad | None = None) -> None:
        self.grams = 0
        self.status = "S"
        self.unit = "kg"
        self.tare_g = 0
        self.load = load
        self.received: list[str] = []
        self._replies: collections.deque[tuple[tuple[bytes, ...], float]] = collections.deque()
        self._lock = threading.Lock()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no CR/LF translation: bytes pass as sent
        self.tty_path = os.ttyname(self._slave)
        self.link = link
        if link is not None:
            link.unlink(missing_ok=True)
            link.symlink_to(self.tty_path)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="pty-mtsics", daemon=True)
        self._thread.start()

    @property
    def path(self) -> str:
        """The name a driver should open: the link if there is one, else the pty itself."""
        return str(self.link) if self.link is not None else self.tty_path

    def queue_reply(self, *chunks: bytes, gap_s: float = 0.0) -> None:
        """Send ``chunks`` (with ``gap_s`` between them) instead of the next computed answer."""
        with self._lock:
            self._replies.append((chunks, gap_s))

    def unplug(self) -> None:
        """Close the pty: the driver's next read or write fails, and the path disappears."""
        self._stop.set()
        self._thread.join(timeout=2)
        if self.link is not None:
            self.link.unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    close = unplug

    def __enter__(self) -> "PtyMtSicsDevice":
        return self

    def __exit__(self, *exc: object) -> None:
        self.unplug()

    def _serve(self) -> None:
        pending = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.02)
            if not ready:
                continue
            try:
                pending += os.read(self._master, 1024)
            except OSError:
                return  # closed under us by unplug()
            while (end := pending.find(b"\n")) >= 0:
                command = pending[:end].decode("ascii", errors="replace").strip()
                del pending[: end + 1]
                if command:
                    self._answer(command)

    def _answer(self, command: str) -> None:
        with self._lock:
            self.received.append(command)
            scripted = self._replies.popleft() if self._replies else None
            reply = self._compute(command) if scripted is None else ""
        try:
            if scripted is None:
                os.write(self._master, reply.encode("ascii") + b"\r\n")
                return
            chunks, gap_s = scripted
            for index, chunk in enumerate(chunks):
                if index and gap_s:
                    time.sleep(gap_s)  # a slow line: the driver must join the pieces
                os.write(self._master, chunk)
        except OSError:
            pass  # unplugged while answering, as a real cable can be

    def _compute(self, command: str) -> str:
        if command in ("S", "SI"):
            if self.load is not None:
                stable, self.grams = self.load.step()
                self.status = "S" if stable else "D"
            if self.status in "+-I":
                return f"S {self.status}"
            if command == "S" and self.status != "S":
                return "S I"  # S waits for stability; this device gives up at once
            return f"S {self.status} {format_weight(self.grams - self.tare_g, self.unit)}"
        if command == "Z":
            if self.status != "S":
                return "Z I"
            if self.load is not None:
                self.load.zero_offset_g += self.grams
            self.grams, self.tare_g = 0, 0
            return "Z A"
        if command == "T":
            if self.status != "S":
                return "T I"
            self.tare_g = self.grams
            return f"T S {format_weight(self.tare_g, self.unit)}"
        if command == "@":
            self.tare_g = 0
            return f'I4 A "{self.serial_number}"'
        return "ES"
