"""The thank-you screen's one question, in the resident's language, with three faces.

One tap writes a ``feedback`` record (no personal data); not tapping writes nothing, and the
thank-you screen's own timeout ends it as before.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QWidget

from contract.records import Answer, Question, question_for
from kiosk.db.feedback import record_feedback
from kiosk.db.store import Store
from kiosk.domain.clock import WallClock, utc_now
from kiosk.domain.kinds import Direction
from kiosk.ui.languages import Languages
from kiosk.ui.operations import Op
from kiosk.ui.qtypes import with_name
from kiosk.ui.selfservice.widgets import TOUCH_MIN, PictoButton, Translated, compact

FACE_GAP = 12  # px between the faces: a gloved finger lands on one, never between two
FACE_MIN = 64  # px, a face's side on a small screen; TOUCH_MIN where there is room


class FeedbackQuestion(Translated):
    answered = Signal(str)  # the answer, once its record is committed

    def __init__(
        self,
        store: Store,
        languages: Languages,
        wall_clock: WallClock = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("feedbackQuestion")
        self._store = store
        self._languages = languages
        self._clock = wall_clock
        self._direction = Direction.IN
        self._answered = False
        self.question = with_name(QLabel(wordWrap=True), "thanksText")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.faces: dict[Answer, PictoButton] = {}
        row = QHBoxLayout()
        row.setSpacing(FACE_GAP)
        row.addStretch(1)
        for answer in Answer:
            face = PictoButton(f"face_{answer.value}", icon_px=56, object_name="picto")
            face.label.hide()  # a picture only: its name is for screen readers
            face.setFixedSize(TOUCH_MIN + 16, TOUCH_MIN)
            face.clicked.connect(lambda _=False, a=answer: self._tapped(a))
            self.faces[answer] = face
            row.addWidget(face)
        row.addStretch(1)
        # The question stands beside its faces, so the thank-you screen keeps its height for
        # the figures above (Urdu's lines are tall).
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self._layout.addWidget(self.question, 1)
        self._layout.addLayout(row)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        small = compact(self)
        for face in self.faces.values():
            face.setFixedSize(FACE_MIN, FACE_MIN) if small else face.setFixedSize(
                TOUCH_MIN + 16, TOUCH_MIN
            )
            face.set_icon_px(44 if small else 56)
        super().resizeEvent(event)

    def ask(self, direction: Direction) -> None:
        """Ask again for a new visit: the question for its direction, every face tappable."""
        self._direction = Direction(direction)
        self._answered = False
        for face in self.faces.values():
            face.setEnabled(True)
        self.retranslate()

    def _tapped(self, answer: Answer) -> None:
        # One answer per visit: a second tap (or a glove's bounce) finds the faces disabled.
        if not self.faces[answer].isEnabled():
            return
        for face in self.faces.values():
            face.setEnabled(False)
        language, direction, now = self._languages.current, self._direction, self._clock()

        def work() -> str:
            record_feedback(
                store=self._store,
                answer=answer.value,
                language=language,
                direction=direction.value,
                now=now,
            )
            return answer.value

        # A failed write loses one anonymous answer; the resident is not troubled with it
        # (Op logs it), and the thank-you screen goes on as before.
        Op(self, work).success(self._saved).run_in_background()

    def _saved(self, answer: str) -> None:
        self._answered = True
        self.retranslate()
        self.answered.emit(answer)

    def retranslate(self) -> None:
        if self._answered:
            #: Shown in place of the question once the resident tapped a face.
            self.question.setText(self.tr("Takk for svaret!"))
        elif question_for(self._direction) == Question.FOUND:
            #: Asked on the thank-you screen after a resident took items home.
            self.question.setText(self.tr("Fant du det du lette etter?"))
        else:
            #: Asked on the thank-you screen after a resident left items for reuse.
            self.question.setText(self.tr("Hvordan var det?"))
        #: Screen-reader name of the smiling face button (the answer "good").
        self.faces[Answer.GOOD].setAccessibleName(self.tr("Bra"))
        #: Screen-reader name of the neutral face button (the answer "so-so").
        self.faces[Answer.SO_SO].setAccessibleName(self.tr("Sånn passe"))
        #: Screen-reader name of the frowning face button (the answer "bad").
        self.faces[Answer.BAD].setAccessibleName(self.tr("Dårlig"))
