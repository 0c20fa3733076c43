"""The one top-level window: a stack of screens, full screen on the kiosk."""

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from kiosk import APP_NAME
from kiosk.db.errors import StorageError
from kiosk.db.store import Store
from kiosk.settings import Settings
from kiosk.ui.guide_screen import GuideScreen
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.storage_error import StorageErrorScreen
from kiosk.ui.technician_screen import TechnicianScreen

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows the guide's screen, or the storage error screen while the store is unusable.

    ``open_store`` is called again on "try again", so a disk that was full or a USB
    drive that was re-seated can recover without restarting the kiosk.
    """

    def __init__(
        self,
        settings: Settings,
        open_store: Callable[[], Store],
        scale_feed: ScaleFeed | None = None,
        *,
        log_file: Path | None = None,
    ):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(1024, 600)
        self._settings = settings
        self._open_store = open_store
        self.scale_feed = scale_feed
        self.store: Store | None = None
        self.guide: GuideScreen | None = None
        self.technician: TechnicianScreen | None = None
        self._log_file = log_file
        self.stack = QStackedWidget()
        self.error_screen = StorageErrorScreen()
        self.error_screen.retry_requested.connect(self.start)
        self.stack.addWidget(self.error_screen)
        self.setCentralWidget(self.stack)

    def start(self) -> None:
        """Open the store if needed and show the guide's screen, or the error screen."""
        if self.store is None:
            try:
                self.store = self._open_store()
            except StorageError as exc:
                self.show_storage_error(exc)
                return
        if self.guide is None:
            self.guide = GuideScreen(self.store, self._settings, self.scale_feed)
            self.guide.storage_failed.connect(self.show_storage_error)
            self.guide.technician_requested.connect(self.show_technician)
            self.stack.addWidget(self.guide)
        self.guide.refresh()
        self._show(self.guide)

    def shutdown(self) -> None:
        """Stop background work before the window goes: no thread may outlive its receiver."""
        if self.scale_feed is not None:
            self.scale_feed.stop()

    def show_technician(self) -> None:
        if self.store is None:
            return
        if self.technician is None:
            self.technician = TechnicianScreen(
                self.store, station_id=self._settings.station_id, log_file=self._log_file
            )
            self.technician.closed.connect(self.start)
            self.stack.addWidget(self.technician)
        self.technician.refresh()
        self._show(self.technician)

    def show_storage_error(self, error: StorageError) -> None:
        log.warning("showing storage error %s: %s", error.kind, error.detail)
        self.error_screen.show_error(error)
        self._show(self.error_screen)

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
