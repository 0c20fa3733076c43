"""The resident's flow as one widget: category, amount, summary, save, thanks.

The draft lives only in memory until confirm; it is dropped without a trace by Back out of
step 1 (``backed_out``: the language stays) and by the idle timeout after its warning.
"""

import logging
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.db.deposits import SavedDeposit, register_deposit
from kiosk.db.errors import StorageError
from kiosk.db.station_totals import todays_station_totals
from kiosk.db.store import Store
from kiosk.domain.catalogue import Category
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import ValidationError
from kiosk.domain.kinds import Channel, Direction, WeightSource
from kiosk.domain.sizes import estimate_grams
from kiosk.ui.app_model import AppModel, Changes
from kiosk.ui.languages import Languages
from kiosk.ui.operations import Op
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.selfservice.amount_step import AmountStep
from kiosk.ui.selfservice.category_step import CategoryStep
from kiosk.ui.selfservice.feedback import FeedbackQuestion
from kiosk.ui.selfservice.still_there import StillThere
from kiosk.ui.selfservice.summary_step import SummaryStep
from kiosk.ui.selfservice.thanks import ThanksScreen

log = logging.getLogger(__name__)


@dataclass
class Draft:
    direction: Direction
    # The category as chosen: a catalogue published mid-flow does not change a draft's
    # summary; saving checks the category against the catalogue then in force.
    chosen: Category | None = None

    @property
    def category(self) -> str | None:
        return self.chosen.code if self.chosen else None


class SelfServiceFlow(QStackedWidget):
    deposit_saved = Signal(object)  # SavedDeposit, after its commit returned
    storage_failed = Signal(object)  # StorageError
    finished = Signal()  # back to rest: done or thanks timed out
    backed_out = Signal()  # Back on step 1: to the attract screen, still in the same language

    def __init__(
        self,
        store: Store,
        model: AppModel,
        languages: Languages,
        thanks_ms: int,
        scale_feed: ScaleFeed | None = None,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.wall_clock = wall_clock  # stamps the record
        self.setObjectName("selfServiceFlow")
        self.store = store
        self.model = model
        self.draft: Draft | None = None
        self._saving = False
        self.categories = CategoryStep(model.catalogue, languages)
        model.changed.connect(self._model_changed)
        self.amount = AmountStep(languages)
        if scale_feed is not None:
            self.amount.set_scale_available(True)
            scale_feed.reading_changed.connect(self.amount.show_reading)
        self.summary = SummaryStep(languages)
        self.question = FeedbackQuestion(store, languages, wall_clock)
        self.thanks = ThanksScreen(languages, thanks_ms, self.question)
        self.still_there = StillThere(languages, parent=self)
        for step in (self.categories, self.amount, self.summary, self.thanks):
            self.addWidget(step)
        self.categories.category_chosen.connect(self._category_chosen)
        self.categories.back_requested.connect(self._back_out)
        self.amount.amount_chosen.connect(self._amount_chosen)
        self.amount.back_requested.connect(lambda: self.setCurrentWidget(self.categories))
        self.summary.back_requested.connect(lambda: self.setCurrentWidget(self.amount))
        self.summary.confirmed.connect(self.save)
        self.thanks.finished.connect(self._finish)

    def begin(self, direction: Direction) -> None:
        """Start a new draft for leaving (in) or taking (out) items."""
        self.draft = Draft(Direction(direction))
        self.categories.set_direction(self.draft.direction)
        self.amount.reset()
        self.setCurrentWidget(self.categories)

    def in_progress(self) -> bool:
        """Whether a half-finished draft is open (the thank-you screen is not half-finished)."""
        return self.draft is not None

    def discard(self) -> None:
        """Drop the draft unsaved and go to rest."""
        self.draft = None
        self.thanks.timer.stop()
        self.finished.emit()

    def _back_out(self) -> None:
        # A resident who picked the wrong direction keeps their language: only the
        # attract screen's own timeout (or the next resident) goes back to Bokmål.
        self.draft = None
        self.backed_out.emit()

    def _finish(self) -> None:
        self.draft = None
        self.finished.emit()

    def _model_changed(self, changes: Changes) -> None:
        if changes.catalogue:
            self.categories.show_catalogue(self.model.catalogue)

    def _category_chosen(self, code: str) -> None:
        if self.draft is None:
            return
        chosen = self.model.catalogue.get(code)
        if chosen is None:  # a catalogue published since the tiles were drawn
            return
        self.draft.chosen = chosen
        self.amount.show_category(chosen)
        self.setCurrentWidget(self.amount)

    def _grams(self, chosen: Category) -> tuple[int, WeightSource]:
        if self.amount.scale_grams is not None:
            return self.amount.scale_grams, WeightSource.SCALE_STABLE
        grams = estimate_grams(chosen, self.amount.count, self.amount.chosen_size())
        return grams, WeightSource.ESTIMATE

    def _amount_chosen(self) -> None:
        if self.draft is None or self.draft.chosen is None:
            return
        grams, source = self._grams(self.draft.chosen)
        size = None if source != WeightSource.ESTIMATE else self.amount.chosen_size()
        self.summary.show_draft(
            self.draft.direction, self.draft.chosen, self.amount.count, size, grams
        )
        self.setCurrentWidget(self.summary)

    def save(self) -> None:
        """Durably save the draft as a self-service deposit (on the store's worker, so the
        screen stays responsive), then thank the resident."""
        if self.draft is None or self.draft.chosen is None or self._saving:
            return  # nothing to save, or a glove's bounce while the first tap commits
        chosen = self.draft.chosen
        grams, source = self._grams(chosen)
        self._saving = True
        draft = self.draft

        def work() -> tuple[SavedDeposit, tuple[int, int]]:
            saved = register_deposit(
                store=self.store,
                category=chosen.code,
                weight_g=grams,
                channel=Channel.SELF_SERVICE,
                direction=draft.direction,
                weight_source=source,
                now=self.wall_clock(),
            )
            # The day the item was registered on: midnight may pass while the commit waits.
            today = todays_station_totals(store=self.store, now=saved.recorded_at)
            return saved, (today.left_for_reuse_g, today.reused_g)

        Op(self, work).success(self._saved).failure(self._save_failed).run_in_background()

    def _saved(self, outcome: tuple[SavedDeposit, tuple[int, int]]) -> None:
        saved, today = outcome
        self._saving = False
        self.draft = None
        self.question.ask(Direction(saved.direction))
        self.thanks.show_result(Direction(saved.direction), saved.weight_g, today)
        self.setCurrentWidget(self.thanks)
        self.deposit_saved.emit(saved)

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        if isinstance(exc, StorageError):
            self.draft = None
            self.storage_failed.emit(exc)
            return
        if not isinstance(exc, ValidationError):
            log.error("self-service save failed", exc_info=exc)
        # The catalogue changed under the draft (a sync retired the category), or a bug:
        # nothing was saved; start over rather than leave the resident stuck.
        self.discard()
