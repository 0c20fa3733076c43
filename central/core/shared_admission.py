"""One admission state for all of central's worker processes: a few numbers in a small file
in shared memory, created by `serve` before its workers start, mapped by each, under one lock.

Why not a library: ``multiprocessing.shared_memory`` has no lock, and on Python < 3.13 its
resource tracker unlinks a segment when any process that attached to it exits; a lock needs
``fcntl`` either way, and the whole state is one fixed struct. So: ``mmap`` of the file, and
``flock`` on it around every change (uncontended, a few microseconds).

A worker that dies holding places must not hold them forever: each worker has a row with
what it holds (in flight, waiting) and keeps a POSIX record lock on a byte of its own for its
life. The kernel drops that lock when the process ends, however it ends (kill -9 too), before
it is a zombie and whatever its pid becomes; a row whose lock is free is a dead worker's, and
its places are taken back by the next worker that looks. Times in it are
``time.monotonic()``, the same clock in every process on one host.
"""

import fcntl
import math
import mmap
import os
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from struct import Struct

# ready, limit, baseline, since_alone, slow_start, latency_s, mean_bytes, admitted, shed,
# queued_total, arrivals, promises
_HEAD = Struct("<qddqqddqqqqq")
_ROW = Struct("<qqqqq")  # in use, pid, in flight, waiting, the oldest waiting one's number
ROWS = 16  # live workers of one central (a dead one's row is used again)
PROMISES = 4096  # refused requests still to come back that the next hint counts
_ROWS_AT = _HEAD.size
_ALL_ROWS = Struct("<" + "qqqqq" * ROWS)
_PROMISES_AT = _ROWS_AT + _ALL_ROWS.size
SIZE = _PROMISES_AT + PROMISES * 8
_LIVE_AT = 1 << 20  # row i's life lock is on byte _LIVE_AT + i (past the end: locks allow it)
_NONE = math.nan  # a number not measured yet


@dataclass
class Numbers:
    """Central's admission as a whole; the ``*_all`` figures add up every live worker's row."""

    ready: bool
    limit: float
    baseline: float | None
    since_alone: int
    slow_start: bool
    latency_s: float | None
    mean_bytes: float | None
    admitted: int
    shed: int
    queued_total: int
    arrivals: int  # numbers handed to waiting requests, for one line across workers
    in_flight_all: int = 0
    waiting_all: int = 0
    oldest_elsewhere: int | None = None  # the first in line among the other workers


def _opt(value: float) -> float | None:
    return None if math.isnan(value) else value


