"""A row of language buttons, each naming its language in its own script (not a flag)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.languages import LANGUAGES, Languages
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.widgets import TOUCH_MIN, pixmap


class LanguageSwitcher(QWidget):
    language_chosen = Signal(str)

    def __init__(self, languages: Languages, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("languageSwitcher")
        # The row keeps its order whatever the language: mirrored for Arabic or Urdu, the
        # second tap of a hurried hand would land on another language. Each name is in its
        # own script anyway, so the buttons (which inherit this) read right as they are.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        globe = QLabel()
        globe.setPixmap(pixmap("language", 48))
        # Its own size whatever the script's padding on labels: the row must not move.
        globe.setStyleSheet("padding: 0;")
        globe.setFixedSize(48, 48)
        layout.addWidget(globe)
        for code, name in LANGUAGES.items():
            button = with_name(QPushButton(name), "language")
            button.setCheckable(True)
            button.setMinimumSize(TOUCH_MIN + 40, TOUCH_MIN)
            # Equal shares of the row, not each name's own width: the chosen name is drawn
            # bold, and the row must not shift when it is.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if code in theme.NAME_FONTS:  # and in its own script's font: Urdu in Nastaliq
                button.setStyleSheet(f"font-family: {theme.NAME_FONTS[code]};")
            self._group.addButton(button)
            self.buttons[code] = button
            button.clicked.connect(lambda _=False, c=code: languages.switch(c))
            layout.addWidget(button, 1)
        languages.language_changed.connect(self._show_current)
        languages.language_changed.connect(self.language_chosen)
        self._show_current(languages.current)

    def _show_current(self, language: str) -> None:
        self.buttons[language].setChecked(True)
