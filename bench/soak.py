"""A busy day of mixed use in one kiosk process, to find what grows (a benchmark, not a test).

The real window, tapped with QTest: the guide's registrations, residents' registrations in
all six languages (a language tap and the reset to Bokmål each), PIN unlocks and locks, the
events screen, and sync passes in the real child process against a real central (its own
process, SQLite, loopback). After a warm-up block, RSS, malloc's heap in use (glibc's
mallinfo2: live memory, without the freed pages RSS keeps), memory maps, threads and open fds
are sampled after each block, and their growth is reported per 1,000 registrations. The
anchor, measured over the same period in the same run, is a bare PySide6 window whose one
button is clicked all the while: what Qt itself grows by.
Prints a table, then one JSON line. Run: .venv/bin/python bench/soak.py [--blocks 6]
"""

import argparse
import ctypes
import gc
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.orm import Session

PAGE = os.sysconf("SC_PAGE_SIZE")
SECRET = "bench-secret"
# One block: 100 guide registrations and 20 residents' (each in the next language, so a
# language tap and a reset to Bokmål per resident), one sync pass, one unlock and lock, the
# events screen opened and closed. The first two blocks are warm-up and not counted (a
# first run without it saw 9 MB more RSS in the second block, then about 1 MB per 360). A resident
# takes about 1 s of taps here (two live language switches), a guide's registration 0.1 s.
GUIDE_PER_BLOCK = 100
RESIDENTS_PER_BLOCK = 20
LANGUAGE_ORDER = ("ar", "ur", "so", "pl", "en", "nb")
# glibc's struct mallinfo2, in order: uordblks is what malloc has handed out, hblkhd what
# it has mapped for large blocks.
MALLINFO2 = ("arena", "ordblks", "smblks", "hblks", "hblkhd")
MALLINFO2 += ("usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")

# The anchor: a bare window with one button, clicked every 5 ms; "s" on stdin prints a sample.
ANCHOR = r"""
import json, os, sys
from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication([])
button = QPushButton("OK")
button.resize(200, 80)
button.show()
clicks = [0]
button.clicked.connect(lambda: clicks.__setitem__(0, clicks[0] + 1))
timer = QTimer(interval=5, timeout=lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton))
timer.start()
def sample():
    line = sys.stdin.readline().strip()
    if line != "s":
        app.quit()
        return
    status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
    pages = int(open("/proc/self/statm").read().split()[1])
    print(json.dumps({
        "rss_mb": pages * os.sysconf("SC_PAGE_SIZE") / 2**20,
        "maps": sum(1 for _ in open("/proc/self/maps")),
        "threads": int(status["Threads"]),
        "fds": len(os.listdir("/proc/self/fd")),
        "clicks": clicks[0],
    }), flush=True)
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(sample)
app.exec()
"""


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in MALLINFO2]


