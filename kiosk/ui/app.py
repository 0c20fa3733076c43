"""Start-up: resolve folders, read settings, paint the attract screen, then open the store.

The store is opened (and migrated) behind the first frame, on the store's lane: the resident
sees the kiosk before SQLAlchemy and Alembic are loaded, and a tap meanwhile waits visibly.
"""

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk import APP_NAME, __version__, logs
from kiosk.composition import Kiosk, SetupError, folders
from kiosk.domain.clock import WallClock, utc_now
from kiosk.settings import SettingsError
from kiosk.sync.schedule import Backoff
from kiosk.ui import theme
from kiosk.ui.lock import lock_down
from kiosk.ui.main_window import MainWindow, WindowContext
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.stop_signals import quit_on_signals
from kiosk.update import nightly

log = logging.getLogger(__name__)


def build_window(
    kiosk: Kiosk,
    *,
    idle_timeout_ms: int | None = None,
    guide_lock_ms: int | None = None,
    sync: bool = True,
    sync_backoff: Backoff | None = None,
    wall_clock: WallClock = utc_now,
    open_store: bool = True,
) -> MainWindow:
    """The main window over ``kiosk`` (``Kiosk.load``'s), resting on the attract screen (or
    the storage error screen showing). ``open_store``: its store is open when this returns
    (tests, the self-test); ``run`` passes False and opens it behind the first frame.
    ``idle_timeout_ms`` and ``guide_lock_ms`` override the settings, and ``wall_clock``
    pins the time the screens read, for tests."""
    reader = kiosk.open_scale()
    feed = ScaleFeed(reader) if reader is not None else None
    window = MainWindow(
        WindowContext(
            kiosk,
            scale_feed=feed,
            sync=sync,
            sync_backoff=sync_backoff,
            idle_timeout_ms=idle_timeout_ms,
            guide_lock_ms=guide_lock_ms,
            wall_clock=wall_clock,
        )
    )
    if open_store:
        window.start()
    if feed is not None:
        feed.start()
    return window


def run(
    *, data_dir: str | Path | None = None, windowed: bool = False, argv: Sequence[str] = ()
) -> int:
    try:
        # The folders first, so that a bad settings file is logged.
        paths = folders(data_dir)
    except SetupError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    logs.configure(paths.logs)  # on a read-only disk: to stderr, said once
    logs.install_excepthook()
    log.info("%s %s starting, data in %s", APP_NAME, __version__, paths.data)
    try:
        kiosk = Kiosk.load(data_dir)  # as every command opens it (kiosk.composition)
    except (SettingsError, SetupError) as exc:
        log.error("%s", exc)
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    theme.apply(app)
    window = build_window(kiosk, open_store=False)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        # In the kiosk's bare X session no window manager honours the full-screen request,
        # so the window also takes the screen's size itself (seen on a real run under Xvfb).
        window.setGeometry(app.primaryScreen().geometry())
        window.locked_down = True
        lock_down(window)
    app.aboutToQuit.connect(window.shutdown)
    # Up once the store has opened (or its failure shows) behind the first frame: a version
    # on trial has passed (kiosk/update).
    once = Qt.ConnectionType.SingleShotConnection
    window.store_settled.connect(nightly.first_frame_reached, once)
    window.open_after_first_frame()
    # systemd's SIGTERM ends the kiosk as Ctrl+Q does (held while the loop runs).
    _wake_up = quit_on_signals(app)
    return app.exec()
