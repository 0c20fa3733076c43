"""The customer guide's registration screen: category, weight, confirm; today's list and totals."""

import logging
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
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
    todays_totals,
    undo_deposit,
)
from kiosk.db.errors import StorageError
from kiosk.db.store import Store
from kiosk.domain.catalogue import Category
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Channel, WeightSource
from kiosk.domain.weights import format_kg, parse_kg
from kiosk.settings import Settings
from kiosk.sync.outbox import SyncOverview, sync_overview
from kiosk.ui.app_model import AppModel, Changes
from kiosk.ui.category_grid import CategoryGrid
from kiosk.ui.handout import HandoutToggle
from kiosk.ui.header import Header
from kiosk.ui.i18n import message
from kiosk.ui.numpad import Numpad
from kiosk.ui.operations import Op
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.scale_panel import ScalePanel
from kiosk.ui.today_list import ROW_LIMIT, TodayList, WrappedLabel
from kiosk.ui.totals import Totals

log = logging.getLogger(__name__)
FEEDBACK_MS = 6000
SIDE_WIDTH = 440
COMPACT_HEIGHT = 700


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
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("guideScreen")
        self.store = store
        self.model = model
        model.changed.connect(self._model_changed)
        language = settings.language
        self._language = language
        self.header = Header(settings.station_name, model.hours)  # central's, when it sent some
        # The technician's door: this whole screen is already behind the guide's PIN.
        self.technician_button = QPushButton(self.tr("Teknisk"), objectName="technician")
        self.technician_button.clicked.connect(self.technician_requested)
        self.header.add_button(self.technician_button)
        self.grid = CategoryGrid(model.catalogue, language)
        self.grid.category_chosen.connect(self._category_chosen)
        self.numpad = Numpad()
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
        self.chosen = WrappedLabel(self.tr("1. Velg kategori"), objectName="chosenCategory")
        self.confirm_button = QPushButton(self.tr("Lagre"))
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.clicked.connect(self.confirm)
        self.today = TodayList(model.catalogue, language)
        self.today.undo_confirmed.connect(self.undo)
        self.totals = Totals()
        self._feedback_timer = QTimer(self, singleShot=True, interval=FEEDBACK_MS)
        self._feedback_timer.timeout.connect(self.today.show_title)

        self.confirm_button.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        keypad = QWidget()
        # A fixed height: the keys keep their 64 px and the list below takes what is left.
        keypad.setFixedHeight(self.numpad.minimumHeight())
        keys = QHBoxLayout(keypad)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.setSpacing(8)
        keys.addWidget(self.numpad, 3)
        keys.addWidget(self.confirm_button, 2)
        entry = QFrame(objectName="entryPanel")
        entry.setFixedWidth(SIDE_WIDTH)
        side = QVBoxLayout(entry)
        side.setContentsMargins(12, 6, 12, 6)
        side.setSpacing(6)
        if self.scale is not None:
            side.addWidget(self.scale)
        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.chosen, 1)
        self.handout = HandoutToggle()  # reuse items handed out: direction out
        chosen_row.addWidget(self.handout)
        chosen_row.addWidget(self.numpad.entry, 1)
        chosen_row.addWidget(QLabel("kg", objectName="unit"))
        side.addLayout(chosen_row)
        side.addWidget(keypad)
        side.addWidget(self.today, 1)
        side.addWidget(self.totals)

        body = QHBoxLayout()
        body.setContentsMargins(12, 8, 12, 12)
        body.setSpacing(12)
        body.addWidget(self.grid, 1)
        body.addWidget(entry)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # On a 600 px tall screen the numpad keeps its 64 px keys and the list its row;
        # the day's totals are what gives way.
        super().resizeEvent(event)
        compact = event.size().height() < COMPACT_HEIGHT
        if self.totals.isHidden() != compact:
            self.totals.setHidden(compact)

    def _model_changed(self, changes: Changes) -> None:
        if changes.catalogue:
            chosen = self.grid.chosen()
            self.grid.show_catalogue(self.model.catalogue)
            if chosen is not None and self.grid.chosen() is None:  # retired under the guide
                self.chosen.setText(self.tr("1. Velg kategori"))
            self.today.set_catalogue(self.model.catalogue)
            self.refresh()
        if changes.hours:
            self.header.set_hours(self.model.hours)

    def _category_chosen(self, code: str) -> None:
        category = self.model.catalogue.get(code)
        self.chosen.setText(category.name(self._language) if category else code)
        self.handout.set_category(category)
        self.numpad.entry.setFocus()

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
        category = self.model.catalogue.get(code)
        try:
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
        )
        Op(self, work).success(partial(self._saved, category)).failure(
            self._store_failed
        ).run_in_background()

    def _saved(self, category: Category, saved: SavedDeposit) -> None:
        self._saving = False
        grams = saved.weight_g
        self.grid.clear()
        self.numpad.clear()
        self.handout.set_category(None)
        self._scale_g = None
        self.chosen.setText(self.tr("1. Velg kategori"))
        name = category.name(self._language)
        self._show_feedback(
            self.tr("Lagret: %1 %2 kg").replace("%1", name).replace("%2", format_kg(grams))
        )
        # Add the one new row instead of re-reading the day: the confirm tap must paint
        # within two frames even late on a busy day.
        self.today.add_deposit(saved)
        self.totals.add(category.kind, grams)
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
        work = partial(undo_deposit, store=self.store, deposit_id=deposit_id)
        Op(self, work).success(self._undone).failure(self._store_failed).run_in_background()

    def _undone(self, reversal: SavedDeposit) -> None:
        self._show_feedback(self.tr("Angret."))
        self.refresh()
        self.deposit_undone.emit(reversal)

    def refresh(self) -> None:
        """Re-read today's list, totals and the unsynced count from the store."""
        try:
            self.today.show_deposits(todays_deposits(store=self.store, limit=ROW_LIMIT))
            self.totals.show_totals(todays_totals(store=self.store))
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
            self.today.show_error(text)
        else:
            self.today.show_saved(text)
        self._feedback_timer.start()
