"""Locking: the guide's PIN screen, and the lockdown that keeps residents inside the kiosk.

The PIN is checked against a salted scrypt hash (kiosk.domain.pin); five wrong tries lock
entry for a growing period, counted down on screen.
"""

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.pin import DEFAULT_PIN, MAX_LENGTH, Lockout, read_pin_hash, verify_pin
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.widgets import StepBar, Translated

BACKSPACE = "⌫"
OK = "OK"
# The phone's keypad, which every hand knows: 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0 OK.
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", BACKSPACE, "0", OK)
COLUMNS = 3


def lock_down(window: QWidget) -> None:
    """Full screen, frameless and on top: no title bar to close, no desktop to reach."""
    window.setWindowFlags(
        window.windowFlags()
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )
    window.showFullScreen()


class PinScreen(Translated):
    unlocked = Signal()
    cancelled = Signal()

    def __init__(
        self,
        pin_file: Path,
        lockout: Lockout,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("pinScreen")
        self._pin_file = pin_file
        self.lockout = lockout
        self._clock = clock
        self.default_pin_in_use = False  # the first-run PIN opened the guide's screen
        self.bar = StepBar("lock")
        self.bar.back_clicked.connect(self._cancel)
        self.entry = with_name(QLineEdit(echoMode=QLineEdit.EchoMode.Password), "pinEntry")
        self.entry.setMaxLength(MAX_LENGTH)
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.returnPressed.connect(self.submit)
        self.status = with_name(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "pinStatus")
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(12)  # a gloved finger between two keys
        for index, key in enumerate(KEYS):
            button = with_name(QPushButton(key), "pinKey")
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.keys[key] = button
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)
        pad = QWidget()
        pad.setLayout(grid)
        pad.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a keypad never mirrors
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_lock_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 0, 16, 16)
        layout.addWidget(self.bar)
        layout.addWidget(self.entry, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.status)
        layout.addWidget(pad, 1, Qt.AlignmentFlag.AlignHCenter)
        self.retranslate()

    def reset(self) -> None:
        self.entry.clear()
        self.status.clear()
        self._show_lock_state()

    def press(self, key: str) -> None:
        if key == OK:
            self.submit()
        elif key == BACKSPACE:
            self.entry.backspace()
        else:
            self.entry.insert(key)

    def submit(self) -> bool:
        """Check the typed PIN; True and ``unlocked`` when right."""
        pin = self.entry.text()
        self.entry.clear()
        if self.lockout.remaining(self._clock()) > 0 or not pin:
            self._show_lock_state()
            return False
        if verify_pin(pin, read_pin_hash(self._pin_file)):
            # Known from the PIN that opened the door: no second scrypt check, no file read.
            self.default_pin_in_use = pin == DEFAULT_PIN
            self.lockout.record_success()
            self.status.clear()
            self.unlocked.emit()
            return True
        self.lockout.record_failure(self._clock())
        self.status.setText(self.tr("Feil PIN."))
        self._show_lock_state()
        return False

    def _show_lock_state(self) -> None:
        remaining = self.lockout.remaining(self._clock())
        locked = remaining > 0
        for key in self.keys.values():
            key.setEnabled(not locked)
        self.entry.setEnabled(not locked)
        if locked:
            seconds = int(remaining + 0.999)
            self.status.setText(self.tr("For mange feil. Prøv igjen om %n sekunder.", "", seconds))
            self._tick.start()
        else:
            if self._tick.isActive():
                self.status.clear()
            self._tick.stop()

    def _cancel(self) -> None:
        self.entry.clear()
        self.cancelled.emit()

    def retranslate(self) -> None:
        #: The PIN of the station's staff (veileder: a staff member, never a tour guide).
        self.bar.title.setText(self.tr("Veilederens PIN"))
        if self._tick.isActive():  # the lockout countdown follows a language switch at once
            self._show_lock_state()
