"""The station's totals today and this year, from local data, for the guide to read out.

Figures come from ``kiosk.db.station_totals`` (the effect report's measures and reuse rows:
reuse from the station includes items sent on to a reuse partner; an event's reuse kg is
activity reuse), written like the guide's totals and the console's tables: one decimal by
the contract's rule (``kg_text``).
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from contract.effect import Measure
from kiosk.db.station_totals import StationTotals
from kiosk.domain.errors import QT_TRANSLATE_NOOP
from kiosk.ui.qtypes import with_name
from kiosk.ui.totals import total_kg

REUSE_ROWS = (
    ("reused", QT_TRANSLATE_NOOP("StationTotalsView", "Ombruk fra stasjonen")),
    ("left_for_reuse", QT_TRANSLATE_NOOP("StationTotalsView", "Levert til ombruk")),
    ("activity_reuse", QT_TRANSLATE_NOOP("StationTotalsView", "Ombruk i aktiviteter")),
)
ROWS = (
    *REUSE_ROWS,
    (Measure.RECYCLED, QT_TRANSLATE_NOOP("StationTotalsView", "Gjenvinning")),
    (Measure.RESIDUAL, QT_TRANSLATE_NOOP("StationTotalsView", "Energigjenvinning")),
    (Measure.HAZARDOUS, QT_TRANSLATE_NOOP("StationTotalsView", "Farlig avfall")),
    ("events", QT_TRANSLATE_NOOP("StationTotalsView", "Arrangementer")),
    ("participants", QT_TRANSLATE_NOOP("StationTotalsView", "Deltakere")),
)
PERIODS = (
    ("today", QT_TRANSLATE_NOOP("StationTotalsView", "I dag")),
    ("year", QT_TRANSLATE_NOOP("StationTotalsView", "I år")),
)


class StationTotalsView(QFrame):
    def __init__(self, title: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stationTotals")
        grid = QGridLayout(self)
        # The title sits in the corner above the row names, beside "I dag" and "I år": a
        # line of its own would cost a 600 px screen the room of a message.
        grid.addWidget(with_name(QLabel(title), "prompt"), 0, 0)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)  # a line of text is its own row height: room on 600 px
        for column, (_period, title) in enumerate(PERIODS, start=1):
            head = with_name(QLabel(self.tr(title)), "stationTotalHead")
            head.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(head, 0, column)
        self.cells: dict[tuple[str, str], QLabel] = {}
        for row, (key, title) in enumerate(ROWS, start=1):
            grid.addWidget(QLabel(self.tr(title)), row, 0)
            for column, (period, _title) in enumerate(PERIODS, start=1):
                cell = with_name(QLabel("–"), "stationTotal")
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(cell, row, column)
                self.cells[str(key), period] = cell

    def show_totals(self, totals: dict[str, StationTotals]) -> None:
        for period, figures in totals.items():
            for measure in (Measure.RECYCLED, Measure.RESIDUAL, Measure.HAZARDOUS):
                self.cells[measure.value, period].setText(total_kg(figures.grams[measure]))
            reuse = {
                "reused": figures.reused_g,
                "left_for_reuse": figures.left_for_reuse_g,
                "activity_reuse": figures.activity_reuse_g,
            }
            for key, grams in reuse.items():
                self.cells[key, period].setText(total_kg(grams))
            self.cells["events", period].setText(str(figures.events))
            self.cells["participants", period].setText(str(figures.participants))

    def text_of(self, key: str, period: str) -> str:
        return self.cells[key, period].text()