class SharedAdmission:
    """This worker's view of the shared file: its row, and the lock around the numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR)
        self._map = mmap.mmap(self._fd, SIZE)
        self._pid = os.getpid()
        self._mine = (0, 0, -1)  # this row's in flight, waiting, first in line (inside hold)
        with self._locked():
            self.row = self._claim_row()

    @staticmethod
    def create(path: Path) -> None:
        """A fresh file (zeros: nothing measured, nothing held), readable by this user only."""
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.ftruncate(fd, SIZE)
        finally:
            os.close(fd)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _claim_row(self) -> int:
        for row in range(ROWS):
            in_use, *_ = self._row(row)
            if not in_use or self._dead(row):
                # Held for this process's life; dropped by the kernel when it ends.
                fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LIVE_AT + row)
                _ROW.pack_into(self._map, _ROWS_AT + row * _ROW.size, 1, self._pid, 0, 0, -1)
                return row
        raise RuntimeError(f"more than {ROWS} live workers share {self.path}")

    def _row(self, row: int) -> tuple[int, int, int, int, int]:
        in_use, pid, in_flight, waiting, first = _ROW.unpack_from(
            self._map, _ROWS_AT + row * _ROW.size
        )
        return in_use, pid, in_flight, waiting, first

    def _dead(self, row: int) -> bool:
        """True if the row's worker is gone (its life lock is free). This process's own rows
        are alive: a process's record locks never conflict with each other."""
        if self._row(row)[1] == self._pid:
            return False
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LIVE_AT + row)
        except OSError:
            return False  # held: that worker lives
        fcntl.lockf(self._fd, fcntl.LOCK_UN, 1, _LIVE_AT + row)
        return True

    @contextmanager
    def hold(self) -> Iterator[Numbers]:
        """The numbers, under the lock; what the caller changes in them is written back. A
        change of ``in_flight_all`` is this worker's (taken or freed here), and so is its line
        (``set_waiting``)."""
        with self._locked():
            numbers = self._read()
            before = numbers.in_flight_all
            _, _, in_flight, waiting, first = self._row(self.row)
            self._mine = (in_flight, waiting, first)
            yield numbers
            in_flight, waiting, first = self._mine
            self._mine = (in_flight + numbers.in_flight_all - before, waiting, first)
            self._write(numbers)

    def set_waiting(self, count: int, first: int | None) -> None:
        """This worker's waiting requests and its first in line's number (inside hold)."""
        self._mine = (self._mine[0], count, -1 if first is None else first)

    def _read(self) -> Numbers:
        head = _HEAD.unpack_from(self._map, 0)
        numbers = Numbers(
            ready=bool(head[0]),
            limit=head[1],
            baseline=_opt(head[2]),
            since_alone=head[3],
            slow_start=bool(head[4]),
            latency_s=_opt(head[5]),
            mean_bytes=_opt(head[6]),
            admitted=head[7],
            shed=head[8],
            queued_total=head[9],
            arrivals=head[10],
        )
        oldest: list[int] = []
        rows = _ALL_ROWS.unpack_from(self._map, _ROWS_AT)  # one read: this runs at every step
        for row in range(ROWS):
            in_use, pid, in_flight, waiting, first = rows[5 * row : 5 * row + 5]
            if not in_use:
                continue
            if pid != self._pid and self._dead(row):  # a worker that died: its places come back
                _ROW.pack_into(self._map, _ROWS_AT + row * _ROW.size, 0, 0, 0, 0, -1)
                continue
            numbers.in_flight_all += in_flight
            numbers.waiting_all += waiting
            if row != self.row and waiting and first >= 0:
                oldest.append(first)
        numbers.oldest_elsewhere = min(oldest, default=None)
        return numbers

    def workers(self) -> int:
        """The live processes sharing the file (this one included); dead ones' rows freed."""
        with self._locked():
            self._read()
            rows = _ALL_ROWS.unpack_from(self._map, _ROWS_AT)
            return sum(1 for row in range(ROWS) if rows[5 * row])

    def _write(self, n: Numbers) -> None:
        promises = _HEAD.unpack_from(self._map, 0)[11]
        _HEAD.pack_into(
            self._map,
            0,
            int(n.ready),
            n.limit,
            _NONE if n.baseline is None else n.baseline,
            n.since_alone,
            int(n.slow_start),
            _NONE if n.latency_s is None else n.latency_s,
            _NONE if n.mean_bytes is None else n.mean_bytes,
            n.admitted,
            n.shed,
            n.queued_total,
            n.arrivals,
            promises,
        )
        offset = _ROWS_AT + self.row * _ROW.size
        _ROW.pack_into(self._map, offset, 1, self._pid, *self._mine)

    def promises(self) -> list[float]:
        """The refused requests' come-back moments still kept (a heap; inside hold)."""
        count = _HEAD.unpack_from(self._map, 0)[11]
        return array("d", self._map[_PROMISES_AT : _PROMISES_AT + 8 * count]).tolist()

    def set_promises(self, heap: list[float]) -> None:
        """Keep ``heap`` (at most PROMISES of it: past that, the line stops growing)."""
        data = array("d", heap[:PROMISES]).tobytes()  # a heap's prefix is a heap
        self._map[_PROMISES_AT : _PROMISES_AT + len(data)] = data
        head = list(_HEAD.unpack_from(self._map, 0))
        head[11] = len(data) // 8
        _HEAD.pack_into(self._map, 0, *head)
