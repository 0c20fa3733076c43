"""The customer guide's registration screen: category, weight, confirm; today's list and totals."""

import logging
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.db.deposits import (
    SavedDeposit,
    register_deposit,
    todays_deposits,
    undo_deposit,
)
from kiosk.db.errors import StorageError
from kiosk.db.station_totals import todays_station_totals
from kiosk.db.store import Store
from kiosk.domain.catalogue import Category
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Channel, Direction, WeightSource
from kiosk.domain.pin import DEFAULT_PIN
from kiosk.domain.weights import format_kg, parse_kg
from kiosk.settings import Settings
from kiosk.sync.outbox import SyncOverview, sync_overview
from kiosk.ui.app_model import AppModel, Changes
from kiosk.ui.category_grid import CategoryGrid, section_of
from kiosk.ui.handout import HandoutToggle
from kiosk.ui.header import Header
from kiosk.ui.i18n import message
from kiosk.ui.languages import staff_name
from kiosk.ui.numpad import Numpad
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import with_name
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.scale_panel import ScalePanel
from kiosk.ui.theme import restyle
from kiosk.ui.today_list import ROW_LIMIT, TodayList
from kiosk.ui.totals import Totals
from kiosk.ui.touch import GAP, TARGET

log = logging.getLogger(__name__)
FEEDBACK_MS = 6000
SIDE_WIDTH = 472  # six 64 px keys, their gaps, the panel's margins and border
ENTRY_HEIGHT = TARGET
CONFIRM_WIDTH = 150
STEP_LINE_HEIGHT = 40
COMPACT_HEIGHT = 700
ERROR_WIDTH = 420


