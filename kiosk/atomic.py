"""Replace a small file so that after a crash or power cut it is the old version or the new one.

Temp file in the same folder, write, fsync, rename over the target, fsync the folder: the
rename is what a reader sees, and the folder's fsync makes the rename itself survive a power
cut (without it the old name can come back after the new one was acknowledged).
tests/helpers/power/ proves it under simulated power loss.
"""

import os
from pathlib import Path


def write(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Put ``data`` at ``path`` atomically and durably, readable per ``mode`` (owner-only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        if hasattr(os, "fchmod"):  # in case a stale temp file existed with wider rights
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(tmp, path)
    sync_folder(path.parent)


def replace(tmp: Path, path: Path) -> None:
    """Put a finished temp file (written by another program) in place of ``path``, durably."""
    fd = os.open(tmp, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename or a new file in it survives a power cut."""
    if os.name == "nt":  # Windows cannot open a folder as a file; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError:  # some file systems (and Windows) cannot fsync a folder; nothing more to do
        pass
    finally:
        os.close(fd)
