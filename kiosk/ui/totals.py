"""Today's totals per kind, in kg, as one row of three: short enough to sit under the list."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.kinds import Kind
from kiosk.domain.weights import format_kg

SHORT_TITLES = {
    Kind.RECYCLING: QT_TRANSLATE_NOOP("Totals", "Gjenvinning"),
    Kind.HAZARDOUS: QT_TRANSLATE_NOOP("Totals", "Farlig"),
    Kind.REUSE: QT_TRANSLATE_NOOP("Totals", "Ombruk"),
}


class Totals(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totals")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(0)
        self.values: dict[Kind, QLabel] = {}
        for column, kind in enumerate(Kind):
            name = QLabel(self.tr(SHORT_TITLES[kind]), objectName="kindTitle")
            name.setProperty("kind", kind.value)
            value = QLabel("0 kg", objectName="totalValue")
            for label in (name, value):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(name, 0, column)
            layout.addWidget(value, 1, column)
            self.values[kind] = value

        self._grams = dict.fromkeys(Kind, 0)

    def show_totals(self, grams: dict[Kind, int]) -> None:
        self._grams = {kind: grams.get(kind, 0) for kind in Kind}
        for kind, label in self.values.items():
            label.setText(f"{format_kg(self._grams[kind])} kg")

    def add(self, kind: Kind, grams: int) -> None:
        self._grams[kind] += grams
        self.values[kind].setText(f"{format_kg(self._grams[kind])} kg")
