"""The guide's events screen, behind the PIN: open an event, count people, log repairs, close.

One tap on a kind tile opens an event (a place typed above the tiles, if it is not held at
the station); the counters are big +/- buttons; a repaired item is two taps (its category,
then its Open Repair Data Standard outcome); closing asks for the kg that went to reuse.
An event never opened live is entered afterwards (``event_afterwards.py``). Every write
runs on the store's lane through ``Op`` and works offline; the records sync like
deposits. The station's totals sit below; the material-flow entry is one tap away.
"""

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contract.planned import PlannedEvent, clock_span, on_day_of
from contract.records import EVENT, Audience, EventKind, RepairOutcome, default_audience
from kiosk.db import activities
from kiosk.db.activities import TYPED_COUNT_MAX, OpenEvent
from kiosk.db.errors import StorageError
from kiosk.db.records import SavedRecord
from kiosk.db.station_totals import station_totals
from kiosk.db.store import Store
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from kiosk.domain.hours import OSLO
from kiosk.domain.weights import format_kg, parse_kg
from kiosk.ui.activity_widgets import FeedbackLine, TileRow, big_button
from kiosk.ui.audience_toggle import AudienceToggle
from kiosk.ui.event_afterwards import EventAfterwards
from kiosk.ui.i18n import message
from kiosk.ui.material_flow_screen import MaterialFlowScreen
from kiosk.ui.numpad import Numpad
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.station_totals_view import StationTotalsView
from kiosk.ui.theme import restyle
from kiosk.ui.touch import GAP

log = logging.getLogger(__name__)

# The kg that went to reuse at one event: a clothes swap can pass on a great deal.
REUSE_MAX_G = 10_000_000
PLACE_MAX = EVENT.field("place").max or 200
COUNTER_KEY_PX = 72  # a counter's - and +: above the 64 px target, the same at any count
COUNT_BUTTON_PX = 78  # a counter's name over its count, both whole, inside a 2 px frame
AFTERWARDS_BUTTON_PX = 64  # one line: a 600 px screen keeps room for the totals and a message
START, RUNNING, CLOSING, TYPING = range(4)  # the pages of the event side

KIND_NAMES = {
    EventKind.BIKE_WORKSHOP: QT_TRANSLATE_NOOP("EventsScreen", "Sykkelverksted"),
    EventKind.TEXTILE_REPAIR: QT_TRANSLATE_NOOP("EventsScreen", "Tekstilreparasjon"),
    EventKind.CLOTHES_SWAP: QT_TRANSLATE_NOOP("EventsScreen", "Klesbytte"),
    EventKind.WOOD_WORKSHOP: QT_TRANSLATE_NOOP("EventsScreen", "Treverksted"),
    EventKind.MARKET: QT_TRANSLATE_NOOP("EventsScreen", "Marked"),
    EventKind.COURSE: QT_TRANSLATE_NOOP("EventsScreen", "Kurs"),
    EventKind.OTHER: QT_TRANSLATE_NOOP("EventsScreen", "Annet"),
}
# What was repaired: item categories for the repair records (free codes in the contract).
REPAIR_CATEGORIES = {
    "bicycle": QT_TRANSLATE_NOOP("EventsScreen", "Sykkel"),
    "textile": QT_TRANSLATE_NOOP("EventsScreen", "Klær og tekstil"),
    "electronics": QT_TRANSLATE_NOOP("EventsScreen", "Elektronikk"),
    "furniture": QT_TRANSLATE_NOOP("EventsScreen", "Møbel"),
    "toy": QT_TRANSLATE_NOOP("EventsScreen", "Leke"),
    "other": QT_TRANSLATE_NOOP("EventsScreen", "Annet"),
}
OUTCOME_NAMES = {
    RepairOutcome.FIXED: QT_TRANSLATE_NOOP("EventsScreen", "Reparert"),
    RepairOutcome.REPAIRABLE: QT_TRANSLATE_NOOP("EventsScreen", "Kan repareres"),
    RepairOutcome.END_OF_LIFE: QT_TRANSLATE_NOOP("EventsScreen", "Ikke reparerbar"),
}
COUNTER_NAMES = {
    "participants": QT_TRANSLATE_NOOP("EventsScreen", "Deltakere"),
    "visitors": QT_TRANSLATE_NOOP("EventsScreen", "Besøkende"),
}


