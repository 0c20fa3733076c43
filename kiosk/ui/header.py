"""The header: station name, clock, open until when or closed until when, and sync state.

The open state, the clock and the buttons keep their full width at any window size. What
gives way, in order: the sync text's long lines (for short ones), the station name (onto two
lines, then elided), and last the sync text's times; its counts are always painted whole.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import (
    QFontMetrics,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QWidget,
)

from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.hours import OSLO, OpeningHours, Status
from kiosk.sync.outbox import SyncOverview
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.theme import restyle

SYNC_WARN_AFTER = timedelta(hours=48)
HEIGHT = 76  # 64 px buttons and their margins


class ElidedLabel(QLabel):
    """A label that takes whatever width is left: its lines in full if they fit, else its
    short lines, elided if even those do not.

    ``text()`` stays the whole text (for tests and screen readers); only the painting is cut.
    """

    _short: tuple[str, ...] = ()
    _whole: tuple[str, ...] = ()

    def set_lines(self, full: list[str], short: list[str], whole: Sequence[str] = ()) -> None:
        """``whole``: the pieces of the short lines that must never be cut (the counts)."""
        self._short, self._whole = tuple(short), tuple(whole)
        self.setText("\n".join(full))
        self.update()

    def needed_width(self) -> int:
        """The width that paints every ``whole`` piece in full."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(piece) for piece in self._whole), default=0)
        return widest + self.width() - self.contentsRect().width() + 2

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def shown_lines(self) -> list[str]:
        """The lines as painted now, at the label's width."""
        width = self.contentsRect().width()
        metrics = self.fontMetrics()
        lines = self.text().split("\n")
        if self._short and any(metrics.horizontalAdvance(line) > width for line in lines):
            lines = list(self._short)
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        # The widget's direction, not the application's (a painter's Auto took the Arabic
        # station's and put "Aldri synk." as ".Aldri synk" on the Bokmål header).
        painter.setLayoutDirection(self.layoutDirection())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(align), "\n".join(self.shown_lines()))


