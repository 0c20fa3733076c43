"""A throwaway PostgreSQL cluster whose data folder sits on a small tmpfs, so a test can fill
its disk. Debian's initdb and pg_ctl, run as the postgres user; unmounted and removed after.

The WAL goes to a folder on the big disk, as it often does in production: a full data disk
then gives errors (SQLSTATE 53100) instead of a PANIC of the whole server.
"""

import contextlib
import errno
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from glob import glob
from pathlib import Path


def _bin(tool: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{tool}"))
    assert found, f"PostgreSQL's server binaries are not installed ({tool})"
    return found[-1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_postgres(args: list[str]) -> None:
    done = subprocess.run(
        ["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


@dataclass
class SmallDisk:
    """The cluster's URL (database ``central``) and the tmpfs its data folder is on."""

    url: str
    mount: Path

    def fill(self) -> None:
        """Write a ballast file until the disk is full, to the last block."""
        with open(self.mount / "ballast", "ab", buffering=0) as out:
            for chunk in (1 << 20, 1 << 12):
                try:
                    while True:
                        out.write(b"\0" * chunk)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc

    def free(self) -> None:
        (self.mount / "ballast").unlink()


@contextlib.contextmanager
def small_disk_cluster(size_mb: int = 48) -> Iterator[SmallDisk]:
    """Start the cluster on a ``size_mb`` tmpfs; yield it; stop, unmount and remove it."""
    uid, gid = pwd.getpwnam("postgres")[2:4]
    root = Path(tempfile.mkdtemp(prefix="pgdisk-"))
    root.chmod(0o755)  # the postgres user must reach its folders
    mount, wal, sock = root / "disk", root / "wal", root / "sock"
    for folder in (mount, wal, sock):
        folder.mkdir()
        os.chown(folder, uid, gid)
    mounted = started = False
    data = mount / "data"
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,uid={uid},gid={gid},mode=0700",
             "tmpfs", str(mount)],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip
        mounted = True
        _as_postgres([_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                      "--waldir", str(wal / "pg_wal"), "--no-sync"])  # fmt: skip
        port = _free_port()
        # No checkpoint and no background writer while the test runs: a full disk during a
        # checkpoint makes PostgreSQL itself abort and need a restart, a failure of its own
        # that this harness does not test (central then sees connection errors: 503 too).
        options = (
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c checkpoint_timeout=1d -c max_wal_size=1GB -c bgwriter_lru_maxpages=0"
        )
        _as_postgres([_bin("pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                      "-l", str(wal / "server.log"), "start"])  # fmt: skip
        started = True
        _as_postgres([_bin("createdb"), "-h", str(sock), "-p", str(port), "central"])
        yield SmallDisk(f"postgresql+psycopg://postgres@127.0.0.1:{port}/central", mount)
    finally:
        if started:  # the server may have stopped by itself: no check
            subprocess.run(
                ["runuser", "-u", "postgres", "--", _bin("pg_ctl"), "-D", str(data),
                 "-m", "immediate", "stop"],
                capture_output=True, timeout=60,
            )  # fmt: skip
        if mounted and subprocess.run(["umount", str(mount)], timeout=30).returncode:
            subprocess.run(["umount", "--lazy", str(mount)], check=True, timeout=30)
        shutil.rmtree(root, ignore_errors=True)
