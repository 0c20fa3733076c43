"""The clear screen shown when storage fails in a known way; earlier records stay safe."""

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.db.errors import StorageError
from kiosk.ui import theme
from kiosk.ui.i18n import message
from kiosk.ui.qtypes import with_name


class StorageErrorScreen(QWidget):
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("storageErrorScreen")
        icon = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        icon.setPixmap(theme.icon("warning").pixmap(96, 96))
        self._error: StorageError | None = None
        self.title = with_name(QLabel(wordWrap=True), "errorTitle")
        self.text = with_name(QLabel(wordWrap=True), "errorText")
        self.detail = QLabel(wordWrap=True)
        self.retry = with_name(QPushButton(), "retry")
        self.retry.clicked.connect(self.retry_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addStretch(1)
        for widget in (icon, self.title, self.text, self.detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addSpacing(24)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.retranslate()

    def show_error(self, error: StorageError) -> None:
        self._error = error
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        # A resident can meet this screen: it follows the language like every resident screen.
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Lagringen virker ikke"))
        self.retry.setText(self.tr("Prøv igjen"))
        if self._error is None:
            return
        error = self._error
        self.text.setText(message(error))
        self.detail.setText(self.tr("Teknisk: %1").replace("%1", error.detail or error.kind))
