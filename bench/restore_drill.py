"""Point-in-time recovery drill: how many records a restore loses, and how long it takes.

A throwaway PostgreSQL cluster archives its WAL to a local pgBackRest repository, configured
as deploy/central/pgbackrest/ does (archive_timeout as shipped: 60 s). Records go in through
central's own API, a full backup is taken, more records arrive one batch a second, and then:
1. the server is lost (immediate stop, data folder wiped) and restored from the repository to
   the end of the archived WAL: the records missing are the recovery point;
2. the cluster is restored again to a moment in the middle of the second phase (a restore
   "to ten minutes ago"): exactly the batches committed before that moment must be back.
The last line printed is JSON: {"records_lost", "rpo_s", "restore_latest_s", "pitr_exact", ...}.
Run: .venv/bin/python bench/restore_drill.py [--seconds 75] [--archive-timeout 60]
Needs pgbackrest and PostgreSQL's server binaries (initdb, pg_ctl); as root, runs them as
the postgres user.
"""

import argparse
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.central.conftest

from central.core.config import Settings  # noqa: E402
from central.main import create_app  # noqa: E402
from tests.central.conftest import enrol_kiosk  # noqa: E402

STANZA = "drill"


def as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def sh(*command: str | Path, timeout: float = 300) -> str:
    done = subprocess.run(
        [*as_postgres(), *map(str, command)], capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A PostgreSQL cluster in ``root`` that archives to its own pgBackRest repository."""

    def __init__(self, root: Path, archive_timeout: int) -> None:
        self.root, self.data, self.port = root, root / "data", free_port()
        self.conf = root / "pgbackrest.conf"
        for name in ("data", "repo", "log", "lock", "spool", "sock"):
            (root / name).mkdir(mode=0o700)
        self.conf.write_text(
            "[global]\n"
            f"repo1-path={root / 'repo'}\nrepo1-retention-full=1\n"
            f"log-path={root / 'log'}\nlock-path={root / 'lock'}\nspool-path={root / 'spool'}\n"
            "start-fast=y\ncompress-type=zst\nlog-level-console=warn\n"
            f"[{STANZA}]\npg1-path={self.data}\npg1-port={self.port}\n"
            f"pg1-socket-path={root / 'sock'}\n"
        )
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in [root, *root.rglob("*")]:
                os.chown(path, user.pw_uid, user.pw_gid)
        sh("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{root / 'sock'}'\n"
                "wal_level = replica\narchive_mode = on\n"
                f"archive_command = 'pgbackrest --config={self.conf} --stanza={STANZA}"
                " archive-push %p'\n"
                f"archive_timeout = {archive_timeout}\nmax_wal_senders = 3\n"
            )
        self.start()
        self.pgbackrest("stanza-create")
        sh("psql", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-c",
           "CREATE DATABASE central")  # fmt: skip
        self.pgbackrest("check")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/central"

    def pgbackrest(self, *args: str) -> str:
        return sh("pgbackrest", f"--config={self.conf}", f"--stanza={STANZA}", *args)

    def start(self) -> None:
        sh("pg_ctl", "-D", self.data, "-l", self.root / "log" / "postgres.log", "-w", "start")

    def stop(self, mode: str) -> None:
        sh("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def restore(self, *args: str) -> float:
        """Wipe the data folder (the server is gone), restore, start, wait until it is
        writable again; returns the seconds that took."""
        started = time.monotonic()
        for child in self.data.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        self.pgbackrest("restore", *args)
        self.start()
        engine = create_engine(self.url)
        try:
            while True:  # recovery replays WAL, then promotes; polls a server's state
                with engine.connect() as conn:
                    if not conn.execute(text("SELECT pg_is_in_recovery()")).scalar():
                        break
                time.sleep(0.1)
        finally:
            engine.dispose()
        return time.monotonic() - started

    def record_ids(self) -> set[str]:
        engine = create_engine(self.url)
        with engine.connect() as conn:
            ids = set(conn.execute(text("SELECT id FROM records")).scalars())
        engine.dispose()
        return ids


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=75, help="length of the second phase")
    parser.add_argument("--archive-timeout", type=int, default=60)
    parser.add_argument("--batch", type=int, default=10, help="records per batch")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="restore-drill-"))
    os.chmod(root, 0o755)
    cluster = Cluster(root, args.archive_timeout)
    try:
        app = create_app(Settings(db_url=cluster.url, data_dir=root / "central", secret="drill"))
        batches: list[tuple[float, list[str]]] = []  # (answered at, record ids), in order
        with TestClient(app, base_url="http://central") as api:
            kiosk = enrol_kiosk(app, api)

            def send(size: int) -> None:
                records = [kiosk.record() for _ in range(size)]
                answer = api.post("/api/v1/batches", json=kiosk.batch(records), headers=kiosk.auth)
                answer.raise_for_status()
                batches.append((time.time(), [r["id"] for r in records]))

            for _ in range(20):
                send(50)
            backup_started = time.monotonic()
            cluster.pgbackrest("--type=full", "backup")
            backup_s = time.monotonic() - backup_started
            end = time.monotonic() + args.seconds
            target: float | None = None
            while time.monotonic() < end:
                send(args.batch)
                if target is None and time.monotonic() > end - args.seconds / 2:
                    target = time.time()  # between two batches: the moment to go back to
                time.sleep(max(0.0, 1.0 - (time.monotonic() % 1.0)))  # one batch a second
        app.state.engine.dispose()
        assert target is not None
        cluster.stop("immediate")  # the server is lost: WAL not yet archived goes with it
        lost_at = time.time()

        restore_latest_s = cluster.restore()
        present = cluster.record_ids()
        written = [record for _, ids in batches for record in ids]
        lost = [record for record in written if record not in present]
        kept = [at for at, ids in batches if all(record in present for record in ids)]
        rpo_s = lost_at - max(kept) if lost else 0.0

        cluster.stop("fast")
        when = datetime.fromtimestamp(target, UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00")
        restore_pitr_s = cluster.restore(
            "--type=time", f"--target={when}", "--target-action=promote"
        )
        expected = {record for at, ids in batches if at < target for record in ids}
        pitr_exact = cluster.record_ids() == expected
        size = sum(f.stat().st_size for f in cluster.data.rglob("*") if f.is_file())
    finally:
        subprocess.run([*as_postgres(), "pg_ctl", "-D", str(cluster.data), "-m", "immediate",
                        "stop"], capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
    result: dict[str, object] = {
        "records_written": len(written),
        "records_lost": len(lost),
        "rpo_s": round(rpo_s, 1),
        "restore_latest_s": round(restore_latest_s, 1),
        "pitr_exact": pitr_exact,
        "pitr_records": len(expected),
        "restore_pitr_s": round(restore_pitr_s, 1),
        "full_backup_s": round(backup_s, 1),
        "archive_timeout_s": args.archive_timeout,
        "cluster_mb": round(size / 1e6, 1),
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
