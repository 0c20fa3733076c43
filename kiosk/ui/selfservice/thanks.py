"""The thank-you screen: what this resident left for reuse or took home, in the words of
contract/effect.py, and the station's two reuse figures today: left for reuse, and reuse
from the station (taken out, or sent on to a reuse partner).

It returns to the attract screen by itself after a few seconds, or at once on "done".
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from contract.effect import Measure, measure_of
from kiosk.domain.kinds import Direction, Kind
from kiosk.ui.languages import Languages, kg_text, weight_text
from kiosk.ui.qtypes import layout_of, with_name
from kiosk.ui.selfservice.widgets import TOUCH_MIN, PictoButton, Translated, compact, pixmap


class ThanksScreen(Translated):
    finished = Signal()

    def __init__(
        self,
        languages: Languages,
        timeout_ms: int,
        question: QWidget | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("thanksScreen")
        self._languages = languages
        self._shown: tuple[Direction, int, tuple[int, int]] | None = None
        self.timer = QTimer(self, singleShot=True, interval=timeout_ms)
        self.timer.timeout.connect(self.finished)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(pixmap("confirm", 160))
        self.title = with_name(QLabel(alignment=Qt.AlignmentFlag.AlignCenter), "thanksTitle")
        self.yours = with_name(QLabel(wordWrap=True), "thanksText")
        self.today = with_name(QLabel(wordWrap=True), "thanksText")
        for label in (self.yours, self.today):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done = PictoButton("confirm", icon_px=48, vertical=False, object_name="next")
        self.done.setMinimumHeight(TOUCH_MIN + 16)
        self.done.clicked.connect(self._done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 24)
        layout.setSpacing(20)
        layout.addStretch(1)
        layout.addWidget(self.picture)
        layout.addWidget(self.title)
        layout.addWidget(self.yours)
        layout.addWidget(self.today)
        self._has_question = question is not None
        if question is not None:  # the resident's one-tap answer (selfservice/feedback.py)
            layout.addWidget(question)
        layout.addStretch(1)
        layout.addWidget(self.done)
        languages.language_changed.connect(self.retranslate)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # With the question, its faces take the tick's place, and the screen packs as a small
        # one does: Urdu's tall lines, both reuse figures and the faces must all fit whole.
        tight = compact(self) or self._has_question
        self.picture.setPixmap(pixmap("confirm", 64 if tight else 160))
        self.picture.setVisible(not self._has_question)
        layout_of(self).setSpacing(12 if tight else 20)
        layout_of(self).setContentsMargins(*((32, 12, 32, 12) if tight else (48, 32, 48, 24)))
        super().resizeEvent(event)

    def show_result(self, direction: Direction, grams: int, today_reuse_g: tuple[int, int]) -> None:
        """``today_reuse_g``: today's grams left for reuse and reused from the station."""
        self._shown = (Direction(direction), grams, today_reuse_g)
        self.retranslate()
        self.timer.start()

    def _done(self) -> None:
        self.timer.stop()
        self.finished.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Takk!"))
        self.done.setText(self.tr("Ferdig"))
        if self._shown is None:
            return
        direction, grams, (left, reused) = self._shown
        language = self._languages.current
        # The words follow contract/effect.py: items left are "left for reuse", only items
        # taken home are "reused" (docs/translations.md).
        if measure_of(Kind.REUSE, direction) == Measure.REUSED:
            text = self.tr("Du tar med deg %1 kg brukte ting. Det er ombruk!")
        else:
            text = self.tr("Du har levert %1 kg til ombruk. Nå kan noen andre få glede av det.")
        self.yours.setText(text.replace("%1", weight_text(grams, language)))
        #: Today's two reuse figures at this station (docs/translations.md): %1 kg left for
        #: reuse by residents, %2 kg reused from the station (taken home, or sent on to a
        #: reuse shop). Keep it short: it must fit one or two lines at 1024x600.
        text = self.tr("I dag på stasjonen: %1 kg levert til ombruk, %2 kg ombruk fra stasjonen.")
        self.today.setText(
            text.replace("%1", kg_text(left, language)).replace("%2", kg_text(reused, language))
        )
