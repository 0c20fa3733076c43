"""An event entered afterwards, with its real date and times: the guide's form for an event
that was never opened live (a busy day, a workshop away from the kiosk).

Kind tiles and the audience as when opening one; the day by -/+ (today back to
``ENTERED_LATER_MAX_DAYS`` days); start and end as two taps each on an hour and a quarter;
participants, visitors and kg to reuse typed on the numpad; "Lagre" writes one event record
(``activities.record_past_event``), which reads as entered later and counts when it was held.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contract.records import ENTERED_LATER_MAX_DAYS, EventKind
from kiosk.db import activities
from kiosk.db.activities import TYPED_COUNT_MAX
from kiosk.db.records import SavedRecord
from kiosk.db.store import Store
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP, ValidationError
from kiosk.domain.hours import OSLO
from kiosk.domain.weights import parse_kg
from kiosk.ui.activity_widgets import FeedbackLine, TileRow, big_button
from kiosk.ui.audience_toggle import AudienceToggle
from kiosk.ui.i18n import message
from kiosk.ui.numpad import Numpad
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.touch import GAP

log = logging.getLogger(__name__)

FORM, CLOCK, TYPING = range(3)  # the form's pages
QUARTERS = (0, 15, 30, 45)
VALUE_BUTTON_PX = 78  # a name over its value, both whole (as the events screen's counters)
REUSE_MAX_G = 10_000_000  # as when closing an event live: a clothes swap passes on a lot

WEEKDAYS = (
    QT_TRANSLATE_NOOP("EventAfterwards", "mandag"),
    QT_TRANSLATE_NOOP("EventAfterwards", "tirsdag"),
    QT_TRANSLATE_NOOP("EventAfterwards", "onsdag"),
    QT_TRANSLATE_NOOP("EventAfterwards", "torsdag"),
    QT_TRANSLATE_NOOP("EventAfterwards", "fredag"),
    QT_TRANSLATE_NOOP("EventAfterwards", "lørdag"),
    QT_TRANSLATE_NOOP("EventAfterwards", "søndag"),
)
VALUE_NAMES = {
    #: The time the event began (a noun on a time button), not a command to start it.
    "starts": QT_TRANSLATE_NOOP("EventAfterwards", "Start"),
    #: The time the event ended (a noun on a time button), not a command to end it.
    "ends": QT_TRANSLATE_NOOP("EventAfterwards", "Slutt"),
    "participants": QT_TRANSLATE_NOOP("EventAfterwards", "Deltakere"),
    "visitors": QT_TRANSLATE_NOOP("EventAfterwards", "Besøkende"),
    #: The kg that went to reuse at the event (the glossary's "reuse"), on a number button.
    "reuse": QT_TRANSLATE_NOOP("EventAfterwards", "Til ombruk"),
}


@dataclass(slots=True)
class Entered:
    """What the form holds until it is saved."""

    day: date
    starts: time
    ends: time
    participants: int = 0
    visitors: int = 0
    reuse: str = ""  # as typed; empty or 0 is none


def oslo_moment(day: date, at: time) -> datetime:
    """``at`` on ``day`` in Oslo, as an aware time (the record stores it in UTC)."""
    return datetime.combine(day, at, OSLO)


def quarter_before(moment: datetime) -> time:
    """The last quarter hour at or before ``moment``, in Oslo."""
    local = moment.astimezone(OSLO)
    return time(local.hour, local.minute - local.minute % 15)


class ValueButton(QPushButton):
    """A name over its value, the whole a button that opens what changes the value."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("typeCount")
        self.setMinimumHeight(VALUE_BUTTON_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName(name)
        self.name = QLabel(name)
        self.value = with_name(QLabel(), "counterValue")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for part in (self.name, self.value):
            part.setAlignment(Qt.AlignmentFlag.AlignCenter)
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(part)


class EventAfterwards(QWidget):
    closed = Signal()
    record_saved = Signal(object)  # SavedRecord, after its commit returned (sync soon)
    storage_failed = Signal(object)  # StorageError

    def __init__(
        self,
        store: Store,
        *,
        kind_names: dict[EventKind, str],
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("eventAfterwards")
        self.store = store
        self.wall_clock = wall_clock  # says which day is today, and stamps the record
        self._kind_names = kind_names
        self._saving = False
        self._editing: str | None = None  # the value the clock or the numpad page changes
        self.last_saved_text = ""
        self.entered = self._fresh()

        self.back = big_button(self.tr("Tilbake"), "retry")
        self.back.clicked.connect(self._back)
        self.title = with_name(
            QLabel(self.tr("Registrer et arrangement i etterkant")), "errorTitle"
        )
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setSpacing(GAP)
        top.addWidget(self.back)
        top.addWidget(self.title, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self._clock_page())
        self.pages.addWidget(self._typing_page())
        self.feedback = FeedbackLine()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(GAP)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.feedback)  # under every page; shown only while it says something
        self.reset()

    # Building the pages

    def _form_page(self) -> QWidget:
        self.kinds = TileRow(
            ((k.value, self.tr(n)) for k, n in self._kind_names.items()), self._chosen, columns=2
        )
        self.audience = AudienceToggle()
        for kind, tile in self.kinds.tiles.items():
            tile.pressed.connect(partial(self.audience.kind_pressed, kind))
        what = QVBoxLayout()
        what.setSpacing(GAP)
        what.addWidget(self.audience)
        what.addWidget(self.kinds)
        what.addStretch(1)

        # The day: today, and back one day a tap; never a small calendar under a glove.
        self.day_back = big_button("−", "key", square=True)
        self.day_forward = big_button("+", "key", square=True)
        for key, step, name in ((self.day_back, -1, "dag -1"), (self.day_forward, 1, "dag +1")):
            key.setProperty("symbol", True)
            key.setFixedWidth(64)
            key.setAccessibleName(name)
            key.clicked.connect(partial(self.step_day, step))
        self.day_label = with_name(QLabel(), "prompt")
        self.day_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.day_label.setWordWrap(True)
        day_row = QHBoxLayout()
        day_row.setSpacing(GAP)
        day_row.addWidget(self.day_back)
        day_row.addWidget(self.day_label, 1)
        day_row.addWidget(self.day_forward)

        self.values: dict[str, ValueButton] = {}
        for name, text in VALUE_NAMES.items():
            button = ValueButton(self.tr(text))
            opens = self.edit_time if name in ("starts", "ends") else self.type_value
            button.clicked.connect(partial(opens, name))
            self.values[name] = button
        times = QHBoxLayout()
        times.setSpacing(GAP)
        times.addWidget(self.values["starts"])
        times.addWidget(self.values["ends"])
        people = QHBoxLayout()
        people.setSpacing(GAP)
        people.addWidget(self.values["participants"])
        people.addWidget(self.values["visitors"])
        self.save_button = big_button(self.tr("Lagre"), "confirm")
        self.save_button.clicked.connect(self.save)

        when = QVBoxLayout()
        when.setSpacing(GAP)
        when.addLayout(day_row)
        when.addLayout(times)
        when.addLayout(people)
        when.addWidget(self.values["reuse"])
        when.addStretch(1)
        when.addWidget(self.save_button)

        page = QWidget()
        body = QHBoxLayout(page)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(GAP * 2)
        # The tiles get the wider side: the audience's whole names fit them at 1280 px.
        body.addLayout(what, 5)
        body.addLayout(when, 4)
        return page

    def _clock_page(self) -> QWidget:
        """An hour, then a quarter: two taps for a time, each a big tile."""
        self.clock_prompt = with_name(QLabel(), "prompt")
        self.hours = TileRow(
            ((str(h), f"{h:02d}") for h in range(24)), self._hour_chosen, columns=8
        )
        for tile in self.hours.tiles.values():
            tile.setMinimumWidth(64)  # eight to a row: a 1024 px screen has no room for 128 px
        self.quarters = TileRow(
            ((str(m), f":{m:02d}") for m in QUARTERS), self._quarter_chosen, columns=4
        )
        self.clock_done = big_button(self.tr("OK"), "confirm")
        self.clock_done.clicked.connect(self._clock_done)
        self.clock_cancel = big_button(self.tr("Avbryt"), "retry")
        self.clock_cancel.clicked.connect(self._show_form)
        return self._page(
            (self.clock_prompt, self.hours, self.quarters), self.clock_cancel, self.clock_done
        )

    def _typing_page(self) -> QWidget:
        """A count or the kg on the numpad, as the events screen types a count."""
        self.typing_prompt = with_name(QLabel(), "prompt")
        # A count takes four digits, the kg five and decimals: each its own pad and field.
        self.count_pad = Numpad(TYPED_COUNT_MAX * 1000)
        self.kg_pad = Numpad(REUSE_MAX_G)
        self.pads = QStackedWidget()
        self.entries = QStackedWidget()
        for pad in (self.count_pad, self.kg_pad):
            layout_of(pad).setSpacing(GAP)
            pad.submitted.connect(self._typed)
            self.pads.addWidget(pad)
            self.entries.addWidget(pad.entry)
        self.typed_done = big_button(self.tr("OK"), "confirm")
        self.typed_done.clicked.connect(self._typed)
        self.typed_cancel = big_button(self.tr("Avbryt"), "retry")
        self.typed_cancel.clicked.connect(self._show_form)
        return self._page(
            (self.typing_prompt, self.entries, self.pads), self.typed_cancel, self.typed_done
        )

    @staticmethod
    def _page(parts: tuple[QWidget, ...], cancel: QPushButton, done: QPushButton) -> QWidget:
        """A page of ``parts`` top down, then Avbryt and OK side by side, then room."""
        choice = QHBoxLayout()
        choice.setSpacing(GAP)
        choice.addWidget(cancel)
        choice.addWidget(done)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(GAP)
        for part in parts:
            layout.addWidget(part)
        layout.addLayout(choice)
        layout.addStretch(1)
        return page

    # The form's state

    def _today(self) -> date:
        return self.wall_clock().astimezone(OSLO).date()

    def _fresh(self) -> Entered:
        """Today, ending at the last quarter hour and starting two hours before it."""
        now = self.wall_clock()
        ends = quarter_before(now)
        start = datetime.combine(self._today(), ends) - timedelta(hours=2)
        starts = start.time() if start.date() == self._today() else time(0, 0)
        return Entered(day=self._today(), starts=starts, ends=ends)

    def reset(self) -> None:
        """An empty form for today: no kind chosen, nothing counted."""
        self.entered = self._fresh()
        self.kinds.clear()
        self.audience.preselect(None)
        self._quiet()
        self._show_form()

    def _show_form(self) -> None:
        self._editing = None
        self._show_values()
        self.pages.setCurrentIndex(FORM)

    def _show_values(self) -> None:
        e = self.entered
        days = (self._today() - e.day).days
        if days == 0:
            #: The day the event was held: today ("i går" yesterday).
            when = self.tr("i dag")
        elif days == 1:
            when = self.tr("i går")
        else:
            when = self.tr(WEEKDAYS[e.day.weekday()])
        self.day_label.setText(f"{when} {e.day.day}.{e.day.month}.{e.day.year}")
        self.values["starts"].value.setText(f"{e.starts:%H:%M}")
        self.values["ends"].value.setText(f"{e.ends:%H:%M}")
        self.values["participants"].value.setText(str(e.participants))
        self.values["visitors"].value.setText(str(e.visitors))
        self.values["reuse"].value.setText(f"{e.reuse or '0'} kg")

    def _chosen(self, _code: str) -> None:
        self._quiet()

    def step_day(self, step: int) -> None:
        """One day back or forward; never after today, nor further back than the limit."""
        day = self.entered.day + timedelta(days=step)
        if day > self._today():
            self._say(self.tr("Dagen kan ikke være senere enn i dag."))
            return
        if (self._today() - day).days > ENTERED_LATER_MAX_DAYS:
            error = ValidationError(
                "too_long_ago",
                QT_TRANSLATE_NOOP("validation", "Velg en dag de siste {days} dagene."),
                days=ENTERED_LATER_MAX_DAYS,
            )
            self._say(message(error))
            return
        self._quiet()
        self.entered.day = day
        self._show_values()

    def edit_time(self, which: str) -> None:
        self._quiet()
        self._editing = which
        current: time = getattr(self.entered, which)
        self.clock_prompt.setText(
            #: %1 is "Start" or "Slutt": the time the event began or ended.
            self.tr("%1: velg time og minutter").replace("%1", self.tr(VALUE_NAMES[which]))
        )
        self.hours.clear()
        self.quarters.clear()
        self.hours.tiles[str(current.hour)].setChecked(True)
        self.quarters.tiles[str(current.minute - current.minute % 15)].setChecked(True)
        self.pages.setCurrentIndex(CLOCK)

    def _hour_chosen(self, _hour: str) -> None:
        pass  # read when OK is tapped: hour and quarter in either order

    def _quarter_chosen(self, _minute: str) -> None:
        pass

    def _clock_done(self) -> None:
        hour, minute = self.hours.chosen(), self.quarters.chosen()
        if self._editing in ("starts", "ends") and hour is not None and minute is not None:
            setattr(self.entered, self._editing, time(int(hour), int(minute)))
        self._quiet()
        self._show_form()

    def type_value(self, which: str) -> None:
        self._quiet()
        self._editing = which
        if which == "reuse":
            prompt = self.tr("Hvor mange kg gikk til ombruk? (tomt: ingen)")
        else:
            #: %1 is "Deltakere" or "Besøkende": the count of participants or visitors.
            prompt = self.tr("%1: skriv antallet").replace("%1", self.tr(VALUE_NAMES[which]))
        self.typing_prompt.setText(prompt)
        pad = self._pad()
        pad.clear()
        self.pads.setCurrentWidget(pad)
        self.entries.setCurrentWidget(pad.entry)
        self.pages.setCurrentIndex(TYPING)
        pad.entry.setFocus()

    def _pad(self) -> Numpad:
        return self.kg_pad if self._editing == "reuse" else self.count_pad

    def _typed(self) -> None:
        which, text = self._editing, self._pad().text().strip()
        if which == "reuse":
            try:
                _reuse_g(text)
            except ValidationError as exc:
                self._say(message(exc))
                return
            self.entered.reuse = text
        elif which in ("participants", "visitors"):
            if not text.isdigit() or int(text) > TYPED_COUNT_MAX:
                self._say(self.tr("Skriv et helt tall, for eksempel 350."))
                return
            setattr(self.entered, which, int(text))
        self._quiet()
        self._show_form()

    def _back(self) -> None:
        if self.pages.currentIndex() != FORM:
            self._show_form()
            return
        self.closed.emit()

    # Saving (the store's lane)

    def save(self) -> None:
        if self._saving:
            return
        kind = self.kinds.chosen()
        if kind is None:
            self._say(self.tr("Velg hva slags arrangement det var."))
            return
        e = self.entered
        try:
            reuse_g = _reuse_g(e.reuse)
        except ValidationError as exc:
            self._say(message(exc))
            return
        work = partial(
            activities.record_past_event,
            store=self.store,
            kind=kind,
            audience=self.audience.audience_for(kind),
            starts_at=oslo_moment(e.day, e.starts),
            ends_at=oslo_moment(e.day, e.ends),
            participants=e.participants,
            visitors=e.visitors,
            reuse_g=reuse_g,
            now=self.wall_clock(),
        )
        self._saving = True
        Op(self, work).success(self._saved).failure(self._failed).run_in_background()

    def _saved(self, saved: SavedRecord) -> None:
        self._saving = False
        values = saved.values
        starts = values["starts_at"].astimezone(OSLO)
        ends = values["ends_at"].astimezone(OSLO)
        # Two lines beside the totals at 1024 px, which show the counts and kg in their
        # year column; the day it was entered is today, so it goes unsaid.
        #: %1 the kind, %2 its date and times. "i etterkant": entered after it was held.
        self.last_saved_text = (
            self.tr("Lagret i etterkant: %1 %2.")
            .replace("%1", self.tr(self._kind_names[EventKind(values["kind"])]))
            .replace("%2", f"{starts.day}.{starts.month}.{starts.year} {starts:%H:%M}–{ends:%H:%M}")
        )
        self.reset()
        self.record_saved.emit(saved)

    def _failed(self, exc: Exception) -> None:
        """A refusal is said in words, a storage failure gets its screen; nothing was saved."""
        self._saving = False
        self.feedback.failed(
            exc, storage_failed=self.storage_failed.emit, what="event entered afterwards"
        )
        self.feedback.show()

    def _say(self, text: str) -> None:
        self.feedback.say(text, error=True)
        self.feedback.show()

    def _quiet(self) -> None:
        self.feedback.clear()
        self.feedback.hide()


def _reuse_g(text: str) -> int:
    if not text.strip("0,."):  # nothing typed, or a zero: nothing went to reuse
        return 0
    return parse_kg(text, max_g=REUSE_MAX_G)
