"""Today's totals per kind, in kg, as one row of three: short enough to sit under the list.

Numbers are written the Norwegian way through QLocale ("1 805,6 kg"), one decimal.
"""

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.kinds import Kind

SHORT_TITLES = {
    Kind.RECYCLING: QT_TRANSLATE_NOOP("Totals", "Gjenvinning"),
    Kind.HAZARDOUS: QT_TRANSLATE_NOOP("Totals", "Farlig"),
    Kind.RESIDUAL: QT_TRANSLATE_NOOP("Totals", "Rest"),
    Kind.REUSE: QT_TRANSLATE_NOOP("Totals", "Ombruk"),
}
GUIDE_LOCALE = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway)


def total_kg(grams: int, locale: QLocale = GUIDE_LOCALE) -> str:
    """Grams as kilograms to one decimal with the locale's separators: 1805607 -> '1 805,6 kg'.

    A whole number drops its ",0": 12000 -> '12 kg'.
    """
    tenths = round(grams / 100)
    decimals = 0 if tenths % 10 == 0 else 1
    return locale.toString(tenths / 10, "f", decimals) + " kg"


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
