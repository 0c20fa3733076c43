"""The header: station name, clock, open or closed from the opening hours, and sync state."""

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.domain.hours import OSLO, OpeningHours
from kiosk.sync.outbox import SyncOverview
from kiosk.ui.theme import restyle

SYNC_WARN_AFTER = timedelta(hours=48)


class Header(QFrame):
    def __init__(self, station_name: str, hours: OpeningHours, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self._hours = hours
        self.station = QLabel(station_name, objectName="stationName")
        # On a 1024 px screen the name is what gives way (clipped), never a button or the clock.
        self.station.setMinimumWidth(1)
        self.open_state = QLabel(objectName="openState")
        self.sync_state = QLabel(objectName="syncState")
        self.clock = QLabel(objectName="clock")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.setSpacing(20)
        layout.addWidget(self.station)
        layout.addStretch(1)
        layout.addWidget(self.sync_state)
        layout.addWidget(self.open_state)
        layout.addWidget(self.clock)
        self._timer = QTimer(self, interval=1000, timeout=self.tick)
        self._timer.start()
        self.tick()

    def set_hours(self, hours: OpeningHours) -> None:
        """Opening hours central pushed: shown from the next tick (now)."""
        self._hours = hours
        self.tick()

    def add_button(self, button: QAbstractButton) -> None:
        """Put a screen's own button (e.g. the technician's) at the header's right end."""
        self.layout().addWidget(button)

    def tick(self, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        self.clock.setText(now.astimezone(OSLO).strftime("%H:%M"))
        is_open = self._hours.is_open(now)
        text = self.tr("Åpen") if is_open else self.tr("Stengt")
        if self.open_state.text() != text:
            self.open_state.setText(text)
            self.open_state.setProperty("open", is_open)
            restyle(self.open_state)

    def show_sync(self, overview: SyncOverview, *, syncing: bool = False) -> None:
        """How many records wait, since when, and the last good sync; amber after 48 hours."""
        first = self.tr("Ikke synkronisert: %n", "", overview.pending)
        oldest = overview.oldest_unsynced_at
        age = None if oldest is None else max(timedelta(0), datetime.now(UTC) - oldest)
        if age is not None:
            first += " · " + self.tr("eldste %1").replace("%1", self._duration(age))
        if overview.revoked:
            second = self.tr("Tilbakekalt: registrer på nytt")
        elif syncing:
            second = self.tr("Synkroniserer …")
        elif overview.last_success is None:
            second = self.tr("Aldri synkronisert")
        else:
            when = overview.last_success.astimezone(OSLO)
            today = datetime.now(UTC).astimezone(OSLO).date()
            stamp = when.strftime("%H:%M" if when.date() == today else "%d.%m. %H:%M")
            second = self.tr("Sist synkronisert %1").replace("%1", stamp)
        if overview.quarantined and not overview.revoked:  # set aside by sync: look at them
            second += " · " + self.tr("%n i karantene", "", overview.quarantined)
        self.sync_state.setText(f"{first}\n{second}")
        warn = age is not None and age > SYNC_WARN_AFTER
        if self.sync_state.property("warn") != warn:
            self.sync_state.setProperty("warn", warn)
            restyle(self.sync_state)

    def _duration(self, age: timedelta) -> str:
        minutes = int(age.total_seconds() // 60)
        if minutes < 60:
            return self.tr("%1 min").replace("%1", str(minutes))
        if minutes < 48 * 60:
            return self.tr("%1 t").replace("%1", str(minutes // 60))
        return self.tr("%1 døgn").replace("%1", str(minutes // (24 * 60)))