class ErrorCallout(QLabel):
    """The refusal, in red beside the weight field, over the tiles; the next tap anywhere on
    the screen takes it away and still acts on what it lands on.

    A message is never a target: when a tap on it only dismissed it, a tap on what it
    covered ("Mer" at 1024x600, after a double-tapped "Lagre") was lost."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def showEvent(self, event: QShowEvent) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # only while shown: it looks at every press
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        screen = self.parentWidget()
        if (
            event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
            and isinstance(watched, QWidget)
            and screen is not None
            and screen.isAncestorOf(watched)
        ):
            self.hide()
        return False  # the tap goes on to what it landed on


class ActionBar(QWidget):
    """The guide's buttons above the tiles, each as wide as its word: in one row where they
    fit, else in as many columns as fit. Squeezed into one row of a 1024 px screen's left
    column, "Til ombrukspartner" lost its padding and its ink touched its frame."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("actionBar")
        self.buttons: list[QPushButton] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(GAP)
        self._columns = 0

    def add(self, button: QPushButton) -> None:
        self.buttons.append(button)
        self._place(len(self.buttons))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self._fitting(event.size().width()))

    def _fitting(self, width: int) -> int:
        """The most columns whose widest buttons and gaps fit ``width``; at least one."""
        for columns in range(len(self.buttons), 1, -1):
            needed = GAP * (columns - 1) + sum(
                max(b.sizeHint().width() for b in self.buttons[column::columns])
                for column in range(columns)
            )
            if needed <= width:
                return columns
        return 1

    def _place(self, columns: int) -> None:
        if columns == self._columns and all(self._grid.indexOf(b) >= 0 for b in self.buttons):
            return
        for column in range(self._columns + 1):
            self._grid.setColumnStretch(column, 0)
        self._columns = columns
        for index, button in enumerate(self.buttons):
            self._grid.removeWidget(button)
            self._grid.addWidget(button, index // columns, index % columns)
        self._grid.setColumnStretch(columns, 1)  # the buttons keep their width, leading


class GuideScreen(QWidget):
    deposit_saved = Signal(object)  # SavedDeposit, emitted after its commit returned
    deposit_undone = Signal(object)  # the reversal SavedDeposit
    storage_failed = Signal(object)  # StorageError
    technician_requested = Signal()

    def __init__(
        self,
        store: Store,
        model: AppModel,
        settings: Settings,
        scale_feed: ScaleFeed | None = None,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("guideScreen")
        self.store = store
        # "Today" (the list, the totals) is the Oslo day of this clock's now, and a registration
        # is stamped by it: one clock, so a test can pin the moment (midnight, a DST change).
        self.wall_clock = wall_clock
        self.model = model
        model.changed.connect(self._model_changed)
        self.header = Header(settings.station_name, model.hours, wall_clock)  # central's hours
        # The technician's door: this whole screen is already behind the guide's PIN.
        self.technician_button = with_name(QPushButton(self.tr("Teknisk")), "technician")
        self.technician_button.clicked.connect(self.technician_requested)
        self.header.add_button(self.technician_button)
        self.grid = CategoryGrid(model.catalogue)
        self.grid.category_chosen.connect(self._category_chosen)
        self.numpad = Numpad(store.max_weight_g)
        self.numpad.submitted.connect(self.confirm)
        self._sync_overview: SyncOverview | None = None
        self._syncing = False
        self._saving = False
        # Grams taken from a stable scale reading; forgotten as soon as anyone edits the weight.
        self._scale_g: int | None = None
        self.numpad.edited.connect(self._forget_scale_weight)
        self.scale: ScalePanel | None = None
        if scale_feed is not None:
            self.scale = ScalePanel(scale_feed)
            self.scale.weight_taken.connect(self.use_scale_weight)
        self.chosen = with_name(QLabel(), "feedback")
        self.chosen.setFixedHeight(STEP_LINE_HEIGHT)
        self.chosen.setMinimumWidth(1)  # a long name is cut here, never the panel widened
        self._set_step(self.tr("Velg kategori. Angre: trykk en rad."), state="title")
        self.confirm_button = QPushButton(self.tr("Lagre"))
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.today = TodayList(model.catalogue, overlay_host=self)
        self.today.undo_confirmed.connect(self.undo)
        self.totals = Totals()
        # A refusal appears beside the weight field, over the tiles, never over the list;
        # it goes with the next edit or a tap on it.
        self.error = ErrorCallout(self)
        self.numpad.edited.connect(self.error.hide)
        self._feedback_timer = QTimer(self, singleShot=True, interval=FEEDBACK_MS)
        self._feedback_timer.timeout.connect(self._rest_step)

        self.confirm_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.confirm_button.setFixedSize(CONFIRM_WIDTH, ENTRY_HEIGHT)
        self.numpad.fit_entry()
        self.numpad.entry.setFixedHeight(ENTRY_HEIGHT)
        weight_row = QHBoxLayout()
        weight_row.setSpacing(6)
        weight_row.addWidget(self.numpad.entry, 1)
        weight_row.addWidget(with_name(QLabel("kg"), "unit"))
        weight_row.addSpacing(GAP - 6)
        weight_row.addWidget(self.confirm_button)
        self.entry_panel = entry = with_name(QFrame(), "entryPanel")
        entry.setFixedWidth(SIDE_WIDTH)
        side = QVBoxLayout(entry)
        side.setContentsMargins(12, 6, 12, 6)
        side.setSpacing(GAP)  # between targets; the lines of text sit closer
        side.addWidget(self.chosen)
        side.addSpacing(4 - GAP)
        side.addLayout(weight_row)
        side.addWidget(self.numpad)
        side.addWidget(self.today, 1)
        side.addSpacing(4 - GAP)
        side.addWidget(self.totals)

        # Stays up for the whole session while the first-run PIN opens this screen.
        self.pin_warning = with_name(
            QLabel(
                self.tr("⚠ Standard-PIN %1 er i bruk. Bytt den med «kiosk set-pin».").replace(
                    "%1", DEFAULT_PIN
                ),
                wordWrap=True,
            ),
            "pinWarning",
        )
        self.pin_warning.hide()
        # "Ut" leads the reuse section: a mode, seen on the tiles and in the step line.
        self.handout = HandoutToggle()  # reuse items handed out: direction out
        self.handout.toggled.connect(self._out_toggled)
        self.grid.set_reuse_leader(self.handout)
        # Above the tiles: what the guide does besides a delivery (the events screen, the
        # reuse partner). On a 600 px screen they wait behind "Mer", so that every section
        # of tiles fits without scrolling; the weight row and the header keep their room.
        self.action_bar = ActionBar()
        self.more_button = with_name(QPushButton(self.tr("Mer")), "more")
        self.more_button.setCheckable(True)
        self.more_button.setMinimumSize(64, 64)
        self.more_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.more_button.toggled.connect(self._show_actions)
        self.more_button.hide()
        self.grid.tab_row.addWidget(self.more_button)
        self._compact = False
        left = QVBoxLayout()
        left.setSpacing(GAP)
        left.addWidget(self.pin_warning)
        left.addWidget(self.action_bar)
        if self.scale is not None:
            # Above the tiles, not in the panel: today's list keeps its rows with a scale.
            left.addWidget(self.scale)
        left.addWidget(self.grid, 1)
        body = QHBoxLayout()
        body.setContentsMargins(12, 8, 12, 8)
        body.setSpacing(GAP)
        body.addLayout(left, 1)
        body.addWidget(entry)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # On a 600 px tall screen the numpad keeps its 64 px keys and the list three rows;
        # the day's totals are what gives way.
        super().resizeEvent(event)
        compact = event.size().height() < COMPACT_HEIGHT
        if self.totals.isHidden() != compact:
            self.totals.setHidden(compact)
        if compact != self._compact:
            self._compact = compact
            self.more_button.setVisible(compact)
            self.more_button.setChecked(False)
            self._show_actions(False)
        if self.error.isVisible():
            self._place_error()

    def add_action(self, button: QPushButton) -> None:
        """Put another of the guide's 64 px buttons in the row above the tiles."""
        self.action_bar.add(button)
        button.clicked.connect(lambda: self.more_button.setChecked(False))

    def _show_actions(self, shown: bool) -> None:
        self.action_bar.setVisible(shown or not self._compact)

    def show_pin_warning(self, default_pin: bool) -> None:
        """Warn, for as long as this session lasts, that the first-run PIN is in use."""
        self.pin_warning.setVisible(default_pin)

    def _model_changed(self, changes: Changes) -> None:
        if changes.catalogue:
            chosen = self.grid.chosen()
            self.grid.show_catalogue(self.model.catalogue)
            if chosen is not None and self.grid.chosen() is None:  # retired under the guide
                self._rest_step()
            self.today.set_catalogue(self.model.catalogue)
            self.refresh()
        if changes.hours:
            self.header.set_hours(self.model.hours)

    def _category_chosen(self, code: str) -> None:
        category = self.model.catalogue.get(code)
        self.error.hide()
        self._feedback_timer.stop()
        if category is not None and self.grid.section() is not section_of(category.kind):
            self.grid.show_section(section_of(category.kind))
        name = staff_name(category) if category else code
        if self.handout.direction_for(category) == Direction.OUT:
            self._set_step(self.tr("↑ Ut: %1").replace("%1", name), state="out")
        else:
            self._set_step(name, state="chosen")
        self.numpad.entry.setFocus()

    def _out_toggled(self, out: bool) -> None:
        self.grid.set_out(out)
        self._rest_step()

    def _set_step(self, text: str, *, state: str) -> None:
        self.chosen.setText(text)
        self.chosen.setProperty("state", state)
        restyle(self.chosen)

    def _rest_step(self) -> None:
        """Back to what the guide does next: the chosen category, or choosing one."""
        code = self.grid.chosen()
        if code is not None:
            self._category_chosen(code)
        elif self.handout.isChecked():
            self._set_step(self.tr("↑ Ut: velg det som gikk ut."), state="out")
        else:
            self._set_step(self.tr("Velg kategori. Angre: trykk en rad."), state="title")

    def use_scale_weight(self, grams: int) -> None:
        """Put a stable scale weight in the entry; it is saved as weighed unless edited."""
        self.numpad.entry.setText(format_kg(grams))
        self._scale_g = grams

    def _forget_scale_weight(self) -> None:
        self._scale_g = None

    def confirm(self) -> None:
        if self._saving:  # a glove's bounce, or a tap while the last save commits
            return
        code = self.grid.chosen()
        if code is None:
            self._show_feedback(self.tr("Velg en kategori først."), error=True)
            return
        try:
            # The store refuses an unknown or retired code too; asking first keeps it a Category.
            category = self.model.catalogue.require(code)
            grams = parse_kg(self.numpad.text(), max_g=self.store.max_weight_g)
        except ValidationError as exc:
            self._show_feedback(message(exc), error=True)
            return
        source = WeightSource.SCALE_STABLE if grams == self._scale_g else WeightSource.MANUAL
        self._saving = True
        # On the store's worker: the commit may wait for SQLite's write lock (a sync marking
        # records synced) and the screen must stay responsive meanwhile.
        work = partial(
            register_deposit,
            store=self.store,
            category=code,
            weight_g=grams,
            channel=Channel.GUIDE,
            direction=self.handout.direction_for(category),
            weight_source=source,
            now=self.wall_clock(),  # the moment of the tap
        )
        Op(self, work).success(partial(self._saved, category)).failure(
            self._store_failed
        ).run_in_background()

    def _saved(self, category: Category, saved: SavedDeposit) -> None:
        self._saving = False
        grams = saved.weight_g
        self.grid.clear()
        self.numpad.clear()
        self._scale_g = None
        self.error.hide()
        if saved.direction == Direction.OUT:
            template = self.tr("Lagret ut: %1 %2 kg")
        else:
            template = self.tr("Lagret: %1 %2 kg")
        template = template.replace("%2", format_kg(grams))
        self.handout.reset()  # the next delivery is "in" again
        self._set_step("", state="saved")  # its font, to measure in
        # The weight must stay readable; a long name gives way (the new row shows it whole).
        metrics = self.chosen.fontMetrics()
        room = self.chosen.contentsRect().width() - metrics.horizontalAdvance(
            template.replace("%1", "")
        )
        name = metrics.elidedText(staff_name(category), Qt.TextElideMode.ElideRight, max(0, room))
        self._show_feedback(template.replace("%1", name))
        # Add the one new row instead of re-reading the day: the confirm tap must paint
        # within two frames even late on a busy day.
        self.today.add_deposit(saved)
        self.totals.add(category.kind, saved.direction, grams)
        self._count_new_pending(saved)
        self.deposit_saved.emit(saved)

    def _store_failed(self, exc: Exception) -> None:
        """A refusal is shown in red, a storage failure gets its screen; nothing was saved."""
        self._saving = False
        if isinstance(exc, ValidationError):
            self._show_feedback(message(exc), error=True)
        elif isinstance(exc, StorageError):
            self.storage_failed.emit(exc)
        else:  # a bug: keep its traceback in the log, and say plainly that nothing was saved
            log.error("store operation failed", exc_info=exc)
            self._show_feedback(
                self.tr("Noe gikk galt, og ingenting ble lagret. Prøv igjen."), error=True
            )

    def undo(self, deposit_id: str) -> None:
        work = partial(undo_deposit, store=self.store, deposit_id=deposit_id, now=self.wall_clock())
        Op(self, work).success(self._undone).failure(self._store_failed).run_in_background()

    def _undone(self, reversal: SavedDeposit) -> None:
        self._show_feedback(self.tr("Angret."))
        self.refresh()
        self.deposit_undone.emit(reversal)

    def refresh(self) -> None:
        """Re-read today's list, totals and the unsynced count from the store."""
        now = self.wall_clock()
        try:
            self.today.show_deposits(todays_deposits(store=self.store, now=now, limit=ROW_LIMIT))
            self.totals.show_totals(todays_station_totals(store=self.store, now=now))
        except StorageError as exc:
            self.storage_failed.emit(exc)
        self._refresh_unsynced()

    def _refresh_unsynced(self, *, syncing: bool = False) -> None:
        try:
            self._sync_overview = sync_overview(store=self.store)
        except StorageError as exc:
            self.storage_failed.emit(exc)
            return
        self._syncing = syncing
        self.header.show_sync(self._sync_overview, syncing=syncing)

    def _count_new_pending(self, saved: SavedDeposit) -> None:
        # Counted, not re-read: after a month offline the re-read scans every pending record
        # (about 20 ms for 100,000), which the confirm tap must not wait for.
        if self._sync_overview is None:
            self._refresh_unsynced()
            return
        before = self._sync_overview
        self._sync_overview = replace(
            before,
            pending=before.pending + 1,
            oldest_unsynced_at=before.oldest_unsynced_at or saved.recorded_at,
        )
        self.header.show_sync(self._sync_overview, syncing=self._syncing)

    def show_sync_started(self) -> None:
        self._refresh_unsynced(syncing=True)

    def show_sync_finished(self, _status: object = None) -> None:
        self._refresh_unsynced()

    def _show_feedback(self, text: str, *, error: bool = False) -> None:
        if error:
            self.error.setText(text)
            self._place_error()
            self.error.show()
            self.error.raise_()
            return
        self._set_step(text, state="saved")
        self._feedback_timer.start()

    def _place_error(self) -> None:
        # To the left of the weight field, over the tiles: the panel does not move.
        entry = self.numpad.entry
        top_right = entry.mapTo(self, entry.rect().topLeft())
        right = self.entry_panel.mapTo(self, self.entry_panel.rect().topLeft()).x() - GAP
        width = min(ERROR_WIDTH, right - GAP)
        height = max(ENTRY_HEIGHT, self.error.heightForWidth(width))
        top = top_right.y()
        if self.pin_warning.isVisible():  # below the PIN warning, which must stay readable
            bottom = self.pin_warning.mapTo(self, QPoint(0, self.pin_warning.height())).y()
            top = max(top, bottom + 4)
        self.error.setGeometry(right - width, top, width, height)