class Header(QFrame):
    def __init__(
        self,
        station_name: str,
        hours: OpeningHours,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("header")
        self.wall_clock = wall_clock  # the time, the open state and the sync ages read it
        self.setFixedHeight(HEIGHT)
        self._hours = hours
        self._offline_since: datetime | None = None
        self._overview: SyncOverview | None = None
        self._syncing = False
        self._station_name = station_name
        self.station = with_name(ElidedLabel(station_name), "stationName")
        self.station.setAccessibleName(station_name)  # whole, however it is painted
        self.open_state = with_name(QLabel(), "openState")
        self.open_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sync_state = with_name(ElidedLabel(), "syncState")
        self.clock = with_name(QLabel(), "clock")
        for fixed in (self.open_state, self.clock):
            fixed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.sync_state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 4)
        layout.setSpacing(12)
        layout.addWidget(self.station)
        layout.addWidget(self.sync_state, 1)
        layout.addWidget(self.open_state)
        layout.addWidget(self.clock)
        # Ticks only while shown (showEvent/hideEvent): the guide's screen is hidden most of
        # the day, and a clock nobody sees must not wake the kiosk every second.
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.tick)
        self.tick()

    def showEvent(self, event: QShowEvent) -> None:
        self.tick()  # right the moment the screen shows, not a second later
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_station()
        super().resizeEvent(event)

    def _fit_station(self) -> None:
        """The name takes the room the sync text's counts leave: on one line if it fits,
        else on two (split where the longer line is shortest), each line elided if need be.

        Run when the room or a need changes (a resize, new counts, a new open state)."""
        layout = layout_of(self)
        margins = layout.contentsMargins()
        others = margins.left() + margins.right() + layout.spacing() * (layout.count() - 1)
        for index in range(layout.count()):
            item = layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in (self.station, self.sync_state):
                others += max(widget.sizeHint().width(), widget.minimumWidth())
        metrics = QFontMetrics(self.station.font())
        padding = self.station.width() - self.station.contentsRect().width() + 2
        room = self.width() - others - self.sync_state.needed_width()
        name = self._station_name
        words = name.split()
        lines = [name]
        if metrics.horizontalAdvance(name) + padding > room and metrics.height() * 2 <= HEIGHT:
            splits = [
                [" ".join(words[:cut]), " ".join(words[cut:])] for cut in range(1, len(words))
            ]
            lines = min(
                splits, key=lambda two: max(map(metrics.horizontalAdvance, two)), default=lines
            )
        widest = max(metrics.horizontalAdvance(line) for line in lines) + padding
        self.station.set_lines(lines, [])
        self.station.setFixedWidth(max(0, min(widest, room)))

    def set_hours(self, hours: OpeningHours) -> None:
        """Opening hours central pushed: shown from the next tick (now)."""
        self._hours = hours
        self.tick()

    def add_button(self, button: QAbstractButton) -> None:
        """Put a screen's own button (e.g. the technician's) at the header's right end."""
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout_of(self).addWidget(button)

    def tick(self, now: datetime | None = None) -> None:
        now = now or self.wall_clock()
        self.clock.setText(now.astimezone(OSLO).strftime("%H:%M"))
        status = self._hours.status(now)
        is_open = status.is_open
        first, second = self._open_text(now, status)
        text = f"{first}\n{second}" if second else first
        if self.open_state.text() != text:
            self.open_state.setAccessibleName(f"{first} · {second}" if second else first)
            self.open_state.setText(text)
            self.open_state.setProperty("open", is_open)
            restyle(self.open_state)
            self._fit_station()  # its width is the open state's to take or give

    def _open_text(self, now: datetime, status: Status) -> tuple[str, str]:
        """("Åpen", "til 16:00"), or ("Stengt", "åpner tor 11:00"; today: "åpner 11:00"), from
        the hours in force, so the guide can answer "when do you open?". Two short lines keep
        the sync text its room (a one-line "Stengt · åpner tor 11:00" took 330 px)."""
        if status.is_open:
            if status.until is None:
                return self.tr("Åpen"), ""
            return self.tr("Åpen"), self.tr("til %1").replace("%1", _hhmm(status.until))
        if status.next_open is None:  # nothing within the look-ahead: a long closure
            return self.tr("Stengt"), ""
        local = status.next_open.astimezone(OSLO)
        days = (local.date() - now.astimezone(OSLO).date()).days
        if days == 0:
            when = _hhmm(local)
        elif days <= 7:  # a weekday is unambiguous within a week (today's opening is past)
            when = f"{self._weekday(local.weekday())} {_hhmm(local)}"
        else:
            when = local.strftime("%d.%m. %H:%M")
        return self.tr("Stengt"), self.tr("åpner %1").replace("%1", when)

    def _weekday(self, index: int) -> str:
        names = (
            self.tr("man"),
            self.tr("tir"),
            self.tr("ons"),
            self.tr("tor"),
            self.tr("fre"),
            self.tr("lør"),
            self.tr("søn"),
        )
        return names[index]

    def show_offline(self, since: datetime | None) -> None:
        """Central could not be reached from ``since`` (UTC) on; None when it answered."""
        self._offline_since = since
        if self._overview is not None:
            self.show_sync(self._overview, syncing=self._syncing)

    def show_sync(self, overview: SyncOverview, *, syncing: bool = False) -> None:
        """How many records wait, since when, and the last good sync; amber after 48 hours."""
        self._overview, self._syncing = overview, syncing
        first = self.tr("Ikke synkronisert: %n", "", overview.pending)
        short_first = self.tr("%n venter", "", overview.pending)
        oldest = overview.oldest_unsynced_at
        age = None if oldest is None else max(timedelta(0), self.wall_clock() - oldest)
        if age is not None:
            first += " · " + self.tr("eldste %1").replace("%1", self._duration(age))
            short_first += " · " + self._duration(age)
        if overview.revoked:
            second = short_second = self.tr("Tilbakekalt: meld inn på nytt")
        elif overview.unknown:
            second = short_second = self.tr("Ukjent for sentralen: meld inn på nytt")
        elif syncing:
            second = short_second = self.tr("Synkroniserer …")
        elif self._offline_since is not None:
            stamp = self._stamp(self._offline_since)
            second = self.tr("Frakoblet siden %1").replace("%1", stamp)
            short_second = self.tr("Frakoblet %1").replace("%1", stamp)
        elif overview.last_success is None:
            second = self.tr("Aldri synkronisert")
            short_second = self.tr("Aldri synk.")
        else:
            stamp = self._stamp(overview.last_success)
            second = self.tr("Sist synkronisert %1").replace("%1", stamp)
            short_second = self.tr("Synk. %1").replace("%1", stamp)
        # The counts (with the age: "45 venter · 11 …" said nothing) are never cut.
        whole = [short_first]
        # Set aside by sync: look at them (unless the kiosk must be enrolled again first).
        if overview.quarantined and not (overview.revoked or overview.unknown):
            held = self.tr("%n i karantene", "", overview.quarantined)
            second += " · " + held
            # First in the short form: a narrow screen elides the time, never the count.
            short_second = held + " · " + short_second
            whole.append(held)
        # On a narrow screen the short lines keep the count and the state readable.
        self.sync_state.set_lines([first, second], [short_first, short_second], whole)
        warn = age is not None and age > SYNC_WARN_AFTER
        if self.sync_state.property("warn") != warn:
            self.sync_state.setProperty("warn", warn)
            restyle(self.sync_state)
        self._fit_station()

    def _stamp(self, when: datetime) -> str:
        local = when.astimezone(OSLO)
        today = self.wall_clock().astimezone(OSLO).date()
        return local.strftime("%H:%M" if local.date() == today else "%d.%m. %H:%M")

    def _duration(self, age: timedelta) -> str:
        minutes = int(age.total_seconds() // 60)
        if minutes < 60:
            return self.tr("%1 min").replace("%1", str(minutes))
        if minutes < 48 * 60:
            return self.tr("%1 t").replace("%1", str(minutes // 60))
        return self.tr("%1 døgn").replace("%1", str(minutes // (24 * 60)))


def _hhmm(at: datetime) -> str:
    return at.astimezone(OSLO).strftime("%H:%M")
