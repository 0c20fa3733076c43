"""Today's totals in kg: the three kinds on one row, and below them, a line each, the two
reuse figures the effect report keeps apart.

"Levert til ombruk" is reuse items left at the station; "Ombruk fra stasjonen" is those
taken out plus those sent on to a reuse partner (contract/effect.py, docs/translations.md).
Numbers are written the Norwegian way ("1 805,6 kg"), one decimal, by ``kg_text``: the
contract's rounding in the guide's locale.
"""

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from contract.effect import Measure, measure_of
from kiosk.db.station_totals import StationTotals
from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.domain.kinds import Kind
from kiosk.ui.languages import kg_text
from kiosk.ui.qtypes import with_name

KIND_TITLES = {
    Measure.RECYCLED: QT_TRANSLATE_NOOP("Totals", "Gjenvinning"),
    Measure.HAZARDOUS: QT_TRANSLATE_NOOP("Totals", "Farlig"),
    Measure.RESIDUAL: QT_TRANSLATE_NOOP("Totals", "Rest"),
}
REUSE_TITLES = {
    Measure.LEFT_FOR_REUSE: QT_TRANSLATE_NOOP("Totals", "Levert til ombruk"),
    Measure.REUSED: QT_TRANSLATE_NOOP("Totals", "Ombruk fra stasjonen"),
}
COLOURS = {
    Measure.RECYCLED: Kind.RECYCLING.value,
    Measure.HAZARDOUS: Kind.HAZARDOUS.value,
    Measure.RESIDUAL: Kind.RESIDUAL.value,
    Measure.LEFT_FOR_REUSE: Kind.REUSE.value,
    Measure.REUSED: Kind.REUSE.value,
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
        layout.setHorizontalSpacing(12)  # figures never run into one another
        self.values: dict[Measure, QLabel] = {}
        for column, (measure, title) in enumerate(KIND_TITLES.items()):
            name = with_name(QLabel(self.tr(title)), "kindTitle")
            name.setProperty("kind", COLOURS[measure])  # the theme's colour per kind
            value = with_name(QLabel(total_kg(0)), "totalValue")
            for label in (name, value):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(name, 0, column)
            layout.addWidget(value, 1, column)
            layout.setColumnStretch(column, 1)
            self.values[measure] = value
        # The reuse figures below, each on its own line: at the guide's 18 pt their titles
        # are too long for a column of a 472 px panel.
        for row, (measure, title) in enumerate(REUSE_TITLES.items(), start=2):
            line = QHBoxLayout()
            line.setSpacing(12)
            name = with_name(QLabel(self.tr(title)), "kindTitle")
            name.setProperty("kind", COLOURS[measure])
            value = with_name(QLabel(total_kg(0)), "totalValue")
            line.addWidget(name)
            line.addStretch(1)
            line.addWidget(value)
            layout.addLayout(line, row, 0, 1, len(KIND_TITLES))
            self.values[measure] = value
        self._grams = dict.fromkeys(self.values, 0)

    def show_totals(self, totals: StationTotals | Mapping[Measure, int]) -> None:
        """Today's figures: a StationTotals (reuse from the station with the partners'), or
        grams per measure."""
        if isinstance(totals, StationTotals):
            grams = {
                **totals.grams,
                Measure.LEFT_FOR_REUSE: totals.left_for_reuse_g,
                Measure.REUSED: totals.reused_g,
            }
        else:
            grams = dict(totals)
        self._grams = {measure: grams.get(measure, 0) for measure in self.values}
        for measure, label in self.values.items():
            label.setText(total_kg(self._grams[measure]))

    def add(self, kind: Kind, direction: str, grams: int) -> None:
        measure = measure_of(kind, direction)
        self._grams[measure] += grams
        self.values[measure].setText(total_kg(self._grams[measure]))
