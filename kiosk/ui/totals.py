"""Today's totals per kind, in kg, as one row of three: short enough to sit under the list.

Numbers are written the Norwegian way ("1 805,6 kg"), one decimal, by ``kg_text``: the
contract's rounding in the guide's locale.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.kinds import Kind
from kiosk.ui.languages import kg_text

SHORT_TITLES = {
    Kind.RECYCLING: QT_TRANSLATE_NOOP("Totals", "Gjenvinning"),
    Kind.HAZARDOUS: QT_TRANSLATE_NOOP("Totals", "Farlig"),
    Kind.RESIDUAL: QT_TRANSLATE_NOOP("Totals", "Rest"),
    Kind.REUSE: QT_TRANSLATE_NOOP("Totals", "Ombruk"),
}
GUIDE_LANGUAGE = "nb"  # the guide's screen is in Norwegian, whatever a resident chose


def total_kg(grams: int) -> str:
    """Grams as kilograms to one decimal, half up: 1805607 -> '1 805,6 kg', 12000 -> '12,0 kg'."""
    return kg_text(grams, GUIDE_LANGUAGE) + " kg"


class Totals(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("totals")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(0)
        layout.setHorizontalSpacing(12)  # three figures never run into one another
        self.values: dict[Kind, QLabel] = {}
        for column, kind in enumerate(Kind):
            name = QLabel(self.tr(SHORT_TITLES[kind]), objectName="kindTitle")
            name.setProperty("kind", kind.value)
            value = QLabel(total_kg(0), objectName="totalValue")
            for label in (name, value):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(name, 0, column)
            layout.addWidget(value, 1, column)
            layout.setColumnStretch(column, 1)
            self.values[kind] = value

        self._grams = dict.fromkeys(Kind, 0)

    def show_totals(self, grams: dict[Kind, int]) -> None:
        self._grams = {kind: grams.get(kind, 0) for kind in Kind}
        for kind, label in self.values.items():
            label.setText(total_kg(self._grams[kind]))

    def add(self, kind: Kind, grams: int) -> None:
        self._grams[kind] += grams
        self.values[kind].setText(total_kg(self._grams[kind]))
