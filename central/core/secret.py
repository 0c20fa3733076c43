"""Central's private folder and the server secret that keys token and code hashes.

The secret comes from KIOSK_CENTRAL_SECRET, else from ``secret.key`` in the data folder,
made owner-only (0600, folder 0700) on first start and never in the database.
"""

import contextlib
import os
import secrets
from pathlib import Path

SECRET_FILE = "secret.key"


def private_folder(folder: Path) -> Path:
    """``folder``, created owner-only (0700) if it does not exist yet."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (0600) if missing, so SQLite inherits the mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def server_key(*, secret: str | None, data_dir: Path) -> bytes:
    if secret:
        return secret.encode("utf-8")
    path = private_folder(data_dir) / SECRET_FILE
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return path.read_text("ascii").strip().encode("ascii")
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32))
    return path.read_text("ascii").strip().encode("ascii")
