"""The live scale on the guide's screen: one big "use this weight" button, zero and tare.

The button shows the live weight and the scale's state, and can be pressed only while
the scale calls the weight stable: what the guide sees is what gets saved.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.weights import format_kg
from kiosk.scale import CommandResult, Reading, ReadingState
from kiosk.ui import theme
from kiosk.ui.qtypes import with_name
from kiosk.ui.scale_feed import ScaleFeed
from kiosk.ui.today_list import WrappedLabel

STATE_TEXT = {
    ReadingState.STABLE: QT_TRANSLATE_NOOP("ScalePanel", "Stabil – trykk her"),
    ReadingState.MOVING: QT_TRANSLATE_NOOP("ScalePanel", "I bevegelse"),
    ReadingState.OVERLOAD: QT_TRANSLATE_NOOP("ScalePanel", "Overbelastet"),
    ReadingState.UNDERLOAD: QT_TRANSLATE_NOOP("ScalePanel", "Under null"),
    ReadingState.DISCONNECTED: QT_TRANSLATE_NOOP("ScalePanel", "Vekten er frakoblet"),
    ReadingState.ERROR: QT_TRANSLATE_NOOP("ScalePanel", "Feil fra vekten"),
}


class ScalePanel(QFrame):
    """Offers a weight for saving only while the scale calls it stable."""

    weight_taken = Signal(int)  # grams, stable

    def __init__(self, feed: ScaleFeed, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scalePanel")
        self._stable_g: int | None = None
        self.use = with_name(QPushButton(), "useWeight")
        self.use.setEnabled(False)
        self.use.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.weight = with_name(WrappedLabel("–"), "scaleWeight")
        self.state = with_name(WrappedLabel(self.tr("Venter på vekten …")), "scaleState")
        inside = QVBoxLayout(self.use)
        inside.setContentsMargins(12, 4, 12, 4)
        inside.setSpacing(0)
        for label in (self.weight, self.state):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inside.addWidget(label)
        self.use.setMinimumHeight(80)
        self.zero = with_name(QPushButton(self.tr("Null")), "scaleCommand")
        self.tare = with_name(QPushButton(self.tr("Tara")), "scaleCommand")
        self.use.clicked.connect(self._use)
        self.zero.clicked.connect(feed.zero)
        self.tare.clicked.connect(feed.tare)
        feed.reading_changed.connect(self.show_reading)
        feed.command_finished.connect(self._command_finished)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)  # a gloved finger between two targets
        layout.addWidget(self.use, 1)
        layout.addWidget(self.zero)
        layout.addWidget(self.tare)

    def show_reading(self, reading: Reading) -> None:
        self._stable_g = reading.weight_for_saving
        grams = reading.grams
        self.weight.setText("–" if grams is None else f"{format_kg(grams)} kg")
        self.state.setText(self.tr(STATE_TEXT[reading.state]))
        self.use.setToolTip(reading.message)
        self.use.setEnabled(self._stable_g is not None)
        for label in (self.state, self.weight):
            label.setProperty("state", reading.state.value)
            theme.restyle(label)

    def _use(self) -> None:
        if self._stable_g is not None:
            self.weight_taken.emit(self._stable_g)

    def _command_finished(self, result: CommandResult) -> None:
        if not result.ok:
            self.state.setText(result.message)