class EventsScreen(QWidget):
    closed = Signal()
    record_saved = Signal(object)  # SavedRecord, after its commit returned (sync soon)
    storage_failed = Signal(object)  # StorageError

    def __init__(
        self,
        store: Store,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
        *,
        partners: Sequence[str] = (),
        planned: Callable[[], Sequence[PlannedEvent]] = tuple,
    ):
        super().__init__(parent)
        self.setObjectName("eventsScreen")
        self.store = store
        # The events staff planned on the console, read from the schedule in force at each
        # refresh (never kept here): one of today's opens in one tap.
        self.planned = planned
        self.planned_event: PlannedEvent | None = None
        self.wall_clock = wall_clock  # stamps each record and says which day is "today"
        self.current: OpenEvent | None = None
        self._saving = False

        self.back = big_button(self.tr("Tilbake"), "retry")
        self.back.clicked.connect(self.closed)
        # The open event's name and start replace this title while it runs.
        self.title = with_name(QLabel(self.tr("Arrangementer og ombruk")), "errorTitle")
        # A long title (kind, start, place) wraps and gives way; the buttons keep their width.
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.flow_button = big_button(self.tr("Registrer kg ombruk"), "retry")
        self.flow_button.clicked.connect(self.show_flow)
        top = QHBoxLayout()
        top.setSpacing(GAP)
        top.addWidget(self.back)
        top.addWidget(self.title, 1)
        top.addWidget(self.flow_button)
        # A mis-tap is corrected the append-only way: a reversal of the last repair or flow.
        self.undo_button = big_button(self.tr("Angre siste"), "retry")
        self.undo_button.clicked.connect(self.undo_last)
        self.undo_button.setEnabled(False)
        self._last: SavedRecord | None = None
        top.addWidget(self.undo_button)

        self.feedback = FeedbackLine()

        # No event open: a tile per kind opens one.
        self.kinds = TileRow(
            ((k.value, self.tr(n)) for k, n in KIND_NAMES.items()), self.open_event, columns=2
        )
        start = QWidget()
        start_layout = QVBoxLayout(start)
        start_layout.setContentsMargins(0, 0, 0, 0)
        start_layout.setSpacing(GAP)
        # Today's planned event is named here and its kind's tile is marked: one tap on it
        # opens the event with the place and audience staff planned. No target is added or
        # moved, so a plan arriving with a sync while the screen is open moves nothing.
        self.start_prompt = with_name(QLabel(), "prompt")
        start_layout.addWidget(self.start_prompt)
        # Typed before the kind is tapped: one tap then opens the event with its place.
        self.place = with_name(QLineEdit(maxLength=PLACE_MAX), "note")
        self.place.setMinimumHeight(64)
        start_layout.addWidget(self.place)
        self.audience = AudienceToggle(defaults=self._audience_default)  # before the kind
        for kind, tile in self.kinds.tiles.items():
            tile.pressed.connect(partial(self.audience.kind_pressed, kind))
        start_layout.addWidget(self.audience)
        start_layout.addWidget(self.kinds)
        start_layout.addStretch(1)

        # An event open: counters, repairs in two taps, close.
        counters = QGridLayout()
        counters.setSpacing(GAP)
        self.counts: dict[str, QLabel] = {}
        self.count_buttons: dict[str, QPushButton] = {}
        self.minus: dict[str, Any] = {}
        self.plus: dict[str, Any] = {}
        for index, (counter, name) in enumerate(COUNTER_NAMES.items()):
            minus = big_button("−", "key", square=True)
            plus = big_button("+", "key", square=True)
            for key in (minus, plus):
                # Fixed, so a count that grows a digit never moves or narrows them under a
                # finger; the minus sign is drawn from the same font as the plus.
                key.setProperty("symbol", True)
                key.setFixedWidth(COUNTER_KEY_PX)
            minus.setAccessibleName(f"{counter} -1")
            plus.setAccessibleName(f"{counter} +1")
            minus.clicked.connect(partial(self.tap, counter, -1))
            plus.clicked.connect(partial(self.tap, counter, 1))
            value = with_name(QLabel("0"), "counterValue")
            label = QLabel(self.tr(name))
            # The name over its count, both whole: side by side they did not fit 1024 px.
            # Together they are a button: a tap types the count (350 visitors, not 350 taps).
            typed = with_name(QPushButton(), "typeCount")
            typed.setMinimumHeight(COUNT_BUTTON_PX)
            typed.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
            typed.setAccessibleName(self.tr("Skriv antall: %1").replace("%1", self.tr(name)))
            typed.clicked.connect(partial(self.type_count, counter))
            named = QVBoxLayout(typed)
            named.setContentsMargins(0, 0, 0, 0)
            named.setSpacing(0)
            for part in (label, value):
                part.setAlignment(Qt.AlignmentFlag.AlignCenter)
                part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                named.addWidget(part)
            self.count_buttons[counter] = typed
            column = index * 3  # both counters on one row: the screen is short
            counters.addWidget(typed, 0, column)
            counters.addWidget(minus, 0, column + 1)
            counters.addWidget(plus, 0, column + 2)
            counters.setColumnStretch(column, 1)
            self.counts[counter], self.minus[counter], self.plus[counter] = value, minus, plus
        self.repair_items = TileRow(
            ((c, self.tr(n)) for c, n in REPAIR_CATEGORIES.items()), self._item_chosen, columns=3
        )
        self.outcomes = TileRow(
            ((o.value, self.tr(n)) for o, n in OUTCOME_NAMES.items()), self.log_repair, columns=3
        )
        self.close_button = big_button(self.tr("Avslutt arrangementet"), "confirm")
        self.close_button.clicked.connect(self.close_event)
        running = QWidget()
        running_layout = QVBoxLayout(running)
        running_layout.setContentsMargins(0, 0, 0, 0)
        running_layout.setSpacing(GAP)
        # Each row of tiles says what it asks: a repair is the item, then how it went.
        running_layout.addWidget(with_name(QLabel(self.tr("Hva ble reparert?")), "prompt"))
        running_layout.addWidget(self.repair_items)
        running_layout.addWidget(with_name(QLabel(self.tr("Hvordan gikk det?")), "prompt"))
        running_layout.addWidget(self.outcomes)
        running_layout.addStretch(1)  # each question stays by its tiles on a tall screen
        running_layout.addWidget(self.close_button)

        # Closing: the kg that went to reuse (none is 0), on the numpad deliveries use, and
        # the tap that closes; "Fortsett" goes back to the running event.
        self.reuse_pad = Numpad(REUSE_MAX_G)
        layout_of(self.reuse_pad).setSpacing(GAP)
        self.reuse_pad.submitted.connect(self.confirm_close)
        self.confirm_close_button = big_button(self.tr("Avslutt nå"), "confirm")
        self.confirm_close_button.clicked.connect(self.confirm_close)
        self.keep_open_button = big_button(self.tr("Fortsett"), "retry")
        self.keep_open_button.clicked.connect(self._keep_open)
        reuse_row = QHBoxLayout()
        reuse_row.setSpacing(GAP)
        reuse_row.addWidget(self.reuse_pad.entry, 1)
        reuse_row.addWidget(with_name(QLabel("kg"), "unit"))
        choice_row = QHBoxLayout()
        choice_row.setSpacing(GAP)
        choice_row.addWidget(self.keep_open_button)
        choice_row.addWidget(self.confirm_close_button)
        closing = QWidget()
        closing_layout = QVBoxLayout(closing)
        closing_layout.setContentsMargins(0, 0, 0, 0)
        closing_layout.setSpacing(GAP)
        # Two lines where half of a 1024 px screen is narrower than the question.
        reuse_prompt = QLabel(
            self.tr("Hvor mange kg gikk til ombruk? (tomt: ingen)"), wordWrap=True
        )
        closing_layout.addWidget(with_name(reuse_prompt, "prompt"))
        closing_layout.addLayout(reuse_row)
        closing_layout.addWidget(self.reuse_pad)
        closing_layout.addLayout(choice_row)
        closing_layout.addStretch(1)

        # Typing a count: the same numpad, whole numbers, "Lagre" or back to the event.
        self._typing: str | None = None
        self.count_pad = Numpad(TYPED_COUNT_MAX * 1000)
        layout_of(self.count_pad).setSpacing(GAP)
        self.count_pad.submitted.connect(self.save_typed_count)
        self.count_prompt = with_name(QLabel(), "prompt")
        self.save_count_button = big_button(self.tr("Lagre"), "confirm")
        self.save_count_button.clicked.connect(self.save_typed_count)
        self.cancel_count_button = big_button(self.tr("Avbryt"), "retry")
        self.cancel_count_button.clicked.connect(self._keep_open)
        count_choice = QHBoxLayout()
        count_choice.setSpacing(GAP)
        count_choice.addWidget(self.cancel_count_button)
        count_choice.addWidget(self.save_count_button)
        typing = QWidget()
        typing_layout = QVBoxLayout(typing)
        typing_layout.setContentsMargins(0, 0, 0, 0)
        typing_layout.setSpacing(GAP)
        typing_layout.addWidget(self.count_prompt)
        typing_layout.addWidget(self.count_pad.entry)
        typing_layout.addWidget(self.count_pad)
        typing_layout.addLayout(count_choice)
        typing_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(start)
        self.pages.addWidget(running)
        self.pages.addWidget(closing)
        self.pages.addWidget(typing)
        self.totals = StationTotalsView(self.tr("Stasjonen så langt"))

        body = QHBoxLayout()
        body.setSpacing(GAP * 2)
        body.addWidget(self.pages, 3)
        side = QFrame(frameShape=QFrame.Shape.StyledPanel)
        side_layout = QVBoxLayout(side)
        # An event that was never opened live, entered with its real date and times. Here,
        # beside the kind tiles: below them a 600 px screen has no row left. One short line,
        # on a screen whose title already says "Arrangementer".
        self.afterwards_button = big_button(
            #: Enter an event that has already been held ("i etterkant": afterwards), with its
            #: real date and times. One line on the button.
            self.tr("Arrangement i etterkant"),
            "retry",
        )
        self.afterwards_button.setMinimumHeight(AFTERWARDS_BUTTON_PX)
        #: The same button's screen-reader name, on one line.
        self.afterwards_button.setAccessibleName(self.tr("Registrer et arrangement i etterkant"))
        self.afterwards_button.clicked.connect(self.show_afterwards)
        side_layout.addWidget(self.afterwards_button)
        self.pages.currentChanged.connect(self._start_buttons)
        # The totals keep their rows' height: a long message beside them wraps into the
        # room left, never squeezes the figures onto each other.
        self.totals.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        side_layout.addWidget(self.totals)
        side_layout.addStretch(1)
        side_layout.addWidget(self.feedback)  # beside the work, never pushing it down
        body.addWidget(side, 1)
        main = QWidget()
        layout = QVBoxLayout(main)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(GAP)
        layout.addLayout(top)
        # The counters span the whole width, above the work and the totals: beside the
        # totals, at 1024 px, "Deltakere" and "Besøkende" were cut (issue 27). Shown only
        # while an event runs.
        self.counter_row = QWidget()
        self.counter_row.setLayout(counters)
        counters.setContentsMargins(0, 0, 0, 0)
        self.pages.currentChanged.connect(lambda page: self.counter_row.setVisible(page == RUNNING))
        self.counter_row.setVisible(self.pages.currentIndex() == RUNNING)
        layout.addWidget(self.counter_row)
        layout.addLayout(body, 1)

        self.flow = MaterialFlowScreen(
            store,
            event_id=lambda: self.current.id if self.current is not None else None,
            partners=partners,
            wall_clock=wall_clock,
        )
        self.flow.closed.connect(self.show_events)
        self.flow.record_saved.connect(self._flow_saved)
        self.flow.storage_failed.connect(self.storage_failed)
        self.afterwards = EventAfterwards(store, kind_names=KIND_NAMES, wall_clock=wall_clock)
        self.afterwards.closed.connect(self.show_events)
        self.afterwards.record_saved.connect(self._afterwards_saved)
        self.afterwards.storage_failed.connect(self.storage_failed)
        self.stack = QStackedWidget()
        self.stack.addWidget(main)
        self.stack.addWidget(self.flow)
        self.stack.addWidget(self.afterwards)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.show_planned()

    # Reading (GUI thread: WAL reads never wait for the write lock)

    def refresh(self) -> None:
        """Show the open event (if any) and the station's totals, as the store has them."""
        try:
            opened = activities.open_events(store=self.store)
            self.totals.show_totals(station_totals(store=self.store, now=self.wall_clock()))
        except StorageError as exc:
            self.storage_failed.emit(exc)
            return
        self._show_event(opened[-1] if opened else None)
        self.show_planned()

    def _start_buttons(self, page: int) -> None:
        self.afterwards_button.setVisible(page == START)

    def show_planned(self) -> None:
        """Today's planned event (the first not over), from the schedule in force now."""
        today = on_day_of(self.planned(), self.wall_clock())
        event = self.planned_event = today[0] if today else None
        prompt = self.tr("Start et arrangement:")
        placeholder = self.tr("Sted, hvis ikke her på stasjonen")
        if event is not None:
            #: %1 is the planned event's kind, %2 its hours (17–19).
            prompt = (
                self.tr("Planlagt i dag: %1 %2")
                .replace("%1", self.tr(KIND_NAMES[event.kind]))
                .replace("%2", clock_span(event))
            )
            if event.place:
                placeholder = self.tr("%1 (planlagt)").replace("%1", event.place)
        self.start_prompt.setText(prompt)
        self.place.setPlaceholderText(placeholder)
        for kind, tile in self.kinds.tiles.items():
            planned = event is not None and kind == event.kind
            if tile.property("planned") != planned:
                tile.setProperty("planned", planned)
                restyle(tile)

    def _planned_for(self, kind: str) -> PlannedEvent | None:
        event = self.planned_event
        return event if event is not None and event.kind == kind else None

    def _audience_default(self, kind: str) -> Audience:
        planned = self._planned_for(kind)
        return planned.audience if planned is not None else default_audience(kind)

    def _show_event(self, event: OpenEvent | None) -> None:
        self.current = event
        self.kinds.clear()
        if event is None:
            self.title.setText(self.tr("Arrangementer og ombruk"))
            self.pages.setCurrentIndex(START)
            return
        if self.pages.currentIndex() not in (CLOSING, TYPING):  # keep what is being typed
            self.pages.setCurrentIndex(RUNNING)
        started = event.starts_at.astimezone(OSLO).strftime("%H:%M")
        title = (
            self.tr("%1, startet %2")
            .replace("%1", self.tr(KIND_NAMES[EventKind(event.kind)]))
            .replace("%2", started)
        )
        self.title.setText(f"{title} · {event.place}" if event.place else title)
        for counter, label in self.counts.items():
            value = getattr(event, counter)
            label.setText(str(value))
            self.minus[counter].setEnabled(value > 0)
        # Each outcome tile shows how many items got it so far (net of corrections).
        for outcome, tile in self.outcomes.tiles.items():
            name = self.tr(OUTCOME_NAMES[RepairOutcome(outcome)])
            tile.setText(f"{name}\n{event.repairs.get(outcome, 0)} stk")

    # Writing (the store's lane)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self._saving:  # a glove's bounce, or a tap while the last write commits
            return
        self._saving = True
        Op(self, work).success(partial(self._done, done)).failure(self._failed).run_in_background()

    def _done(self, then: Callable[[Any], None], result: Any) -> None:
        self._saving = False
        then(result)

    def open_event(self, kind: str) -> None:
        """Open an event of ``kind`` now. Today's planned one of that kind brings its place
        (unless one is typed) and audience (unless a tile was tapped); it is then an event
        like any opened here: started now, the contract's event record when closed."""
        planned = self._planned_for(kind)
        place = self.place.text().strip() or (planned.place if planned else None) or None
        work = partial(
            activities.open_event,
            store=self.store,
            kind=kind,
            place=place,
            audience=self.audience.audience_for(kind),
            now=self.wall_clock(),
        )
        self._run(work, self._opened)

    def _opened(self, event: OpenEvent) -> None:
        self.place.clear()
        self.audience.preselect(None)
        self._say(self.tr("Arrangementet er startet."))
        self._show_event(event)

    def tap(self, counter: str, delta: int) -> None:
        if self.current is None:
            return
        work = partial(
            activities.count,
            store=self.store,
            event_id=self.current.id,
            counter=counter,
            delta=delta,
            now=self.wall_clock(),
        )
        self._run(work, self._show_event)

    def _item_chosen(self, _code: str) -> None:
        self.feedback.clear()

    def log_repair(self, outcome: str) -> None:
        item = self.repair_items.chosen()
        if self.current is None:
            return
        if item is None:  # the outcome first: say what comes first, keep nothing
            self.outcomes.clear()
            self._say(self.tr("Velg først hva som ble reparert."), error=True)
            return
        work = partial(
            activities.log_repair,
            store=self.store,
            event_id=self.current.id,
            item_category=item,
            outcome=outcome,
            now=self.wall_clock(),
        )
        self._run(work, self._repair_logged)

    def _remember(self, saved: SavedRecord) -> None:
        self._last = saved
        self.undo_button.setEnabled(True)
        self.record_saved.emit(saved)

    def undo_last(self) -> None:
        if self._last is None:
            return
        work = partial(
            activities.reverse,
            store=self.store,
            record_type=self._last.type,
            record_id=self._last.id,
            now=self.wall_clock(),
        )
        self._run(work, self._undone)

    def _undone(self, reversal: SavedRecord) -> None:
        self._last = None
        self.undo_button.setEnabled(False)
        self._say(self.tr("Angret."))
        self.record_saved.emit(reversal)
        self.refresh()

    def _repair_logged(self, saved: SavedRecord) -> None:
        self.repair_items.clear()
        self.outcomes.clear()
        self._say(
            self.tr("Lagret: %1, %2")
            .replace("%1", self.tr(REPAIR_CATEGORIES[saved.values["item_category"]]))
            .replace("%2", self.tr(OUTCOME_NAMES[RepairOutcome(saved.values["outcome"])]))
        )
        self._remember(saved)
        self.refresh()

    def close_event(self) -> None:
        """Closing is final: first the kg that went to reuse, then a tap that confirms."""
        if self.current is None:
            return
        self.reuse_pad.clear()
        self.pages.setCurrentIndex(CLOSING)

    def _keep_open(self) -> None:
        self._typing = None
        self.pages.setCurrentIndex(RUNNING)

    def type_count(self, counter: str) -> None:
        """Open the numpad for ``counter``: the count typed replaces the one shown."""
        if self.current is None:
            return
        self._typing = counter
        self.count_prompt.setText(
            self.tr("%1: skriv antallet").replace("%1", self.tr(COUNTER_NAMES[counter]))
        )
        self.count_pad.clear()
        self.pages.setCurrentIndex(TYPING)
        self.count_pad.entry.setFocus()

    def save_typed_count(self) -> None:
        counter = self._typing
        if self.current is None or counter is None or self._saving:
            return
        text = self.count_pad.text().strip()
        if not text.isdigit():
            self._say(self.tr("Skriv et helt tall, for eksempel 350."), error=True)
            return
        work = partial(
            activities.set_count,
            store=self.store,
            event_id=self.current.id,
            counter=counter,
            value=int(text),
            now=self.wall_clock(),
        )
        self._run(work, self._count_typed)

    def _count_typed(self, event: OpenEvent) -> None:
        self._keep_open()
        self._show_event(event)

    def confirm_close(self) -> None:
        if self.current is None or self._saving:
            return
        try:
            reuse_g = self._reuse_g()
        except ValidationError as exc:
            self._say(message(exc), error=True)
            return
        work = partial(
            activities.close_event,
            store=self.store,
            event_id=self.current.id,
            reuse_g=reuse_g,
            now=self.wall_clock(),
        )
        self._run(work, self._event_closed)

    def _reuse_g(self) -> int:
        text = self.reuse_pad.text().strip()
        if not text.strip("0,."):  # nothing typed, or a zero: nothing went to reuse
            return 0
        return parse_kg(text, max_g=REUSE_MAX_G)

    def _event_closed(self, saved: SavedRecord) -> None:
        self._say(
            self.tr("Arrangementet er avsluttet: %1 deltakere, %2 kg til ombruk.")
            .replace("%1", str(saved.values["participants"]))
            .replace("%2", format_kg(saved.values["reuse_g"]))
        )
        self.record_saved.emit(saved)
        self.pages.setCurrentIndex(START)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        """A refusal is said in words, a storage failure gets its screen; nothing was saved."""
        self._saving = False
        self.feedback.failed(exc, storage_failed=self.storage_failed.emit, what="events operation")
        if isinstance(exc, ValidationError):
            self.refresh()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.feedback.say(text, error=error)

    # The material-flow entry, on the same screen

    def show_flow(self) -> None:
        self.flow.reset()
        self.stack.setCurrentWidget(self.flow)

    def show_partner_flow(self) -> None:
        """Items sent on to a reuse partner: the flow entry opened on its partner page."""
        self.flow.show_partner()
        self.stack.setCurrentWidget(self.flow)

    def show_events(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh()

    def show_afterwards(self) -> None:
        """The form for an event entered afterwards, empty, for today."""
        self.afterwards.reset()
        self.stack.setCurrentWidget(self.afterwards)

    def _afterwards_saved(self, saved: SavedRecord) -> None:
        self._remember(saved)  # "Angre siste" reverses it, as any record made here
        self.show_events()
        self._say(self.afterwards.last_saved_text)

    def _flow_saved(self, saved: SavedRecord) -> None:
        self._remember(saved)
        self.show_events()
        self._say(self.flow.last_saved_text)
