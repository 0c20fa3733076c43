"""SIGTERM, as systemd stops the kiosk, ends the real app and its sync child cleanly, even in
the middle of a pass: no orphaned child, no traceback, no leaked semaphore."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from kiosk.db.store import Store
from kiosk.domain.catalogue import load_default
from kiosk.sync.enrolment import write_token
from kiosk.sync.outbox import META_CENTRAL_URL, set_meta
from tests.helpers.kiosk_data import seed_pending

START_S = 120  # a loaded 2-core machine starts Qt, the store and a spawned child slowly
# The app stops its pass, waits STOP_GRACE_S for the child, then terminates it: far less
# than the 30 s read timeout an orphaned child would wait for a silent central.
EXIT_S = 15


def _enrolled_toward(data_dir: Path, url: str) -> None:
    """A kiosk with records pending, enrolled at ``url``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.toml").write_text(
        "allow_insecure_http = true\nsync_after_registration_s = 1\n", "utf-8"
    )
    store = Store.open(
        data_dir / "kiosk.sqlite3",
        station_id="trosterud",
        catalogue=load_default(),
        max_weight_g=200_000,
    )
    seed_pending(store, 3)
    set_meta(store, {META_CENTRAL_URL: url})
    store.close()
    write_token(data_dir, "token")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _is_sync_child(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    return b"spawn_main" in command


def test_sigterm_mid_pass_ends_the_app_and_its_sync_child(data_dir: Path, tmp_path: Path) -> None:
    # A central that accepts the pass's request and never answers: the child waits inside
    # its HTTP read when the signal comes.
    silent = socket.create_server(("127.0.0.1", 0))
    silent.settimeout(START_S)
    _enrolled_toward(data_dir, f"http://127.0.0.1:{silent.getsockname()[1]}")
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as err:
        app = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "--windowed"],
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            connection, _ = silent.accept()  # the pass is under way, in its child
            children = [pid for pid in _children(app.pid) if _is_sync_child(pid)]
            assert children, "no sync child found under the app"
            app.send_signal(signal.SIGTERM)
            code = app.wait(timeout=EXIT_S)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
            silent.close()
    connection.close()
    assert code == 0
    orphans = [pid for pid in children if _is_sync_child(pid)]
    assert not orphans, f"the sync child {orphans} outlived the app"
    log = (data_dir / "logs" / "kiosk.log").read_text("utf-8")
    errors = stderr.read_text("utf-8", errors="replace")
    assert "SIGTERM: stopping as Ctrl+Q does" in log
    assert "Traceback" not in log and "Traceback" not in errors
    assert "leaked semaphore" not in errors, errors
