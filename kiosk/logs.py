"""The kiosk's log: one file a day, kept gzipped for a month, and its last lines for a technician.

Convention: every module logs to ``logging.getLogger(__name__)`` (so all of it sits under
``kiosk``). Storage errors are logged with their traceback in ``kiosk.db.errors``; the scale
and sync layers log their failures the same way (``log.warning(..., exc_info=True)`` for a
known fault, ``log.exception`` for a bug). Never log personal data: record ids, not people.
"""

import gzip
import logging
import os
import shutil
import sys
import time
from collections import deque
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path
from types import TracebackType

FILE_NAME = "kiosk.log"
# A month of history at a busy station (5 x 1 MB by size held about two days). A day's log
# rolls over at midnight UTC, the timestamps' zone, when no station is open, into
# kiosk.log.YYYY-MM-DD.gz: text logs shrink about tenfold.
DAYS_KEPT = 31
FORMAT = "%(asctime)sZ %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger("kiosk")


class _UTCFormatter(logging.Formatter):
    # The kiosk clock's local zone may be wrong after a cold start; UTC matches the records.
    def converter(self, seconds: float | None = None) -> time.struct_time:
        return time.gmtime(seconds)


def _gzipped(default_name: str) -> str:
    return default_name + ".gz"


def _gzip(source: str, dest: str) -> None:
    # The day's file goes only once its copy is whole: a cut mid-way keeps it, and the next
    # rollover (named from its date again) writes the copy afresh.
    with open(source, "rb") as plain, gzip.open(dest, "wb") as packed:
        shutil.copyfileobj(plain, packed)
    os.remove(source)


def daily_handler(path: Path, days: int = DAYS_KEPT) -> TimedRotatingFileHandler:
    """A file handler that starts a new file each UTC midnight and keeps ``days`` gzipped.

    A kiosk started on a later day rolls yesterday's file over at its first line (the
    handler reads the file's age), so a station switched off at night loses no history."""
    handler = TimedRotatingFileHandler(
        path, when="midnight", utc=True, backupCount=days, encoding="utf-8"
    )
    handler.namer = _gzipped
    handler.rotator = _gzip
    return handler


def configure(
    folder: Path,
    *,
    days: int = DAYS_KEPT,
    rotate: bool = True,
    level: int = logging.INFO,
    echo: bool = True,
) -> Path:
    """Log ``kiosk.*`` to a daily file in ``folder`` (warnings also to stderr); return it.

    Only the app rotates (``rotate``): a command run beside it (``kiosk export``) appends to
    the current file, so two processes never both roll the same day over, the second one
    replacing the first one's copy of yesterday."""
    path = folder / FILE_NAME
    close()  # configuring twice must not log every line twice
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = (
            daily_handler(path, days) if rotate else logging.FileHandler(path, encoding="utf-8")
        )
    except OSError as exc:
        # A read-only or failing disk must not stop the kiosk, least of all `kiosk export`,
        # the way to rescue its data: log to stderr instead, and say so once.
        print(
            f"kiosk: cannot write the log in {folder} ({exc.strerror or exc}); "
            "logging to stderr instead",
            file=sys.stderr,
        )
        handler = logging.StreamHandler(sys.stderr)
        echo = False
    handler.setFormatter(_UTCFormatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S"))
    log.addHandler(handler)
    if echo:
        # systemd's journal and a technician's terminal see the problems too.
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        log.addHandler(console)
    log.setLevel(level)
    log.propagate = False
    return path


def close() -> None:
    """Detach and close the kiosk's log handlers (their files can then be moved or deleted)."""
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()


def install_excepthook() -> None:
    """Log uncaught exceptions (including those raised in Qt slots) with their traceback."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    sys.excepthook = hook


def rotated(path: Path) -> list[Path]:
    """The log's earlier days, oldest first (their names sort by date)."""
    return sorted(path.parent.glob(f"{path.name}.*.gz"))


def tail(path: Path, lines: int = 200) -> list[str]:
    """The last ``lines`` lines of the log at ``path``, reaching into the previous day's file.

    Right after midnight the current file is nearly empty; the technician still wants to
    see what led up to now, so the newest rotated file makes up the difference.
    """
    found: deque[str] = deque(maxlen=lines)
    previous = rotated(path)[-1:]
    try:
        if previous:
            with gzip.open(previous[0], "rt", encoding="utf-8", errors="replace") as text:
                found.extend(line.rstrip("\n") for line in text)
    except (OSError, EOFError):  # a copy cut short by a power cut: today's lines still show
        pass
    try:
        with path.open(encoding="utf-8", errors="replace") as text:
            found.extend(line.rstrip("\n") for line in text)
    except FileNotFoundError:
        pass
    return list(found)
