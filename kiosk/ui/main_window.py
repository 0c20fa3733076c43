"""The one top-level window: a stack of screens, resting on the residents' attract screen.

The guide's screen sits behind the PIN screen; the storage error screen replaces whatever
is showing while the store is unusable. The attract, PIN and error screens need no store, so
the app paints them first and opens the store behind them (``open_behind``); the screens that
read the store, and SQLAlchemy with them, are imported once it is open.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton, QStackedWidget, QWidget

from kiosk import APP_NAME
from kiosk.composition import Kiosk
from kiosk.db.errors import StorageError
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.kinds import Direction
from kiosk.domain.pin import LOCKOUT_FILE, Lockout
from kiosk.sync.schedule import Backoff
from kiosk.ui import theme
from kiosk.ui.app_model import AppModel
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.languages import Languages
from kiosk.ui.lock import PinScreen
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import application, with_name
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.selfservice.attract import AttractScreen
from kiosk.ui.selfservice.widgets import TOUCH_MIN, pixmap
from kiosk.ui.storage_error import StorageErrorScreen
from kiosk.ui.tap_guard import TapGuard
from kiosk.update import nightly

if TYPE_CHECKING:  # the engine brings httpx; the store's screens bring SQLAlchemy (above)
    from kiosk.db.store import Store
    from kiosk.sync.status import SyncStatus
    from kiosk.ui.events_screen import EventsScreen
    from kiosk.ui.guide_screen import GuideScreen
    from kiosk.ui.pickup_screen import PickupScreen
    from kiosk.ui.selfservice.flow import SelfServiceFlow
    from kiosk.ui.sync_feed import SyncFeed
    from kiosk.ui.technician_screen import TechnicianScreen

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WindowContext:
    """What the window is built from; the overrides are for tests and benchmarks."""

    kiosk: Kiosk
    scale_feed: ScaleFeed | None = None
    sync: bool = True  # run background sync (when enrolled)
    sync_backoff: Backoff | None = None
    idle_timeout_ms: int | None = None
    guide_lock_ms: int | None = None
    clock: Callable[[], float] = time.monotonic  # the PIN lockout's
    wall_clock: WallClock = utc_now  # what the screens stamp records with and call "today"


class MainWindow(QMainWindow):
    """Attract screen, self-service flow, PIN screen, guide's screen, storage error screen.

    ``open_store`` is called again on "try again", so a disk that was full or a USB
    drive that was re-seated can recover without restarting the kiosk.
    """

    # The store's opening has ended, opened or failed (``open_behind``): the app is up.
    store_settled = Signal()

    def __init__(self, context: WindowContext):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(1024, 600)
        kiosk = context.kiosk
        settings = kiosk.settings
        self._settings = settings
        self._kiosk = kiosk
        self._open_store = kiosk.open_store
        self._hours_of = kiosk.hours
        self.scale_feed = context.scale_feed
        # Where the device token lives; None (tests of other parts) means no background sync.
        self._sync_paths = kiosk.paths if context.sync else None
        self._sync_backoff = context.sync_backoff
        self.wall_clock = context.wall_clock
        self.model: AppModel | None = None
        self.sync_feed: SyncFeed | None = None
        # Set by app.run on the kiosk PC: then only an unlocked guide may close the window.
        self.locked_down = False
        self.guide_unlocked = False
        self.store: Store | None = None
        self.opening = False  # open_behind's Op is running
        self._waiting: str | None = None  # a resident's choice, tapped while opening
        self.guide: GuideScreen | None = None
        self.technician: TechnicianScreen | None = None
        self.events: EventsScreen | None = None
        self.pickup: PickupScreen | None = None
        self._log_file = kiosk.log_file
        self.flow: SelfServiceFlow | None = None
        self.languages = Languages(kiosk.paths.cache / "translations", settings.language, self)
        self.stack = QStackedWidget()
        self.error_screen = StorageErrorScreen()
        self.error_screen.retry_requested.connect(self.start)
        self.attract = AttractScreen(self.languages, settings.station_name, self.wall_clock)
        self.attract.direction_chosen.connect(self.begin)
        self.attract.guide_requested.connect(self.request_guide)
        self.languages.language_changed.connect(self._language_chosen)
        lockout = Lockout.restore(
            kiosk.paths.data / LOCKOUT_FILE,
            now=context.clock(),
            max_tries=settings.pin_max_tries,
            base_s=settings.pin_lockout_s,
        )  # pulling the plug must not clear a lockout
        self.pin_screen = PinScreen(kiosk.paths.pin_file, lockout, clock=context.clock)
        self.pin_screen.unlocked.connect(self._guide_unlocked)
        self.pin_screen.cancelled.connect(self._backed_out)
        for screen in (self.error_screen, self.attract, self.pin_screen):
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(self.attract)  # the first frame, before the store opens
        self._show_script(self.languages.current)  # a station whose own language is Urdu
        self.setCentralWidget(self.stack)
        # Installed before the idle watchers, so they still see a tap the guard ignores.
        self.tap_guard = TapGuard(parent=self)
        application().installEventFilter(self.tap_guard)
        timeout = context.idle_timeout_ms
        if timeout is None:
            timeout = settings.idle_timeout_s * 1000
        self.idle = IdleWatcher(timeout, self)
        self.idle.idled.connect(self._idled)
        application().installEventFilter(self.idle)
        # A guide who walks away must not leave the guide's screen open to the next resident.
        guide_ms = context.guide_lock_ms
        if guide_ms is None:
            guide_ms = settings.guide_lock_after_s * 1000
        self.guide_idle = IdleWatcher(guide_ms, self)
        self.guide_idle.idled.connect(self.lock)
        application().installEventFilter(self.guide_idle)
        self._thanks_ms = settings.thanks_timeout_s * 1000

    def open_after_first_frame(self) -> None:
        """``open_behind`` once the attract screen has painted: the store's imports (half a
        second of SQLAlchemy on a loaded kiosk) would otherwise compete with the first frame
        for the interpreter."""
        self.attract.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.attract and event.type() == QEvent.Type.Paint:
            self.attract.removeEventFilter(self)
            QTimer.singleShot(0, self.open_behind)  # after this frame is flushed
        return False

    def open_behind(self) -> None:
        """Open the store on the store's lane, behind the screen shown, then ``start``.

        The first frame waits for neither SQLAlchemy, Alembic nor a migration. A resident's
        choice tapped meanwhile waits on its button (``begin``) and is taken once it is open.
        """
        if self.store is not None or self.opening:
            return
        self.opening = True
        Op(self, self._open_store).success(self._opened).failure(
            self._open_failed
        ).run_in_background()

    def _opened(self, store: "Store") -> None:
        self.opening = False
        self.store = store
        self.start()
        self.store_settled.emit()

    def _open_failed(self, exc: Exception) -> None:
        self.opening = False
        if not isinstance(exc, StorageError):
            # A bug, logged with its traceback; the person still gets a screen to act on.
            log.error("opening the store failed", exc_info=exc)
            exc = StorageError("cant_open", detail=f"{type(exc).__name__}: {exc}")
        self.show_storage_error(exc)
        self.store_settled.emit()

    def start(self) -> None:
        """Open the store if needed and show the resting screen (or the guide's, if unlocked)."""
        if self.opening:
            return  # open_behind calls this once the store is open
        if self.store is None:
            try:
                self.store = self._open_store()
            except StorageError as exc:
                self.show_storage_error(exc)
                return
        if self.model is None:
            self.model = AppModel(self.store, self._hours_of(self.store), self)
            self.attract.show_model(self.model)
        self._build_store_screens(self.store, self.model)
        waiting, self._waiting = self._waiting, None
        self.attract.stop_waiting()
        if self.guide_unlocked and self.guide is not None:
            self.guide.refresh()
            self._show(self.guide)
        elif waiting is not None and self.attract.opening.usable:
            # A choice tapped while the store opened; the hours now known may have closed the
            # station to residents, and then it lapses.
            self.begin(waiting)
        else:
            self.rest()

    def _build_store_screens(self, store: "Store", model: AppModel) -> None:
        # Imported here: these screens read the store, and bring SQLAlchemy with them.
        from kiosk.ui.guide_screen import GuideScreen
        from kiosk.ui.selfservice.flow import SelfServiceFlow

        if self.guide is None:
            self.guide = GuideScreen(store, model, self._settings, self.scale_feed, self.wall_clock)
            self.guide.storage_failed.connect(self.show_storage_error)
            self.guide.technician_requested.connect(self.show_technician)
            self.lock_button = with_name(QPushButton(), "lockGuide")
            self.lock_button.setIcon(pixmap("lock", 40))
            self.lock_button.setIconSize(QSize(32, 32))
            self.lock_button.setMinimumSize(TOUCH_MIN, 64)  # the guide's targets are 64 px
            self.lock_button.setText(self.tr("Lås"))
            self.lock_button.clicked.connect(self.lock)
            self.guide.header.add_button(self.lock_button)
            # The one door to events, repairs, material flows and the station's totals.
            self.events_button = with_name(QPushButton(self.tr("Arrangementer")), "events")
            self.events_button.setMinimumSize(TOUCH_MIN, 64)
            self.events_button.clicked.connect(self.show_events)
            self.guide.add_action(self.events_button)
            # Reuse items sent on to a reuse partner: this tap, the kg, "Lagre".
            self.partner_button = with_name(QPushButton(self.tr("Til ombrukspartner")), "events")
            self.partner_button.setMinimumSize(TOUCH_MIN, 64)
            self.partner_button.clicked.connect(self.show_reuse_partner)
            self.guide.add_action(self.partner_button)
            # A container or the hazardous cabinet collected: typed from the driver's ticket.
            self.pickup_button = with_name(QPushButton(self.tr("Henting")), "events")
            self.pickup_button.setMinimumSize(TOUCH_MIN, 64)
            self.pickup_button.clicked.connect(self.show_pickup)
            self.guide.add_action(self.pickup_button)
            self._add_staff(self.guide)
        if self.flow is None:
            self.flow = SelfServiceFlow(
                store,
                model,
                self.languages,
                self._thanks_ms,
                self.scale_feed,
                self.wall_clock,
            )
            self.flow.finished.connect(self.rest)
            self._show_script(self.languages.current)
            self.flow.backed_out.connect(self._backed_out)
            self.flow.still_there.continued.connect(self.idle.arm)
            self.flow.still_there.expired.connect(self.rest)
            self.flow.storage_failed.connect(self.show_storage_error)
            self.stack.addWidget(self.flow)
        if self.sync_feed is None and self._sync_paths is not None:
            self._start_sync(store, self.guide, self.flow)

    # Resident side

    def rest(self) -> None:
        """The resting state: attract screen in the station's language, no draft open."""
        self.idle.disarm()
        if self.flow is not None:
            self.flow.draft = None
            self.flow.still_there.stop()
        self._waiting = None
        self.attract.stop_waiting()
        self.languages.reset()
        self._show(self.attract)

    def begin(self, direction: str) -> None:
        if self.flow is None:
            if self.opening:  # taken once the store is open (start)
                self._waiting = direction
                self.attract.show_waiting(direction)
            return
        self.flow.begin(Direction(direction))
        self._show(self.flow)
        self.idle.arm()

    def _resident_screens(self) -> list[QWidget]:
        screens = [self.attract, self.pin_screen, self.error_screen]
        return screens if self.flow is None else [*screens, self.flow]

    def _show_script(self, language: str) -> None:
        # Urdu in Nastaliq, Arabic in Naskh: on the resident's screens only (kiosk/ui/theme.py).
        sheet = theme.script_overrides(language)
        for screen in self._resident_screens():
            if screen.styleSheet() != sheet:
                screen.setStyleSheet(sheet)

    def _language_chosen(self, language: str) -> None:
        self._show_script(language)
        # A language picked on the attract screen and then left: the timeout brings Bokmål back.
        if self.stack.currentWidget() is self.attract and language != self.languages.default:
            self.idle.arm()

    def _backed_out(self) -> None:
        # Back (out of step 1, or off the PIN screen) keeps the resident's language; the idle
        # countdown stays armed, so a kiosk left in Arabic returns to Bokmål by itself.
        if self.flow is not None:
            self.flow.still_there.stop()
        self._show(self.attract)
        self.idle.arm()

    def _idled(self) -> None:
        # A resident walked away: first ask whether they are still there (the flow shows its
        # countdown over their step); then drop whatever was half done, unsaved, and rest.
        current = self.stack.currentWidget()
        if self.flow is not None and current is self.flow and self.flow.in_progress():
            self.flow.still_there.start()
        elif current in (self.flow, self.pin_screen, self.attract):
            self.rest()

    # Guide side

    def request_guide(self) -> None:
        self.pin_screen.reset()
        self._show(self.pin_screen)
        self.idle.arm()

    def _guide_unlocked(self) -> None:
        self.idle.disarm()
        self.guide_idle.arm()
        self.guide_unlocked = True
        self.languages.reset()
        self.start()
        if self.guide is not None:
            self.guide.show_pin_warning(self.pin_screen.default_pin_in_use)

    def lock(self) -> None:
        """Leave the guide's mode: the next person sees the attract screen."""
        self.guide_idle.disarm()
        self.guide_unlocked = False
        self.rest()

    def _start_sync(self, store: "Store", guide: "GuideScreen", flow: "SelfServiceFlow") -> None:
        from kiosk.ui.sync_feed import SyncFeed

        feed = SyncFeed(
            store,
            self._kiosk,
            backoff=self._sync_backoff,
            wall_clock=self.wall_clock,
        )
        feed.setParent(self)
        feed.sync_started.connect(guide.show_sync_started)
        feed.sync_finished.connect(guide.show_sync_finished)
        feed.sync_finished.connect(self._sync_finished)
        feed.storage_failed.connect(self.show_storage_error)
        feed.offline_changed.connect(guide.header.show_offline)
        for saved in (guide.deposit_saved, guide.deposit_undone, flow.deposit_saved):
            saved.connect(feed.registered)
        self.sync_feed = feed
        feed.start()

    def _sync_finished(self, status: "SyncStatus") -> None:
        # Handed over on the GUI thread: catalogue and hours change for every screen at once.
        model = self.model
        assert model is not None  # the feed starts after the model (start)
        if status.catalogue is not None:
            model.publish_catalogue(status.catalogue)
        if status.hours is not None:
            model.publish_hours(status.hours)
        # A verified update waits for a closed hour with nobody at the screen; the launcher
        # then starts it on trial (kiosk/update, docs/updates.md).
        at_rest = self.stack.currentWidget() is self.attract
        now = self.wall_clock()
        store_file = self._sync_paths.database if self._sync_paths is not None else None
        if nightly.switch_if_staged(
            hours=model.hours, now=now, resident_idle=at_rest, store=store_file
        ):
            QApplication.exit(0)

    def shutdown(self) -> None:
        """Stop background work before the window goes: no thread may outlive its receiver."""
        for feed in (self.scale_feed, self.sync_feed):
            if feed is not None:
                feed.stop()

    def show_technician(self) -> None:
        if self.store is None:
            return
        if self.technician is None:
            from kiosk.ui.technician_screen import TechnicianScreen

            self.technician = TechnicianScreen(self.store, log_file=self._log_file)
            self.technician.closed.connect(self.start)
            self._add_staff(self.technician)
        self.technician.refresh()
        self._show(self.technician)

    def show_events(self) -> None:
        if self.store is None:
            return
        if self.events is None:
            from kiosk.ui.events_screen import EventsScreen

            model = self.model
            self.events = EventsScreen(
                self.store,
                self.wall_clock,
                partners=self._settings.reuse_partners,
                planned=lambda: model.hours.planned if model is not None else (),
            )
            self.events.closed.connect(self.start)
            self.events.storage_failed.connect(self.show_storage_error)
            if model is not None:  # a schedule from a sync shows at once, as the hours do
                events = self.events
                model.changed.connect(
                    lambda changes: events.show_planned() if changes.hours else None
                )
            if self.sync_feed is not None:
                self.events.record_saved.connect(self.sync_feed.registered)
            self._add_staff(self.events)
        self.events.show_events()
        self._show(self.events)

    def show_pickup(self) -> None:
        if self.store is None or self.model is None:
            return
        if self.pickup is None:
            from kiosk.ui.pickup_screen import PickupScreen

            self.pickup = PickupScreen(
                self.store,
                self.model.catalogue,
                wall_clock=self.wall_clock,
            )
            self.pickup.closed.connect(self.start)
            self.pickup.storage_failed.connect(self.show_storage_error)
            if self.sync_feed is not None:
                self.pickup.record_saved.connect(self.sync_feed.registered)
            self._add_staff(self.pickup)
        self.pickup.reset()
        self._show(self.pickup)

    def show_reuse_partner(self) -> None:
        self.show_events()
        if self.events is not None:
            self.events.show_partner_flow()

    def show_storage_error(self, error: StorageError) -> None:
        log.warning("showing storage error %s: %s", error.kind, error.detail)
        self.idle.disarm()
        self._waiting = None  # a choice tapped while it opened lapses with the store
        self.attract.stop_waiting()
        self.error_screen.show_error(error)
        self._show(self.error_screen)

    def _add_staff(self, screen: QWidget) -> None:
        """A staff screen reads Bokmål (its strings are not translated), so it is laid out left
        to right whatever the station's language: mirrored in Arabic or Urdu, its header read
        "venter · 13 min 12" and its buttons stood in a Bokmål reader's wrong corners."""
        screen.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.stack.addWidget(screen)

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)

    # Lockdown: a resident cannot close the window or leave it by a shortcut.

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked_down and not self.guide_unlocked:
            event.ignore()
            return
        application().removeEventFilter(self.tap_guard)
        application().removeEventFilter(self.idle)
        application().removeEventFilter(self.guide_idle)
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.guide_unlocked and event.keyCombination() == QKeyCombination(
            Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Q
        ):
            # The technician's way out (README): it needs the PIN, and works without a
            # window manager, where Alt+F4 would do nothing.
            self.close()
            return
        if self.locked_down and not self.guide_unlocked and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)
