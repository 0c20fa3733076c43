"""Registration latency, start-up time and memory of the kiosk (a benchmark, not a test).

Confirm-to-painted-row is measured idle and while the app's own sync pushes 100,000 records
to a real central (`kiosk-central serve` in its own process, over loopback).
Prints the figures, then one JSON line: service_p99_ms, ui_p99_ms, ui_during_sync_p99_ms,
ui_during_sync_n, startup_ms, rss_mb, startup_bare_ms (the anchor: a bare PySide6 window, first
frame timed the same way) and startup_ratio. With --startup-only: the cold start and its
anchor alone, alternating.
Run: .venv/bin/python bench/register_latency.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy.orm import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SERVICE_N = 2000
SYNC_RECORDS = 100_000
UI_N = 300
STARTUP_RUNS = 5

# The child prints how long after its own process start the first frame was painted, and
# its RSS then. Process start comes from /proc so interpreter start-up is counted too.
STARTUP_CHILD = r"""
import os, sys, time
def since_process_start_ms():
    ticks = int(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19])
    boot = float(open('/proc/uptime').read().split()[0])
    return (boot - ticks / os.sysconf('SC_CLK_TCK')) * 1000
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from kiosk.composition import Kiosk
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
app = QApplication([])
theme.apply(app)
window = build_window(Kiosk(resolve(sys.argv[1]).ensure(), Settings()))
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            ms = since_process_start_ms()
            rss = int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
            print(f"{ms:.1f} {rss / 2**20:.1f}", flush=True)
            os._exit(0)
        return False
watcher = FirstPaint()
window.attract.installEventFilter(watcher)  # the resting screen is the first one shown
window.resize(1280, 800)
window.show()
app.exec()
"""

# The anchor: a bare PySide6 window, first frame timed the same way in the same run.
BARE_CHILD = r"""
import os
def since_process_start_ms():
    ticks = int(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19])
    boot = float(open('/proc/uptime').read().split()[0])
    return (boot - ticks / os.sysconf('SC_CLK_TCK')) * 1000
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
window = QLabel("bare")
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            rss = int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
            print(f"{since_process_start_ms():.1f} {rss / 2**20:.1f}", flush=True)
            os._exit(0)
        return False
watcher = FirstPaint()
window.installEventFilter(watcher)
window.resize(1280, 800)
window.show()
app.exec()
"""


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def bench_service(folder: Path) -> list[float]:
    from kiosk.db.deposits import register_deposit
    from kiosk.db.store import Store
    from kiosk.domain.catalogue import load_default

    store = Store.open(
        folder / "service.sqlite3",
        station_id="bench",
        catalogue=load_default(),
        max_weight_g=200_000,
    )
    times = []
    for i in range(SERVICE_N):
        start = time.perf_counter()
        register_deposit(store=store, category="wood", weight_g=1000 + i)
        times.append((time.perf_counter() - start) * 1000)
    store.close()
    return times


def bench_bare_insert(folder: Path) -> list[float]:
    """The floor: one sqlite3 INSERT + COMMIT with WAL and synchronous=FULL, nothing else."""
    import sqlite3

    conn = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, seq INTEGER, weight_g INTEGER)")
    times = []
    for i in range(SERVICE_N):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", (f"id{i}", i, 1000 + i))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def bench_ui(folder: Path) -> list[float]:
    from kiosk.composition import Kiosk
    from kiosk.paths import resolve
    from kiosk.settings import Settings
    from kiosk.ui.app import build_window

    qt_app()
    window = build_window(Kiosk(resolve(folder / "ui").ensure(), Settings()))
    return confirm_to_paint(window, lambda i: i < UI_N)


def bench_ui_during_sync(folder: Path) -> list[float]:
    """Confirm to painted row while the window's own sync pushes SYNC_RECORDS to central."""
    from sync_throughput import SECRET, free_port, seed

    from central.db import prepare
    from central.services import stations
    from kiosk.composition import Kiosk
    from kiosk.paths import resolve
    from kiosk.settings import Settings
    from kiosk.sync.client import CentralClient
    from kiosk.sync.enrolment import enrol
    from kiosk.ui.app import build_window

    db_url = f"sqlite:///{folder / 'central.sqlite3'}"
    engine = prepare(db_url)
    with Session(engine) as session:
        stations.add_station(session=session, station_id="trosterud", name="Trosterud")
        code, _ = stations.issue_enrol_code(
            session=session, key=SECRET.encode(), station_id="trosterud", ttl=timedelta(hours=1)
        )
        session.commit()
    engine.dispose()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "serve", "--port", str(port)],
        env=dict(os.environ, KIOSK_CENTRAL_DB_URL=db_url, KIOSK_CENTRAL_SECRET=SECRET),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with CentralClient(url) as client:
            for _ in range(400):  # wait for the server to listen
                if client.reachable():
                    break
                time.sleep(0.05)
        # Central listens on loopback http here, which the kiosk refuses unless told.
        kiosk = Kiosk(resolve(folder / "during").ensure(), Settings(allow_insecure_http=True))
        store = kiosk.open_store()
        with CentralClient(url) as client:
            enrol(store=store, client=client, central_url=url, code=code, folder=kiosk.paths.data)
        seed(store, SYNC_RECORDS)
        store.close()
        qt_app()
        window = build_window(kiosk.paths, kiosk.settings)
        feed = window.sync_feed
        feed.run_now()
        if not feed.running:
            raise SystemExit("the sync pass did not start")
        times = confirm_to_paint(window, lambda i: feed.running and i < UI_N * 10)
        status = feed.last_status
        if status is not None and not status.ok:
            raise SystemExit(f"sync failed during the benchmark: {status.error}")
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def qt_app():
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import theme

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    return app


