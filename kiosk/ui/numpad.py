"""A large on-screen numpad for a weight in kg, typing into an entry a USB keypad can also use."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

BACKSPACE = "⌫"
KEYS = ("7", "8", "9", "4", "5", "6", "1", "2", "3", ",", "0", BACKSPACE)
MAX_DECIMALS = 3


class Numpad(QWidget):
    """Keys append to ``entry``; a fourth decimal is not accepted, since grams are the unit.

    The entry is not part of this widget's layout: the screen places it where it reads best.
    """

    submitted = Signal()
    edited = Signal()  # the person changed the weight, by key or keyboard

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = QLineEdit(objectName="weightEntry")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.entry.setPlaceholderText("0 kg")
        self.entry.setMaxLength(12)
        self.entry.returnPressed.connect(self.submitted)
        self.entry.textEdited.connect(self.edited)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for index, key in enumerate(KEYS):
            button = QPushButton(key, objectName="key")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            button.setAccessibleName("slett" if key == BACKSPACE else key)
            self.keys[key] = button
            grid.addWidget(button, index // 3, index % 3)
        self.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        # Keys are never squeezed below a gloved finger's target, whatever the screen.
        self.setMinimumHeight(self.minimumSizeHint().height())

    def press(self, key: str) -> None:
        text = self.entry.text()
        if key == BACKSPACE:
            text = text[:-1]
        elif key == ",":
            if "," not in text and "." not in text:
                text = (text or "0") + ","
        else:
            _whole, sep, decimals = text.replace(".", ",").partition(",")
            if sep and len(decimals) >= MAX_DECIMALS:
                return
            text = key if text == "0" else text + key
        self.entry.setText(text)
        self.edited.emit()

    def text(self) -> str:
        return self.entry.text()

    def clear(self) -> None:
        self.entry.clear()
