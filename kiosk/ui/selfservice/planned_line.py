"""The attract screen's line about the next public event staff planned ("Sykkelverksted
torsdag 17–19"), in the resident's language; it keeps its height with or without an event, so
a sync that brings one moves nothing under a finger."""

import re
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from contract.planned import PlannedEvent, clock_span, next_public
from contract.records import EventKind
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.hours import OSLO
from kiosk.ui.app_model import AppModel
from kiosk.ui.languages import Languages, number_locale
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.widgets import FollowsHours
from kiosk.ui.theme import restyle

CONTEXT = "PlannedLine"
# The kinds as residents read them (the contract's EventKind; staff screens say them in
# Bokmål from their own table).
KIND_WORDS: dict[EventKind, str] = {
    EventKind.BIKE_WORKSHOP: QT_TRANSLATE_NOOP("PlannedLine", "Sykkelverksted"),
    EventKind.TEXTILE_REPAIR: QT_TRANSLATE_NOOP("PlannedLine", "Tekstilreparasjon"),
    EventKind.CLOTHES_SWAP: QT_TRANSLATE_NOOP("PlannedLine", "Klesbytte"),
    EventKind.WOOD_WORKSHOP: QT_TRANSLATE_NOOP("PlannedLine", "Treverksted"),
    EventKind.MARKET: QT_TRANSLATE_NOOP("PlannedLine", "Marked"),
    EventKind.COURSE: QT_TRANSLATE_NOOP("PlannedLine", "Kurs"),
    EventKind.OTHER: QT_TRANSLATE_NOOP("PlannedLine", "Arrangement"),
}


class PlannedLine(FollowsHours):
    """Shows the next public planned event of the schedule in force (``AppModel.hours``)."""

    def __init__(
        self, languages: Languages, clock: WallClock = utc_now, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("plannedLine")
        self.languages = languages
        self.clock = clock
        self._model: AppModel | None = None
        self.next_event: PlannedEvent | None = None
        # One line, never wrapped nor elided: the words are chosen to fit (place, then not).
        self.label = with_name(QLabel(" "), "plannedText")
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setProperty("empty", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read afresh (the attract screen calls it with the opening line's own refresh)."""
        now = self.clock()
        planned = self._model.hours.planned if self._model is not None else ()
        self.next_event = next_public(planned, now)
        text = " " if self.next_event is None else self._fitting(self.next_event, now)
        empty = self.next_event is None
        if (text, empty) != (self.label.text(), self.label.property("empty")):
            self.label.setText(text)
            self.label.setAccessibleName("" if empty else text)
            self.label.setProperty("empty", empty)
            restyle(self.label)

    def _fitting(self, event: PlannedEvent, now: datetime) -> str:
        """The event's words with its place when they fit the line, else without it."""
        words = self.words(event, now)
        if not event.place:
            return words
        with_place = f"{words} · {event.place}"  # the place as staff typed it, in any language
        # The line's own width: the label is laid out after this widget's resize, so its
        # width may still be the last one; its padding and border are the same at any width.
        frame = self.label.width() - self.label.contentsRect().width()
        room = self.contentsRect().width() - frame
        fits = self.label.fontMetrics().horizontalAdvance(with_place) <= room
        return with_place if fits else words

    def words(self, event: PlannedEvent, now: datetime) -> str:
        kind = QCoreApplication.translate(CONTEXT, KIND_WORDS[event.kind])
        #: %1 is the event's kind (Sykkelverksted), %2 its day (i dag, i morgen, a weekday
        #: or a date), %3 its time, as 17–19 or 17:30–19:00.
        text = self.tr("%1 %2 %3")
        return (
            text.replace("%3", clock_span(event))
            .replace("%2", self._day(event, now))
            .replace("%1", kind)
        )

    def _day(self, event: PlannedEvent, now: datetime) -> str:
        start = event.starts_at.astimezone(OSLO)
        days = (start.date() - now.astimezone(OSLO).date()).days
        if days <= 0:
            return self.tr("i dag")
        if days == 1:
            return self.tr("i morgen")
        # The number locale's (ar_AE for Arabic): the date's digits match the time's.
        locale = number_locale(self.languages.current)
        if days < 7:
            return locale.dayName(start.isoweekday(), QLocale.FormatType.LongFormat)
        day = QDate(start.year, start.month, start.day)
        return locale.toString(
            day, _without_year(locale.dateFormat(QLocale.FormatType.ShortFormat))
        )


def _without_year(pattern: str) -> str:
    """The locale's short date pattern without its year ("dd.MM.yyyy" -> "dd.MM"): an event
    is at most months away, and the line has room for one row only."""
    return re.sub(r"^y+[^dM]*|[^dM]*y+$", "", pattern)
