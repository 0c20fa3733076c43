"""SIGTERM, as systemd stops the kiosk, ends the real app and its sync child cleanly, even in
the middle of a pass: no orphaned child, no traceback, no leaked semaphore."""

import os
import signal
import socket
import subprocess
import sys
import time
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


class _App:
    """The real app over ``data_dir``, its pass under way in its child against a central
    that accepts the request and never answers."""

    def __init__(self, data_dir: Path, tmp_path: Path) -> None:
        self.silent = socket.create_server(("127.0.0.1", 0))
        self.silent.settimeout(START_S)
        _enrolled_toward(data_dir, f"http://127.0.0.1:{self.silent.getsockname()[1]}")
        self.log = data_dir / "logs" / "kiosk.log"
        self.stderr = tmp_path / "stderr.txt"
        with self.stderr.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "--windowed"],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        self.connection, _ = self.silent.accept()  # the pass is under way, in its child
        self.children = [pid for pid in _children(self.process.pid) if _is_sync_child(pid)]
        assert self.children, "no sync child found under the app"

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=EXIT_S)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.connection.close()
        self.silent.close()

    def problems(self) -> list[str]:
        log = self.log.read_text("utf-8")
        errors = self.stderr.read_text("utf-8", errors="replace")
        return [
            text
            for text, bad in (
                ("a traceback in kiosk.log", "Traceback" in log),
                ("a traceback on stderr", "Traceback" in errors),
                ("a leaked semaphore", "leaked semaphore" in errors),
                ("a sync child outlived the app", any(map(_is_sync_child, self.children))),
            )
            if bad
        ]


def test_sigterm_mid_pass_ends_the_app_and_its_sync_child(data_dir: Path, tmp_path: Path) -> None:
    app = _App(data_dir, tmp_path)
    try:
        assert app.stop() == 0
    finally:
        app.close()
    assert app.problems() == []
    assert "SIGTERM: stopping as Ctrl+Q does" in app.log.read_text("utf-8")


def test_a_sync_child_ended_by_sigterm_is_a_stop_not_a_bug(data_dir: Path, tmp_path: Path) -> None:
    """As systemd's default KillMode would: SIGTERM to the child too (the unit says mixed)."""
    app = _App(data_dir, tmp_path)
    try:
        os.kill(app.children[0], signal.SIGTERM)
        deadline = time.monotonic() + EXIT_S
        while "sync stopped" not in app.log.read_text("utf-8") and "sync failed" not in (
            app.log.read_text("utf-8")
        ):
            assert time.monotonic() < deadline, "the app did not notice its child had ended"
            time.sleep(0.1)
        assert app.stop() == 0
    finally:
        app.close()
    assert app.problems() == []
    assert "sync stopped: its process was ended by SIGTERM" in app.log.read_text("utf-8")