def heap_mb() -> float:
    """What malloc has handed out and not had back (glibc): live native and Python memory
    without the freed pages glibc keeps, which RSS counts and a loaded machine moves."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20


def sample() -> dict[str, float]:
    gc.collect()
    with open("/proc/self/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    with open("/proc/self/statm") as f:
        rss = int(f.read().split()[1]) * PAGE / 2**20
    with open("/proc/self/maps") as f:
        maps = sum(1 for _ in f)
    return {
        "rss_mb": rss,
        "heap_mb": heap_mb(),
        "maps": maps,
        "threads": int(status["Threads"]),
        "fds": len(os.listdir("/proc/self/fd")),
    }


def start_central(folder: Path) -> tuple[subprocess.Popen, str, str]:
    from central.db import prepare
    from central.services import stations
    from kiosk.sync.client import CentralClient

    db_url = f"sqlite:///{folder / 'central.sqlite3'}"
    engine = prepare(db_url)
    with Session(engine) as session:
        stations.add_station(
            now=datetime.now(UTC), session=session, station_id="trosterud", name="Trosterud"
        )
        code, _ = stations.issue_enrol_code(
            now=datetime.now(UTC),
            session=session,
            key=SECRET.encode(),
            station_id="trosterud",
            ttl=timedelta(hours=1),
        )
        session.commit()
    engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "serve", "--port", str(port)],
        env=dict(os.environ, KIOSK_CENTRAL_DB_URL=db_url, KIOSK_CENTRAL_SECRET=SECRET),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    with CentralClient(url) as client:
        for _ in range(600):
            if client.reachable():
                break
            time.sleep(0.05)
        else:
            server.kill()
            raise SystemExit("central did not start")
    return server, url, code


class Day:
    """The window and the taps of one block of mixed use."""

    def __init__(self, folder: Path, url: str, code: str) -> None:
        from PySide6.QtWidgets import QApplication

        from kiosk.composition import Kiosk
        from kiosk.paths import resolve
        from kiosk.settings import Settings
        from kiosk.sync.client import CentralClient
        from kiosk.sync.enrolment import enrol
        from kiosk.ui import theme
        from kiosk.ui.app import build_window

        # Central listens on loopback http here, which the kiosk refuses unless told.
        kiosk = Kiosk(resolve(folder / "kiosk").ensure(), Settings(allow_insecure_http=True))
        store = kiosk.open_store()
        with CentralClient(url) as client:
            enrol(store=store, client=client, central_url=url, code=code, folder=kiosk.paths.data)
        store.close()
        self.app = QApplication.instance() or QApplication([])
        theme.apply(self.app)
        self.window = build_window(kiosk)
        self.window.resize(1280, 800)
        self.window.show()
        self.registrations = 0
        self.language_taps = 0
        self.sync_passes = 0
        self.failed_passes = 0
        self._resident = 0

    def block(self) -> None:
        self.unlock()
        for i in range(GUIDE_PER_BLOCK):
            self.guide_registers(i)
        self.events_screen()
        self.window.lock()
        for _ in range(RESIDENTS_PER_BLOCK):
            self.resident_registers()
        self.sync_pass()

    def unlock(self) -> None:
        from kiosk.domain.pin import DEFAULT_PIN
        from tests.helpers.resident_walk import tap, wait_until

        window = self.window
        tap(window.attract.guide_button)
        for digit in DEFAULT_PIN:
            tap(window.pin_screen.keys[digit])
        tap(window.pin_screen.keys["OK"])
        wait_until(lambda: window.stack.currentWidget() is window.guide)

    def guide_registers(self, i: int) -> None:
        from tests.helpers.resident_walk import tap, wait_until

        guide = self.window.guide
        saved: list[object] = []
        guide.deposit_saved.connect(saved.append)
        tap(guide.grid.tiles[("metal", "wood", "textiles")[i % 3]])
        for key in str(1 + i % 9):
            tap(guide.numpad.keys[key])
        tap(guide.confirm_button)
        wait_until(lambda: bool(saved))
        guide.deposit_saved.disconnect(saved.append)
        self.registrations += 1

    def events_screen(self) -> None:
        from tests.helpers.resident_walk import tap

        tap(self.window.events_button)
        tap(self.window.events.back)

    def resident_registers(self) -> None:
        from tests.helpers.resident_walk import LEAVE_CATEGORY, tap, wait_until

        window, flow = self.window, self.window.flow
        language = LANGUAGE_ORDER[self._resident % len(LANGUAGE_ORDER)]
        self._resident += 1
        if window.languages.current != language:
            tap(window.attract.switcher.buttons[language])
            self.language_taps += 1
        tap(window.attract.leave)
        tap(flow.categories.tiles[LEAVE_CATEGORY])
        tap(flow.amount.plus)
        tap(flow.amount.next)
        tap(flow.summary.confirm)
        wait_until(lambda: flow.currentWidget() is flow.thanks)
        tap(flow.thanks.done)  # back to rest, in the station's language
        wait_until(lambda: window.stack.currentWidget() is window.attract)
        self.registrations += 1

    def sync_pass(self) -> None:
        from tests.helpers.resident_walk import wait_until

        feed = self.window.sync_feed
        wait_until(lambda: not feed.running, timeout_ms=120_000)  # one the schedule started
        finished: list[object] = []
        feed.sync_finished.connect(finished.append)
        feed.run_now()
        wait_until(lambda: bool(finished), timeout_ms=120_000)
        feed.sync_finished.disconnect(finished.append)
        self.sync_passes += 1
        self.failed_passes += 0 if finished[0].ok else 1

    def close(self) -> None:
        self.window.shutdown()
        self.window.close()
        self.window.store.close()


def per_thousand(first: dict, last: dict, registrations: int) -> dict[str, float]:
    return {k: round((last[k] - first[k]) * 1000 / registrations, 2) for k in first}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--blocks", type=int, default=5, help="blocks in all, warm-up included")
    parser.add_argument("--warmup", type=int, default=2, help="blocks not counted")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server, url, code = start_central(folder)
        anchor = subprocess.Popen(
            [sys.executable, "-c", ANCHOR],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ,
        )
        try:
            day = Day(folder, url, code)
            started = time.monotonic()
            for _ in range(args.warmup):  # every screen built, every language loaded once
                day.block()
            warm, warm_regs = sample(), day.registrations
            anchor.stdin.write("s\n")
            anchor.stdin.flush()
            anchor_warm = json.loads(anchor.stdout.readline())
            rows = [(args.warmup - 1, warm_regs, warm)]
            for block in range(args.warmup, args.blocks):
                day.block()
                rows.append((block, day.registrations, sample()))
            anchor.stdin.write("s\n")
            anchor.stdin.flush()
            anchor_last = json.loads(anchor.stdout.readline())
            elapsed = time.monotonic() - started
            final = rows[-1][2]
            measured = day.registrations - warm_regs
            day.close()
        finally:
            if anchor.poll() is None:
                anchor.stdin.write("q\n")
                anchor.stdin.flush()
                anchor.wait(timeout=30)
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{'block':>5} {'regs':>6} {'RSS MB':>8} {'heap MB':>8} {'maps':>6} {'threads':>7} "
        f"{'fds':>5}"
    )
    for block, regs, s in rows:
        print(
            f"{block:>5} {regs:>6} {s['rss_mb']:>8.1f} {s['heap_mb']:>8.2f} {s['maps']:>6} "
            f"{s['threads']:>7} {s['fds']:>5}"
        )
    growth = per_thousand(warm, final, measured)
    anchor_clicks = anchor_last.pop("clicks") - anchor_warm.pop("clicks")
    anchor_growth = per_thousand(anchor_warm, anchor_last, measured)
    print(f"growth per 1,000 registrations after warm-up: {growth}")
    print(f"anchor (bare window, {anchor_clicks} clicks, same period): {anchor_growth}")
    print(
        json.dumps(
            {
                "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ"),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "blocks": args.blocks,
                "warmup_blocks": args.warmup,
                "registrations_measured": measured,
                "registrations_total": day.registrations,
                "language_taps": day.language_taps,
                "sync_passes": day.sync_passes,
                "failed_sync_passes": day.failed_passes,
                "seconds": round(elapsed, 1),
                "after_warmup": {k: round(v, 1) for k, v in warm.items()},
                "growth_per_1000": growth,
                "anchor_clicks": anchor_clicks,
                "anchor_growth_per_1000": anchor_growth,
            }
        )
    )


if __name__ == "__main__":
    main()
