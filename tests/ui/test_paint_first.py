"""Paint first (issue 24, item 6): the attract screen is on the glass before the store's
imports and its opening; a tap meanwhile waits visibly and is taken once the store is open;
a store that fails to open still shows the storage error screen."""

import ast
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import kiosk
from kiosk.composition import Kiosk
from kiosk.domain.kinds import Direction
from kiosk.paths import resolve
from kiosk.settings import Settings
from kiosk.ui import theme
from kiosk.ui.app import build_window
from kiosk.ui.main_window import MainWindow
from kiosk.ui.operations import Lane, Op
from tests.helpers.waiting import HANG_S

REPO = Path(kiosk.__file__).parent.parent

# Starts the app as `kiosk --windowed` does; at the attract screen's first paint it notes
# which of the store's packages are loaded and whether the store is open, then waits for the
# store to open behind the frame. ``plant`` loads SQLAlchemy first: the probe must see it.
CHILD = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
if sys.argv[2] == "plant":
    import sqlalchemy
seen = {}
def settled():
    seen["store_after"] = window.store is not None
    print(repr(seen), flush=True)
    os._exit(0)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        global window
        if not seen and event.type() == QEvent.Type.Paint and obj.objectName() == "attractScreen":
            seen["loaded"] = sorted(m for m in ("sqlalchemy", "alembic") if m in sys.modules)
            window = obj.window()
            seen["store_at_paint"] = window.store is not None
            window.store_settled.connect(settled)
        return False
watcher = FirstPaint()
app.installEventFilter(watcher)
from kiosk.ui.app import run
run(data_dir=sys.argv[1], windowed=True)
"""


def first_frame(data_dir: Path, mode: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), mode],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    seen: dict[str, object] = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    return seen


def test_the_first_frame_paints_before_the_store_loads_or_opens(tmp_path: Path) -> None:
    # A new database: the opening behind the frame also creates and migrates it (Alembic).
    seen = first_frame(tmp_path / "data", "clean")
    assert seen == {"loaded": [], "store_at_paint": False, "store_after": True}
    assert (tmp_path / "data" / "kiosk.sqlite3").stat().st_size > 0


def test_the_first_frame_probe_sees_sqlalchemy_when_it_is_loaded(tmp_path: Path) -> None:
    # The planted fault: SQLAlchemy imported before the window. The probe must report it.
    seen = first_frame(tmp_path / "data", "plant")
    assert seen["loaded"] == ["sqlalchemy"]


@pytest.fixture
def held_lane(qtbot) -> Iterator[threading.Event]:
    """The store's lane busy until the event is set: the opening queued behind it is slow,
    as on a loaded kiosk, for as long as the test needs."""
    release = threading.Event()
    holder = QApplication.instance()
    assert holder is not None
    Op(holder, lambda: release.wait(HANG_S)).run_in_background(lane=Lane.STORE)
    yield release
    release.set()


def opening_window(qtbot, data_dir: Path) -> MainWindow:
    theme.apply(QApplication.instance())
    window = build_window(Kiosk(resolve(data_dir).ensure(), Settings()), open_store=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):  # a call alone returns a context and waits for nothing
        window.show()
    window.open_behind()
    return window


def close(window: MainWindow) -> None:
    window.shutdown()
    if window.store is not None:
        window.store.close()


def test_a_choice_tapped_while_the_store_opens_waits_and_is_taken(
    qtbot, data_dir: Path, held_lane: threading.Event
) -> None:
    window = opening_window(qtbot, data_dir)
    try:
        assert window.stack.currentWidget() is window.attract
        qtbot.mouseClick(window.attract.take, Qt.MouseButton.LeftButton)
        # Not vacuous: the store is still closed, and the tap shows that it waits.
        assert window.store is None and window.opening
        assert window.attract.take.label.text() == "Et øyeblikk …"
        assert window.attract.leave.label.text() == "Jeg legger igjen ting"
        assert window.stack.currentWidget() is window.attract
        with qtbot.waitSignal(window.store_settled):
            held_lane.set()
        assert window.store is not None
        assert window.stack.currentWidget() is window.flow
        assert window.flow is not None and window.flow.draft is not None
        assert window.flow.draft.direction is Direction.OUT
        assert window.attract.take.label.text() == "Jeg tar med meg ting"
    finally:
        close(window)


def test_without_a_tap_the_opened_store_leaves_the_attract_screen_resting(
    qtbot, data_dir: Path, held_lane: threading.Event
) -> None:
    window = opening_window(qtbot, data_dir)
    try:
        with qtbot.waitSignal(window.store_settled):
            held_lane.set()
        assert window.stack.currentWidget() is window.attract
        assert window.flow is not None and window.guide is not None
    finally:
        close(window)


def test_a_store_that_fails_to_open_behind_the_frame_shows_its_screen(
    qtbot, data_dir: Path, held_lane: threading.Event
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "kiosk.sqlite3").write_bytes(b"")
    window = opening_window(qtbot, data_dir)
    try:
        qtbot.mouseClick(window.attract.leave, Qt.MouseButton.LeftButton)
        assert window.attract.leave.label.text() == "Et øyeblikk …"
        with qtbot.waitSignal(window.store_settled):
            held_lane.set()
        assert window.stack.currentWidget() is window.error_screen
        assert "er tom (0 byte)" in window.error_screen.text.text()
        assert window.store is None and window.flow is None
        # "Prøv igjen" after the file is put right opens it; the lapsed tap is not replayed.
        (data_dir / "kiosk.sqlite3").unlink()
        qtbot.mouseClick(window.error_screen.retry, Qt.MouseButton.LeftButton)
        assert window.store is not None
        assert window.stack.currentWidget() is window.attract
        assert window.attract.leave.label.text() == "Jeg legger igjen ting"
    finally:
        close(window)
