"""The attract screen's opening-hours line: "open now until 16:00" or "closed, opens Thursday
11:00", in the resident's language; outside hours it may also close the resident screens."""

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.hours import OSLO, OutsideHours
from kiosk.ui.app_model import AppModel
from kiosk.ui.languages import Languages, number_locale
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.widgets import FollowsHours
from kiosk.ui.theme import INK_SAMPLES, restyle

REFRESH_MS = 30_000  # "today"/"tomorrow" and open/closed follow the clock within half a minute


class OpeningBanner(FollowsHours):
    """Shows the hours in force (from the ``AppModel`` once given); hides ``gated`` widgets
    while the station is closed and its setting says residents may not register then."""

    refreshed = Signal()  # after each refresh; ``usable`` says whether residents may register

    def __init__(
        self,
        languages: Languages,
        gated: Sequence[QWidget] = (),
        clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("openingBanner")
        self.languages = languages
        self.gated = tuple(gated)
        self.clock = clock
        self._model: AppModel | None = None
        self.label = with_name(QLabel(wordWrap=True), "openingText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        # Runs only while shown (showEvent/hideEvent): the line is read afresh when it shows.
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._shown: tuple[str, bool, bool] | None = None  # what the label shows now
        self.usable = True  # residents may register now (open, or a self-service station)
        self.setVisible(False)  # nothing to say until the hours are known

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        if self._model is None:
            return
        hours = self._model.hours  # read at each refresh: the model is the one copy
        now = self.clock()
        status = hours.status(now)
        usable = status.is_open or hours.outside_hours is OutsideHours.USABLE
        if status.is_open and status.until is not None:
            text = self.tr("Åpent nå, til %1").replace("%1", self._apart(_hhmm(status.until)))
        else:
            first = self.tr("Stengt i dag: helligdag") if status.reason == "holiday" else None
            text = first or self.tr("Stengt nå")
            if status.next_open is not None:
                # Closed to residents, the hours are the screen's message: two big lines.
                # Otherwise they are a note above the choices: one slim line.
                separator = "\n" if not usable else self._apart("·", " ")
                text += separator + self._opens(now, status.next_open)
        if (text, status.is_open, usable) != self._shown:
            # Restyled only on a change: re-polishing every 30 s for the same words cost CPU
            # all day at a kiosk that was only resting.
            self._shown = (text, status.is_open, usable)
            self.label.setText(text)
            self.label.setProperty("open", status.is_open)
            self.label.setProperty("usable", usable)
            restyle(self.label)
            # Closed to residents: the message stands centred where the choices were.
            self.label.setAlignment(
                Qt.AlignmentFlag.AlignVCenter
                | (Qt.AlignmentFlag.AlignLeading if usable else Qt.AlignmentFlag.AlignHCenter)
            )
            self.label.updateGeometry()
        self.usable = usable
        for widget in self.gated:
            widget.setVisible(usable)
        self.setVisible(True)
        self.refreshed.emit()

    def _opens(self, now: datetime, at: datetime) -> str:
        days = (at.astimezone(OSLO).date() - now.astimezone(OSLO).date()).days
        if days == 0:
            return self.tr("Åpner i dag kl. %1").replace("%1", self._apart(_hhmm(at)))
        if days == 1:
            return self.tr("Åpner i morgen kl. %1").replace("%1", self._apart(_hhmm(at)))
        # The number locale's (ar_AE for Arabic): the date's digits match the time's.
        locale = number_locale(self.languages.current)
        local = at.astimezone(OSLO)
        if days < 7:
            when = locale.dayName(local.isoweekday(), QLocale.FormatType.LongFormat)
        else:
            day = QDate(local.year, local.month, local.day)
            when = locale.toString(day, QLocale.FormatType.LongFormat)
        #: %1 is a weekday (an opening within a week) or a full date; %2 the time, as 10:00.
        opens = self.tr("Åpner %1 kl. %2")
        when = self._apart(when) if days >= 7 else f"\u2068{when}\u2069"  # a date has digits
        return opens.replace("%2", self._apart(_hhmm(at))).replace("%1", when)

    def _apart(self, part: str, pad: str = "") -> str:
        """``part`` (a time, a date, the separator) set apart from the words around it: in
        an isolate (FSI…PDI), so its digits keep their order in a right-to-left line, and in
        a script whose ink runs past its words' ends (Nastaliq: a keheh's stroke reaches back
        over the word before it) between em spaces, so that ink does not cover its digits."""
        gap = "\u2003" if self.languages.current in INK_SAMPLES else pad
        return f"{gap}\u2068{part}\u2069{gap}"


def _hhmm(at: datetime) -> str:
    return at.astimezone(OSLO).strftime("%H:%M")
