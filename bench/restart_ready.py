"""Ready again after a cut: process start until the attract screen takes a resident's tap.

Two stores of 100,000 records: a clean one (checkpointed, no WAL), and the same store after a
kiosk was SIGKILLed in the middle of a big transaction, with automatic checkpoints off, so its
WAL holds committed frames that were never checkpointed plus a spilled uncommitted tail. Each
start runs a fresh process through the app's own start-up (logs, settings, QApplication, theme,
build_window: store opened and migrated) and taps "leave" on the attract screen; the time is
from just before the process was started until the tap had moved the window on. The two kinds
of start alternate, in the same run, and the medians are compared (goal: at most 3x).
The last line printed is JSON: {"clean_ms", "after_kill_ms", "ratio", "wal_mb", ...}.
Run: .venv/bin/python bench/restart_ready.py [--records 100000] [--starts 3]
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.helpers
GOAL_RATIO = 3.0
COMMITTED_BEFORE_KILL = 10_000  # the killed writer's four committed batches of 2,500
TIMEOUT_S = 300.0

KILLED_WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from sqlalchemy import event, insert
from kiosk.composition import Kiosk
from kiosk.db.models import Deposit
from kiosk.domain.ids import uuid7
from tests.helpers.kiosk_data import seed_pending
store = Kiosk.load(Path(sys.argv[1])).open_store()
store.engine.dispose()  # every connection from now on never checkpoints
event.listen(
    store.engine, "connect", lambda c, _: c.execute("PRAGMA wal_autocheckpoint=0")
)
for _ in range(4):
    seed_pending(store, 2_500)  # committed, never checkpointed
with store.write() as conn:
    base = conn.exec_driver_sql("SELECT max(seq) FROM deposits").scalar()
    conn.execute(insert(Deposit), [
        {"id": str(uuid7()), "seq": base + 1 + i, "device_id": store.device_id,
         "station_id": store.station_id, "recorded_at": datetime.now(UTC), "category": "wood",
         "weight_g": 1000, "weight_source": "manual", "channel": "guide", "direction": "in",
         "visit_id": None, "catalog_version": store.catalogue.version}
        for i in range(40_000)
    ])  # more than the page cache holds: SQLite spills it to the WAL uncommitted
    print("mid-transaction", flush=True)
    time.sleep(600)  # killed here: the transaction never commits
"""

READY_CHILD = """
import sys, time
from pathlib import Path
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from kiosk import logs
from kiosk.composition import Kiosk
from kiosk.ui import theme
from kiosk.ui.app import build_window
data = Path(sys.argv[1])
kiosk = Kiosk.load(data)  # as kiosk.ui.app.run: folders, logs, settings, then the window
logs.configure(kiosk.paths.logs)
app = QApplication([sys.argv[0]])
theme.apply(app)
built = time.perf_counter()
window = build_window(kiosk.paths, kiosk.settings, sync=False)  # opens and migrates the store
built = time.perf_counter() - built
window.resize(1280, 800)
window.show()
def tap():
    assert window.stack.currentWidget() is window.attract, "not on the attract screen"
    QTest.mouseClick(window.attract.leave, Qt.MouseButton.LeftButton)
    moved = window.stack.currentWidget() is not window.attract
    print(f"ready {built * 1000:.1f}" if moved else "tap ignored", flush=True)
    window.shutdown()
    app.quit()
QTimer.singleShot(0, tap)
app.exec()
"""


from tests.helpers import rawdb  # noqa: E402 - after the path insert


def make_clean(folder: Path, records: int) -> None:
    from kiosk.composition import Kiosk
    from tests.helpers.kiosk_data import seed_pending

    store = Kiosk.load(folder).open_store()
    for first in range(0, records, 10_000):
        seed_pending(store, min(10_000, records - first))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def kill_mid_transaction(folder: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(folder)],
        stdout=subprocess.PIPE,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    assert child.stdout is not None
    for line in child.stdout:  # killed on progress, never on a timer
        if line.startswith(b"mid-transaction"):
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)


def start_until_tap(folder: Path) -> tuple[float, float]:
    """Milliseconds from process start to the tap taken, and of them building the window."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", READY_CHILD, str(folder)],
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=TIMEOUT_S,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if b"ready" not in out.stdout:
        raise RuntimeError(f"the kiosk did not take the tap: {out.stdout!r} {out.stderr[-2000:]!r}")
    built_ms = float(out.stdout.split(b"ready ")[1].split()[0])
    return elapsed * 1000, built_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=3, help="starts of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="restart-ready-") as scratch:
        template = Path(scratch) / "template"
        make_clean(template, args.records)
        clean_ms, killed_ms, clean_build, killed_build, wal_bytes = [], [], [], [], 0
        warm = Path(scratch) / "warm-up"
        shutil.copytree(template, warm)
        start_until_tap(warm)  # not counted: the first start also fills the file cache
        for i in range(args.starts):
            clean = Path(scratch) / f"clean{i}"
            shutil.copytree(template, clean)
            total, build = start_until_tap(clean)
            clean_ms.append(total)
            clean_build.append(build)
            killed = Path(scratch) / f"killed{i}"
            shutil.copytree(template, killed)
            kill_mid_transaction(killed)
            wal = killed / "kiosk.sqlite3-wal"
            wal_bytes = wal.stat().st_size if wal.exists() else 0
            total, build = start_until_tap(killed)
            killed_ms.append(total)
            killed_build.append(build)
            # The killed transaction's rows must be gone, the committed ones there.
            assert rawdb.count(killed / "kiosk.sqlite3") == args.records + COMMITTED_BEFORE_KILL
            print(
                f"start {i + 1}: clean {clean_ms[-1]:.0f} ms (window {clean_build[-1]:.0f}), "
                f"after kill {killed_ms[-1]:.0f} ms (window {killed_build[-1]:.0f})"
            )
    clean, killed = statistics.median(clean_ms), statistics.median(killed_ms)
    summary = {
        "records": args.records,
        "starts": args.starts,
        "wal_mb": round(wal_bytes / 2**20, 1),
        "clean_ms": round(clean),
        "after_kill_ms": round(killed),
        "ratio": round(killed / clean, 2),
        "clean_window_ms": round(statistics.median(clean_build)),
        "after_kill_window_ms": round(statistics.median(killed_build)),
        "goal_ratio": GOAL_RATIO,
    }
    print(json.dumps(summary), flush=True)
    return 0 if summary["ratio"] <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
