"""A large on-screen numpad for a weight in kg, typing into an entry a USB keypad can also use.

The entry takes no more digits than the heaviest valid weight has and no more than three
decimals (whole grams), so it always shows the whole value it holds.
"""

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from kiosk.ui.qtypes import with_name

BACKSPACE = "⌫"
# Two rows of six: short enough that today's list below keeps six rows at 800 px.
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ",", BACKSPACE)
COLUMNS = 6
MAX_DECIMALS = 3  # grams are the unit
KEY_SPACING = 12  # a gloved finger between two keys
ENTRY_PADDING = 40  # the field's padding and border, both sides


def whole_digits(max_g: int) -> int:
    """How many digits before the comma the heaviest valid weight has: 200 kg -> 3."""
    return len(str(max(1, max_g // 1000)))


class Numpad(QWidget):
    """Keys append to ``entry`` while the value stays a weight that could be valid.

    The entry is not part of this widget's layout: the screen places it where it reads best.
    """

    submitted = Signal()
    edited = Signal()  # the person changed the weight, by key or keyboard

    def __init__(self, max_g: int, parent: QWidget | None = None, *, columns: int = COLUMNS):
        super().__init__(parent)
        self._whole = whole_digits(max_g)
        self.entry = with_name(QLineEdit(), "weightEntry")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.entry.setPlaceholderText("0")  # the unit sits beside the field, not in it
        # A USB keypad is held to the same shape as the keys; pasted text is still
        # checked by the domain on saving.
        pattern = rf"[0-9]{{0,{self._whole}}}([,.][0-9]{{0,{MAX_DECIMALS}}})?"
        self.entry.setValidator(QRegularExpressionValidator(QRegularExpression(pattern)))
        self.entry.setMaxLength(self._whole + 1 + MAX_DECIMALS)
        self.entry.returnPressed.connect(self.submitted)
        self.entry.textEdited.connect(self.edited)
        self._widest = "8" * self._whole + "," + "8" * MAX_DECIMALS
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(KEY_SPACING)
        for index, key in enumerate(KEYS):
            button = with_name(QPushButton(key), "key")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            button.setAccessibleName("slett" if key == BACKSPACE else key)
            self.keys[key] = button
            grid.addWidget(button, index // columns, index % columns)
        self.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        # 1 2 3 from the left in every language, as on a phone or a card terminal: mirrored
        # for Arabic it read 6 5 4 3 2 1 to a guide who knows keypads (issue 27).
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        # Keys are never squeezed below a gloved finger's target, whatever the screen.
        self.setMinimumHeight(self.minimumSizeHint().height())

    def fit_entry(self) -> None:
        """Make the field wide enough for the longest value it accepts, in its own font."""
        self.entry.ensurePolished()
        width = self.entry.fontMetrics().horizontalAdvance(self._widest)
        self.entry.setMinimumWidth(width + ENTRY_PADDING)

    def press(self, key: str) -> None:
        text = self.entry.text()
        if key == BACKSPACE:
            text = text[:-1]
        elif key == ",":
            if "," in text or "." in text:
                return
            text = (text or "0") + ","
        else:
            whole, sep, decimals = text.replace(".", ",").partition(",")
            if sep and len(decimals) >= MAX_DECIMALS:
                return
            if not sep and len(whole.lstrip("0")) >= self._whole:
                return  # a fourth digit would be over the heaviest valid weight
            text = key if text == "0" else text + key
        self.entry.setText(text)
        self.edited.emit()

    def text(self) -> str:
        return self.entry.text()

    def clear(self) -> None:
        self.entry.clear()
