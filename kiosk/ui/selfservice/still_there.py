"""The warning before the idle drop: "Are you still there?" with a countdown, in their language.

It lies over the resident's step, so what they entered stays in view; a touch anywhere on it
carries on, and only when the countdown runs out is the draft dropped.
"""

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.ui.languages import Languages
from kiosk.ui.qtypes import parent_of, with_name
from kiosk.ui.selfservice.widgets import TOUCH_MIN, PictoButton, Translated, pixmap

WARNING_S = 15


class StillThere(Translated):
    continued = Signal()  # the resident touched the screen: carry on where they were
    expired = Signal()  # nobody answered: drop the draft

    def __init__(
        self, languages: Languages, seconds: int = WARNING_S, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("stillThere")
        self.seconds = seconds
        self.left = seconds
        # One tick a second; tests shorten the interval rather than wait.
        self.tick = QTimer(self, interval=1000)
        self.tick.timeout.connect(self._ticked)
        card = with_name(QFrame(), "stillThereCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        picture.setPixmap(pixmap("warning", 96))
        self.question = with_name(QLabel(wordWrap=True), "stillThereTitle")
        self.countdown = with_name(QLabel(wordWrap=True), "stillThereText")
        for label in (self.question, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.carry_on = PictoButton("confirm", icon_px=48, vertical=False, object_name="next")
        self.carry_on.setMinimumHeight(TOUCH_MIN + 16)
        self.carry_on.clicked.connect(self._carry_on)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 24, 40, 24)  # Urdu's tall lines need the room at 600 px
        inner.setSpacing(20)
        inner.addWidget(picture)
        inner.addWidget(self.question)
        inner.addWidget(self.countdown)
        inner.addWidget(self.carry_on)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 24, 64, 24)
        layout.addStretch(1)
        layout.addWidget(card)
        layout.addStretch(1)
        languages.language_changed.connect(self.retranslate)
        self.hide()
        self.retranslate()

    def start(self) -> None:
        """Cover the parent and count down from ``seconds``."""
        self.left = self.seconds
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
            parent.installEventFilter(self)
        self.retranslate()
        self.show()
        self.raise_()
        self.tick.start()

    def stop(self) -> None:
        self.tick.stop()
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self.setGeometry(parent_of(self).rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        # The step stays visible, dimmed, under the question: the resident sees what they
        # would lose.
        QPainter(self).fillRect(self.rect(), QColor(0, 0, 0, 150))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A tap anywhere, not only on the button: a resident in gloves should not have to aim.
        self._carry_on()

    def _carry_on(self) -> None:
        if self.isVisible():
            self.stop()
            self.continued.emit()

    def _ticked(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.stop()
            self.expired.emit()
            return
        self.retranslate()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Er du der fortsatt?"))
        self.countdown.setText(self.tr("Vi begynner på nytt om %n sekunder.", "", self.left))
        self.carry_on.setText(self.tr("Ja, fortsett"))