def confirm_to_paint(window, more) -> list[float]:
    """Tap category, weight and Lagre while ``more(i)``; each time until the new row painted."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest

    from kiosk.domain.pin import DEFAULT_PIN

    app = qt_app()
    window.resize(1280, 800)
    window.show()
    # The guide's screen is behind the PIN, as on the kiosk.
    window.pin_screen.entry.setText(DEFAULT_PIN)
    window.pin_screen.submit()
    guide = window.guide
    viewport = guide.today.list.viewport()
    painted: list[float] = []
    saved: list[object] = []
    guide.deposit_saved.connect(saved.append)

    class PaintWatch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and saved and not painted:
                painted.append(time.perf_counter())
            return False

    watch = PaintWatch()
    viewport.installEventFilter(watch)
    times = []
    i = 0
    while more(i):
        QTest.mouseClick(guide.grid.tiles["metal"], Qt.MouseButton.LeftButton)
        for key in str(1 + i % 9):
            QTest.mouseClick(guide.numpad.keys[key], Qt.MouseButton.LeftButton)
        app.processEvents()
        saved.clear()
        painted.clear()
        start = time.perf_counter()
        QTest.mouseClick(guide.confirm_button, Qt.MouseButton.LeftButton)
        # The save commits on the store's worker, then the row is added; the new row is on
        # screen once the list has repainted after that.
        while not painted:
            app.processEvents()
        times.append((painted[0] - start) * 1000)
        i += 1
    window.shutdown()
    window.close()
    window.store.close()
    return times


def bench_startup(folder: Path, child: str = STARTUP_CHILD) -> tuple[list[float], list[float]]:
    starts, rss = [], []
    for run in range(STARTUP_RUNS):
        out = subprocess.run(
            [sys.executable, "-c", child, str(folder / f"start{run % 2}")],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.split()
        starts.append(float(out[0]))
        rss.append(float(out[1]))
    return starts, rss


def bench_startup_pair(folder: Path) -> dict[str, float]:
    """The kiosk's cold start and the bare window's, alternating, so load hits both alike."""
    kiosk: list[float] = []
    bare: list[float] = []
    rss: list[float] = []
    for _ in range(STARTUP_RUNS):
        for child, into in ((STARTUP_CHILD, kiosk), (BARE_CHILD, bare)):
            out = subprocess.run(
                [sys.executable, "-c", child, str(folder / "start")],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            ).stdout.split()
            into.append(float(out[0]))
            if child is STARTUP_CHILD:
                rss.append(float(out[1]))
    kiosk_ms, bare_ms = statistics.median(kiosk[1:]), statistics.median(bare[1:])
    return {
        "startup_ms": round(kiosk_ms, 1),
        "startup_bare_ms": round(bare_ms, 1),
        "startup_ratio": round(kiosk_ms / bare_ms, 2),
        "rss_mb": round(statistics.median(rss[1:]), 1),
    }


def main() -> None:
    if "--startup-only" in sys.argv[1:]:
        # Cold start to the first frame against a bare PySide6 window, nothing else.
        with tempfile.TemporaryDirectory() as tmp:
            pair = bench_startup_pair(Path(tmp))
        print(
            f"startup to first frame: kiosk {pair['startup_ms']} ms (existing database), "
            f"bare PySide6 window {pair['startup_bare_ms']} ms: {pair['startup_ratio']}x"
        )
        print(json.dumps(pair))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = bench_bare_insert(folder)
        service = bench_service(folder)
        ui = bench_ui(folder)
        during = bench_ui_during_sync(folder)
        starts, rss = bench_startup(folder)
        bare_starts, _ = bench_startup(folder, BARE_CHILD)
    # The first start creates and migrates a database; later ones open an existing one, as
    # every start after installation does. Runs alternate between two folders, so runs 0 and
    # 1 are first starts.
    result = {
        "service_p99_ms": round(percentile(service, 99), 2),
        "ui_p99_ms": round(percentile(ui, 99), 2),
        "ui_during_sync_p99_ms": round(percentile(during, 99), 2),
        "ui_during_sync_n": len(during),
        "startup_ms": round(statistics.median(starts[2:]), 1),
        "rss_mb": round(statistics.median(rss[2:]), 1),
        "startup_bare_ms": round(statistics.median(bare_starts[1:]), 1),
    }
    result["startup_ratio"] = round(result["startup_ms"] / result["startup_bare_ms"], 2)
    print(
        f"service: {SERVICE_N} durable registrations, p50 {percentile(service, 50):.2f} ms, "
        f"p99 {result['service_p99_ms']} ms"
    )
    floor = percentile(bare, 99)
    print(
        f"floor: bare sqlite3 insert+commit (WAL, FULL), p50 {percentile(bare, 50):.2f} ms, "
        f"p99 {floor:.2f} ms; the service p99 is {result['service_p99_ms'] / floor:.1f}x that"
    )
    print(
        f"ui: {UI_N} confirm clicks to repainted list, p50 {percentile(ui, 50):.2f} ms, "
        f"p99 {result['ui_p99_ms']} ms"
    )
    print(
        f"ui while a {SYNC_RECORDS:,}-record sync to a real central runs: {len(during)} clicks, "
        f"p50 {percentile(during, 50):.2f} ms, p99 {result['ui_during_sync_p99_ms']} ms; "
        f"{result['ui_during_sync_p99_ms'] / result['ui_p99_ms']:.1f}x the idle p99 (goal 33 ms)"
    )
    print(
        f"startup to first frame: first run (new database) {starts[0]:.0f} ms, "
        f"median of later runs {result['startup_ms']} ms"
    )
    print(
        f"rss after start-up: median of later runs {result['rss_mb']} MB; first run "
        f"(migrations, which import Alembic) {rss[0]:.1f} MB"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
