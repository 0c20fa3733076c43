"""The header: station name, clock, open or closed from the opening hours, unsynced count."""

from datetime import UTC, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.domain.hours import OSLO, OpeningHours
from kiosk.ui.theme import restyle


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

    def set_unsynced(self, count: int) -> None:
        self.sync_state.setText(self.tr("Ikke synkronisert: %n", "", count))
