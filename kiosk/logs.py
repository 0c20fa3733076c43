"""The kiosk's log: a size-capped rotating file a technician can read later, and its last lines.

Convention: every module logs to ``logging.getLogger(__name__)`` (so all of it sits under
``kiosk``). Storage errors are logged with their traceback in ``kiosk.db.errors``; the scale
and sync layers log their failures the same way (``log.warning(..., exc_info=True)`` for a
known fault, ``log.exception`` for a bug). Never log personal data: record ids, not people.
"""

import logging
import sys
import time
from collections import deque
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

FILE_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)sZ %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger("kiosk")


class _UTCFormatter(logging.Formatter):
    # The kiosk clock's local zone may be wrong after a cold start; UTC matches the records.
    def converter(self, seconds: float | None = None) -> time.struct_time:
        return time.gmtime(seconds)


def configure(
    folder: Path,
    *,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
    level: int = logging.INFO,
    echo: bool = True,
) -> Path:
    """Log ``kiosk.*`` to a rotating file in ``folder`` (warnings also to stderr); return it."""
    path = folder / FILE_NAME
    close()  # configuring twice must not log every line twice
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
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


def tail(path: Path, lines: int = 200) -> list[str]:
    """The last ``lines`` lines of the log at ``path``, reaching into the previous file if needed.

    Right after a rotation the current file is nearly empty; the technician still wants
    to see what led up to now, so the newest rotated file (``.1``) makes up the difference.
    """
    found: deque[str] = deque(maxlen=lines)
    for file in (path.with_name(path.name + ".1"), path):
        try:
            with file.open(encoding="utf-8", errors="replace") as text:
                found.extend(line.rstrip("\n") for line in text)
        except FileNotFoundError:
            continue
    return list(found)
